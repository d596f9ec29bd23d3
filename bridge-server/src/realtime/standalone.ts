/**
 * `handoff-bridge realtime`: the embedded Pusher-protocol server as its own process, for
 * several bridges (REALTIME_DRIVER=pusher) sharing one engine, exactly as they would share
 * hosted Pusher or soketi. WebSocket at `/app/<key>` and the signed HTTP API (`/apps/<id>/…`)
 * on one port, and an unsigned `GET /healthz` for health checks; TLS, as for the bridge, at the
 * proxy in front.
 */
import { ConfigError, envSchema } from '../config';
import type { Logger } from '../logger';
import {
	createEmbeddedRealtimeServer,
	type EmbeddedRealtimeServer,
} from './embedded/server';

export interface StandaloneRealtimeConfig {
	appId: string;
	key: string;
	secret: string;
	host: string;
	port: number;
	allowPublicChannels: boolean;
	maxConnections: number;
	maxConnectionsPerIp: number;
	maxSubscriptionsPerConnection: number;
	trustProxy: number;
}

/** The bridge's own REALTIME_* names, so one environment file can serve both processes. */
export function loadStandaloneRealtimeConfig(
	env: NodeJS.ProcessEnv = process.env
): StandaloneRealtimeConfig {
	const parsed = envSchema
		.pick( {
			REALTIME_APP_ID: true,
			REALTIME_KEY: true,
			REALTIME_SECRET: true,
			REALTIME_BIND_HOST: true,
			REALTIME_PORT: true,
			REALTIME_ALLOW_PUBLIC_CHANNELS: true,
			REALTIME_MAX_CONNECTIONS: true,
			REALTIME_MAX_CONNECTIONS_PER_IP: true,
			REALTIME_MAX_SUBSCRIPTIONS: true,
			REALTIME_TRUST_PROXY: true,
			TRUST_PROXY: true,
		} )
		.safeParse( env );
	if ( ! parsed.success ) {
		throw new ConfigError(
			`Invalid realtime server configuration:\n  ${ parsed.error.issues
				.map( ( i ) => `${ i.path.join( '.' ) }: ${ i.message }` )
				.join( '\n  ' ) }`
		);
	}
	const e = parsed.data;
	// Every bridge signs with it: a secret generated here would be known to no bridge.
	if ( ! e.REALTIME_SECRET ) {
		throw new ConfigError(
			'REALTIME_SECRET is required: the bridges (REALTIME_DRIVER=pusher) sign with the same one'
		);
	}
	return {
		appId: e.REALTIME_APP_ID,
		key: e.REALTIME_KEY,
		secret: e.REALTIME_SECRET,
		host: e.REALTIME_BIND_HOST,
		port: e.REALTIME_PORT,
		allowPublicChannels: e.REALTIME_ALLOW_PUBLIC_CHANNELS,
		maxConnections: e.REALTIME_MAX_CONNECTIONS,
		maxConnectionsPerIp: e.REALTIME_MAX_CONNECTIONS_PER_IP,
		maxSubscriptionsPerConnection: e.REALTIME_MAX_SUBSCRIPTIONS,
		trustProxy: e.REALTIME_TRUST_PROXY ?? e.TRUST_PROXY,
	};
}

/** Starts the server; stop with close() (clients get 4200 and reconnect). */
export async function startStandaloneRealtime(
	config: StandaloneRealtimeConfig,
	log: Logger
): Promise< { server: EmbeddedRealtimeServer; port: number } > {
	const server = createEmbeddedRealtimeServer( {
		...config,
		log,
		healthz: true,
	} );
	const { port } = await server.listen();
	return { server, port };
}

/** The CLI command: starts, logs "realtime listening", and on SIGTERM/SIGINT closes and exits. */
export async function serveStandaloneRealtime( log: Logger ): Promise< void > {
	const config = loadStandaloneRealtimeConfig();
	const { server, port } = await startStandaloneRealtime( config, log );
	let stopping = false;
	const stop = async ( signal: string ) => {
		if ( stopping ) {
			return;
		}
		stopping = true;
		await server.close();
		log.info( 'realtime stopped', { signal } );
		process.exit( 0 );
	};
	process.on( 'SIGINT', () => void stop( 'SIGINT' ) );
	process.on( 'SIGTERM', () => void stop( 'SIGTERM' ) );
	log.info( 'realtime listening', {
		url: `ws://${ config.host }:${ port }/app/${ config.key }`,
		api: `http://${ config.host }:${ port }/apps/${ config.appId }`,
		port,
	} );
}
