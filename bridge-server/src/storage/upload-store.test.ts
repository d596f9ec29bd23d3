/** The UploadStore contract, run against every driver (the disk driver today). */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDiskUploadStore } from './disk';
import { InvalidUploadIdError, type UploadStore } from './types';

const drivers: Array<
	[
		string,
		() => {
			store: UploadStore;
			cleanup: () => void;
			files: () => string[];
		},
	]
> = [
	[
		'disk',
		() => {
			const dir = mkdtempSync(
				path.join( tmpdir(), 'handoff-uploads-' )
			);
			const files = (): string[] =>
				readdirSync( dir, { recursive: true, withFileTypes: true } )
					.filter( ( d ) => d.isFile() )
					.map( ( d ) => d.name );
			return {
				store: createDiskUploadStore( dir ),
				cleanup: () => rmSync( dir, { recursive: true, force: true } ),
				files,
			};
		},
	],
];

describe.each( drivers )( 'UploadStore (%s)', ( _name, make ) => {
	let d: ReturnType< typeof make >;
	beforeEach( () => {
		d = make();
	} );
	afterEach( () => d.cleanup() );
	const id = 'a'.repeat( 32 );

	it( 'puts, gets and deletes by id', async () => {
		expect( await d.store.get( id ) ).toBeNull();
		await d.store.put( id, Buffer.from( 'bytes' ) );
		expect( ( await d.store.get( id ) )?.toString() ).toBe( 'bytes' );
		expect( d.files() ).toEqual( [ id ] ); // no temporary file left behind
		await d.store.delete( id );
		expect( await d.store.get( id ) ).toBeNull();
		await d.store.delete( id ); // absent is fine
	} );

	it( 'refuses any id that is not 32 hex digits, so nothing user-made becomes a path', async () => {
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
		}
		expect( d.files() ).toEqual( [] );
	} );
} );
