/** One WebSocket client speaking the Pusher protocol (version 7). */
import { randomInt } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import {
	ChannelRegistry,
	CHANNEL_NAME,
	isPresence,
	isPrivate,
	textFrame,
} from './channels';
import { verifySubscriptionAuth } from './signature';

export interface ConnectionOptions {
	key: string;
	secret: string;
	/** Seconds of silence before the server pings (announced to clients as activity_timeout). */
	activityTimeout: number;
	/** Seconds to wait for a pong before closing with 4201. */
	pongTimeout: number;
	/**
	 * Public channels (no `private-`/`presence-` prefix, no signature) are refused unless
	 * this is set: the product subscribes to private and presence channels only, and an
	 * unsigned subscription would let anyone grow the registry.
	 */
	allowPublicChannels: boolean;
	/** Channels one connection may be subscribed to at once. */
	maxSubscriptions: number;
	/** Refusals counted across connections (health metrics). */
	counters: {
		refusedSubscriptions: number;
		refusedClientEvents: number;
		/** Connections closed for sending more refused frames than REFUSALS_ALLOWED. */
		closedForRefusals: number;
	};
}

/**
 * Refused frames (bad JSON, unknown channels, forged signatures, client events…) a connection
 * may send before it is closed with 4009. A real client sees a refusal only when something is
 * wrong (an expired authorisation); a flood of them is not a client worth the event loop:
 * without this, 10 sockets × 5,000 refused subscriptions held /healthz for most of a second.
 */
export const REFUSALS_ALLOWED = 100;

/** `pusher:error` codes sent without closing (Pusher: 4000–4099 do not retry, 4100–4199 back off). */
export const ERROR = {
	/** Not authorised: a public channel while they are disabled. */
	unauthorized: 4009,
	/** Over capacity (also the close code for connections over a cap: clients back off). */
	overCapacity: 4100,
	/** Client event rejected. */
	clientEvent: 4301,
} as const;

const newSocketId = () =>
	`${ randomInt( 1, 2 ** 31 ) }.${ randomInt( 1, 2 ** 31 ) }`;

export class Connection {
	readonly socketId = newSocketId();
	private channels = new Set< string >();
	private idleTimer?: NodeJS.Timeout;
	private pongTimer?: NodeJS.Timeout;
	/** Whether this tick's frames are being held for one write (see sendFrame). */
	private corked = false;
	private refusals = 0;
	/** Closed for abuse: frames still buffered behind the close are ignored. */
	private closing = false;

	/**
	 * `socket` is the TCP socket under `ws`: frames are written to it directly (ws's own
	 * sender only queues for compression, which is off, or for Blobs, never sent here).
	 */
	constructor(
		private readonly ws: WebSocket,
		private readonly socket: Pick< Duplex, 'cork' | 'uncork' | 'write' >,
		private readonly registry: ChannelRegistry,
		private readonly opts: ConnectionOptions
	) {
		ws.on( 'message', ( raw, isBinary ) =>
			this.onMessage( isBinary ? '' : raw.toString() )
		);
		ws.on( 'close', () => this.onClose() );
		ws.on( 'error', () => ws.terminate() );
		this.send( {
			event: 'pusher:connection_established',
			data: JSON.stringify( {
				socket_id: this.socketId,
				activity_timeout: opts.activityTimeout,
			} ),
		} );
		this.touch();
	}

	send( frame: object ) {
		this.sendFrame( textFrame( Buffer.from( JSON.stringify( frame ) ) ) );
	}

	/**
	 * Writes a complete text frame. The first frame of a tick corks the socket and the next
	 * check phase uncorks it: the frames of every event published meanwhile (a batch,
	 * several channels) reach the kernel in one write instead of one each.
	 */
	sendFrame( frame: Buffer ) {
		if ( this.ws.readyState !== this.ws.OPEN ) {
			return;
		}
		if ( ! this.corked ) {
			this.corked = true;
			this.socket.cork();
			setImmediate( this.uncork );
		}
		this.socket.write( frame );
	}

	private readonly uncork = () => {
		this.corked = false;
		this.socket.uncork();
	};

	/** A `pusher:error`; with `channel` when it refuses a subscription, so pusher-js hands it to that channel. */
	private error( code: number | null, message: string, channel?: string ) {
		this.send( {
			event: 'pusher:error',
			...( channel ? { channel } : {} ),
			data: { code, message },
		} );
		this.refused();
	}

	/** Counts a refusal; past REFUSALS_ALLOWED the connection closes (4009: do not reconnect). */
	private refused() {
		if ( ++this.refusals <= REFUSALS_ALLOWED || this.closing ) {
			return;
		}
		this.closing = true;
		this.opts.counters.closedForRefusals++;
		this.ws.close( ERROR.unauthorized, 'Too many refused requests' );
		// Nothing more is read (the rest of a flood is not even parsed); a client that does
		// not answer the close does not keep its descriptor.
		this.ws.pause();
		setTimeout( () => this.ws.terminate(), 2000 ).unref();
	}

	/** Any traffic resets the idle timer; silence leads to a ping, then to 4201 without a pong. */
	private touch() {
		clearTimeout( this.idleTimer );
		clearTimeout( this.pongTimer );
		this.pongTimer = undefined;
		this.idleTimer = setTimeout( () => {
			this.send( { event: 'pusher:ping', data: {} } );
			this.pongTimer = setTimeout(
				() => this.ws.close( 4201, 'Pong reply not received' ),
				this.opts.pongTimeout * 1000
			);
		}, this.opts.activityTimeout * 1000 );
	}

