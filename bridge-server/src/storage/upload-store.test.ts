/**
 * The UploadStore contract, run against every driver: a folder, and an S3-compatible bucket
 * on a local s3rver. Then what only the s3 driver has: errors of the object store itself.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDiskUploadStore } from './disk';
import { createS3UploadStore } from './s3';
import { InvalidUploadIdError, type UploadStore } from './types';
import { startS3Server, type S3TestServer } from '../test-utils/s3-server';

interface Driver {
	store: UploadStore;
	/** Every stored object's name (file name or key), so nothing extra can hide. */
	names: () => Promise< string[] >;
	cleanup: () => void;
}

let s3: S3TestServer;
beforeAll( async () => {
	s3 = await startS3Server();
} );
afterAll( () => s3?.close() );

const drivers: Array< [ string, () => Promise< Driver > ] > = [
	[
		'disk',
		async () => {
			const dir = mkdtempSync(
				path.join( tmpdir(), 'handoff-uploads-' )
			);
			return {
				store: createDiskUploadStore( dir ),
				names: async () =>
					readdirSync( dir, { recursive: true, withFileTypes: true } )
						.filter( ( d ) => d.isFile() )
						.map( ( d ) => d.name )
						.sort(),
				cleanup: () => rmSync( dir, { recursive: true, force: true } ),
			};
		},
	],
	[
		's3',
		async () => {
			// A prefix per test: the tests share the bucket, not their keys.
			const prefix = `t${ randomBytes( 4 ).toString( 'hex' ) }/`;
			const store = createS3UploadStore( s3.config( { prefix } ) );
			return {
				store,
				names: async () =>
					( await s3.keys() )
						.filter( ( k ) => k.startsWith( prefix ) )
						.map( ( k ) => k.slice( prefix.length ) ),
				cleanup: () => store.close?.(),
			};
		},
	],
];

const hex = ( n: number ) => n.toString( 16 ).padStart( 32, '0' );

describe.each( drivers )( 'UploadStore (%s)', ( _name, make ) => {
	let d: Driver;
	beforeEach( async () => {
		d = await make();
	} );
	afterEach( () => d.cleanup() );
	const id = 'a'.repeat( 32 );

	it( 'puts, gets and deletes by id', async () => {
		expect( await d.store.get( id ) ).toBeNull();
		await d.store.put( id, Buffer.from( 'bytes' ) );
		expect( ( await d.store.get( id ) )?.toString() ).toBe( 'bytes' );
		expect( await d.names() ).toEqual( [ id ] ); // no temporary file left behind
		await d.store.delete( id );
		expect( await d.store.get( id ) ).toBeNull();
		expect( await d.names() ).toEqual( [] );
		await d.store.delete( id ); // absent is fine
	} );

	it( 'keeps every byte: all 256 values, a 2 MB body, an empty one', async () => {
		const every = Buffer.from(
			Array.from( { length: 256 }, ( _, i ) => i )
		);
		const large = randomBytes( 2 * 1024 * 1024 );
		await d.store.put( hex( 1 ), every );
		await d.store.put( hex( 2 ), large );
		await d.store.put( hex( 3 ), Buffer.alloc( 0 ) );
		expect( ( await d.store.get( hex( 1 ) ) )!.equals( every ) ).toBe(
			true
		);
		expect( ( await d.store.get( hex( 2 ) ) )!.equals( large ) ).toBe(
			true
		);
		expect( await d.store.get( hex( 3 ) ) ).toEqual( Buffer.alloc( 0 ) );
	} );

	it( 'takes concurrent puts of different ids, and a second put of an id replaces it whole', async () => {
		const ids = Array.from( { length: 20 }, ( _, i ) => hex( 100 + i ) );
		const body = ( i: number ) =>
			Buffer.from( `image ${ i } `.repeat( 500 ) );
		await Promise.all( ids.map( ( i, n ) => d.store.put( i, body( n ) ) ) );
		const read = await Promise.all( ids.map( ( i ) => d.store.get( i ) ) );
		read.forEach( ( b, n ) => expect( b ).toEqual( body( n ) ) );
		expect( await d.names() ).toEqual( [ ...ids ].sort() );
		await d.store.put( ids[ 0 ], Buffer.from( 'shorter' ) );
		expect( ( await d.store.get( ids[ 0 ] ) )?.toString() ).toBe(
			'shorter'
		);
		await Promise.all( ids.map( ( i ) => d.store.delete( i ) ) );
		expect( await d.names() ).toEqual( [] );
	} );

	it( 'refuses any id that is not 32 hex digits before any I/O, so nothing user-made becomes a path or a key', async () => {
		for ( const bad of [
			'../../etc/passwd',
			'A'.repeat( 32 ),
			'a'.repeat( 31 ),
			`${ 'a'.repeat( 30 ) }/x`,
			'',
		] ) {
			await expect(
				d.store.put( bad, Buffer.from( 'x' ) )
			).rejects.toBeInstanceOf( InvalidUploadIdError );
			await expect( d.store.get( bad ) ).rejects.toBeInstanceOf(
				InvalidUploadIdError
			);
			await expect( d.store.delete( bad ) ).rejects.toBeInstanceOf(
				InvalidUploadIdError
			);
		}
		expect( await d.names() ).toEqual( [] );
	} );

	it( 'says when it can be used', async () => {
		await expect( d.store.check!() ).resolves.toBeUndefined();
	} );
} );

