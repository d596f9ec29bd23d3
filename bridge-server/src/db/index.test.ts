/** The bridge's sqlite3 client: kept prepared statements, and statements that fail to prepare. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '.';

let dir: string;
let db: Db;
beforeEach( () => {
	dir = mkdtempSync( path.join( tmpdir(), 'handoff-db-' ) );
	db = createDb( {
		client: 'sqlite3',
		connection: path.join( dir, 'd.sqlite' ),
	} );
} );
afterEach( async () => {
	await db.destroy();
	rmSync( dir, { recursive: true, force: true } );
} );

it( 'rejects a statement that cannot be prepared, keeps nothing of it, and goes on', async () => {
	// Before: an uncaught `error` event from node-sqlite3 that stopped the process.
	await expect( db( 'missing' ).select( '*' ) ).rejects.toThrow(
		/no such table: missing/
	);
	await expect( db( 'missing' ).select( '*' ) ).rejects.toThrow(
		/no such table: missing/
	);
	// Once the table exists, the same SQL is prepared anew and runs.
	await db.schema.createTable( 'missing', ( t ) => t.integer( 'n' ) );
	await db( 'missing' ).insert( { n: 1 } );
	expect( await db( 'missing' ).select( 'n' ) ).toEqual( [ { n: 1 } ] );
} );

it( 'reuses prepared statements across calls and transactions', async () => {
	await db.schema.createTable( 't', ( t ) => t.integer( 'n' ) );
	for ( let i = 0; i < 5; i++ ) {
		await db.transaction( async ( trx ) => {
			await trx( 't' ).insert( { n: i } );
		} );
	}
	expect( await db( 't' ).sum( { s: 'n' } ) ).toEqual( [ { s: 10 } ] );
} );
