import { Router } from 'express';
import type { AppContext } from '../context';
import { route } from '../http';

/**
 * Public: load balancers and the demo script probe it. Up/down per dependency, and the
 * connection counts of HTTP and the embedded realtime server (counters: constant time).
 */
export function healthRouter( ctx: AppContext ): Router {
	const r = Router();
	r.get(
		'/healthz',
		route( async ( _req, res ) => {
			const { ok, database, realtime, metrics } =
				await ctx.services.health.check();
			res.status( ok ? 200 : 503 ).json( {
				status: ok ? 'ok' : 'degraded',
				database,
				realtime,
				metrics,
			} );
		} )
	);
	return r;
}