describe( 's3 driver, beyond the contract', () => {
	const id = 'b'.repeat( 32 );

	it( 'sends a custom endpoint no checksum header it did not ask for (refused by several S3-compatible stores)', async () => {
		const seen: http.IncomingHttpHeaders[] = [];
		const store = http.createServer( ( req, res ) => {
			seen.push( req.headers );
			req.resume().on( 'end', () => res.end() );
		} );
		await new Promise< void >( ( r ) =>
			store.listen( 0, '127.0.0.1', () => r() )
		);
		const s3Store = createS3UploadStore(
			s3.config( {
				endpoint: `http://127.0.0.1:${ ( store.address() as AddressInfo ).port }`,
			} )
		);
		try {
			await s3Store.put( id, Buffer.from( 'image' ) );
			expect( seen ).toHaveLength( 1 );
			expect(
				Object.keys( seen[ 0 ] ).filter( ( h ) =>
					/^x-amz-(sdk-)?checksum/.test( h )
				)
			).toEqual( [] );
			expect( seen[ 0 ][ 'content-length' ] ).toBe( '5' );
		} finally {
			s3Store.close?.();
			await new Promise( ( r ) => store.close( r ) );
		}
	} );

	it( 'propagates errors other than an absent key: a missing bucket, unknown credentials', async () => {
		for ( const store of [
			createS3UploadStore( s3.config( { bucket: 'no-such-bucket' } ) ),
			createS3UploadStore(
				s3.config( {
					credentials: {
						accessKeyId: 'UNKNOWN',
						secretAccessKey: 'wrong',
					},
				} )
			),
		] ) {
			await expect(
				store.put( id, Buffer.from( 'x' ) )
			).rejects.toThrow();
			await expect( store.get( id ) ).rejects.toThrow();
			await expect( store.check!() ).rejects.toThrow();
			store.close?.();
		}
	} );

	it( 'fails a call to a store that hangs, within its timeout', async () => {
		// Accepts connections and never answers.
		const sockets = new Set< import( 'node:net' ).Socket >();
		const hung = http.createServer( () => undefined );
		hung.on( 'connection', ( s ) => sockets.add( s ) );
		await new Promise< void >( ( r ) =>
			hung.listen( 0, '127.0.0.1', () => r() )
		);
		const store = createS3UploadStore(
			s3.config( {
				endpoint: `http://127.0.0.1:${ ( hung.address() as AddressInfo ).port }`,
				timeoutMs: 300,
			} )
		);
		try {
			await expect( store.get( id ) ).rejects.toThrow();
			await expect(
				store.put( id, Buffer.from( 'x' ) )
			).rejects.toThrow();
		} finally {
			store.close?.();
			sockets.forEach( ( s ) => s.destroy() );
			await new Promise( ( r ) => hung.close( r ) );
		}
	} );
} );

it( 'loads the AWS SDK only for the s3 driver, so a disk setup never pays for it', () => {
	jest.isolateModules( () => {
		jest.doMock( '@aws-sdk/client-s3', () => {
			throw new Error( 'the AWS SDK was loaded' );
		} );
		const { createUploadStore } =
			require( './index' ) as typeof import( './index' );
		expect( () =>
			createUploadStore( { driver: 'disk', dir: tmpdir() } )
		).not.toThrow();
		expect( () => createUploadStore( s3.config() ) ).toThrow(
			'the AWS SDK was loaded'
		);
	} );
} );
