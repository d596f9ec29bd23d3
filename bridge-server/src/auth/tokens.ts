/**
 * Visitor and advisor tokens: HS256 JWTs signed with the site's secret. The bridge
 * mints visitor tokens; WordPress mints advisor tokens (plugin/includes/bridge/).
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import {
	ADVISOR_AUDIENCE,
	ADVISOR_TOKEN_TTL,
	VISITOR_AUDIENCE,
	type PageRestriction,
	truncateText,
} from '@handoff-chat/contracts';

export type Principal =
	| { role: 'visitor'; siteId: string; visitorId: string }
	| {
			role: 'advisor';
			siteId: string;
			advisorId: string;
			name: string;
			avatar: string | null;
			/** WordPress `manage_options`: may edit bot flows. */
			manage: boolean;
			/** The token's `iat` and `exp` (Unix seconds): revocation and subscription expiry. */
			issuedAt: number;
			expiresAt: number;
			/** What this advisor may see, read once per request (AdvisorsService.admit). */
			scope?: AdvisorScope;
			/**
			 * Set when the caller is a site API key (services/api-keys.ts), not a person: it acts
			 * as an advisor without `manage`, on the routes its scope allows (access.ts apiKeyMay).
			 */
			apiKey?: { id: string; scope: 'read' | 'read-write' };
	  };

/** An advisor's reach, from the bridge's record (DESIGN.md "Advisors, licences and sites"). */
export interface AdvisorScope {
	licensed: boolean;
	pages: PageRestriction;
	showBot: boolean;
}

const key = ( secret: string ) => new TextEncoder().encode( secret );

export async function signVisitorToken(
	secret: string,
	siteId: string,
	visitorId: string,
	ttlSeconds: number
): Promise< { token: string; expiresAt: Date } > {
	const now = Math.floor( Date.now() / 1000 );
	const token = await new SignJWT( { site: siteId } )
		.setProtectedHeader( { alg: 'HS256', typ: 'JWT' } )
		.setAudience( VISITOR_AUDIENCE )
		.setSubject( visitorId )
		.setIssuedAt( now )
		.setExpirationTime( now + ttlSeconds )
		.sign( key( secret ) );
	return { token, expiresAt: new Date( ( now + ttlSeconds ) * 1000 ) };
}

/** Reads the site id from a token without trusting it, to find the secret that must verify it. */
export function peekSiteId( token: string ): string | null {
	const parts = token.split( '.' );
	if ( parts.length !== 3 ) {
		return null;
	}
	try {
		const payload = JSON.parse(
			Buffer.from( parts[ 1 ], 'base64url' ).toString( 'utf8' )
		);
		return typeof payload?.site === 'string' ? payload.site : null;
	} catch {
		return null;
	}
}

/** Why a token was refused; `code` is the 401's error code. */
export class TokenError extends Error {
	constructor(
		message: string,
		readonly code:
			'unauthorized' | 'token_expired' | 'token_too_long' = 'unauthorized'
	) {
		super( message );
	}
}

/**
 * How far the bridge's clock may be from WordPress's (which mints advisor tokens), and how long a
 * token is still accepted past `exp` for a call sent just before it: small, so a leaked token dies
 * with its `exp`.
 */
export const TOKEN_CLOCK_SKEW_SECONDS = 5;

/**
 * The longest advisor token accepted (`exp − iat`): WordPress mints exactly this
 * (plugin/includes/bridge/class-token-signer.php, Token_Signer::TTL), and a leaked token cannot be
 * revoked by anything but its expiry.
 */
export const ADVISOR_TOKEN_MAX_LIFETIME = ADVISOR_TOKEN_TTL;

/**
 * Verifies signature, algorithm, audience and expiry (with TOKEN_CLOCK_SKEW_SECONDS), and that an
 * advisor token lives at most ADVISOR_TOKEN_MAX_LIFETIME. `allowExpiredForSeconds` lets a visitor
 * refresh a recently expired token of theirs.
 */
export async function verifyToken(
	token: string,
	secret: string,
	siteId: string,
	options: {
		allowExpiredForSeconds?: number;
		/** The current time, Unix seconds (tests); the clock otherwise. */
		now?: number;
	} = {}
): Promise< Principal > {
	const now = options.now ?? Date.now() / 1000;
	let payload;
	try {
		( { payload } = await jwtVerify( token, key( secret ), {
			algorithms: [ 'HS256' ],
			audience: [ VISITOR_AUDIENCE, ADVISOR_AUDIENCE ],
			clockTolerance:
				options.allowExpiredForSeconds ?? TOKEN_CLOCK_SKEW_SECONDS,
			currentDate: new Date( now * 1000 ),
		} ) );
	} catch ( err ) {
		if ( err instanceof joseErrors.JWTExpired ) {
			throw new TokenError( 'Token expired.', 'token_expired' );
		}
		throw new TokenError( 'Invalid token.' );
	}
	if (
		payload.site !== siteId ||
		typeof payload.sub !== 'string' ||
		! payload.sub
	) {
		throw new TokenError( 'Invalid token.' );
	}
	const aud = Array.isArray( payload.aud ) ? payload.aud[ 0 ] : payload.aud;
	if ( aud === VISITOR_AUDIENCE ) {
		return { role: 'visitor', siteId, visitorId: payload.sub };
	}
	if ( payload.iss !== 'wordpress' ) {
		throw new TokenError( 'Invalid token.' );
	}
	const { iat, exp } = payload;
	if (
		typeof iat !== 'number' ||
		typeof exp !== 'number' ||
		exp - iat > ADVISOR_TOKEN_MAX_LIFETIME ||
		iat > now + TOKEN_CLOCK_SKEW_SECONDS
	) {
		throw new TokenError(
			`Advisor tokens must be issued now and last at most ${ ADVISOR_TOKEN_MAX_LIFETIME / 60 } minutes.`,
			'token_too_long'
		);
	}
	return {
		role: 'advisor',
		siteId,
		advisorId: payload.sub,
		name:
			typeof payload.name === 'string'
				? truncateText( payload.name, 200 )
				: '',
		avatar:
			typeof payload.avatar === 'string'
				? truncateText( payload.avatar, 2048 )
				: null,
		manage: payload.manage === true,
		issuedAt: iat,
		expiresAt: exp,
	};
}
