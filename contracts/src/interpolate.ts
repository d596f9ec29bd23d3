/** Visitor variables in bot texts; zod-free so the widget's bundle can import them. */
export const VARIABLE_PATTERN = /^[A-Z][A-Z0-9_]{0,31}$/;

const PLACEHOLDER = new RegExp(
	`\\{\\{\\s*(${ VARIABLE_PATTERN.source.slice( 1, -1 ) })\\s*\\}\\}`,
	'g'
);

/** Replaces `{{NAME}}` with the variable's value (empty when unset). */
export function interpolate(
	template: string,
	variables: Record< string, string >
): string {
	return template.replace(
		PLACEHOLDER,
		( _, name: string ) => variables[ name ] ?? ''
	);
}
