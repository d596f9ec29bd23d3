/**
 * The knex instance and its migrations. Only services/ use it (routes → services → store).
 */
import knexFactory, { type Knex } from 'knex';
import type { DatabaseConfig } from '../config';
import { knexLog, type Logger } from '../logger';
import { migrations } from './migrations';

export type Db = Knex;

/** Serves the migrations from a static list, so they run the same from TypeScript (tests) and from dist. */
export const migrationSource: Knex.MigrationSource<
	( typeof migrations )[ number ]
> = {
	getMigrations: async () => migrations,
	getMigrationName: ( m ) => m.name,
	getMigration: async ( m ) => m,
};

const Sqlite3Client: new (
	config: unknown
) => any = require( 'knex/lib/dialects/sqlite3' );
const Sqlite3Transaction: new (
	...args: unknown[]
) => any = require( 'knex/lib/dialects/sqlite3/execution/sqlite-transaction' );

/**
 * knex's sqlite3 transactions start with a deferred BEGIN, which takes the write lock at
 * the first write and can fail with SQLITE_BUSY there (not retried by busy_timeout) when
 * another process — the CLI, a second bridge — writes meanwhile. Every transaction here
 * writes, so it takes the lock at its start: BEGIN IMMEDIATE waits (busy_timeout) instead.
 */
class ImmediateTransaction extends Sqlite3Transaction {
	begin( conn: unknown ) {
		return this.query( conn, 'BEGIN IMMEDIATE;' );
	}
}

