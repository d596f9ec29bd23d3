/**
 * Which database the bridge tests run on. The `bridge` jest project: sqlite3 (a file in the
 * bridge's data folder). The `bridge-pg` project (globals.HANDOFF_TEST_DB = 'pg'): the
 * PostgreSQL HANDOFF_TEST_PG_URL names (scripts/jest/pg-global-setup.mjs), one database per
 * bridge, copied from a template migrated once for the whole run.
 */
import { createHash, randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { createDb, migrateLatest } from '../db';
import { migrations } from '../db/migrations';

/** True in the `bridge-pg` jest project. */
export const onPostgres = (): boolean =>
	( globalThis as { HANDOFF_TEST_DB?: string } ).HANDOFF_TEST_DB === 'pg';

/** `it` on sqlite3, `it.skip` on PostgreSQL: for tests of sqlite3 itself (WAL, PRAGMA, FTS5 plans). */
export const itOnSqlite = ( reason: string ): jest.It => {
	void reason;
	return onPostgres() ? it.skip : it;
};

/**
 * Named after the migrations it holds: a server kept between runs (HANDOFF_TEST_PG_URL) never
 * serves a template older than the code.
 */
const TEMPLATE = `handoff_template_${ createHash( 'sha256' )
	.update( migrations.map( ( m ) => m.name ).join( '\n' ) )
	.digest( 'hex' )
	.slice( 0, 12 ) }`;
/** Any number: the advisory lock under which one worker builds the template. */
const TEMPLATE_LOCK = 140014;

let admin: Knex | null = null;
let templateReady: Promise< void > | null = null;

function adminUrl(): string {
	const url = process.env.HANDOFF_TEST_PG_URL;
	if ( ! url ) {
		throw new Error(
			'HANDOFF_TEST_PG_URL is unset: run the bridge-pg project through jest (its globalSetup starts PostgreSQL) or scripts/test-pg.mjs'
		);
	}
	return url;
}

function urlFor( database: string ): string {
	const u = new URL( adminUrl() );
	u.pathname = `/${ database }`;
	return u.toString();
}

function adminDb(): Knex {
	admin ??= knexFactory( {
		client: 'pg',
		connection: adminUrl(),
		// Idle connections close soon: nothing keeps the test worker waiting.
		pool: {
			min: 0,
			max: 2,
			idleTimeoutMillis: 500,
			reapIntervalMillis: 200,
		},
	} );
	return admin;
}

/** Creates and migrates the template once per run (the first worker builds it, under a lock). */
async function ensureTemplate(): Promise< void > {
	const db = adminDb();
	await db.transaction( async ( trx ) => {
		await trx.raw( 'select pg_advisory_xact_lock(?)', [ TEMPLATE_LOCK ] );
		const found = await trx.raw(
			'select 1 from pg_database where datname = ?',
			[ TEMPLATE ]
		);
		if ( found.rows.length ) {
			return;
		}
		await db.raw( `create database ${ TEMPLATE }` );
		const tpl = createDb( {
			client: 'pg',
			connection: urlFor( TEMPLATE ),
		} );
		try {
			await migrateLatest( tpl );
		} finally {
			await tpl.destroy();
		}
	} );
}

/** Databases made for data folders, so a restarted bridge on the same folder finds its data. */
const byDataDir = new Map< string, string >();

/**
 * A new database for a bridge on `dataDir` (or the one made for it earlier); its DATABASE_URL.
 * Migrated, unless `empty` (a first start's migrations are what the test watches).
 */
export async function databaseUrlFor(
	dataDir: string,
	opts: { empty?: boolean } = {}
): Promise< string > {
	const known = byDataDir.get( dataDir );
	if ( known ) {
		return urlFor( known );
	}
	// Each test file has its own module registry: a random name, not a counter.
	const name = `handoff_${ randomBytes( 6 ).toString( 'hex' ) }`;
	if ( opts.empty ) {
		await adminDb().raw( `create database ${ name }` );
		byDataDir.set( dataDir, name );
		return urlFor( name );
	}
	templateReady ??= ensureTemplate();
	await templateReady;
	await adminDb().raw( `create database ${ name } template ${ TEMPLATE }` );
	byDataDir.set( dataDir, name );
	return urlFor( name );
}

/** Drops the database made for `dataDir` (the bridge's pool must be closed). */
export async function dropDatabaseFor( dataDir: string ): Promise< void > {
	const name = byDataDir.get( dataDir );
	if ( ! name ) {
		return;
	}
	byDataDir.delete( dataDir );
	await adminDb().raw( `drop database if exists ${ name } with (force)` );
}
