import { checkImageFile, fileName, filesOf } from './image-file';

const file = ( type: string, bytes = 10, name = 'photo' ) =>
	new File( [ new Uint8Array( bytes ) ], name, { type } );

describe( 'checkImageFile', () => {
	it.each( [ 'image/png', 'image/jpeg', 'image/gif', 'image/webp' ] )(
		'accepts %s',
		( type ) => {
			expect( checkImageFile( file( type ) ) ).toBeNull();
		}
	);

	it.each( [
		'image/svg+xml',
		'image/bmp',
		'image/heic',
		'text/html',
		'application/pdf',
		'',
	] )( 'refuses %p by type', ( type ) => {
		expect( checkImageFile( file( type ) ) ).toBe( 'type' );
	} );

	it( 'accepts exactly 5 MB and refuses a byte more', () => {
		const limit = 5 * 1024 * 1024;
		expect( checkImageFile( file( 'image/png', limit ) ) ).toBeNull();
		expect( checkImageFile( file( 'image/png', limit + 1 ) ) ).toBe(
			'size'
		);
	} );
} );

describe( 'files from the clipboard or a drop', () => {
	it( 'reads files, or file items when the list is empty', () => {
		const a = file( 'image/png' );
		expect( filesOf( { files: [ a ], items: [] } as any ) ).toEqual( [
			a,
		] );
		const items = [
			{ kind: 'string', getAsFile: () => null },
			{ kind: 'file', getAsFile: () => a },
		];
		expect( filesOf( { files: [], items } as any ) ).toEqual( [ a ] );
		expect( filesOf( null ) ).toEqual( [] );
	} );

	it( 'names a file by what the browser gave, and a blob by nothing', () => {
		expect( fileName( file( 'image/png', 1, 'cat.png' ) ) ).toBe(
			'cat.png'
		);
		expect( fileName( new Blob( [ 'x' ] ) ) ).toBe( '' );
	} );
} );
