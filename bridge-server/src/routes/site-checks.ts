import { Router } from 'express';
import {
	checkNotifyBody,
	type CheckNotifyResponse,
} from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { authenticate, parse, route } from '../http';

/** The bridge's version from its package.json (dist/routes → ../../package.json); null if not found. */
function bridgeVersion(): string | null {
	try {
		return String( require( '../../package.json' ).version ?? '' ) || null;
	} catch {
		return null;
	}
}

/**
 * The connection checks WordPress runs (Settings, Site Health): signed calls only, about the
 * calling site itself (`self`: the site of the signature).
 */
export function siteChecksRouter( ctx: AppContext ): Router {
	const r = Router();
	const wordpress = authenticate( ctx, [ 'wordpress' ] );

	// Bridge → WordPress: a `ping` to the site's notify URL, answered with how it went.
	r.post(
		'/v1/sites/self/check-notify',
		wordpress,
		route( async ( req, res ) => {
			const { token } = parse( checkNotifyBody, req.body );
			const result = await ctx.services.notifications.ping(
				res.locals.site,
				token
			);
			const body: CheckNotifyResponse = {
				...result,
				bridgeVersion: bridgeVersion(),
			};
			res.set( 'Cache-Control', 'no-store' ).json( body );
		} )
	);
	return r;
}
