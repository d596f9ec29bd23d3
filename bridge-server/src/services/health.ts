/**
 * Up or down per dependency, for load balancers and the demo script (routes/health.ts), and
 * the connection counts of both budgets: HTTP and the embedded realtime server. Every figure
 * is a counter kept as it changes: a check costs the same with 10 or 100,000 channels.
 */
import type { Server } from 'node:http';
import type { Db } from '../db';
import type { RealtimeDriver } from '../realtime';
import type { EmbeddedStats } from '../realtime/embedded/server';

export interface HttpStats {
	connections: number;
	maxConnections: number;
	/** Connections Node closed at once for being over `maxConnections`, since start. */
	refusedConnections: number;
}

export interface HealthReport {
	ok: boolean;
	database: 'ok' | 'down';
	realtime: 'ok' | 'down';
	metrics: {
		/** Absent when the app is not served by server.ts (tests without a watched server). */
		http?: HttpStats;
		/** Absent with an external realtime server (hosted Pusher, soketi). */
		realtime?: EmbeddedStats;
	};
}

export class HealthService {
	private http?: HttpStats;

	constructor(
		private readonly db: Db,
		private readonly realtime: RealtimeDriver
	) {}

	/** Counts the server's open connections (and its refusals, `drop`) from now on. */
	watchHttp( server: Server ) {
		const stats: HttpStats = {
			connections: 0,
			maxConnections: server.maxConnections,
			refusedConnections: 0,
		};
		this.http = stats;
		server.on( 'connection', ( socket ) => {
			stats.connections++;
			socket.once( 'close', () => stats.connections-- );
		} );
		server.on( 'drop', () => stats.refusedConnections++ );
	}

	async check(): Promise< HealthReport > {
		const [ database, realtime ] = await Promise.all( [
			this.db
				.raw( 'select 1' )
				.then( () => 'ok' as const )
				.catch( () => 'down' as const ),
			this.realtime
				.ping()
				.then( ( up: boolean ) =>
					up ? ( 'ok' as const ) : ( 'down' as const )
				)
				.catch( () => 'down' as const ),
		] );
		return {
			ok: database === 'ok' && realtime === 'ok',
			database,
			realtime,
			metrics: {
				...( this.http ? { http: { ...this.http } } : {} ),
				...( this.realtime.stats
					? { realtime: this.realtime.stats() }
					: {} ),
			},
		};
	}
}
