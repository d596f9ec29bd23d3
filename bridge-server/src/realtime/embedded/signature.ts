/** HMAC checks of the Pusher protocol: channel subscriptions and signed HTTP API calls. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const hmacHex = ( secret: string, data: string ): string =>
	createHmac( 'sha256', secret ).update( data ).digest( 'hex' );

export function safeEqual( a: string, b: string ): boolean {
	const ab = Buffer.from( a );
	const bb = Buffer.from( b );
	return ab.length === bb.length && timingSafeEqual( ab, bb );
}

/** `auth` of a subscription: `key:hex(HMAC(secret, socket_id:channel[:channel_data]))`. */
export function verifySubscriptionAuth(
	key: string,
	secret: string,
	socketId: string,
	channel: string,
	auth: unknown,
	channelData?: string
): boolean {
	if ( typeof auth !== 'string' ) {
		return false;
	}
	const signed =
		channelData === undefined
			? `${ socketId }:${ channel }`
			: `${ socketId }:${ channel }:${ channelData }`;
	return safeEqual( auth, `${ key }:${ hmacHex( secret, signed ) }` );
}

export type ApiCheck =
	{ ok: true } | { ok: false; status: number; message: string };

/**
 * Signed query of the HTTP API: auth_key, auth_timestamp (±600 s), auth_version 1.0,
 * body_md5 when there is a body, auth_signature = HMAC(METHOD\npath\nsorted query).
 */
export function verifyApiRequest( input: {
	method: string;
	path: string;
	query: URLSearchParams;
	body: string;
	key: string;
	secret: string;
	nowSeconds?: number;
} ): ApiCheck {
	const q = input.query;
	const deny = ( message: string ): ApiCheck => ( {
		ok: false,
		status: 401,
		message,
	} );
	if ( q.get( 'auth_key' ) !== input.key ) {
		return deny( 'Unknown auth_key' );
	}
	if ( q.get( 'auth_version' ) !== '1.0' ) {
		return deny( 'auth_version must be 1.0' );
	}
	const ts = Number( q.get( 'auth_timestamp' ) );
	const now = input.nowSeconds ?? Math.floor( Date.now() / 1000 );
	if ( ! Number.isFinite( ts ) || Math.abs( now - ts ) > 600 ) {
		return deny( 'auth_timestamp is missing or more than 600 s away' );
	}
	if ( input.body.length > 0 ) {
		const md5 = createHash( 'md5' ).update( input.body ).digest( 'hex' );
		if ( q.get( 'body_md5' ) !== md5 ) {
			return deny( 'body_md5 does not match the body' );
		}
	}
	const params = [ ...q.entries() ]
		.filter( ( [ k ] ) => k !== 'auth_signature' )
		.map( ( [ k, v ] ) => [ k.toLowerCase(), v ] as const )
		// Code-unit order of the keys, as Pusher signs them.
		.sort(
			( a, b ) => Number( a[ 0 ] > b[ 0 ] ) - Number( a[ 0 ] < b[ 0 ] )
		)
		.map( ( [ k, v ] ) => `${ k }=${ v }` )
		.join( '&' );
	const expected = hmacHex(
		input.secret,
		`${ input.method.toUpperCase() }\n${ input.path }\n${ params }`
	);
	if ( ! safeEqual( q.get( 'auth_signature' ) ?? '', expected ) ) {
		return deny( 'Invalid signature' );
	}
	return { ok: true };
}
