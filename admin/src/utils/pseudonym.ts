/**
 * Readable, stable names for anonymous visitors.
 *
 * The only place that turns a visitor id into a name, so a configurable pseudonym
 * template can replace it later without touching components.
 */
import { initialsOf } from '@handoff-chat/client-core/initials';
import { __, sprintf } from '@wordpress/i18n';

// One rule for both clients' avatars (client-core).
export { initialsOf };

/** FNV-1a (32 bit): tiny, stable across browsers, spreads similar ids apart. */
/* eslint-disable no-bitwise -- a hash is bit arithmetic. */
function fnv1a( input: string ): number {
	let hash = 0x811c9dc5;
	for ( let i = 0; i < input.length; i++ ) {
		hash ^= input.charCodeAt( i );
		hash = Math.imul( hash, 0x01000193 );
	}
	return hash >>> 0;
}

/** Four uppercase hex digits derived from the visitor id, e.g. "3F2A". */
export function visitorCode( visitorId: string ): string {
	return ( fnv1a( visitorId ) & 0xffff )
		.toString( 16 )
		.toUpperCase()
		.padStart( 4, '0' );
}

/** "Visitor 3F2A". */
export function visitorPseudonym( visitorId: string ): string {
	return sprintf(
		/* translators: %s: a short code derived from the visitor's anonymous id, e.g. 3F2A. */
		__( 'Visitor %s', 'handoff-chat' ),
		visitorCode( visitorId )
	);
}

/**
 * How a visitor is named everywhere in the inbox: the bridge's rendering of the site's
 * pseudonym template when it sent one (licensed advisors, some variable known), else
 * the stable pseudonym above.
 */
export function visitorDisplayName( c: {
	visitorId: string;
	visitorName?: string | null;
} ): string {
	const name = c.visitorName?.trim();
	return name ? name : visitorPseudonym( c.visitorId );
}

/** One or two letters for an avatar: initials of a name, or the pseudonym's code. */
export function visitorInitials( c: {
	visitorId: string;
	visitorName?: string | null;
} ): string {
	const name = c.visitorName?.trim();
	if ( ! name ) {
		return visitorCode( c.visitorId ).slice( 0, 2 );
	}
	return initialsOf( name );
}
