import { Router } from 'express';
import {
	inboxQuery,
	searchQuery,
	type OnlineVisitorsResponse,
} from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { parse, route } from '../http';
import { advisorOf, guard, siteRead } from './guards';

/** The advisors' lists, the admin menu's count, who is online and search. */
export function inboxRouter( ctx: AppContext ): Router {
	const r = Router();
	const { inbox, presence, search } = ctx.services;
	const advisorOnly = guard( ctx, [ 'advisor' ] );

	r.get(
		'/v1/inbox',
		advisorOnly,
		route( async ( req, res ) => {
			const p = advisorOf( res );
			const q = parse( inboxQuery, req.query );
			res.json(
				await inbox.list( p, {
					list: q.list,
					filter: q.filter,
					cursor: q.cursor,
					limit: q.limit,
				} )
			);
		} )
	);

	r.get(
		'/v1/inbox/summary',
		advisorOnly,
		route( async ( _req, res ) => {
			res.json( await inbox.summary( advisorOf( res ) ) );
		} )
	);

	// Polled by the inbox (every ~10 s) for the green dots: the realtime server knows who is connected.
	r.get(
		'/v1/inbox/online',
		advisorOnly,
		siteRead( async ( siteId ): Promise< OnlineVisitorsResponse > => ( {
			visitorIds: [
				...( await presence.onlineVisitors( siteId ) ),
			].sort(),
		} ) )
	);

	r.get(
		'/v1/search',
		advisorOnly,
		route( async ( req, res ) => {
			const p = advisorOf( res );
			const q = parse( searchQuery, req.query );
			res.json(
				await search.search( p, {
					q: q.q,
					cursor: q.cursor,
					limit: q.limit,
				} )
			);
		} )
	);
	return r;
}
