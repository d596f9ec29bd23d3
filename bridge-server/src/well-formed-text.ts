/**
 * Text from clients is stored exactly as sent or refused: a lone UTF-16 surrogate (which UTF-8
 * storage would turn into U+FFFD) or a NUL (which PostgreSQL text cannot hold) anywhere in a body
 * or query is refused with the path of the field that carries it. One check for every route,
 * after the body parsers, rather than a refinement each text schema would have to remember.
 */
import { isUtf8 } from 'node:buffer';

// A high surrogate not followed by a low one, or a low one not preceded by a high one; or NUL.
const MALFORMED =
	/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\0/;

export interface TextProblem {
	/** Dotted path of the field, as in validation errors (`text`, `variables.city`); `""` for the whole body. */
	path: string;
	message: string;
}

const problem = ( path: string, s: string ): TextProblem => ( {
	path,
	message: s.includes( '\0' )
		? 'must not contain a NUL character'
		: 'must not contain a lone UTF-16 surrogate (malformed Unicode)',
} );

/**
 * The first string (value or key) in a parsed JSON value that is not well-formed text, or null.
 * Iterative: a deeply nested body must not overflow the stack.
 * @param value A parsed JSON body (objects, arrays, strings, numbers, booleans, null).
 */
export function findMalformedText( value: unknown ): TextProblem | null {
	const stack: [ unknown, string ][] = [ [ value, '' ] ];
	while ( stack.length ) {
		const [ v, path ] = stack.pop()!;
		if ( typeof v === 'string' ) {
			if ( MALFORMED.test( v ) ) {
				return problem( path, v );
			}
		} else if ( v && typeof v === 'object' ) {
			for ( const [ k, child ] of Object.entries( v ) ) {
				const at = path ? `${ path }.${ k }` : k;
				if ( MALFORMED.test( k ) ) {
					return problem( at, k );
				}
				stack.push( [ child, at ] );
			}
		}
	}
	return null;
}

/**
 * The first query parameter whose percent-encoded bytes are not UTF-8 (where a lone surrogate
 * would hide, as CESU-8) or that decodes to a NUL, or null. The query parser would replace such
 * bytes with U+FFFD without a word.
 * @param rawQuery The query string as received, without `?`.
 */
export function findMalformedQuery( rawQuery: string ): TextProblem | null {
	for ( const pair of rawQuery.split( '&' ) ) {
		const eq = pair.indexOf( '=' );
		const parts =
			eq < 0 ? [ pair ] : [ pair.slice( 0, eq ), pair.slice( eq + 1 ) ];
		const bytes = parts.map( percentDecode );
		const name = bytes[ 0 ].toString( 'utf8' );
		for ( const b of bytes ) {
			if ( ! isUtf8( b ) ) {
				return {
					path: name,
					message: 'must be UTF-8 (percent-encoded)',
				};
			}
			const s = b.toString( 'utf8' );
			if ( s.includes( '\0' ) ) {
				return problem( name, s );
			}
		}
	}
	return null;
}

function percentDecode( s: string ): Buffer {
	const out: number[] = [];
	for ( let i = 0; i < s.length; i++ ) {
		const hex = s.slice( i + 1, i + 3 );
		if ( s[ i ] === '%' && /^[0-9a-fA-F]{2}$/.test( hex ) ) {
			out.push( parseInt( hex, 16 ) );
			i += 2;
		} else if ( s[ i ] === '+' ) {
			out.push( 0x20 );
		} else {
			out.push( ...Buffer.from( s[ i ], 'utf8' ) );
		}
	}
	return Buffer.from( out );
}
