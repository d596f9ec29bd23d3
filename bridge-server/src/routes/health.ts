import { Router } from 'express';
import type { AppContext } from '../context';
import { route } from '../http';

/** Public: load balancers and the demo script probe it; it reveals only up/down per dependency. */
export function healthRouter( ctx: AppContext ): Router {
	const r = Router();
	r.get(
		'/healthz',
		route( async ( _req, res ) => {
			const { ok, database, realtime } =
				await ctx.services.health.check();
			res.status( ok ? 200 : 503 ).json( {
				status: ok ? 'ok' : 'degraded',
				database,
				realtime,
			} );
		} )
	);
	return r;
}
