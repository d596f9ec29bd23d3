/** WAL checkpoints leave the commits (db/checkpoint.ts): the writer never checkpoints, the background job does. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, createReadDb, type Db } from '.';
import { WalCheckpointer } from './checkpoint';
import { createLogger } from '../logger';

let dir: string;
const open: Db[] = [];

beforeEach( () => {
	dir = mkdtempSync( path.join( tmpdir(), 'handoff-wal-' ) );
} );
afterEach( async () => {
	await Promise.all( open.splice( 0 ).map( ( db ) => db.destroy() ) );
	rmSync( dir, { recursive: true, force: true } );
} );

/** A writer and a reader on one file, and ~1,500 pages written in small commits. */
async function written( checkpointMs: number ) {
	const config = {
		client: 'sqlite3' as const,
		connection: path.join( dir, 'w.sqlite' ),
		checkpointMs,
	};
	const db = createDb( config );
	const readDb = createReadDb( config )!;
	open.push( db, readDb );
	await db.schema.createTable( 't', ( t ) => t.text( 'v' ) );
	const page = 'x'.repeat( 4000 );
	for ( let i = 0; i < 50; i++ ) {
		await db( 't' ).insert(
			Array.from( { length: 30 }, () => ( { v: page } ) )
		);
	}
	return { db, readDb };
}

it( 'leaves every frame in the WAL until the background checkpoint copies them all', async () => {
	const { db, readDb } = await written( 1000 );
	expect(
		( await db.raw( 'PRAGMA wal_autocheckpoint' ) )[ 0 ].wal_autocheckpoint
	).toBe( 0 );
	const checkpointer = new WalCheckpointer( readDb, 1000, createLogger() );
	const first = await checkpointer.runOnce();
	// No commit checkpointed on its own: the WAL holds everything written.
	expect( first.log ).toBeGreaterThan( 1000 );
	expect( first.checkpointed ).toBe( first.log );
	expect( first.busy ).toBe( false );
	// Readers see every row; the next writes reuse the WAL from its start.
	expect( ( await readDb( 't' ).count( { n: '*' } ) )[ 0 ].n ).toBe( 1500 );
	await db( 't' ).insert( { v: 'after' } );
	expect( ( await checkpointer.runOnce() ).log ).toBeLessThan( 10 );
} );

it( 'keeps sqlite’s own checkpoints in the commits when the interval is 0', async () => {
	const { db, readDb } = await written( 0 );
	expect(
		( await db.raw( 'PRAGMA wal_autocheckpoint' ) )[ 0 ].wal_autocheckpoint
	).toBe( 1000 );
	const result = await new WalCheckpointer(
		readDb,
		0,
		createLogger()
	).runOnce();
	expect( result.log ).toBeLessThan( 1000 );
} );
