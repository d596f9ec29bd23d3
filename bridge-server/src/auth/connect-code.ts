/**
 * Connection codes: one string an operator pastes into WordPress → Conversations → Settings
 * (or `wp handoff-chat connect`), carrying the bridge's public URL and a one-time token.
 * WordPress mirrors this file in plugin/includes/bridge/class-connection-code.php.
 *
 *   hc1_<base32(bridge URL)>_<id: 10>_<secret: 26>_<check: 4>
 *
 * Everything after `hc1_` is Crockford base32 in lower case (no i, l, o, u; read back
 * case-insensitively with o → 0 and i, l → 1), separated by `_`, a word character, so a
 * double-click selects the whole code. `check` is the start of the base32 SHA-256 of the rest:
 * a mistyped or truncated code is refused before anything is sent. The secret part (130 bits)
 * never leaves WordPress: it derives the key that signs the exchange (connectKey()), and the
 * bridge stores only that key, never the secret.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const CODE_PREFIX = 'hc1_';
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const CODE_ID_LENGTH = 10;
const SECRET_LENGTH = 26;
const CHECK_LENGTH = 4;
export const CODE_ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{10}$/;

export function base32( bytes: Buffer ): string {
	let out = '';
	let bits = 0;
	let value = 0;
	for ( const byte of bytes ) {
		value = ( value << 8 ) | byte;
		bits += 8;
		while ( bits >= 5 ) {
			out += ALPHABET[ ( value >>> ( bits - 5 ) ) & 31 ];
			bits -= 5;
		}
	}
	if ( bits > 0 ) {
		out += ALPHABET[ ( value << ( 5 - bits ) ) & 31 ];
	}
	return out;
}

export function fromBase32( text: string ): Buffer | null {
	const bytes: number[] = [];
	let bits = 0;
	let value = 0;
	for ( const ch of text ) {
		const v = ALPHABET.indexOf( ch );
		if ( v < 0 ) {
			return null;
		}
		value = ( ( value << 5 ) | v ) & 0xffff;
		bits += 5;
		if ( bits >= 8 ) {
			bytes.push( ( value >>> ( bits - 8 ) ) & 255 );
			bits -= 8;
		}
	}
	return Buffer.from( bytes );
}

const randomChars = ( n: number ) => base32( randomBytes( n ) ).slice( 0, n );

const checksum = ( body: string ) =>
	base32( createHash( 'sha256' ).update( body ).digest() ).slice(
		0,
		CHECK_LENGTH
	);

export interface ConnectCode {
	/** The bridge's public URL, where WordPress sends the exchange. */
	bridgeUrl: string;
	/** Sent in clear: which code is being exchanged. */
	id: string;
	/** Never sent: it only derives the signing key. */
	secret: string;
}

export function formatCode( c: ConnectCode ): string {
	const body = `${ CODE_PREFIX }${ base32(
		Buffer.from( c.bridgeUrl, 'utf8' )
	) }_${ c.id }_${ c.secret }`;
	return `${ body }_${ checksum( body ) }`;
}

export function newCode( bridgeUrl: string ): ConnectCode {
	return {
		bridgeUrl,
		id: randomChars( CODE_ID_LENGTH ),
		secret: randomChars( SECRET_LENGTH ),
	};
}

/** The code as pasted (spaces, line breaks, upper case, look-alike letters allowed), or null. */
export function parseCode( pasted: string ): ConnectCode | null {
	const text = pasted.replace( /\s+/g, '' ).toLowerCase();
	if ( ! text.startsWith( CODE_PREFIX ) ) {
		return null;
	}
	const rest = text
		.slice( CODE_PREFIX.length )
		.replace( /o/g, '0' )
		.replace( /[il]/g, '1' );
	const parts = rest.split( '_' );
	if ( parts.length !== 4 ) {
		return null;
	}
	const [ url, id, secret, check ] = parts;
	if (
		! CODE_ID_PATTERN.test( id ) ||
		secret.length !== SECRET_LENGTH ||
		check !== checksum( `${ CODE_PREFIX }${ url }_${ id }_${ secret }` )
	) {
		return null;
	}
	const bridgeUrl = fromBase32( url )?.toString( 'utf8' ) ?? '';
	if ( ! /^https?:\/\/[^\s]+$/.test( bridgeUrl ) ) {
		return null;
	}
	return { bridgeUrl, id, secret };
}

/** The key both sides sign the exchange with (hex), derived from the secret part. */
export function connectKey( c: Pick< ConnectCode, 'id' | 'secret' > ): string {
	return createHmac( 'sha256', c.secret )
		.update( `handoff-chat connect v1 ${ c.id }` )
		.digest( 'hex' );
}

/**
 * What the bridge signs its answer over: bound to the request's own signature (so an old
 * answer cannot be replayed to a new request) and to the exact body bytes.
 */
export function responseStringToSign(
	requestSignature: string,
	body: string
): string {
	return `RESPONSE\n${ requestSignature.toLowerCase() }\n${ createHash(
		'sha256'
	)
		.update( body )
		.digest( 'hex' ) }`;
}

export function signResponse(
	key: string,
	requestSignature: string,
	body: string
): string {
	return createHmac( 'sha256', key )
		.update( responseStringToSign( requestSignature, body ) )
		.digest( 'hex' );
}
