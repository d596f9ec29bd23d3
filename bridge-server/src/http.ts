/** Express helpers shared by the routers: validation, auth, async errors, error responses. */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { ApiErrorBody } from '@handoff-chat/contracts';
import { SITE_ID_PATTERN } from '@handoff-chat/contracts';
import { ApiError, badRequest, forbidden, unauthorized } from './errors';
import {
	peekSiteId,
	TokenError,
	verifyToken,
	type Principal,
} from './auth/tokens';
import {
	SIGNATURE_HEADER,
	SignatureError,
	SITE_HEADER,
	TIMESTAMP_HEADER,
	verifySignedRequest,
	type WordPressPrincipal,
} from './auth/signed-request';
import type { AppContext } from './context';
import { findMalformedQuery, findMalformedText } from './well-formed-text';
import type { Site } from './services/sites';
import { apiKeyMay } from './services/access';
import { isApiKey } from './services/api-keys';

export function parse< S extends z.ZodType >(
	schema: S,
	data: unknown
): z.output< S > {
	const r = schema.safeParse( data ?? {} );
	if ( ! r.success ) {
		const issues = r.error.issues.map( ( i ) => ( {
			path: i.path.join( '.' ),
			message: i.message,
		} ) );
		const first = issues[ 0 ];
		let message = first?.message ?? 'Invalid input.';
		if ( first?.path ) {
			message = `${ first.path }: ${ first.message }`;
		}
		throw badRequest( message, issues );
	}
	return r.data;
}

/** Wraps an async handler so rejections reach the error middleware. */
export const route =
	(
		fn: ( req: Request, res: Response ) => Promise< unknown >
	): RequestHandler =>
	( req, res, next ) => {
		fn( req, res ).catch( next );
	};

/** Whoever calls: a visitor or advisor (bearer token), or WordPress itself (signed request). */
export type Caller = Principal | WordPressPrincipal;
export type Role = Caller[ 'role' ];

type RawBodyRequest = IncomingMessage & { rawBody?: Buffer };

/**
 * `verify` hook of the body parsers: keeps the exact bytes, which signed requests hash, and
 * refuses a body that claims UTF-8 but is not (decoding would store U+FFFD in its place).
 * @param req      The request being parsed.
 * @param _res     Unused.
 * @param buf      The raw body (decompressed).
 * @param encoding The charset the parser decodes it with.
 */
export function keepRawBody(
	req: IncomingMessage,
	_res: unknown,
	buf: Buffer,
	encoding?: string
): void {
	if (
		( encoding ?? 'utf-8' ).toLowerCase() === 'utf-8' &&
		! isUtf8( buf )
	) {
		throw Object.assign( new Error( 'The body is not valid UTF-8.' ), {
			status: 400,
			type: 'body.utf8.invalid',
		} );
	}
	( req as RawBodyRequest ).rawBody = buf;
}

/**
 * After the body parsers: text is stored exactly as sent or refused, so a lone surrogate or NUL
 * in any body field, or a query parameter that is not UTF-8, is a 400 naming the field.
 * @param req  The request, its body parsed.
 * @param _res Unused.
 * @param next Next middleware.
 */
export const refuseMalformedText: RequestHandler = ( req, _res, next ) => {
	const q = req.originalUrl.indexOf( '?' );
	const found =
		( q >= 0
			? findMalformedQuery( req.originalUrl.slice( q + 1 ) )
			: null ) ?? findMalformedText( req.body );
	next(
		found
			? badRequest(
					found.path
						? `${ found.path }: ${ found.message }`
						: found.message,
					[ found ]
				)
			: undefined
	);
};

/**
 * Verifies the bearer token, or WordPress's signature, against its site's secret and
 * stores the caller in res.locals. The credential is checked before the role, so a valid
 * caller of the wrong kind gets 403 and anything else 401.
 */
export function authenticate( ctx: AppContext, roles: Role[] ): RequestHandler {
	return ( req, res, next ) => {
		const signed = [ SITE_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER ].some(
			( h ) => req.get( h ) !== undefined
		);
		( signed
			? principalFromSignature( ctx, req )
			: principalFromHeader( ctx, req.get( 'authorization' ) ?? '' )
		)
			.then( ( { principal, site } ) => {
				if ( ! roles.includes( principal.role ) ) {
					throw forbidden();
				}
				const key =
					principal.role === 'advisor' ? principal.apiKey : undefined;
				if (
					key &&
					! apiKeyMay(
						key.scope,
						req.method,
						req.route?.path,
						req.body
					)
				) {
					throw forbidden(
						`This API key (${ key.scope }) may not call ${ req.method } ${ req.route?.path ?? req.path }.`
					);
				}
				res.locals.principal = principal;
				res.locals.site = site;
				if ( key ) {
					// A key is no WordPress user: no advisor record to admit.
					return next();
				}
				// Every advisor call: a revoked token is refused here, and the reach is read once.
				return principal.role === 'advisor'
					? ctx.services.advisors
							.admit( principal )
							.then( () => next() )
					: next();
			} )
			.catch( next );
	};
}