	private onMessage( text: string ) {
		if ( this.closing ) {
			return;
		}
		this.touch();
		let msg: any;
		try {
			msg = JSON.parse( text );
		} catch {
			this.error( null, 'Invalid JSON' );
			return;
		}
		if ( ! msg || typeof msg.event !== 'string' ) {
			this.error( null, 'Missing event' );
			return;
		}
		let data = msg.data;
		if ( typeof data === 'string' && msg.event.startsWith( 'pusher:' ) ) {
			try {
				data = JSON.parse( data );
			} catch {
				// keep the raw string
			}
		}
		switch ( msg.event ) {
			case 'pusher:ping':
				this.send( { event: 'pusher:pong', data: {} } );
				return;
			case 'pusher:pong':
				return;
			case 'pusher:subscribe':
				this.subscribe( data ?? {} );
				return;
			case 'pusher:unsubscribe':
				this.unsubscribe( String( data?.channel ?? '' ) );
				return;
			default:
				// The product never sends client events (typing goes through the bridge's
				// HTTP API): none is relayed, on any channel, so a subscriber cannot push
				// unchecked content to the others.
				if ( msg.event.startsWith( 'client-' ) ) {
					this.opts.counters.refusedClientEvents++;
					this.error(
						ERROR.clientEvent,
						'Client events are not enabled'
					);
				}
		}
	}

	private subscriptionError(
		channel: string,
		status: number,
		error: string
	) {
		this.send( {
			event: 'pusher:subscription_error',
			channel,
			data: { type: 'AuthError', error, status },
		} );
		this.refused();
	}

	private subscribe( data: {
		channel?: unknown;
		auth?: unknown;
		channel_data?: unknown;
	} ) {
		const channel = typeof data.channel === 'string' ? data.channel : '';
		if ( ! CHANNEL_NAME.test( channel ) ) {
			this.error( 4009, 'Invalid channel name' );
			return;
		}
		const needsAuth = isPrivate( channel ) || isPresence( channel );
		if ( ! needsAuth && ! this.opts.allowPublicChannels ) {
			this.opts.counters.refusedSubscriptions++;
			this.error(
				ERROR.unauthorized,
				'Public channels are not enabled: subscribe to private- or presence- channels',
				channel
			);
			return;
		}
		if (
			! this.channels.has( channel ) &&
			this.channels.size >= this.opts.maxSubscriptions
		) {
			this.opts.counters.refusedSubscriptions++;
			this.error(
				ERROR.overCapacity,
				`Over capacity: at most ${ this.opts.maxSubscriptions } subscriptions per connection`,
				channel
			);
			return;
		}
		let member: { userId: string; info: unknown } | undefined;
		if ( needsAuth ) {
			const channelData = isPresence( channel )
				? data.channel_data
				: undefined;
			if ( isPresence( channel ) && typeof channelData !== 'string' ) {
				this.subscriptionError(
					channel,
					401,
					'Presence subscriptions need channel_data'
				);
				return;
			}
			const ok = verifySubscriptionAuth(
				this.opts.key,
				this.opts.secret,
				this.socketId,
				channel,
				data.auth,
				channelData as string | undefined
			);
			if ( ! ok ) {
				this.subscriptionError( channel, 401, 'Invalid signature' );
				return;
			}
			if ( isPresence( channel ) ) {
				let parsed: any;
				try {
					parsed = JSON.parse( channelData as string );
				} catch {
					parsed = null;
				}
				const userId = parsed?.user_id;
				if (
					( typeof userId !== 'string' &&
						typeof userId !== 'number' ) ||
					String( userId ) === ''
				) {
					this.subscriptionError(
						channel,
						400,
						'channel_data needs a user_id'
					);
					return;
				}
				member = {
					userId: String( userId ),
					info: parsed.user_info ?? null,
				};
			}
		}
		if ( this.channels.has( channel ) ) {
			this.unsubscribe( channel );
		}
		this.channels.add( channel );
		const isNewMember = this.registry.subscribe( channel, this, member );
		if ( member ) {
			this.send( {
				event: 'pusher_internal:subscription_succeeded',
				channel,
				data: JSON.stringify( {
					presence: this.registry.presence( channel ),
				} ),
			} );
			if ( isNewMember ) {
				this.registry.broadcast(
					channel,
					{
						event: 'pusher_internal:member_added',
						channel,
						data: JSON.stringify( {
							user_id: member.userId,
							user_info: member.info,
						} ),
					},
					this.socketId
				);
			}
		} else {
			this.send( {
				event: 'pusher_internal:subscription_succeeded',
				channel,
				data: '{}',
			} );
		}
	}

	private unsubscribe( channel: string ) {
		if ( ! this.channels.delete( channel ) ) {
			return;
		}
		const gone = this.registry.unsubscribe( channel, this.socketId );
		if ( gone !== null ) {
			this.registry.broadcast( channel, {
				event: 'pusher_internal:member_removed',
				channel,
				data: JSON.stringify( { user_id: gone } ),
			} );
		}
	}

	private onClose() {
		clearTimeout( this.idleTimer );
		clearTimeout( this.pongTimer );
		for ( const channel of [ ...this.channels ] ) {
			this.unsubscribe( channel );
		}
	}

	close( code = 4200, reason = 'Server shutting down' ) {
		this.ws.close( code, reason );
		this.onClose();
	}
}
