/**
 * createRealtime(): for `embedded`, starts the bundled Pusher-protocol server and returns
 * the in-process driver that publishes straight into it (or, with `embeddedPublish: 'http'`,
 * the `pusher` SDK driver over its signed HTTP API); for `pusher`, the SDK driver to hosted
 * Pusher or soketi.
 */
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

export async function createRealtime(
	config: RealtimeConfig,
	log?: Logger
): Promise< { driver: RealtimeDriver; embedded?: EmbeddedRealtimeServer } > {
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
	const { port } = await embedded.listen();
	// Port 0 (tests) means "any free port": the real one flows into both the SDK and the browsers' settings.
	const resolved: RealtimeConfig = {
		...config,
		host: config.host || '127.0.0.1',
		port,
		useTLS: false,
		publicPort:
			config.publicPort === 0 || config.publicPort === config.port
				? port
				: config.publicPort,
	};
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
