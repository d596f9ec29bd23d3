/**
 * Search snippets: a short excerpt around the first match, split into parts so the
 * match can be wrapped in <mark> while everything stays React text.
 */
export interface TextPart {
	text: string;
	match: boolean;
}

/** Splits `text` around every case-insensitive occurrence of `query`. */
export function highlightParts( text: string, query: string ): TextPart[] {
	const q = query.trim().toLowerCase();
	if ( ! q ) {
		return text ? [ { text, match: false } ] : [];
	}
	const lower = text.toLowerCase();
	const parts: TextPart[] = [];
	let from = 0;
	for (
		let at = lower.indexOf( q, from );
		at >= 0;
		at = lower.indexOf( q, from )
	) {
		if ( at > from ) {
			parts.push( { text: text.slice( from, at ), match: false } );
		}
		parts.push( { text: text.slice( at, at + q.length ), match: true } );
		from = at + q.length;
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
	const at = flat.toLowerCase().indexOf( query.trim().toLowerCase() );
	if ( at < 0 || flat.length <= radius * 2 ) {
		return flat.length > radius * 2
			? `${ flat.slice( 0, radius * 2 ) }…`
			: flat;
	}
	const start = Math.max( 0, at - radius );
	const end = Math.min( flat.length, at + query.trim().length + radius );
	return `${ start > 0 ? '…' : '' }${ flat.slice( start, end ) }${
		end < flat.length ? '…' : ''
	}`;
}
