/**
 * What the visitor may attach, checked before any upload so a wrong file costs no request.
 * The browser's type is only a hint: the bridge checks the content again.
 */
import type { ImageType } from '@handoff-chat/contracts';
import { truncateText } from '@handoff-chat/contracts/text';
import { MAX_UPLOAD_BYTES } from './limits';

export const ACCEPTED_IMAGE_TYPES: readonly ImageType[] = [
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp',
];

export type ImageRefusal = 'type' | 'size';

/**
 * Null when the file may be uploaded, else why not.
 * @param file The chosen, pasted or dropped file.
 */
export function checkImageFile( file: Blob ): ImageRefusal | null {
	if (
		! ( ACCEPTED_IMAGE_TYPES as readonly string[] ).includes( file.type )
	) {
		return 'type';
	}
	return file.size > MAX_UPLOAD_BYTES ? 'size' : null;
}

/**
 * A file's name as the browser gave it (pasted images often have none).
 * @param file The file.
 */
export function fileName( file: Blob ): string {
	const name = ( file as Partial< File > ).name;
	return typeof name === 'string' ? truncateText( name, 200 ) : '';
}

/**
 * Image files among what was pasted or dropped (other items — text, links — are left alone).
 * @param data The clipboard or drag data.
 */
export function filesOf( data: DataTransfer | null | undefined ): File[] {
	if ( ! data ) {
		return [];
	}
	const files = Array.from( data.files ?? [] );
	if ( files.length ) {
		return files;
	}
	// Some browsers expose a pasted screenshot only as an item.
	return Array.from( data.items ?? [] )
		.filter( ( i ) => i.kind === 'file' )
		.map( ( i ) => i.getAsFile() )
		.filter( ( f ): f is File => !! f );
}
