/**
 * WordPress → bridge server-to-server calls: an HMAC-SHA256 with the site's secret over
 * method, path with query, timestamp and the SHA-256 of the exact body bytes. WordPress
 * signs them in plugin/includes/bridge/class-bridge-client.php (signed_request()).
 *
 * string to sign = METHOD + "\n" + path-with-query + "\n" + unix seconds + "\n" + hex sha256(body)
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SITE_HEADER = 'X-Handoff-Site';
export const TIMESTAMP_HEADER = 'X-Handoff-Timestamp';
export const SIGNATURE_HEADER = 'X-Handoff-Signature';

/** How far the timestamp may be from the bridge's clock, either way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export interface WordPressPrincipal {
	role: 'wordpress';
	siteId: string;
}

export interface SignedParts {
	method: string;
	/** As received, e.g. `/v1/flows?x=1` (Express's `req.originalUrl`). */
	path: string;
	timestamp: string;
	/** The raw body; empty when the request has none. */
	body: Buffer | string;
}

export class SignatureError extends Error {}

export function stringToSign( p: SignedParts ): string {
	const bodyHash = createHash( 'sha256' ).update( p.body ).digest( 'hex' );
	return `${ p.method.toUpperCase() }\n${ p.path }\n${ p.timestamp }\n${ bodyHash }`;
}

/** Lower-case hex HMAC-SHA256, as WordPress sends it in `X-Handoff-Signature`. */
export function signRequest( secret: string, p: SignedParts ): string {
	return createHmac( 'sha256', secret )
		.update( stringToSign( p ) )
		.digest( 'hex' );
}

/**
 * Checks the timestamp window, then the signature in constant time. Throws SignatureError
 * with a message safe to return (it never says which part of the signature differed).
 */
export function verifySignedRequest(
	secret: string,
	p: SignedParts,
	signature: string,
	nowSeconds = Math.floor( Date.now() / 1000 )
): void {
	if ( ! /^\d{1,12}$/.test( p.timestamp ) ) {
		throw new SignatureError( 'Invalid signature timestamp.' );
	}
	if (
		Math.abs( nowSeconds - Number( p.timestamp ) ) >
		SIGNATURE_WINDOW_SECONDS
	) {
		throw new SignatureError(
			'Signature expired: check the WordPress server clock.'
		);
	}
	if ( ! /^[0-9a-fA-F]{64}$/.test( signature ) ) {
		throw new SignatureError( 'Invalid signature.' );
	}
	const expected = Buffer.from( signRequest( secret, p ), 'hex' );
	if ( ! timingSafeEqual( expected, Buffer.from( signature, 'hex' ) ) ) {
		throw new SignatureError( 'Invalid signature.' );
	}
}
