import { Router } from 'express';
import { inboxQuery } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { authenticate, parse, principalOf, route } from '../http';

export function inboxRouter( ctx: AppContext ): Router {
	const r = Router();
	r.get(
		'/v1/inbox',
		authenticate( ctx, [ 'advisor' ] ),
		route( async ( req, res ) => {
			const p = principalOf( res );
			if ( p.role !== 'advisor' ) {
				return;
			}
			const q = parse( inboxQuery, req.query );
			res.json(
				await ctx.services.inbox.list( {
					siteId: p.siteId,
					advisorId: p.advisorId,
					list: q.list,
					filter: q.filter,
					cursor: q.cursor,
					limit: q.limit,
				} )
			);
		} )
	);
	return r;
}
