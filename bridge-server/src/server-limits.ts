/**
 * The HTTP server's own budget, apart from the embedded realtime server's (its caps are in
 * realtime/embedded/server.ts): a connection cap and header/request timeouts, so a slow or
 * flooding client cannot hold every descriptor, and a warning at start when the two caps
 * together do not fit under the process's open-file limit (raise `ulimit -n`).
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { BridgeConfig } from './config';
import type { Logger } from './logger';
import { descriptorCap } from './realtime/embedded/server';
import { refusalLog } from './refusal-log';
import type { HealthService } from './services/health';

/** Descriptors kept for the database, logs, uploads and the listening sockets. */
const SPARE_DESCRIPTORS = 256;

export function limitHttpServer(
	server: Server,
	config: Pick< BridgeConfig, 'http' | 'realtime' >,
	health: HealthService,
	log: Pick< Logger, 'warn' >
) {
	// With the realtime WebSocket on this port its sockets are this server's too: the
	// descriptor backstop its own port has is added (its Pusher-coded caps apply as before).
	server.maxConnections =
		config.http.maxConnections +
		( config.realtime.shareHttpPort
			? descriptorCap(
					config.realtime.embeddedLimits?.maxConnections ?? 10_000
				)
			: 0 );
	server.headersTimeout = config.http.headersTimeoutMs;
	server.requestTimeout = config.http.requestTimeoutMs;
	health.watchHttp( server );
	const logRefusal = refusalLog( log, 'http connection refused' );
	server.on( 'drop', ( data?: { remoteAddress?: string } ) =>
		logRefusal( {
			cause: 'total',
			ip: data?.remoteAddress ?? '',
			limit: server.maxConnections,
		} )
	);
}

/** The soft open-file limit (Linux `/proc/self/limits`), or null where it cannot be read. */
export function openFileLimit(
	limitsFile = '/proc/self/limits'
): number | null {
	try {
		const line = readFileSync( limitsFile, 'utf8' )
			.split( '\n' )
			.find( ( l ) => l.startsWith( 'Max open files' ) );
		const soft = line?.split( /\s{2,}/ )[ 1 ];
		return soft && /^\d+$/.test( soft ) ? Number( soft ) : null;
	} catch {
		return null;
	}
}

/** Warns when HTTP + realtime caps could exhaust the descriptors before either cap is reached. */
export function checkDescriptorBudget(
	config: Pick< BridgeConfig, 'http' | 'realtime' >,
	log: Pick< Logger, 'warn' >,
	limit = openFileLimit()
) {
	const realtime =
		config.realtime.driver === 'embedded'
			? descriptorCap(
					config.realtime.embeddedLimits?.maxConnections ?? 10_000
				)
			: 0;
	const needed = config.http.maxConnections + realtime + SPARE_DESCRIPTORS;
	if ( limit !== null && limit < needed ) {
		log.warn(
			'open-file limit below the connection caps: raise ulimit -n or lower HTTP_MAX_CONNECTIONS / REALTIME_MAX_CONNECTIONS',
			{ openFileLimit: limit, needed }
		);
	}
}
