import { Router } from 'express';
import type { AppContext } from '../context';
import { route } from '../http';

/** Public: load balancers and the demo script probe it; it reveals only up/down per dependency. */
export function healthRouter( ctx: AppContext ): Router {
	const r = Router();
	r.get(
		'/healthz',
		route( async ( _req, res ) => {
			const [ database, realtime ] = await Promise.all( [
				ctx.db
					.raw( 'select 1' )
					.then( () => 'ok' )
					.catch( () => 'down' ),
				ctx.realtime
					.ping()
					.then( ( ok: boolean ) => ( ok ? 'ok' : 'down' ) )
					.catch( () => 'down' ),
			] );
			const ok = database === 'ok' && realtime === 'ok';
			res.status( ok ? 200 : 503 ).json( { status: ok ? 'ok' : 'degraded', database, realtime } );
		} )
	);
	return r;
}
