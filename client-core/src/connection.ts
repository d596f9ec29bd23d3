/**
 * What both clients make of pusher-js: the client options built from the bridge's
 * realtime configuration, channel authorisations through a promise, one reading of
 * pusher-js connection states, and the reconnect policy applied to it (reconnect.ts).
 * Types only from pusher-js: each client creates its own Pusher instance, so this module
 * adds nothing to a bundle that does not load it.
 */
import type { RealtimeClientConfig } from '@handoff-chat/contracts';
import type { ChannelAuthorizationHandler, Options } from 'pusher-js';
import {
	keepConnected,
	type KeepConnectedOptions,
	type KeptConnection,
	type ReconnectablePusher,
} from './reconnect';

/**
 * - `connecting`: first connection under way (nothing to announce yet);
 * - `connected`: events flow;
 * - `reconnecting`: lost, or never reached, and pusher-js keeps trying (catch up over HTTP meanwhile);
 * - `offline`: closed by the client itself (`disconnect()`);
 * - `failed`: this browser has no usable transport: realtime will not come (reload needed).
 */
export type ConnectionStatus =
	'connecting' | 'connected' | 'reconnecting' | 'offline' | 'failed';

/** The bridge's answer to `POST /v1/realtime/auth`. */
export interface ChannelAuth {
	auth: string;
	channel_data?: string;
}

/** Asks the bridge to authorise a channel subscription. */
export type ChannelAuthorize = (
	socketId: string,
	channelName: string
) => Promise< ChannelAuth >;

/**
 * The status a pusher-js connection state means; null for states that say nothing new
 * (`initialized`, unknown ones).
 * @param state         pusher-js `connection.state`.
 * @param everConnected The connection has been up before.
 */
export function connectionStatus(
	state: string,
	everConnected: boolean
): ConnectionStatus | null {
	switch ( state ) {
		case 'connected':
			return 'connected';
		case 'connecting':
			return everConnected ? 'reconnecting' : 'connecting';
		case 'unavailable':
			return 'reconnecting';
		case 'failed':
			return 'failed';
		case 'disconnected':
			return 'offline';
	}
	return null;
}

/**
 * Turns pusher-js states into statuses, calling `onStatus` on each change; `reconnected`
 * is true when the connection is up again after a loss (time to catch up over HTTP).
 * `refused` (keepConnected: the server refused the connection) is `failed`.
 * @param onStatus Called with each new status.
 */
function statusTracker(
	onStatus: ( status: ConnectionStatus, reconnected: boolean ) => void
): ( state: string ) => void {
	let everConnected = false;
	let last: ConnectionStatus | null = null;
	return ( state ) => {
		const status =
			state === 'refused'
				? 'failed'
				: connectionStatus( state, everConnected );
		if ( status && status !== last ) {
			last = status;
			onStatus( status, status === 'connected' && everConnected );
			everConnected ||= status === 'connected';
		}
	};
}

/**
 * What both clients do with their pusher-js instance: keep it connected with the
 * reconnect policy (reconnect.ts) and report each change of status; `reconnected` is true
 * when the connection is up again after a loss (time to catch up over HTTP).
 * Call the result's `disconnect()` instead of pusher-js's to close it for good.
 * @param pusher   A pusher-js instance made with pusherOptions().
 * @param onStatus Called with each new status.
 * @param options  The policy's options (tests inject a random source and event sources).
 */
export function keepRealtime(
	pusher: ReconnectablePusher,
	onStatus: ( status: ConnectionStatus, reconnected: boolean ) => void,
	options: Omit< KeepConnectedOptions, 'onState' > = {}
): KeptConnection {
	return keepConnected( pusher, {
		...options,
		onState: statusTracker( onStatus ),
	} );
}

/**
 * pusher-js's channel authorisation handler over a promise.
 * @param authorize Asks the bridge.
 */
export const channelAuthorizer =
	( authorize: ChannelAuthorize ): ChannelAuthorizationHandler =>
	( { socketId, channelName }, callback ) =>
		void authorize( socketId, channelName ).then(
			( data ) => callback( null, data ),
			( e: unknown ) =>
				callback(
					e instanceof Error ? e : new Error( String( e ) ),
					null
				)
		);

/** pusher-js waits 30 s by default. */
export const PONG_TIMEOUT_MS = 10_000;

/**
 * pusher-js options for the Pusher-protocol server the bridge names: an empty `wsHost`
 * means hosted Pusher Channels, reached through the cluster. WebSocket only, no stats.
 * @param config    The bridge's realtime configuration.
 * @param authorize Asks the bridge for each private or presence channel.
 */
export function pusherOptions(
	config: RealtimeClientConfig,
	authorize: ChannelAuthorize
): Options {
	return {
		cluster: config.cluster || 'mt1',
		forceTLS: config.forceTLS,
		...( config.wsHost
			? {
					wsHost: config.wsHost,
					wsPort: config.wsPort,
					wssPort: config.wssPort,
				}
			: {} ),
		// pusher-js tries wss 2 s after ws fails; a server named with one plain port has no TLS
		// to try (each such attempt would only add a socket to a reconnect storm).
		enabledTransports:
			config.wsHost &&
			! config.forceTLS &&
			config.wssPort === config.wsPort
				? [ 'ws' ]
				: [ 'ws', 'wss' ],
		disableStats: true,
		// A ping unanswered this long (pusher-js pings when the browser goes offline, or after
		// the server's activity_timeout of silence) means the socket is dead: reconnect.
		pongTimeout: PONG_TIMEOUT_MS,
		channelAuthorization: { customHandler: channelAuthorizer( authorize ) },
	};
}
