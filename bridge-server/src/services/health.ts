/** Up or down per dependency, for load balancers and the demo script (routes/health.ts). */
import type { Db } from '../db';
import type { RealtimeDriver } from '../realtime';

export interface HealthReport {
	ok: boolean;
	database: 'ok' | 'down';
	realtime: 'ok' | 'down';
}

export class HealthService {
	constructor(
		private readonly db: Db,
		private readonly realtime: RealtimeDriver
	) {}

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
		};
	}
}
