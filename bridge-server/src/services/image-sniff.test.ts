import { gif, jpeg, png, webp, webpLossless } from '../test-utils/images';
import { sniffImage } from './image-sniff';

it( 'recognises the four formats by their bytes, with their size', () => {
	expect( sniffImage( png( 640, 480 ) ) ).toEqual( {
		type: 'image/png',
		width: 640,
		height: 480,
	} );
	expect( sniffImage( gif( 16, 9 ) ) ).toEqual( {
		type: 'image/gif',
		width: 16,
		height: 9,
	} );
	expect( sniffImage( jpeg( 1920, 1080 ) ) ).toEqual( {
		type: 'image/jpeg',
		width: 1920,
		height: 1080,
	} );
	expect( sniffImage( webp( 300, 200 ) ) ).toEqual( {
		type: 'image/webp',
		width: 300,
		height: 200,
	} );
	expect( sniffImage( webpLossless( 33, 44 ) ) ).toEqual( {
		type: 'image/webp',
		width: 33,
		height: 44,
	} );
} );

it( 'keeps the type without a size when the header is cut short', () => {
	expect( sniffImage( png( 1, 1 ).subarray( 0, 12 ) ) ).toEqual( {
		type: 'image/png',
	} );
	expect(
		sniffImage( Buffer.from( [ 0xff, 0xd8, 0xff, 0xe0, 0x00 ] ) )
	).toEqual( { type: 'image/jpeg' } );
	expect( sniffImage( Buffer.from( 'RIFF\0\0\0\0WEBP', 'latin1' ) ) ).toEqual(
		{ type: 'image/webp' }
	);
} );

it( 'refuses everything else, whatever it claims to be', () => {
	const refused = [
		Buffer.from(
			'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
		),
		Buffer.from( '<html><body>GIF89a</body></html>' ),
		Buffer.from( 'BM' + '\0'.repeat( 40 ), 'latin1' ), // BMP
		Buffer.from( 'RIFF\0\0\0\0WAVEfmt ', 'latin1' ),
		Buffer.from( '%PDF-1.7' ),
		Buffer.from( [ 0x89, 0x50, 0x4e, 0x47 ] ), // truncated PNG signature
		Buffer.alloc( 0 ),
	];
	for ( const b of refused ) {
		expect( sniffImage( b ) ).toBeNull();
	}
} );
