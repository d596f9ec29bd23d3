/**
 * Visitor variable names, as the bridge accepts them (contracts VARIABLE_PATTERN; a test
 * keeps them equal, without pulling the validation library into the inbox bundle).
 */
export const VARIABLE_NAME = /^[A-Z][A-Z0-9_]{0,31}$/;

/** contracts LIMITS.variableValue. */
export const MAX_VARIABLE_VALUE = 500;

/** What the advisor typed, as a name: `prénom` → `PRENOM`, spaces → `_`. */
export function normaliseVariableName( raw: string ): string {
	return raw
		.normalize( 'NFD' )
		.replace( /[\u0300-\u036f]/g, '' )
		.toUpperCase()
		.replace( /[\s-]+/g, '_' );
}