async function principalFromSignature(
	ctx: AppContext,
	req: Request
): Promise< { principal: WordPressPrincipal; site: Site } > {
	const siteId = req.get( SITE_HEADER ) ?? '';
	const timestamp = req.get( TIMESTAMP_HEADER ) ?? '';
	const signature = req.get( SIGNATURE_HEADER ) ?? '';
	if ( ! siteId || ! timestamp || ! signature ) {
		throw unauthorized(
			`Signed requests need ${ SITE_HEADER }, ${ TIMESTAMP_HEADER } and ${ SIGNATURE_HEADER }.`
		);
	}
	if ( req.get( 'authorization' ) !== undefined ) {
		throw unauthorized( 'Send a bearer token or a signature, not both.' );
	}
	const raw = ( req as unknown as RawBodyRequest ).rawBody;
	// A body no parser kept (another content type) cannot be checked: refuse rather than trust it.
	if ( ! raw && hasBody( req ) ) {
		throw unauthorized( 'Signed requests carry a JSON body or none.' );
	}
	const site = SITE_ID_PATTERN.test( siteId )
		? await ctx.services.sites.get( siteId )
		: null;
	if ( ! site ) {
		throw unauthorized( 'Invalid signature.' );
	}
	const verify = ( s: Site ) =>
		verifySignedRequest(
			s.secret,
			{
				method: req.method,
				path: req.originalUrl,
				timestamp,
				body: raw ?? '',
			},
			signature
		);
	try {
		return {
			principal: { role: 'wordpress', siteId: site.id },
			site: await withCurrentSecret( ctx, site, verify ),
		};
	} catch ( err ) {
		throw unauthorized(
			err instanceof SignatureError ? err.message : 'Invalid signature.'
		);
	}
}

/**
 * Runs `check` with the site's cached secret and, when it fails, once more with the stored
 * one if another bridge process changed it meanwhile (sites.changedSince): a rotation through
 * one process is honoured by all at once. Resolves with the site whose secret passed.
 */
async function withCurrentSecret< T >(
	ctx: AppContext,
	site: Site,
	check: ( s: Site ) => T | Promise< T >
): Promise< Site > {
	try {
		await check( site );
		return site;
	} catch ( err ) {
		const fresh = await ctx.services.sites.changedSince( site );
		if ( ! fresh ) {
			throw err;
		}
		await check( fresh );
		return fresh;
	}
}

function hasBody( req: Request ): boolean {
	const length = req.get( 'content-length' );
	return (
		req.get( 'transfer-encoding' ) !== undefined ||
		( length !== undefined && length !== '0' )
	);
}

async function principalFromHeader( ctx: AppContext, header: string ) {
	const m = /^Bearer\s+([A-Za-z0-9._-]{10,4096})$/.exec( header );
	if ( ! m ) {
		throw unauthorized();
	}
	if ( isApiKey( m[ 1 ] ) ) {
		const { principal, siteId } = await ctx.services.apiKeys.principal(
			m[ 1 ]
		);
		const site = await ctx.services.sites.get( siteId );
		if ( ! site ) {
			throw unauthorized( 'Invalid or revoked API key.' );
		}
		return { principal, site };
	}
	const siteId = peekSiteId( m[ 1 ] );
	const site = siteId ? await ctx.services.sites.get( siteId ) : null;
	if ( ! site ) {
		throw unauthorized( 'Invalid token.' );
	}
	try {
		let principal: Principal | undefined;
		const current = await withCurrentSecret( ctx, site, async ( s ) => {
			principal = await verifyToken( m[ 1 ], s.secret, s.id );
		} );
		return { principal: principal!, site: current };
	} catch ( err ) {
		throw err instanceof TokenError
			? unauthorized( err.message, err.code )
			: unauthorized( 'Invalid token.' );
	}
}

/**
 * The visitor or advisor of a token-only route. Fails closed (403) if a route that lets
 * WordPress in reads its caller through this instead of callerOf().
 * @param res The response whose locals authenticate() filled.
 */
export function principalOf( res: Response ): Principal {
	const p = res.locals.principal as Caller;
	if ( p.role === 'wordpress' ) {
		throw forbidden();
	}
	return p;
}

