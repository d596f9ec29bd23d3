import { Router } from 'express';
import {
	createVisitorBody,
	type SiteConfigResponse,
	type VisitorSession,
} from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { notFound } from '../errors';
import { parse, route } from '../http';
import { signVisitorToken, verifyToken } from '../auth/tokens';

// An expired visitor token may still be refreshed for this long, so returning visitors keep their history.
const REFRESH_GRACE_SECONDS = 90 * 86400;

export function sitesRouter( ctx: AppContext ): Router {
	const r = Router();
	const { sites, visitors } = ctx.services;

	const siteOr404 = async ( id: string ) => {
		const site = await sites.get( id );
		if ( ! site ) {
			throw notFound( 'Site' );
		}
		return site;
	};

	// Public: the widget needs the realtime settings before anyone is authenticated.
	r.get(
		'/v1/sites/:siteId/config',
		route( async ( req, res ) => {
			const site = await siteOr404( String( req.params.siteId ) );
			const body: SiteConfigResponse = {
				siteId: site.id,
				realtime: ctx.realtime.clientConfig(),
			};
			res.set( 'Cache-Control', 'public, max-age=60' ).json( body );
		} )
	);

	// Public by design: anonymous visitors get an identity here. A valid previous token keeps the same visitor.
	r.post(
		'/v1/sites/:siteId/visitors',
		route( async ( req, res ) => {
			const site = await siteOr404( String( req.params.siteId ) );
			const body = parse( createVisitorBody, req.body );
			let visitorId: string | null = null;
			if ( body.token ) {
				try {
					const p = await verifyToken(
						body.token,
						site.secret,
						site.id,
						{
							allowExpiredForSeconds: REFRESH_GRACE_SECONDS,
						}
					);
					if (
						p.role === 'visitor' &&
						( await visitors.touch(
							site.id,
							p.visitorId,
							req.get( 'user-agent' )
						) )
					) {
						visitorId = p.visitorId;
					}
				} catch {
					// An unusable token simply yields a new visitor.
				}
			}
			const created = ! visitorId;
			visitorId ??= await visitors.create(
				site.id,
				req.get( 'user-agent' )
			);
			const { token, expiresAt } = await signVisitorToken(
				site.secret,
				site.id,
				visitorId,
				ctx.config.visitorTokenTtl
			);
			const session: VisitorSession = {
				visitorId,
				token,
				expiresAt: expiresAt.toISOString(),
				realtime: ctx.realtime.clientConfig(),
			};
			res.status( created ? 201 : 200 ).json( session );
		} )
	);
	return r;
}
