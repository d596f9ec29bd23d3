/** Tiny images built byte by byte: enough header for the content checks, nothing more. */

export function png( width: number, height: number ): Buffer {
	const ihdr = Buffer.alloc( 25 );
	ihdr.writeUInt32BE( 13, 0 );
	ihdr.write( 'IHDR', 4, 'latin1' );
	ihdr.writeUInt32BE( width, 8 );
	ihdr.writeUInt32BE( height, 12 );
	ihdr.set( [ 8, 6, 0, 0, 0 ], 16 ); // 8-bit RGBA
	return Buffer.concat( [
		Buffer.from( [ 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a ] ),
		ihdr,
		Buffer.alloc( 16 ),
	] );
}

export function gif( width: number, height: number ): Buffer {
	const b = Buffer.alloc( 32 );
	b.write( 'GIF89a', 0, 'latin1' );
	b.writeUInt16LE( width, 6 );
	b.writeUInt16LE( height, 8 );
	return b;
}

/** SOI, an APP0 segment, then a SOF0 frame header. */
export function jpeg( width: number, height: number ): Buffer {
	const app0 = Buffer.from( [
		0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0,
		1, 0, 0,
	] );
	const sof = Buffer.alloc( 19 );
	sof.set( [ 0xff, 0xc0, 0x00, 0x11, 0x08 ] );
	sof.writeUInt16BE( height, 5 );
	sof.writeUInt16BE( width, 7 );
	return Buffer.concat( [
		Buffer.from( [ 0xff, 0xd8 ] ),
		app0,
		sof,
		Buffer.from( [ 0xff, 0xd9 ] ),
	] );
}

/** Extended WebP (VP8X): canvas size minus one, 24-bit little-endian. */
export function webp( width: number, height: number ): Buffer {
	const b = Buffer.alloc( 40 );
	b.write( 'RIFF', 0, 'latin1' );
	b.writeUInt32LE( 32, 4 );
	b.write( 'WEBP', 8, 'latin1' );
	b.write( 'VP8X', 12, 'latin1' );
	b.writeUInt32LE( 10, 16 );
	b.writeUIntLE( width - 1, 24, 3 );
	b.writeUIntLE( height - 1, 27, 3 );
	return b;
}

/** Lossless WebP (VP8L): 14-bit width and height minus one after the 0x2f signature. */
export function webpLossless( width: number, height: number ): Buffer {
	const b = Buffer.alloc( 30 );
	b.write( 'RIFF', 0, 'latin1' );
	b.writeUInt32LE( 22, 4 );
	b.write( 'WEBP', 8, 'latin1' );
	b.write( 'VP8L', 12, 'latin1' );
	b.writeUInt32LE( 10, 16 );
	b[ 20 ] = 0x2f;
	b.writeUInt32LE(
		( ( width - 1 ) & 0x3fff ) | ( ( ( height - 1 ) & 0x3fff ) << 14 ),
		21
	);
	return b;
}
