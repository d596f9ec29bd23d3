/** Express helpers shared by the routers: validation, auth, async errors, error responses. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { ApiErrorBody } from '@handoff-chat/contracts';
import { ADVISOR_TOKEN_TTL } from '@handoff-chat/contracts';
import { ApiError, badRequest, forbidden, unauthorized } from './errors';
import { peekSiteId, TokenError, verifyToken, type Principal } from './auth/tokens';
import type { AppContext } from './context';

export function parse< S extends z.ZodType >( schema: S, data: unknown ): z.output< S > {
	const r = schema.safeParse( data ?? {} );
	if ( ! r.success ) {
		const issues = r.error.issues.map( ( i ) => ( {
			path: i.path.join( '.' ),
			message: i.message,
		} ) );
		const first = issues[ 0 ];
		throw badRequest(
			first ? ( first.path ? `${ first.path }: ${ first.message }` : first.message ) : 'Invalid input.',
			issues
		);
	}
	return r.data;
}

/** Wraps an async handler so rejections reach the error middleware. */
export const route =
	( fn: ( req: Request, res: Response ) => Promise< unknown > ): RequestHandler =>
	( req, res, next ) => {
		fn( req, res ).catch( next );
	};

export type Role = Principal[ 'role' ];

/** Verifies the bearer token against its site's secret and stores the principal in res.locals. */
export function authenticate( ctx: AppContext, roles: Role[] ): RequestHandler {
	return ( req, res, next ) => {
		principalFromHeader( ctx, req.get( 'authorization' ) ?? '' )
			.then( ( { principal, site } ) => {
				if ( ! roles.includes( principal.role ) ) {
					throw forbidden();
				}
				res.locals.principal = principal;
				res.locals.site = site;
				next();
			} )
			.catch( next );
	};
}

async function principalFromHeader( ctx: AppContext, header: string ) {
	const m = /^Bearer\s+([A-Za-z0-9._-]{10,4096})$/.exec( header );
	if ( ! m ) {
		throw unauthorized();
	}
	const siteId = peekSiteId( m[ 1 ] );
	const site = siteId ? await ctx.services.sites.get( siteId ) : null;
	if ( ! site ) {
		throw unauthorized( 'Invalid token.' );
	}
	let principal: Principal;
	try {
		principal = await verifyToken( m[ 1 ], site.secret, site.id );
	} catch ( err ) {
		throw unauthorized( err instanceof TokenError ? err.message : 'Invalid token.' );
	}
	if ( principal.role === 'advisor' && ! advisorLifetimeOk( m[ 1 ] ) ) {
		throw unauthorized( 'Advisor tokens must be short-lived.' );
	}
	return { principal, site };
}

// A leaked advisor token must expire soon, whatever the WordPress side asked for.
function advisorLifetimeOk( token: string ): boolean {
	const payload = JSON.parse( Buffer.from( token.split( '.' )[ 1 ], 'base64url' ).toString( 'utf8' ) );
	return typeof payload.exp === 'number' && payload.exp - Date.now() / 1000 <= ADVISOR_TOKEN_TTL * 4;
}

export const principalOf = ( res: Response ): Principal => res.locals.principal as Principal;

export function errorBody( code: string, message: string, details?: unknown ): ApiErrorBody {
	return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function errorMiddleware( ctx: AppContext ) {
	return ( err: unknown, _req: Request, res: Response, _next: NextFunction ) => {
		if ( err instanceof ApiError ) {
			if ( err.retryAfterSeconds ) {
				res.set( 'Retry-After', String( err.retryAfterSeconds ) );
			}
			res.status( err.status ).json( errorBody( err.code, err.message, err.details ) );
			return;
		}
		const e = err as { type?: string; status?: number };
		if ( e?.type === 'entity.too.large' ) {
			res.status( 413 ).json( errorBody( 'too_large', 'Request body is too large.' ) );
			return;
		}
		if ( e?.type === 'entity.parse.failed' || e?.status === 400 ) {
			res.status( 400 ).json( errorBody( 'bad_request', 'Malformed request body.' ) );
			return;
		}
		ctx.log.error( 'unhandled error', { error: String( ( err as Error )?.stack ?? err ) } );
		res.status( 500 ).json( errorBody( 'internal', 'Internal error.' ) );
	};
}
