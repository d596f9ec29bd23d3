/**
 * Image type and size from the bytes alone (magic numbers and headers). The client's
 * file name and MIME type are never trusted: only PNG, JPEG, GIF and WebP pass.
 */
import type { ImageType } from '@handoff-chat/contracts';

export interface SniffedImage {
	type: ImageType;
	width?: number;
	height?: number;
}

const startsWith = ( b: Buffer, sig: number[], at = 0 ) =>
	b.length >= at + sig.length && sig.every( ( x, i ) => b[ at + i ] === x );
const ascii = ( b: Buffer, at: number, s: string ) =>
	b.length >= at + s.length &&
	b.toString( 'latin1', at, at + s.length ) === s;

/** Null for anything that is not one of the four accepted formats. */
export function sniffImage( b: Buffer ): SniffedImage | null {
	if ( startsWith( b, [ 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a ] ) ) {
		// The first chunk must be IHDR: width and height, big-endian.
		return ascii( b, 12, 'IHDR' ) && b.length >= 24
			? dims( 'image/png', b.readUInt32BE( 16 ), b.readUInt32BE( 20 ) )
			: { type: 'image/png' };
	}
	if ( ascii( b, 0, 'GIF87a' ) || ascii( b, 0, 'GIF89a' ) ) {
		return b.length >= 10
			? dims( 'image/gif', b.readUInt16LE( 6 ), b.readUInt16LE( 8 ) )
			: { type: 'image/gif' };
	}
	if ( startsWith( b, [ 0xff, 0xd8, 0xff ] ) ) {
		return { type: 'image/jpeg', ...jpegSize( b ) };
	}
	if ( ascii( b, 0, 'RIFF' ) && ascii( b, 8, 'WEBP' ) ) {
		return { type: 'image/webp', ...webpSize( b ) };
	}
	return null;
}

function dims( type: ImageType, width: number, height: number ): SniffedImage {
	return width > 0 && height > 0 ? { type, width, height } : { type };
}

/** Walks the JPEG segments to the first SOFn frame header. */
function jpegSize( b: Buffer ): { width?: number; height?: number } {
	let i = 2;
	while ( i + 9 < b.length ) {
		if ( b[ i ] !== 0xff ) {
			return {};
		}
		const marker = b[ i + 1 ];
		if ( marker === 0xff ) {
			i++; // fill byte
			continue;
		}
		// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
		if (
			marker >= 0xc0 &&
			marker <= 0xcf &&
			marker !== 0xc4 &&
			marker !== 0xc8 &&
			marker !== 0xcc
		) {
			const height = b.readUInt16BE( i + 5 );
			const width = b.readUInt16BE( i + 7 );
			return width && height ? { width, height } : {};
		}
		if ( marker === 0xd9 || marker === 0xda ) {
			return {}; // end of image or start of scan before any frame header
		}
		i += 2 + b.readUInt16BE( i + 2 );
	}
	return {};
}

function webpSize( b: Buffer ): { width?: number; height?: number } {
	if ( ascii( b, 12, 'VP8X' ) && b.length >= 30 ) {
		return {
			width: 1 + b.readUIntLE( 24, 3 ),
			height: 1 + b.readUIntLE( 27, 3 ),
		};
	}
	if (
		ascii( b, 12, 'VP8 ' ) &&
		b.length >= 30 &&
		startsWith( b, [ 0x9d, 0x01, 0x2a ], 23 )
	) {
		return {
			width: b.readUInt16LE( 26 ) & 0x3fff,
			height: b.readUInt16LE( 28 ) & 0x3fff,
		};
	}
	if ( ascii( b, 12, 'VP8L' ) && b.length >= 25 && b[ 20 ] === 0x2f ) {
		const bits = b.readUInt32LE( 21 );
		return {
			width: ( bits & 0x3fff ) + 1,
			height: ( ( bits >> 14 ) & 0x3fff ) + 1,
		};
	}
	return {};
}