/** The caller of a route that also admits WordPress's signed requests. */
export const callerOf = ( res: Response ): Caller =>
	res.locals.principal as Caller;

export function errorBody(
	code: string,
	message: string,
	details?: unknown
): ApiErrorBody {
	return {
		error:
			details === undefined
				? { code, message }
				: { code, message, details },
	};
}

/** What body-parser (through raw-body, http-errors) attaches to the errors it raises. */
interface BodyParserError {
	type?: string;
	status?: number;
	expose?: boolean;
}

/**
 * body-parser's refusals by their error `type`, never their message text. `stream.encoding.set`
 * and `stream.not.readable` (500) are not here: they mean a bug in the bridge, not in the request.
 */
const BODY_REFUSALS: Record< string, [ number, string, string ] > = {
	'entity.too.large': [ 413, 'too_large', 'Request body is too large.' ],
	'parameters.too.many': [
		413,
		'too_many_parameters',
		'The form has too many parameters.',
	],
	'charset.unsupported': [
		415,
		'unsupported_charset',
		'Unsupported charset: send the body in UTF-8.',
	],
	'encoding.unsupported': [
		415,
		'unsupported_encoding',
		'Unsupported Content-Encoding: send the body as is, or in gzip, deflate or br.',
	],
	'entity.parse.failed': [ 400, 'malformed_body', 'Malformed request body.' ],
	'entity.verify.failed': [
		400,
		'malformed_body',
		'Malformed request body.',
	],
	'body.utf8.invalid': [
		400,
		'malformed_body',
		'The body is not valid UTF-8.',
	],
	'querystring.parse.rangeError': [
		400,
		'malformed_body',
		'The form is nested too deeply.',
	],
	'request.size.invalid': [
		400,
		'malformed_body',
		'The body does not match its Content-Length.',
	],
	'request.aborted': [ 400, 'aborted', 'The request was aborted.' ],
};

/**
 * The answer to a request Express's own layers refused (body parsers, the router), or null for
 * any other error. A client error of theirs without a known type is still a client error: a broken
 * gzip stream (body-parser, exposed) is a malformed body, a path parameter that is not valid
 * percent-encoding (the router's URIError) a bad request.
 * @param err What reached the error middleware.
 */
function requestRefusal( err: unknown ): [ number, string, string ] | null {
	const e = err as BodyParserError | null;
	if ( ! e || typeof e !== 'object' ) {
		return null;
	}
	if (
		typeof e.type === 'string' &&
		Object.hasOwn( BODY_REFUSALS, e.type )
	) {
		return BODY_REFUSALS[ e.type ];
	}
	if ( typeof e.status !== 'number' || e.status < 400 || e.status >= 500 ) {
		return null;
	}
	if ( e instanceof URIError ) {
		return [
			400,
			'bad_request',
			'Malformed URL: invalid percent-encoding.',
		];
	}
	return e.expose === true
		? [ e.status, 'malformed_body', 'Malformed request body.' ]
		: [ e.status, 'bad_request', 'Bad request.' ];
}

/**
 * After the body parsers: a body none of them read (a content type the route does not take) is
 * refused with 415 rather than dropped unread, which would run the route as if nothing had been
 * sent. `except` matches the paths that read their own bodies (multipart uploads).
 * @param except Paths whose routers parse the body themselves.
 */
export function refuseUnreadBody( except: RegExp ): RequestHandler {
	return ( req, _res, next ) => {
		if (
			! hasBody( req ) ||
			( req as unknown as RawBodyRequest ).rawBody !== undefined ||
			except.test( req.path )
		) {
			next();
			return;
		}
		next(
			new ApiError(
				415,
				'unsupported_media_type',
				'Send the body as JSON (Content-Type: application/json).'
			)
		);
	};
}

export function errorMiddleware( ctx: AppContext ) {
	return (
		err: unknown,
		req: Request,
		res: Response,
		_next: NextFunction
	) => {
		if ( err instanceof ApiError ) {
			if ( err.retryAfterSeconds ) {
				res.set( 'Retry-After', String( err.retryAfterSeconds ) );
			}
			res.status( err.status ).json(
				errorBody( err.code, err.message, err.details )
			);
			return;
		}
		const refusal = requestRefusal( err );
		if ( refusal ) {
			const [ status, code, message ] = refusal;
			// A client that left mid-body is noted by drain.ts's clientGoneErrors, before this.
			res.status( status ).json( errorBody( code, message ) );
			return;
		}
		ctx.log.error( 'unhandled error', { err, reqId: req.id } );
		res.status( 500 ).json( errorBody( 'internal', 'Internal error.' ) );
	};
}
