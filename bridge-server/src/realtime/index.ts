/**
 * createRealtime(): for `embedded`, starts the bundled Pusher-protocol server and returns
 * the in-process driver that publishes straight into it (or, with `embeddedPublish: 'http'`,
 * the `pusher` SDK driver over its signed HTTP API); for `pusher`, the SDK driver to hosted
 * Pusher or soketi. With `shareHttpPort` the embedded server listens on no port of its own:
 * `attach` hands it the bridge's HTTP server, whose port browsers are then told.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import { createDirectDriver } from './direct-driver';
import {
	createEmbeddedRealtimeServer,
	type EmbeddedRealtimeServer,
} from './embedded/server';
import { createPusherDriver } from './pusher-driver';
import type { RealtimeConfig, RealtimeDriver } from './types';

export {
	MAX_BATCH,
	type RealtimeConfig,
	type RealtimeDriver,
	type RealtimeEvent,
} from './types';

export interface Realtime {
	driver: RealtimeDriver;
	embedded?: EmbeddedRealtimeServer;
	/** With `shareHttpPort`: serve the WebSocket on this HTTP server's port (listening or about to). */
	attach?: ( server: Server ) => void;
}

export async function createRealtime(
	config: RealtimeConfig,
	log?: Logger
): Promise< Realtime > {
	if ( config.driver !== 'embedded' ) {
		return { driver: createPusherDriver( config ) };
	}
	const embedded = createEmbeddedRealtimeServer( {
		appId: config.appId,
		key: config.key,
		secret: config.secret,
		host: config.bindHost,
		port: config.port,
		...config.embeddedLimits,
		log,
	} );
	// Port 0 (tests) means "any free port": the real one flows into both the SDK and the browsers' settings.
	const resolve = ( port: number ): RealtimeConfig => ( {
		...config,
		host: config.host || '127.0.0.1',
		port,
		useTLS: false,
		publicPort:
			config.publicPort === 0 || config.publicPort === config.port
				? port
				: config.publicPort,
	} );
	if ( config.shareHttpPort ) {
		// The driver reads its config when asked (clientConfig), so the port known at listen reaches browsers.
		const resolved = resolve( config.port );
		const driver = createDirectDriver( embedded, resolved );
		return {
			driver,
			embedded,
			attach( server ) {
				embedded.attach( server );
				const learnPort = () =>
					Object.assign(
						resolved,
						resolve( ( server.address() as AddressInfo ).port )
					);
				if ( server.listening ) {
					learnPort();
				} else {
					server.once( 'listening', learnPort );
				}
			},
		};
	}
	const resolved = resolve( ( await embedded.listen() ).port );
	if ( config.embeddedPublish !== 'http' ) {
		return { driver: createDirectDriver( embedded, resolved ), embedded };
	}
	const driver = createPusherDriver( resolved );
	return {
		driver: {
			...driver,
			terminateSockets: ( ids ) => {
				embedded.terminate( ids, 'Authorisation ended' );
				return true;
			},
			stats: embedded.stats,
		},
		embedded,
	};
}
