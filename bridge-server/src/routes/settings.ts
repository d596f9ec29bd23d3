import { Router } from 'express';
import { settingsBody } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { forbidden } from '../errors';
import { parse, route } from '../http';
import { advisorOf, guard, siteRead } from './guards';

/** Per-site inbox settings: every advisor reads (pseudonyms, canned responses); managers write. */
export function settingsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { settings, events } = ctx.services;
	const advisorOnly = guard( ctx, [ 'advisor' ] );

	r.get(
		'/v1/settings',
		advisorOnly,
		siteRead( ( siteId ) => settings.get( siteId ) )
	);

	r.put(
		'/v1/settings',
		advisorOnly,
		route( async ( req, res ) => {
			const p = advisorOf( res );
			if ( ! p.manage ) {
				throw forbidden( 'Only site managers may change the inbox settings.' );
			}
			const saved = await settings.put( p.siteId, parse( settingsBody, req.body ) );
			events.settingsUpdated( p.siteId, { updatedAt: saved.updatedAt! } );
			res.json( saved );
		} )
	);
	return r;
}
