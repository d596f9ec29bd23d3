/**
 * The knex instance and its migrations. Only services/ use it (routes → services → store).
 */
import knexFactory, { type Knex } from 'knex';
import type { DatabaseConfig } from '../config';
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

/**
 * knex's sqlite3 transactions start with a deferred BEGIN, which takes the write lock at
 * the first write and can fail with SQLITE_BUSY there (not retried by busy_timeout) when
 * another process — the CLI, a second bridge — writes meanwhile. Every transaction here
 * writes, so it takes the lock at its start: BEGIN IMMEDIATE waits (busy_timeout) instead.
 */
function beginImmediate( db: Db ): Db {
	const client = db.client as any;

	const Base: new (
		...args: unknown[]
	) => object = require( 'knex/lib/dialects/sqlite3/execution/sqlite-transaction' );
	class ImmediateTransaction extends Base {
		begin( conn: unknown ) {
			return ( this as any ).query( conn, 'BEGIN IMMEDIATE;' );
		}
	}
	client.transaction = function ( ...args: unknown[] ) {
		return new ImmediateTransaction( this, ...args );
	};
	return db;
}

export function createDb( config: DatabaseConfig ): Db {
	if ( config.client === 'pg' ) {
		return knexFactory( {
			client: 'pg',
			connection: config.connection,
			pool: { min: 0, max: 10 },
		} );
	}
	return beginImmediate(
		knexFactory( {
			client: 'sqlite3',
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
					conn.exec(
						'PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;',
						( err: Error | null ) => done( err, conn )
					);
				},
			},
		} )
	);
}

export async function migrateLatest( db: Db ): Promise< void > {
	await db.migrate.latest( { migrationSource } );
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
