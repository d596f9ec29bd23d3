/**
 * Who may subscribe to which realtime channel (DESIGN.md "Channels and events"). Channel
 * names are allow-listed by pattern; the principal must belong to the channel's site and,
 * for a conversation or a visitor channel, own it. Presence identity comes from the
 * verified token, never from the client.
 */
import { parseChannel, SOCKET_ID_PATTERN } from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import { badRequest, forbidden } from '../errors';
import type { RealtimeDriver } from '../realtime';
import type { ConversationsService } from './conversations';

export class ChannelAuthService {
	constructor(
		private readonly realtime: RealtimeDriver,
		private readonly conversations: ConversationsService
	) {}

	/** The signed authorisation pusher-js expects, or a 400/403 saying why not. */
	async authorize(
		p: Principal,
		socketId: string,
		channelName: string
	): Promise< unknown > {
		if ( ! SOCKET_ID_PATTERN.test( socketId ) ) {
			throw badRequest( 'Malformed socket_id.' );
		}
		const channel = parseChannel( channelName );
		if ( ! channel ) {
			throw forbidden( 'Unknown channel.' );
		}
		if ( channel.siteId !== p.siteId ) {
			throw forbidden( 'This channel belongs to another site.' );
		}
		switch ( channel.kind ) {
			case 'visitor':
				// Its occupancy says "this visitor is online": only that visitor's own token may subscribe.
				if (
					p.role !== 'visitor' ||
					p.visitorId !== channel.visitorId
				) {
					throw forbidden( 'Not your channel.' );
				}
				break;
			case 'conversation':
				// getFor() answers 404 for a conversation that is not the visitor's; here that is a refusal.
				await this.conversations
					.getFor( p, channel.conversationId )
					.catch( () =>
						Promise.reject( forbidden( 'Not your conversation.' ) )
					);
				break;
			default:
				if ( p.role !== 'advisor' ) {
					throw forbidden( 'Advisors only.' );
				}
				if ( channel.kind !== 'inbox' ) {
					return this.realtime.authorizeChannel(
						socketId,
						channelName,
						{
							user_id: p.advisorId,
							user_info: { name: p.name, avatar: p.avatar },
						}
					);
				}
		}
		return this.realtime.authorizeChannel( socketId, channelName );
	}
}
