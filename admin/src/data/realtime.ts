/**
 * One pusher-js connection for the whole app, shared by every hook. Channels are
 * reference-counted, so the inbox and an open conversation can both listen to the
 * inbox channel. Realtime only notifies: consumers get `onResync` after each
 * (re)subscription (pusher-js resubscribes after every reconnection) and fetch the
 * truth over HTTP.
 */
import Pusher, { type Channel, type Options } from 'pusher-js';
import type { RealtimeClientConfig } from '@handoff-chat/contracts';
import {
	keepRealtime,
	pusherOptions,
	type ChannelAuthorize,
	type ConnectionStatus as CoreStatus,
} from '@handoff-chat/client-core/connection';
import { reconnectDelay } from '@handoff-chat/client-core/reconnect';

/** The core's statuses, and `disabled`: realtime will not start (the plugin is not configured). */
export type ConnectionStatus = CoreStatus | 'disabled';

export type EventHandlers = Record< string, ( data: any ) => void >;

export interface RealtimeConnection {
	readonly status: ConnectionStatus;
	onStatus: ( listener: ( status: ConnectionStatus ) => void ) => () => void;
	/** Binds handlers on a channel; returns the function that unbinds them. */
	subscribe: (
		channelName: string,
		handlers: EventHandlers,
		onResync: () => void
	) => () => void;
	disconnect: () => void;
}

/** The part of pusher-js used here, so tests can hand in a fake. */
export interface PusherLike {
	connection: {
		state: string;
		bind: ( event: string, cb: ( data: any ) => void ) => void;
		unbind?: ( event: string, cb: ( data: any ) => void ) => void;
	};
	connect: () => void;
	subscribe: ( name: string ) => Channel;
	unsubscribe: ( name: string ) => void;
	disconnect: () => void;
}

export function createRealtime(
	config: RealtimeClientConfig,
	authorize: ChannelAuthorize,
	make: ( key: string, options: Options ) => PusherLike = ( key, options ) =>
		new Pusher( key, options )
): RealtimeConnection {
	const pusher = make( config.key, pusherOptions( config, authorize ) );
	const listeners = new Set< ( s: ConnectionStatus ) => void >();
	const refs = new Map< string, number >();
	const retries = new Map<
		string,
		{ attempt: number; timer: ReturnType< typeof setTimeout > | null }
	>();
	let status: ConnectionStatus = 'connecting';

	const setStatus = ( next: ConnectionStatus ) => {
		if ( next !== status ) {
			status = next;
			listeners.forEach( ( l ) => l( next ) );
		}
	};

	// Reconnects with client-core's policy (fast, jittered, on `online` and visibility).
	const kept = keepRealtime( pusher, setStatus );

	// pusher-js gives up on a channel whose authorisation failed (a token that could not
	// be minted, the bridge briefly down): try again while someone listens, with the
	// connection's back-off (client-core's reconnectDelay).
	const scheduleRetry = ( name: string ) => {
		const r = retries.get( name ) ?? { attempt: 0, timer: null };
		if ( r.timer ) {
			return;
		}
		const delay = reconnectDelay( r.attempt++ );
		r.timer = setTimeout( () => {
			r.timer = null;
			if ( ( refs.get( name ) ?? 0 ) > 0 ) {
				pusher.unsubscribe( name );
				pusher.subscribe( name );
			}
		}, delay );
		retries.set( name, r );
	};

	return {
		get status() {
			return status;
		},

		onStatus( listener ) {
			listeners.add( listener );
			return () => listeners.delete( listener );
		},

		subscribe( name, handlers, onResync ) {
			const channel = pusher.subscribe( name );
			const first = ! refs.get( name );
			refs.set( name, ( refs.get( name ) ?? 0 ) + 1 );

			const onSucceeded = () => {
				const r = retries.get( name );
				if ( r ) {
					r.attempt = 0;
				}
				onResync();
			};
			const onError = () => scheduleRetry( name );
			channel.bind( 'pusher:subscription_succeeded', onSucceeded );
			channel.bind( 'pusher:subscription_error', onError );
			for ( const [ event, handler ] of Object.entries( handlers ) ) {
				channel.bind( event, handler );
			}
			if ( ! first && channel.subscribed ) {
				// Already subscribed for another consumer: no new success event will come.
				onResync();
			}

			return () => {
				channel.unbind( 'pusher:subscription_succeeded', onSucceeded );
				channel.unbind( 'pusher:subscription_error', onError );
				for ( const [ event, handler ] of Object.entries( handlers ) ) {
					channel.unbind( event, handler );
				}
				const left = ( refs.get( name ) ?? 1 ) - 1;
				if ( left <= 0 ) {
					refs.delete( name );
					const r = retries.get( name );
					if ( r?.timer ) {
						clearTimeout( r.timer );
					}
					retries.delete( name );
					pusher.unsubscribe( name );
				} else {
					refs.set( name, left );
				}
			};
		},

		disconnect() {
			retries.forEach( ( r ) => r.timer && clearTimeout( r.timer ) );
			retries.clear();
			listeners.clear();
			kept.disconnect();
		},
	};
}
