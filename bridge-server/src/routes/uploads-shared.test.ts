/**
 * Two built bridge processes on one database and one upload folder (UPLOAD_DIR), as several
 * machines behind a load balancer with a shared mount: an image uploaded and sent through one
 * is listed and served by the other, uploads written by both at once are all readable by both,
 * and an unattached upload made on one is swept by the other (row and file). On PostgreSQL
 * (bridge-pg) each process has its own data folder too, as on separate machines; sqlite3 is a
 * file, so there they share theirs.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { createLogger } from '../logger';
import type { Site } from '../services/sites';
import { createContext } from '../context';
import {
	builtBridgeEnv,
	requireBuiltServer,
	spawnBuiltBridge,
	type BuiltBridge,
} from '../test-utils/built-bridge';
import { newClientId } from '../test-utils/chat';
import { advisorToken, client } from '../test-utils/harness';
import { gif, jpeg, png } from '../test-utils/images';
import { dropDatabaseFor, onPostgres } from '../test-utils/test-database';

const DAY = 24 * 3600_000;
let root: string;
let shared: string;
const bridges: BuiltBridge[] = [];

beforeAll( () => {
	requireBuiltServer();
	root = mkdtempSync( path.join( tmpdir(), 'handoff-shared-uploads-' ) );
	shared = path.join( root, 'shared-uploads' );
} );

afterAll( async () => {
	for ( const b of bridges ) {
		if ( b.child.exitCode === null ) {
			b.child.kill( 'SIGTERM' );
			await b.exited;
		}
	}
	await dropDatabaseFor( path.join( root, 'a' ) );
	rmSync( root, { recursive: true, force: true } );
} );

/** Bridge `name`'s environment: the one database, the shared folder, a realtime port of its own. */
async function envFor( name: 'a' | 'b' ) {
	// On PostgreSQL the database is the one made for folder `a` (builtBridgeEnv remembers it).
	const env = await builtBridgeEnv( path.join( root, 'a' ) );
	return {
		...env,
		DATA_DIR: onPostgres() ? path.join( root, name ) : env.DATA_DIR,
		UPLOAD_DIR: shared,
		UPLOADS_PER_MINUTE: '100',
	};
}

