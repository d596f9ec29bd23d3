/**
 * Route guards built on http.ts's authenticate(): they also record advisors as the bridge
 * sees them (the `advisors` table), and narrow the caller's type for handlers.
 */
import type { RequestHandler, Response } from 'express';
import type { Principal } from '../auth/tokens';
import type { AppContext } from '../context';
import { forbidden } from '../errors';
import { authenticate, principalOf, type Role } from '../http';
import type { AdvisorPrincipal } from '../services/advisor-view';

export type VisitorPrincipal = Extract< Principal, { role: 'visitor' } >;

/** authenticate(), then an upsert of the advisor's name and avatar from their verified token. */
export function guard( ctx: AppContext, roles: Role[] ): RequestHandler[] {
	return [
		authenticate( ctx, roles ),
		( _req, res, next ) => {
			const p = res.locals.principal as Principal;
			if ( p?.role !== 'advisor' ) {
				next();
				return;
			}
			ctx.services.advisors.touch( p ).then( () => next(), next );
		},
	];
}

export function advisorOf( res: Response ): AdvisorPrincipal {
	const p = principalOf( res );
	if ( p.role !== 'advisor' ) {
		throw forbidden( 'Advisors only.' );
	}
	return p;
}

export function visitorOf( res: Response ): VisitorPrincipal {
	const p = principalOf( res );
	if ( p.role !== 'visitor' ) {
		throw forbidden( 'Visitors only.' );
	}
	return p;
}
