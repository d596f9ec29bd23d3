import { Router } from 'express';
import {
	parseChannel,
	realtimeAuthBody,
	SOCKET_ID_PATTERN,
} from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { badRequest, forbidden } from '../errors';
import { parse, principalOf, route } from '../http';
import { guard } from './guards';

/**
 * Pusher channel authorisation. Channel names are allow-listed by pattern; the
 * principal must belong to the channel's site and, for a conversation or a visitor
 * channel, own it.
 */
export function realtimeRouter( ctx: AppContext ): Router {
	const r = Router();
	r.post(
		'/v1/realtime/auth',
		guard( ctx, [ 'visitor', 'advisor' ] ),
		route( async ( req, res ) => {
			const p = principalOf( res );
			const body = parse( realtimeAuthBody, req.body );
			if ( ! SOCKET_ID_PATTERN.test( body.socket_id ) ) {
				throw badRequest( 'Malformed socket_id.' );
			}
			const channel = parseChannel( body.channel_name );
			if ( ! channel ) {
				throw forbidden( 'Unknown channel.' );
			}
			if ( channel.siteId !== p.siteId ) {
				throw forbidden( 'This channel belongs to another site.' );
			}
			if ( channel.kind === 'visitor' ) {
				// Its occupancy says "this visitor is online": only that visitor's own token may subscribe.
				if (
					p.role !== 'visitor' ||
					p.visitorId !== channel.visitorId
				) {
					throw forbidden( 'Not your channel.' );
				}
				res.json(
					ctx.realtime.authorizeChannel(
						body.socket_id,
						body.channel_name
					)
				);
				return;
			}
			if ( channel.kind === 'conversation' ) {
				// getFor() answers 404 for a conversation that is not the visitor's; here that is a refusal.
				await ctx.services.conversations
					.getFor( p, channel.conversationId )
					.catch( () =>
						Promise.reject( forbidden( 'Not your conversation.' ) )
					);
				res.json(
					ctx.realtime.authorizeChannel(
						body.socket_id,
						body.channel_name
					)
				);
				return;
			}
			if ( p.role !== 'advisor' ) {
				throw forbidden( 'Advisors only.' );
			}
			if ( channel.kind === 'inbox' ) {
				res.json(
					ctx.realtime.authorizeChannel(
						body.socket_id,
						body.channel_name
					)
				);
				return;
			}
			// Presence identity comes from the verified token, never from the client.
			res.json(
				ctx.realtime.authorizeChannel(
					body.socket_id,
					body.channel_name,
					{
						user_id: p.advisorId,
						user_info: { name: p.name, avatar: p.avatar },
					}
				)
			);
		} )
	);
	return r;
}
