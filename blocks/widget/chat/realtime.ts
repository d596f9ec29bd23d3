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
	AdvisorsReadEvent,
	Conversation,
	Message,
	RealtimeClientConfig,
	TypingEvent,
} from '@handoff-chat/contracts';
import {
	keepRealtime,
	pusherOptions,
	type ChannelAuthorize,
	type ConnectionStatus,
} from '@handoff-chat/client-core/connection';

/** The panel announces only `reconnecting` and `failed` to the visitor. */
export type { ConnectionStatus };

export interface RealtimeHandlers {
	onMessage: ( message: Message ) => void;
	onConversation: ( conversation: Conversation ) => void;
	/** Someone is typing in the conversation (`by: 'advisor'` for the visitor). */
	onTyping: ( event: TypingEvent ) => void;
	/** The advisors have read the conversation further (the visitor's "Seen"). */
	onAdvisorsRead: ( event: AdvisorsReadEvent ) => void;
	/** Subscribed (first time or again after a reconnection): time to catch up. */
	onSubscribed: () => void;
	/** The connection came back after a loss: time to catch up. */
	onReconnected: () => void;
	onStatus: ( status: ConnectionStatus ) => void;
}

export interface RealtimeOptions {
	config: RealtimeClientConfig;
	/** Asks the bridge for each channel, with the token of the moment (a refreshed one too). */
	authorize: ChannelAuthorize;
}

export interface RealtimeLink {
	subscribe: ( channelName: string ) => void;
	unsubscribe: () => void;
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
	const pusher = new Pusher(
		config.key,
		pusherOptions( config, options.authorize )
	);
	// Reconnects with client-core's policy (fast, jittered, on `online` and visibility).
	const kept = keepRealtime( pusher, ( status, reconnected ) => {
		handlers.onStatus( status );
		if ( reconnected ) {
			handlers.onReconnected();
		}
	} );

	/**
	 * Holds at most one channel at a time: holding another (or none) leaves the one held.
	 * @param bind Binds the events of a channel just subscribed.
	 */
	const holder = ( bind?: ( channel: Channel ) => void ) => {
		let held: { name: string; channel: Channel } | null = null;
		return ( name: string | null ) => {
			if ( name === ( held?.name ?? null ) ) {
				return;
			}
			if ( held ) {
				held.channel.unbind_all();
				pusher.unsubscribe( held.name );
			}
			held = name ? { name, channel: pusher.subscribe( name ) } : null;
			if ( held ) {
				bind?.( held.channel );
			}
		};
	};

	const conversation = holder( ( channel ) => {
		channel.bind( 'pusher:subscription_succeeded', () =>
			handlers.onSubscribed()
		);
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
		channel.bind( EVENTS.advisorsRead, ( data: AdvisorsReadEvent ) => {
			if ( typeof data?.advisorsLastReadSeq === 'number' ) {
				handlers.onAdvisorsRead( data );
			}
		} );
	} );
	// The visitor's own channel carries no events: holding it is the presence.
	const presence = holder();

	return {
		subscribe: conversation,
		unsubscribe: () => conversation( null ),
		setPresence: presence,
		disconnect() {
			conversation( null );
			presence( null );
			kept.disconnect();
		},
	};
};
