/**
 * The driver for the embedded server when it runs in the bridge's own process (the
 * default): publishes straight into its channel registry and answers presence queries
 * from it — no loopback HTTP, request signing or JSON round trip. The checks and refusals
 * are the HTTP API's (embedded/publish.ts), so it behaves as the `pusher` SDK driver does
 * against the same server (drivers.test.ts runs both).
 */
import { hmacHex } from './embedded/signature';
import type { EmbeddedRealtimeServer } from './embedded/server';
import { clientConfigOf } from './pusher-driver';
import { MAX_BATCH, type RealtimeConfig, type RealtimeDriver } from './types';

const SOCKET_ID = /^\d+\.\d+$/;
const CHANNEL = /^[A-Za-z0-9_\-=@,.;]{1,200}$/;

export function createDirectDriver(
	server: EmbeddedRealtimeServer,
	config: RealtimeConfig
): RealtimeDriver {
	const { local } = server;
	return {
		async trigger( channels, event, data ) {
			const list = Array.isArray( channels ) ? channels : [ channels ];
			// Serialised once for every channel and subscriber.
			const json = JSON.stringify( data );
			// 100 channels per event, as one HTTP call of the SDK driver takes.
			for ( let i = 0; i < list.length; i += 100 ) {
				local.trigger( list.slice( i, i + 100 ), event, json );
			}
		},
		async triggerBatch( events ) {
			for ( let i = 0; i < events.length; i += MAX_BATCH ) {
				local.triggerBatch(
					events.slice( i, i + MAX_BATCH ).map( ( e ) => ( {
						channel: e.channel,
						name: e.name,
						data: JSON.stringify( e.data ),
					} ) )
				);
			}
		},
		// The same signature as the SDK's authorizeChannel (and the same refusal of bad input).
		authorizeChannel( socketId, channel, presence ) {
			if ( ! SOCKET_ID.test( socketId ) ) {
				throw new Error( `Invalid socket id: '${ socketId }'` );
			}
			if ( ! CHANNEL.test( channel ) ) {
				throw new Error( `Invalid channel name: '${ channel }'` );
			}
			if ( ! presence ) {
				return {
					auth: `${ config.key }:${ hmacHex( config.secret, `${ socketId }:${ channel }` ) }`,
				};
			}
			const channelData = JSON.stringify( presence );
			return {
				auth: `${ config.key }:${ hmacHex(
					config.secret,
					`${ socketId }:${ channel }:${ channelData }`
				) }`,
				channel_data: channelData,
			};
		},
		async channelUsers( channel ) {
			return local.users( channel );
		},
		async occupiedChannels( prefix ) {
			return local.occupied( prefix );
		},
		clientConfig: () => clientConfigOf( config ),
		terminateSockets( ids ) {
			server.terminate( ids, 'Authorisation ended' );
			return true;
		},
		async ping() {
			return local.listening();
		},
		stats: server.stats,
		async close() {
			// The server is closed by its owner (createRealtime's caller).
		},
	};
}