async function upload( base: string, token: string, bytes: Buffer ) {
	const form = new FormData();
	form.append( 'file', new Blob( [ bytes ] ), 'photo.png' );
	const res = await fetch( `${ base }/v1/uploads`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${ token }` },
		body: form,
	} );
	expect( res.status ).toBe( 201 );
	return ( ( await res.json() ) as { upload: { id: string; url: string } } )
		.upload;
}

const download = async ( base: string, url: string ) => {
	const res = await fetch( base + url );
	expect( res.status ).toBe( 200 );
	return Buffer.from( await res.arrayBuffer() );
};

const fileOf = ( id: string ) => path.join( shared, id.slice( 0, 2 ), id );

it( 'serves through one bridge what was uploaded through the other, and sweeps across them', async () => {
	const envA = await envFor( 'a' );
	// The site and a licensed advisor, as the site owner's WordPress would have them.
	const setup = await createContext( loadConfig( envA ), createLogger() );
	const site: Site = await setup.services.sites.create( {
		name: 'Two bridges',
		url: 'http://127.0.0.1',
		demoFlow: true,
	} );
	await setup.services.advisors.syncOne( site.id, '7', {
		displayName: 'Anna',
		email: null,
		avatar: null,
		canAnswer: true,
	} );
	await setup.services.licences.grant( site.id, '7' );
	await setup.close();

	const a = await spawnBuiltBridge( envA );
	bridges.push( a );
	expect( a.log() ).toContain( `"uploads":"disk ${ shared }"` );
	const callA = client( a.url );

	// On A: a visitor uploads an image and sends it; another image is picked and never sent.
	const visitor = (
		await callA( 'POST', `/v1/sites/${ site.id }/visitors`, { body: {} } )
	).body as { visitorId: string; token: string };
	const conversation = (
		await callA( 'POST', '/v1/conversations', {
			token: visitor.token,
			body: { mode: 'live' },
		} )
	).body.conversation as { id: string };
	const image = jpeg( 320, 240 );
	const sent = await upload( a.url, visitor.token, image );
	const stale = await upload( a.url, visitor.token, png( 5, 5 ) );
	expect(
		(
			await callA(
				'POST',
				`/v1/conversations/${ conversation.id }/messages`,
				{
					token: visitor.token,
					body: {
						clientId: newClientId(),
						uploadId: sent.id,
						text: 'The broken part',
					},
				}
			)
		).status
	).toBe( 201 );
	// In the shared folder, not in A's data folder.
	expect( existsSync( fileOf( sent.id ) ) ).toBe( true );
	expect( existsSync( path.join( envA.DATA_DIR, 'uploads' ) ) ).toBe( false );

	// The unattached one is two days old when B starts: B's start-up sweep removes it.
	const db = createDb( loadConfig( envA ).database, createLogger() );
	await db( 'uploads' )
		.where( { id: stale.id } )
		.update( {
			created_at: new Date( Date.now() - 2 * DAY ).toISOString(),
		} );
	await db.destroy();

	const b = await spawnBuiltBridge( await envFor( 'b' ) );
	bridges.push( b );
	const callB = client( b.url );
	const swept = () =>
		b
			.log()
			.split( '\n' )
			.filter( ( l ) => l.includes( 'unattached uploads deleted' ) )
			.map( ( l ) => JSON.parse( l ).removed );
	await waitUntil( () => swept().length > 0 );
	expect( swept() ).toEqual( [ 1 ] );
	expect( existsSync( fileOf( stale.id ) ) ).toBe( false );
	expect(
		( await fetch( `${ b.url }/v1/uploads/${ stale.id }` ) ).status
	).toBe( 404 );
	expect(
		( await fetch( `${ a.url }/v1/uploads/${ stale.id }` ) ).status
	).toBe( 404 );

	// On B: the advisor finds the message and downloads the image, byte for byte.
	const anna = await advisorToken( site, '7', {
		name: 'Anna',
		licensed: false, // already licensed above
	} );
	const messages = (
		await callB(
			'GET',
			`/v1/conversations/${ conversation.id }/messages?after=0&limit=200`,
			{ token: anna }
		)
	).body.messages as Array< { kind: string; meta?: any } >;
	const shown = messages.find( ( m ) => m.kind === 'image' );
	expect( shown?.meta.image.url ).toBe( sent.url );
	expect( ( await download( b.url, sent.url ) ).equals( image ) ).toBe(
		true
	);

	// Both write the folder at once; each serves every image the other wrote.
	const bodies = Array.from( { length: 16 }, ( _, i ) =>
		i % 2 ? gif( 10 + i, 7 ) : png( 10 + i, 9 )
	);
	const ups = await Promise.all(
		bodies.map( ( bytes, i ) =>
			upload( i % 2 ? a.url : b.url, visitor.token, bytes )
		)
	);
	for ( const [ i, up ] of ups.entries() ) {
		const other = i % 2 ? b.url : a.url;
		expect(
			( await download( other, up.url ) ).equals( bodies[ i ] )
		).toBe( true );
	}
	const files = readdirSync( shared, {
		recursive: true,
		withFileTypes: true,
	} )
		.filter( ( d ) => d.isFile() )
		.map( ( d ) => d.name );
	// One file per live upload, no temporary file left.
	expect( files.sort() ).toEqual(
		[ sent.id, ...ups.map( ( u ) => u.id ) ].sort()
	);
} );

/** Polls a condition on what the other process did (it acts on its own time). */
async function waitUntil( ok: () => boolean ): Promise< void > {
	while ( ! ok() ) {
		await new Promise( ( r ) => setTimeout( r, 20 ) );
	}
}
