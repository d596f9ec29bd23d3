/**
 * Resume tokens: the link in an emailed reply that opens the conversation again in the widget
 * (`#handoff-chat-resume=<token>`). `hcr1.<payload>.<mac>`: payload is base64url JSON
 * `{ s: siteId, v: visitorId, c: conversationId, exp }` (exp in Unix seconds), mac the
 * base64url HMAC-SHA256 of `hcr1.<payload>` with the site secret. Valid 30 days and usable
 * several times: whoever holds the link is that visitor for this conversation, as with a
 * magic login link (docs/api.md "Opening hours and reply by email").
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { unauthorized } from '../errors';

export const RESUME_PREFIX = 'hcr1';
export const RESUME_TOKEN_TTL_SECONDS = 30 * 86400;

export interface ResumeClaims {
	siteId: string;
	visitorId: string;
	conversationId: string;
	/** Unix seconds. */
	expiresAt: number;
}

const mac = ( secret: string, signed: string ) =>
	createHmac( 'sha256', secret ).update( signed ).digest( 'base64url' );

export function signResumeToken(
	secret: string,
	claims: Omit< ResumeClaims, 'expiresAt' >,
	now = Date.now() / 1000
): string {
	const payload = Buffer.from(
		JSON.stringify( {
			s: claims.siteId,
			v: claims.visitorId,
			c: claims.conversationId,
			exp: Math.floor( now ) + RESUME_TOKEN_TTL_SECONDS,
		} )
	).toString( 'base64url' );
	const signed = `${ RESUME_PREFIX }.${ payload }`;
	return `${ signed }.${ mac( secret, signed ) }`;
}

export const resumeInvalid = () =>
	unauthorized(
		'This link to the conversation is not valid.',
		'resume_invalid'
	);

/**
 * The claims of a token this site signed (with any of `secrets`: the current one, or the one a
 * reconnection replaced during its grace); 401 resume_invalid / resume_expired otherwise.
 */
export function verifyResumeToken(
	token: string,
	secrets: Array< string | null >,
	siteId: string,
	now = Date.now() / 1000
): ResumeClaims {
	const parts = token.split( '.' );
	if ( parts.length !== 3 || parts[ 0 ] !== RESUME_PREFIX ) {
		throw resumeInvalid();
	}
	const signed = `${ parts[ 0 ] }.${ parts[ 1 ] }`;
	const given = Buffer.from( parts[ 2 ] );
	const ok = secrets.some( ( secret ) => {
		if ( ! secret ) {
			return false;
		}
		const expected = Buffer.from( mac( secret, signed ) );
		return (
			expected.length === given.length &&
			timingSafeEqual( expected, given )
		);
	} );
	if ( ! ok ) {
		throw resumeInvalid();
	}
	let claims: any;
	try {
		claims = JSON.parse(
			Buffer.from( parts[ 1 ], 'base64url' ).toString( 'utf8' )
		);
	} catch {
		throw resumeInvalid();
	}
	if (
		! claims ||
		claims.s !== siteId ||
		typeof claims.v !== 'string' ||
		typeof claims.c !== 'string' ||
		typeof claims.exp !== 'number'
	) {
		throw resumeInvalid();
	}
	if ( claims.exp <= now ) {
		throw unauthorized(
			'This link to the conversation has expired: start a new conversation in the chat.',
			'resume_expired'
		);
	}
	return {
		siteId: claims.s,
		visitorId: claims.v,
		conversationId: claims.c,
		expiresAt: claims.exp,
	};
}
