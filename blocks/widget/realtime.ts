/**
 * The visitor's realtime link: one pusher-js connection to the Pusher-protocol server
 * the bridge names, subscribed to at most one conversation channel, plus the visitor's own
 * channel while the panel is open (advisors read it as "online"). It only notifies; the
 * controller fetches the truth over HTTP (DESIGN.md).
 */
import Pusher from 'pusher-js';
import type { Channel } from 'pusher-js';
import { EVENTS } from '@handoff-chat/contracts/channels';
import type {
	Conversation,
	Message,
	RealtimeClientConfig,
	TypingEvent,
} from '@handoff-chat/contracts';

/** What the panel shows: only `reconnecting` and `offline` are announced to the visitor. */
export type ConnectionStatus =
	'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface RealtimeHandlers {
	onMessage: ( message: Message ) => void;
	onConversation: ( conversation: Conversation ) => void;
	/** Someone is typing in the conversation (`by: 'advisor'` for the visitor). */
	onTyping: ( event: TypingEvent ) => void;
	/** Subscribed (first time or again after a reconnection): time to catch up. */
	onSubscribed: () => void;
	/** The connection came back after a loss: time to catch up. */
	onReconnected: () => void;
	/** The auth endpoint refused the channel (status 401/403 usually means a stale token). */
	onSubscriptionError: ( status: number ) => void;
	onStatus: ( status: ConnectionStatus ) => void;
}

export interface RealtimeOptions {
	config: RealtimeClientConfig;
	authEndpoint: string;
	/** Read at each authorisation, so a refreshed token is used without reconnecting. */
	getToken: () => string;
}

export interface RealtimeLink {
	subscribe: ( channelName: string ) => void;
	unsubscribe: () => void;
	/** Asks for a fresh authorisation of the current channel (after a token refresh). */
	resubscribe: () => void;
	/** Holds the visitor's own channel (a name), or leaves it (null). Carries no events. */
	setPresence: ( channelName: string | null ) => void;
	disconnect: () => void;
}

export type RealtimeFactory = (
	options: RealtimeOptions,
	handlers: RealtimeHandlers
) => RealtimeLink;

export const connectRealtime: RealtimeFactory = ( options, handlers ) => {
	const { config } = options;
	const pusher = new Pusher( config.key, {
		// An empty host means hosted Pusher Channels, reached through the cluster.
		...( config.wsHost
			? {
					wsHost: config.wsHost,
					wsPort: config.wsPort,
					wssPort: config.wssPort,
				}
			: {} ),
		forceTLS: config.forceTLS,
		cluster: config.cluster,
		enabledTransports: [ 'ws', 'wss' ],
		disableStats: true,
		channelAuthorization: {
			endpoint: options.authEndpoint,
			transport: 'ajax',
			headersProvider: () => ( {
				Authorization: 'Bearer ' + options.getToken(),
			} ),
		},
	} );

	let everConnected = false;
	pusher.connection.bind(
		'state_change',
		( { current }: { previous: string; current: string } ) => {
			switch ( current ) {
				case 'connected':
					handlers.onStatus( 'connected' );
					if ( everConnected ) {
						handlers.onReconnected();
					}
					everConnected = true;
					break;
				case 'connecting':
				case 'unavailable':
				case 'disconnected':
					handlers.onStatus(
						everConnected ? 'reconnecting' : 'connecting'
					);
					break;
				case 'failed':
					handlers.onStatus( 'offline' );
					break;
			}
		}
	);

	let channel: Channel | null = null;
	let channelName: string | null = null;
	let presence: Channel | null = null;
	let presenceName: string | null = null;

	const onError = ( err: { status?: number } ) =>
		handlers.onSubscriptionError(
			typeof err?.status === 'number' ? err.status : 0
		);

	const bindChannel = ( name: string ) => {
		channel = pusher.subscribe( name );
		channel.bind( 'pusher:subscription_succeeded', () =>
			handlers.onSubscribed()
		);
		channel.bind( 'pusher:subscription_error', onError );
		channel.bind(
			EVENTS.messageCreated,
			( data: { message?: Message } ) => {
				if ( data?.message ) {
					handlers.onMessage( data.message );
				}
			}
		);
		channel.bind(
			EVENTS.conversationUpdated,
			( data: { conversation?: Conversation } ) => {
				if ( data?.conversation ) {
					handlers.onConversation( data.conversation );
				}
			}
		);
		channel.bind( EVENTS.typing, ( data: TypingEvent ) => {
			if ( data && typeof data.conversationId === 'string' ) {
				handlers.onTyping( data );
			}
		} );
	};

	const leavePresence = () => {
		if ( presence && presenceName ) {
			presence.unbind_all();
			pusher.unsubscribe( presenceName );
		}
		presence = null;
	};
	const joinPresence = ( name: string ) => {
		presence = pusher.subscribe( name );
		presence.bind( 'pusher:subscription_error', onError );
	};

	const unbindChannel = () => {
		if ( channel && channelName ) {
			channel.unbind_all();
			pusher.unsubscribe( channelName );
		}
		channel = null;
	};

	return {
		subscribe( name ) {
			if ( name === channelName && channel ) {
				return;
			}
			unbindChannel();
			channelName = name;
			bindChannel( name );
		},
		unsubscribe() {
			unbindChannel();
			channelName = null;
		},
		resubscribe() {
			if ( channelName ) {
				const name = channelName;
				unbindChannel();
				bindChannel( name );
			}
			if ( presenceName ) {
				leavePresence();
				joinPresence( presenceName );
			}
		},
		setPresence( name ) {
			if ( name === presenceName ) {
				return;
			}
			leavePresence();
			presenceName = name;
			if ( name ) {
				joinPresence( name );
			}
		},
		disconnect() {
			unbindChannel();
			leavePresence();
			channelName = null;
			presenceName = null;
			pusher.disconnect();
		},
	};
};
