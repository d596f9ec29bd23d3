/**
 * The migrations on PostgreSQL (jest's `bridge-pg` project only: `*.pg.test.ts`): every
 * migration's `down` undoes its `up` (tables, the plpgsql trigger functions and their
 * triggers, handoff_fold) and the schema migrates up again from nothing.
 */
import { createDb, migrateLatest, migrateRollbackAll, type Db } from '..';
import {
	databaseUrlFor,
	dropDatabaseFor,
} from '../../test-utils/test-database';

const KEY = 'migrations.pg.test';
let db: Db;

beforeAll( async () => {
	db = createDb( { client: 'pg', connection: await databaseUrlFor( KEY ) } );
} );
afterAll( async () => {
	await db?.destroy();
	await dropDatabaseFor( KEY );
} );

const objects = async () => ( {
	tables: (
		await db.raw(
			`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'knex_%' ORDER BY 1`
		)
	).rows.map( ( r: any ) => r.tablename ),
	functions: (
		await db.raw(
			`SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
			WHERE n.nspname = 'public' AND p.prolang IN (SELECT oid FROM pg_language WHERE lanname IN ('plpgsql', 'sql'))
			ORDER BY 1`
		)
	).rows.map( ( r: any ) => r.proname ),
	triggers: (
		await db.raw(
			`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`
		)
	).rows.map( ( r: any ) => r.tgname ),
} );

it( 'rolls every migration back to an empty schema, and migrates up again to the same one', async () => {
	// The template the database was copied from is migrated to the latest.
	const latest = await objects();
	expect( latest.tables ).toContain( 'conversations' );
	expect( latest.triggers.length ).toBeGreaterThan( 0 );
	expect( latest.functions ).toContain( 'handoff_fold' );
	expect( latest.functions.length ).toBeGreaterThan( 1 );
	await migrateRollbackAll( db );
	expect( await objects() ).toEqual( {
		tables: [],
		functions: [],
		triggers: [],
	} );
	await migrateLatest( db );
	expect( await objects() ).toEqual( latest );
} );
