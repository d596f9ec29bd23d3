/**
 * express-rate-limit counters in the bridge's database (RATE_LIMIT_STORE=database), so every
 * bridge process on one database counts the same hits: with N processes behind a load balancer
 * a client still gets each limit once, not N times. The same windows as express-rate-limit's
 * memory store (a key's window starts at its first hit), kept by one upsert per counted
 * request; ended windows are swept by whichever process gets there (idempotent deletes).
 * Counters are disposable: the table is UNLOGGED on PostgreSQL, and a failing store lets
 * requests through (passOnStoreError) rather than refusing every visitor while the database
 * hiccups.
 */
import { createHash } from 'node:crypto';
import type {
	ClientRateLimitInfo,
	IncrementResponse,
	Options,
	Store,
} from 'express-rate-limit';
import type { Db } from './db';
import type { Logger } from './logger';
import { Periodic } from './services/periodic';

const TABLE = 'rate_limit_hits';
const KEY_MAX = 200;

/** The stored key: readable when short, a digest when a key could overflow the column. */
const storedKey = ( key: string ) =>
	key.length <= KEY_MAX
		? key
		: 'sha256:' + createHash( 'sha256' ).update( key ).digest( 'hex' );

const info = ( row: {
	hits: number | string;
	reset_at: number | string;
} ): ClientRateLimitInfo => ( {
	totalHits: Number( row.hits ),
	resetTime: new Date( Number( row.reset_at ) ),
} );

class DatabaseStore implements Store {
	/** Counts are shared with the other processes: express-rate-limit must not assume they are ours alone. */
	readonly localKeys = false;
	private windowMs = 60_000;

	constructor(
		private readonly db: Db,
		readonly prefix: string,
		private readonly clock: () => number
	) {}

	init( options: Options ): void {
		this.windowMs = options.windowMs;
	}

	private key( key: string ): string {
		return storedKey( this.prefix + key );
	}

	async get( key: string ): Promise< ClientRateLimitInfo | undefined > {
		const row = await this.db( TABLE )
			.where( { key: this.key( key ) } )
			.andWhere( 'reset_at', '>', this.clock() )
			.first( 'hits', 'reset_at' );
		return row ? info( row ) : undefined;
	}

	/** One statement: a new key, or an ended window, starts at 1; else one more hit. */
	async increment( key: string ): Promise< IncrementResponse > {
		const now = this.clock();
		const ended = this.db.raw( '??.?? <= ?', [ TABLE, 'reset_at', now ] );
		const [ row ] = await this.db( TABLE )
			.insert( {
				key: this.key( key ),
				hits: 1,
				reset_at: now + this.windowMs,
			} )
			.onConflict( 'key' )
			.merge( {
				hits: this.db.raw( 'CASE WHEN ? THEN 1 ELSE ??.?? + 1 END', [
					ended,
					TABLE,
					'hits',
				] ),
				reset_at: this.db.raw(
					'CASE WHEN ? THEN excluded.reset_at ELSE ??.?? END',
					[ ended, TABLE, 'reset_at' ]
				),
			} )
			.returning( [ 'hits', 'reset_at' ] );
		return info( row );
	}

	async decrement( key: string ): Promise< void > {
		await this.db( TABLE )
			.where( { key: this.key( key ) } )
			.andWhere( 'hits', '>', 0 )
			.andWhere( 'reset_at', '>', this.clock() )
			.decrement( 'hits', 1 );
	}

	async resetKey( key: string ): Promise< void > {
		await this.db( TABLE )
			.where( { key: this.key( key ) } )
			.delete();
	}
}

/** The stores of one bridge process (one per limit, on one table) and the sweep of ended windows. */
export class DatabaseRateLimits {
	private readonly sweeper: Periodic;

	constructor(
		private readonly db: Db,
		log: Logger,
		private readonly clock: () => number = Date.now,
		intervalMs = 60_000
	) {
		this.sweeper = new Periodic(
			() => this.sweep(),
			intervalMs,
			( err ) => log.warn( 'rate-limit sweep failed', { err } )
		);
	}

	/** The store of the limit `name`: its keys are prefixed with the name. */
	store( name: string ): Store {
		return new DatabaseStore( this.db, `${ name }:`, this.clock );
	}

	/** Deletes the rows of ended windows; returns how many went. */
	sweep(): Promise< number > {
		return this.db( TABLE )
			.where( 'reset_at', '<=', this.clock() )
			.delete();
	}

	start(): void {
		this.sweeper.start();
	}

	stop(): Promise< void > {
		return this.sweeper.stop();
	}
}
