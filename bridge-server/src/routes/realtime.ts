import { Router } from 'express';
import { realtimeAuthBody } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { parse, principalOf, route } from '../http';
import { guard } from './guards';

/** Pusher channel authorisation; who may subscribe where is ChannelAuthService's decision. */
export function realtimeRouter( ctx: AppContext ): Router {
	const r = Router();
	r.post(
		'/v1/realtime/auth',
		ctx.limits.ip,
		guard( ctx, [ 'visitor', 'advisor' ] ),
		ctx.limits.realtimeAuth,
		route( async ( req, res ) => {
			const body = parse( realtimeAuthBody, req.body );
			res.json(
				await ctx.services.channelAuth.authorize(
					principalOf( res ),
					body.socket_id,
					body.channel_name
				)
			);
		} )
	);
	return r;
}
