/**
 * Search snippets: a short excerpt around the first match, split into parts so the
 * match can be wrapped in <mark> while everything stays React text.
 */
export interface TextPart {
	text: string;
	match: boolean;
}

/**
 * `text` folded the way the bridge's search index folds it (case, then accents: "Être" →
 * "etre"), with where each folded character came from, so a match found in the folded text
 * marks the original characters.
 */
function fold( text: string ): { folded: string; from: number[] } {
	let folded = '';
	const from: number[] = [];
	for ( let i = 0; i < text.length; ) {
		const ch = String.fromCodePoint( text.codePointAt( i )! );
		const f = ch.toLowerCase().normalize( 'NFD' ).replace( /\p{M}/gu, '' );
		for ( let k = 0; k < f.length; k++ ) {
			from.push( i );
		}
		folded += f;
		i += ch.length;
	}
	from.push( text.length );
	return { folded, from };
}

/** Where `query` occurs in `text` (case- and accent-insensitive), as original ranges. */
function matches( text: string, query: string ): Array< [ number, number ] > {
	const q = fold( query.trim() ).folded;
	if ( ! q ) {
		return [];
	}
	const { folded, from } = fold( text );
	const out: Array< [ number, number ] > = [];
	for (
		let at = folded.indexOf( q );
		at >= 0;
		at = folded.indexOf( q, at + q.length )
	) {
		out.push( [ from[ at ], from[ at + q.length ] ] );
	}
	return out;
}

/** Splits `text` around every occurrence of `query`, case- and accent-insensitively. */
export function highlightParts( text: string, query: string ): TextPart[] {
	const parts: TextPart[] = [];
	let from = 0;
	for ( const [ start, end ] of matches( text, query ) ) {
		if ( start > from ) {
			parts.push( { text: text.slice( from, start ), match: false } );
		}
		parts.push( { text: text.slice( start, end ), match: true } );
		from = end;
	}
	if ( from < text.length ) {
		parts.push( { text: text.slice( from ), match: false } );
	}
	return parts;
}

/** Up to `radius` characters either side of the first match, with ellipses where cut. */
export function snippetAround(
	text: string,
	query: string,
	radius = 60
): string {
	const flat = text.replace( /\s+/g, ' ' ).trim();
	const [ match ] = matches( flat, query );
	if ( ! match || flat.length <= radius * 2 ) {
		return flat.length > radius * 2
			? `${ flat.slice( 0, radius * 2 ) }…`
			: flat;
	}
	const start = Math.max( 0, match[ 0 ] - radius );
	const end = Math.min( flat.length, match[ 1 ] + radius );
	return `${ start > 0 ? '…' : '' }${ flat.slice( start, end ) }${
		end < flat.length ? '…' : ''
	}`;
}
