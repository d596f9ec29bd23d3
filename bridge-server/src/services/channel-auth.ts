/**
 * Who may subscribe to which realtime channel (DESIGN.md "Channels and events"), and how
 * long an advisor's subscriptions may outlive their right. Channel names are allow-listed
 * by pattern; the principal must belong to the channel's site and, for a conversation or a
 * visitor channel, be allowed on it (its visitor; advisors on its page). The site's inbox
 * channel is for advisors who see everything; advisors with a limited reach get their own.
 * Presence (routing) is for licensed advisors. Presence identity comes from the verified
 * token, never from the client.
 *
 * Advisor sockets are remembered with their latest token's expiry: a revocation closes them
 * at once, and a sweep closes those whose token expired (the admin app reconnects with a
 * fresh one), so a subscription outlives its right by at most SWEEP_MS.
 */
import { parseChannel, SOCKET_ID_PATTERN } from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import { badRequest, forbidden } from '../errors';
import type { Logger } from '../logger';
import type { RealtimeDriver } from '../realtime';
import type { AccessPolicy } from './access';
import { isLimited } from './advisors';
import type { ConversationsService } from './conversations';

/** How often expired advisor sockets are closed (docs/api.md states this bound). */
export const SWEEP_MS = 30_000;

interface AdvisorSocket {
	key: string;
	/** Unix seconds: the latest authorising token's expiry. */
	expiresAt: number;
}

export class ChannelAuthService {
	private readonly sockets = new Map< string, AdvisorSocket >();
	private timer: NodeJS.Timeout | null = null;

	constructor(
		private readonly realtime: RealtimeDriver,
		private readonly conversations: ConversationsService,
		private readonly access: AccessPolicy,
		private readonly log: Logger,
		/** An advisor joins presence: waiting conversations may be offered to them. */
		private readonly onJoin: (
			siteId: string,
			advisorId: string
		) => void = () => {},
		private readonly sweepMs = SWEEP_MS
	) {}

	start(): void {
		this.timer ??= setInterval( () => this.sweep(), this.sweepMs );
		this.timer.unref();
	}

	stop(): void {
		if ( this.timer ) {
			clearInterval( this.timer );
			this.timer = null;
		}
	}

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
		if ( channel.kind === 'visitor' ) {
			// Its occupancy says "this visitor is online": only that visitor's own token may subscribe.
			if ( p.role !== 'visitor' || p.visitorId !== channel.visitorId ) {
				throw forbidden( 'Not your channel.' );
			}
			return this.realtime.authorizeChannel( socketId, channelName );
		}
		if ( channel.kind === 'conversation' ) {
			// getFor() answers 404 for a conversation the principal may not see; here that is a refusal.
			await this.conversations
				.getFor( p, channel.conversationId )
				.catch( () =>
					Promise.reject( forbidden( 'Not your conversation.' ) )
				);
			if ( p.role === 'advisor' ) {
				this.remember( p, socketId );
			}
			return this.realtime.authorizeChannel( socketId, channelName );
		}
		if ( p.role !== 'advisor' ) {
			throw forbidden( 'Advisors only.' );
		}
		const scope = await this.access.scope( p );
		if ( channel.kind === 'inbox' && isLimited( scope ) ) {
			throw forbidden(
				'Your inbox is limited to some conversations: subscribe to your own inbox channel.'
			);
		}
		if ( channel.kind === 'advisor' && channel.advisorId !== p.advisorId ) {
			throw forbidden( 'Not your channel.' );
		}
		if (
			channel.kind === 'advisors' &&
			! ( await this.access.can( p, 'premium' ) )
		) {
			throw forbidden(
				'Only advisors with a licence receive conversations: ask for a licence.'
			);
		}
		this.remember( p, socketId );
		if ( channel.kind === 'advisors' ) {
			this.onJoin( p.siteId, p.advisorId );
			return this.realtime.authorizeChannel( socketId, channelName, {
				user_id: p.advisorId,
				user_info: { name: p.name, avatar: p.avatar },
			} );
		}
		return this.realtime.authorizeChannel( socketId, channelName );
	}

	/** Closes every socket this advisor subscribed with (revocation). How many were known. */
	terminate( siteId: string, advisorId: string ): number {
		const key = `${ siteId }:${ advisorId }`;
		const ids = [ ...this.sockets ]
			.filter( ( [ , s ] ) => s.key === key )
			.map( ( [ id ] ) => id );
		this.close( ids, 'revoked' );
		return ids.length;
	}

	/** Closes the advisor sockets whose latest token has expired. */
	sweep( now = Date.now() / 1000 ): void {
		const ids = [ ...this.sockets ]
			.filter( ( [ , s ] ) => s.expiresAt <= now )
			.map( ( [ id ] ) => id );
		this.close( ids, 'expired' );
	}

	private remember(
		p: Extract< Principal, { role: 'advisor' } >,
		socketId: string
	): void {
		const known = this.sockets.get( socketId );
		this.sockets.set( socketId, {
			key: `${ p.siteId }:${ p.advisorId }`,
			expiresAt: Math.max( known?.expiresAt ?? 0, p.expiresAt ),
		} );
	}

	private close( ids: string[], why: string ): void {
		if ( ! ids.length ) {
			return;
		}
		for ( const id of ids ) {
			this.sockets.delete( id );
		}
		if ( ! this.realtime.terminateSockets( ids ) ) {
			this.log.info(
				'realtime engine cannot close sockets; they end with their tokens',
				{ why, sockets: ids.length }
			);
		}
	}
}
