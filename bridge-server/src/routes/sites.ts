import { Router } from 'express';
import { createVisitorBody } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { parse, route } from '../http';

export function sitesRouter( ctx: AppContext ): Router {
	const r = Router();
	const { visitorSessions } = ctx.services;
	const { limits } = ctx;

	// Public: the widget needs the realtime settings before anyone is authenticated.
	r.get(
		'/v1/sites/:siteId/config',
		route( async ( req, res ) => {
			const body = await visitorSessions.siteConfig(
				String( req.params.siteId )
			);
			res.set( 'Cache-Control', 'public, max-age=60' ).json( body );
		} )
	);

	// Public by design: anonymous visitors get an identity here. A valid previous token keeps the same visitor;
	// WordPress's signed identity of a logged-in visitor gives them their own visitor on every device.
	r.post(
		'/v1/sites/:siteId/visitors',
		limits.ip,
		limits.visitors,
		route( async ( req, res ) => {
			const body = parse( createVisitorBody, req.body );
			const { session, created } = await visitorSessions.open(
				String( req.params.siteId ),
				body.token,
				req.get( 'user-agent' ),
				body.identity,
				body.resume
			);
			res.status( created ? 201 : 200 ).json( session );
		} )
	);
	return r;
}
