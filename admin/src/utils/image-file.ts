/**
 * What the advisor may attach, checked before uploading (the bridge checks the content
 * again): PNG, JPEG, GIF or WebP up to the bridge's default upload limit.
 */
import { __, sprintf } from '@wordpress/i18n';

export const IMAGE_TYPES = [
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp',
] as const;

/** contracts LIMITS.uploadBytes (a test keeps them equal), without importing the validation library. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Why this file cannot be sent, or null when it can. */
export function imageFileProblem( file: {
	type: string;
	size: number;
} ): string | null {
	if ( ! ( IMAGE_TYPES as readonly string[] ).includes( file.type ) ) {
		return __(
			'Only PNG, JPEG, GIF and WebP images can be sent.',
			'handoff-chat'
		);
	}
	if ( file.size > MAX_IMAGE_BYTES ) {
		return sprintf(
			/* translators: %d: the size limit in megabytes, e.g. 5. */
			__(
				'This image is too large: the limit is %d MB.',
				'handoff-chat'
			),
			Math.round( MAX_IMAGE_BYTES / ( 1024 * 1024 ) )
		);
	}
	if ( file.size === 0 ) {
		return __( 'This file is empty.', 'handoff-chat' );
	}
	return null;
}

/** The first image among dropped or pasted items (files only; text pastes stay text). */
export function firstFile(
	list: FileList | File[] | null | undefined
): File | null {
	if ( ! list ) {
		return null;
	}
	return Array.from( list )[ 0 ] ?? null;
}

/** A local preview of a chosen image (revoke it when done); null where the browser cannot. */
export function previewOf( file: File ): string | null {
	try {
		return typeof URL.createObjectURL === 'function'
			? URL.createObjectURL( file )
			: null;
	} catch {
		return null;
	}
}
