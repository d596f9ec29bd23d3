/**
 * What both clients make of pusher-js: the client options built from the bridge's
 * realtime configuration, channel authorisations through a promise, and one reading of
 * pusher-js connection states. Types only from pusher-js: each client creates its own
 * Pusher instance, so this module adds nothing to a bundle that does not load it.
 */
import type { RealtimeClientConfig } from '@handoff-chat/contracts';
import type { ChannelAuthorizationHandler, Options } from 'pusher-js';

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

/** The part of a pusher-js connection `watchConnection` needs. */
export interface ConnectionLike {
	bind: (
		event: 'state_change',
		callback: ( states: { previous: string; current: string } ) => void
	) => void;
}

/**
 * Reports each change of status; `reconnected` is true when the connection is up again
 * after a loss (time to catch up over HTTP).
 * @param connection pusher-js `pusher.connection`.
 * @param onStatus   Called with each new status.
 */
export function watchConnection(
	connection: ConnectionLike,
	onStatus: ( status: ConnectionStatus, reconnected: boolean ) => void
): void {
	let everConnected = false;
	let last: ConnectionStatus | null = null;
	connection.bind( 'state_change', ( { current } ) => {
		const status = connectionStatus( current, everConnected );
		if ( status && status !== last ) {
			last = status;
			onStatus( status, status === 'connected' && everConnected );
			everConnected ||= status === 'connected';
		}
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
		enabledTransports: [ 'ws', 'wss' ],
		disableStats: true,
		channelAuthorization: { customHandler: channelAuthorizer( authorize ) },
	};
}
