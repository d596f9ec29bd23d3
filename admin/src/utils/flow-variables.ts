/** The variable picker's logic: which names a flow knows, and inserting `{{NAME}}` at the cursor. */
import { VARIABLE_PATTERN, type Flow } from '@handoff-chat/contracts';

const USED = /\{\{\s*([A-Z][A-Z0-9_]{0,31})\s*\}\}/g;

function textsOf( flow: Flow ): string[] {
	const out: string[] = [];
	for ( const s of flow.sequences ) {
		for ( const step of s.steps ) {
			switch ( step.type ) {
				case 'text':
				case 'note':
				case 'end':
					out.push( step.text );
					break;
				case 'buttons':
					out.push(
						step.text,
						...step.buttons.map( ( b ) => b.label )
					);
					break;
				case 'question':
					out.push( step.text, step.invalidText );
					break;
				case 'condition':
					out.push( step.value );
					break;
				case 'set_variable':
					out.push( step.value );
					break;
				case 'transfer':
					out.push(
						step.waitingText,
						step.fallback.text,
						step.fallback.thanksText
					);
					break;
			}
		}
	}
	return out;
}

/**
 * Variables the flow defines (questions, "set variable" steps, the transfer's email
 * fallback), then those it only reads (`{{NAME}}` typed in a text, conditions), sorted.
 */
export function flowVariables( flow: Flow ): string[] {
	const names = new Set< string >();
	const add = ( n: string | undefined ) => {
		if ( n && VARIABLE_PATTERN.test( n ) ) {
			names.add( n );
		}
	};
	for ( const s of flow.sequences ) {
		for ( const step of s.steps ) {
			if ( step.type === 'question' || step.type === 'set_variable' ) {
				add( step.variable );
			} else if ( step.type === 'condition' ) {
				add( step.variable );
			} else if ( step.type === 'transfer' && step.fallback.askEmail ) {
				add( step.fallback.emailVariable );
			}
		}
	}
	for ( const text of textsOf( flow ) ) {
		for ( const m of text.matchAll( USED ) ) {
			add( m[ 1 ] );
		}
	}
	return [ ...names ].sort();
}

/** Turns what someone typed into a variable name (`prénom` → `PRENOM`); '' when nothing is left. */
export function toVariableName( raw: string ): string {
	return raw
		.normalize( 'NFD' )
		.replace( /[\u0300-\u036f]/g, '' )
		.toUpperCase()
		.replace( /[^A-Z0-9_]+/g, '_' )
		.replace( /^[^A-Z]+/, '' )
		.slice( 0, 32 );
}

/**
 * `{{NAME}}` in place of the selection (or at the caret; at the end when the field
 * never had one). Returns the new value and where the caret goes: right after it.
 */
export function insertVariable(
	value: string,
	name: string,
	selectionStart: number | null | undefined,
	selectionEnd: number | null | undefined
): { value: string; caret: number } {
	const token = `{{${ name }}}`;
	const start = Math.min(
		Math.max( selectionStart ?? value.length, 0 ),
		value.length
	);
	const end = Math.min(
		Math.max( selectionEnd ?? start, start ),
		value.length
	);
	return {
		value: value.slice( 0, start ) + token + value.slice( end ),
		caret: start + token.length,
	};
}