/** Statements that run often and whose text repeats: kept prepared (not DDL, not PRAGMA). */
const REUSABLE =
	/^\s*(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/i;
const STATEMENTS_KEPT = 300;
const prepared = new WeakMap< object, Map< string, Promise< any > > >();

/**
 * Prepares `sql` on a node-sqlite3 connection. The callback matters: without it a statement
 * that fails to prepare (a missing table, a syntax error) is an `error` event nobody listens
 * to — an uncaught exception that stops the bridge — and its run/all callback never fires.
 */
function prepare( conn: any, sql: string ): Promise< any > {
	return new Promise( ( resolve, reject ) => {
		const stmt = conn.prepare( sql, ( err: Error | null ) =>
			err ? reject( err ) : resolve( stmt )
		);
	} );
}

function finalize( stmt: any ): Promise< void > {
	return new Promise( ( resolve ) => stmt.finalize( () => resolve() ) );
}

/**
 * knex's sqlite3 client, with two changes. Transactions: ImmediateTransaction. Statements:
 * knex prepares and finalises one on every call, and compiling the SQL (and the triggers it
 * fires, see migration 20261205D) costs as much as running it; this client keeps the last
 * STATEMENTS_KEPT prepared per connection and reuses them (node-sqlite3 runs one statement's
 * calls in order; each call rebinds and resets it). A statement that fails is finalised and
 * prepared again next time; all are finalised before the connection closes. A subclass,
 * because knex's transactions run on a client made from the class's prototype. The `query`
 * event and everything above `_query` are unchanged.
 */
class BridgeSqlite3Client extends Sqlite3Client {
	transaction( ...args: unknown[] ) {
		return new ImmediateTransaction( this, ...args );
	}

	_query( conn: any, obj: any ) {
		if ( ! obj.sql || ! REUSABLE.test( obj.sql ) ) {
			return super._query( conn, obj );
		}
		const { method } = obj;
		// Same choice as knex's own _query: `run` where it needs lastID / changes.
		const run =
			( ( method === 'insert' || method === 'update' ) &&
				! obj.returning ) ||
			method === 'counter' ||
			method === 'del';
		let cache = prepared.get( conn );
		if ( ! cache ) {
			cache = new Map();
			prepared.set( conn, cache );
		}
		const kept = cache;
		let entry = kept.get( obj.sql );
		if ( entry ) {
			// Most recently used last: the first key is the one to drop.
			kept.delete( obj.sql );
		} else {
			entry = prepare( conn, obj.sql );
			if ( kept.size >= STATEMENTS_KEPT ) {
				const oldest = kept.keys().next().value as string;
				void kept.get( oldest )!.then( finalize, () => undefined );
				kept.delete( oldest );
			}
		}
		kept.set( obj.sql, entry );
		const pending = entry;
		const forget = ( stmt?: any ) => {
			if ( kept.get( obj.sql ) === pending ) {
				kept.delete( obj.sql );
				if ( stmt ) {
					void finalize( stmt );
				}
			}
		};
		return pending.then(
			( stmt ) =>
				new Promise( ( resolve, reject ) => {
					stmt[ run ? 'run' : 'all' ](
						obj.bindings ?? [],
						function (
							this: unknown,
							err: Error | null,
							response: unknown
						) {
							if ( err ) {
								forget( stmt );
								return reject( err );
							}
							obj.response = response;
							// Carries lastID / changes for `run`, as the connection's callback does.
							obj.context = this;
							resolve( obj );
						}
					);
				} ),
			( err ) => {
				// Not prepared (a missing table, a syntax error): nothing to keep.
				forget();
				throw err;
			}
		);
	}

	async destroyRawConnection( conn: any ) {
		const kept = prepared.get( conn );
		if ( kept ) {
			await Promise.all(
				[ ...kept.values() ].map( ( p ) =>
					p.then( finalize, () => undefined )
				)
			);
			kept.clear();
		}
		return super.destroyRawConnection( conn );
	}
}

/**
 * Where knex's own warnings go (the bridge's log; without one, knex's console output, as the
 * CLI wants). A failed statement's message shows its SQL with `?`, not the values: those are
 * visitors' words and tokens, and the message ends up in the log.
 */
function knexOptions( log?: Logger ) {
	return {
		compileSqlOnError: false,
		...( log ? { log: knexLog( log ) } : {} ),
	};
}

export function createDb( config: DatabaseConfig, log?: Logger ): Db {
	const options = knexOptions( log );
	if ( config.client === 'pg' ) {
		return knexFactory( {
			...options,
			client: 'pg',
			connection: config.connection,
			pool: { min: 0, max: 10 },
		} );
	}
	return knexFactory( {
		...options,
		client: BridgeSqlite3Client as unknown as typeof Knex.Client,
		connection: { filename: config.connection },
		useNullAsDefault: true,
		// sqlite3 has one writer: one pooled connection avoids SQLITE_BUSY between our own queries.
		pool: {
			min: 1,
			max: 1,
			afterCreate: (
				conn: any,
				done: ( err: Error | null, conn: unknown ) => void
			) => {
				// Checkpoints in the background (db/checkpoint.ts) when a read connection exists.
				const autoCheckpoint =
					( config.checkpointMs ?? 0 ) > 0 &&
					config.connection !== ':memory:'
						? ' PRAGMA wal_autocheckpoint = 0;'
						: '';
				conn.exec(
					'PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;' +
						autoCheckpoint,
					( err: Error | null ) => done( err, conn )
				);
			},
		},
	} );
}

/**
 * sqlite3 only: read-only connections for the inbox's reads (lists, counts, search). In WAL
 * mode readers never wait for the writer nor block it, and node-sqlite3 runs each connection's
 * statements on its own thread-pool thread: a send no longer queues behind an advisor's list
 * or search on the single writing connection. A read that starts after a commit sees it, so a
 * list fetched after a change shows the change. PostgreSQL: null (its pool serves both).
 */
export function createReadDb(
	config: DatabaseConfig,
	log?: Logger
): Db | null {
	if ( config.client === 'pg' || config.connection === ':memory:' ) {
		return null;
	}
	return knexFactory( {
		...knexOptions( log ),
		client: BridgeSqlite3Client as unknown as typeof Knex.Client,
		connection: { filename: config.connection },
		useNullAsDefault: true,
		pool: {
			min: 0,
			max: 2,
			afterCreate: (
				conn: any,
				done: ( err: Error | null, conn: unknown ) => void
			) => {
				conn.exec(
					'PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;',
					( err: Error | null ) => done( err, conn )
				);
			},
		},
	} );
}

/** Any number: the PostgreSQL advisory lock under which one bridge process migrates at a time. */
const MIGRATION_LOCK = 140015;

/**
 * Brings the schema up to date. On PostgreSQL several bridge processes may start at once on one
 * database: knex's own lock makes the latecomers fail at once ("Migration table is already
 * locked"), so they queue first on an advisory lock held by a transaction for the run, and find
 * nothing left to do when their turn comes.
 */
export async function migrateLatest( db: Db, log?: Logger ): Promise< void > {
	if ( db.client.config.client !== 'pg' ) {
		await db.migrate.latest( { migrationSource } );
		return;
	}
	await db.transaction( async ( trx ) => {
		const { rows } = await trx.raw(
			'select pg_try_advisory_xact_lock(?) as got',
			[ MIGRATION_LOCK ]
		);
		if ( ! rows[ 0 ].got ) {
			log?.info(
				'waiting for another bridge process to migrate the database'
			);
			await trx.raw( 'select pg_advisory_xact_lock(?)', [
				MIGRATION_LOCK,
			] );
		}
		// The migrations run on other connections of the pool; this one only holds the lock.
		await db.migrate.latest( { migrationSource } );
	} );
}

export async function migrateRollbackAll( db: Db ): Promise< void > {
	await db.migrate.rollback( { migrationSource }, true );
}

/** True when a unique constraint rejected an insert (sqlite3 and PostgreSQL). */
export function isUniqueViolation( err: unknown ): boolean {
	const e = err as { code?: string; message?: string };
	return (
		e?.code === '23505' ||
		e?.code === 'SQLITE_CONSTRAINT' ||
		/UNIQUE constraint failed/.test( e?.message ?? '' )
	);
}

/** Timestamps are stored as ISO 8601 UTC strings: they sort as text in both engines. */
export const nowIso = (): string => new Date().toISOString();
