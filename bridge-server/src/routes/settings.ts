import { Router } from 'express';
import { settingsBody } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { parse, route } from '../http';
import { advisorOf, guard, siteRead } from './guards';

/** Per-site inbox settings: every advisor reads (pseudonyms, canned responses); managers write. */
export function settingsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { settings } = ctx.services;
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
			res.json(
				await settings.save(
					advisorOf( res ),
					parse( settingsBody, req.body )
				)
			);
		} )
	);
	return r;
}
