/**
 * Known customers: the identity WordPress vouches for a logged-in visitor with
 * (plugin/includes/bridge/class-token-signer.php sign_identity_token()): an HS256 JWT signed
 * with the site secret, audience `handoff-chat:identity`, at most five minutes long, single use
 * (its `jti` is recorded in `identity_jtis` until it expires, so a replay is refused by any
 * bridge process sharing the database).
 */
import { jwtVerify, errors as joseErrors } from 'jose';
import {
	IDENTITY_AUDIENCE,
	IDENTITY_TOKEN_MAX_LIFETIME,
	truncateText,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { isUniqueViolation, nowIso } from '../db';
import { unauthorized } from '../errors';
import { TOKEN_CLOCK_SKEW_SECONDS } from './tokens';

export interface VerifiedIdentity {
	/** WordPress user id, decimal. */
	wpUserId: string;
	name: string;
	/** '' when the user has none. */
	email: string;
	jti: string;
	/** Unix seconds. */
	expiresAt: number;
}

const invalid = () =>
	unauthorized(
		'The identity is not one this site’s WordPress signed.',
		'identity_invalid'
	);

/**
 * Checks the signature (jose compares HMACs in constant time), algorithm, audience, issuer,
 * site, expiry (with TOKEN_CLOCK_SKEW_SECONDS) and lifetime. Does not consume the jti.
 * @param token  The identity token.
 * @param secret The site's current secret (WordPress signs with it now).
 * @param siteId The site the visitor is on: another site's identity is invalid here.
 * @param now    Unix seconds (tests); the clock otherwise.
 */
export async function verifyIdentity(
	token: string,
	secret: string,
	siteId: string,
	now = Date.now() / 1000
): Promise< VerifiedIdentity > {
	let payload;
	try {
		( { payload } = await jwtVerify(
			token,
			new TextEncoder().encode( secret ),
			{
				algorithms: [ 'HS256' ],
				audience: IDENTITY_AUDIENCE,
				issuer: 'wordpress',
				clockTolerance: TOKEN_CLOCK_SKEW_SECONDS,
				currentDate: new Date( now * 1000 ),
				requiredClaims: [ 'iat', 'exp', 'jti', 'sub' ],
			}
		) );
	} catch ( err ) {
		if ( err instanceof joseErrors.JWTExpired ) {
			throw unauthorized(
				'The identity has expired: fetch a new one.',
				'identity_expired'
			);
		}
		throw invalid();
	}
	const { sub, iat, exp, jti } = payload;
	if (
		payload.site !== siteId ||
		typeof sub !== 'string' ||
		! /^[1-9][0-9]{0,19}$/.test( sub ) ||
		typeof jti !== 'string' ||
		! /^[A-Za-z0-9_-]{16,64}$/.test( jti ) ||
		typeof iat !== 'number' ||
		typeof exp !== 'number' ||
		exp - iat > IDENTITY_TOKEN_MAX_LIFETIME ||
		iat > now + TOKEN_CLOCK_SKEW_SECONDS
	) {
		throw invalid();
	}
	const text = ( v: unknown, max: number ) =>
		typeof v === 'string' ? truncateText( v.trim(), max ) : '';
	return {
		wpUserId: sub,
		name: text( payload.name, 200 ),
		email: text( payload.email, 254 ),
		jti,
		expiresAt: exp,
	};
}

/**
 * Records the identity's jti; a second use fails with `identity_replayed`. Expired records go
 * first (they can no longer be replayed: the token's own expiry refuses it).
 * @param db       The store.
 * @param siteId   The site.
 * @param identity What verifyIdentity() returned.
 */
export async function consumeIdentity(
	db: Db,
	siteId: string,
	identity: VerifiedIdentity
): Promise< void > {
	const skewedExpiry = new Date(
		( identity.expiresAt + TOKEN_CLOCK_SKEW_SECONDS ) * 1000
	).toISOString();
	await db( 'identity_jtis' ).where( 'expires_at', '<', nowIso() ).delete();
	try {
		await db( 'identity_jtis' ).insert( {
			site_id: siteId,
			jti: identity.jti,
			expires_at: skewedExpiry,
		} );
	} catch ( err ) {
		if ( isUniqueViolation( err ) ) {
			throw unauthorized(
				'This identity was used already: fetch a new one.',
				'identity_replayed'
			);
		}
		throw err;
	}
}
