/**
 * The fake bridge's image uploads and the small helpers its routes share. The real bridge
 * sniffs the content; the file's type stands in for it here. Refusal texts are the
 * bridge's own (bridge-server/src/services/uploads.ts and routes/uploads.ts).
 */
import { LIMITS, type Upload } from '@handoff-chat/contracts';
import type { z } from 'zod';

/** An answer the bridge refuses with. */
export interface Refusal {
	status: number;
	code: string;
	message: string;
}

export const refusal = (
	status: number,
	code: string,
	message: string
): Refusal => ( { status, code, message } );

export const isRefusal = ( x: unknown ): x is Refusal =>
	!! x && typeof ( x as Refusal ).status === 'number';

/**
 * A body checked with the contracts' schema; a refusal reads as the bridge's (`path: message`).
 * @param schema The request's schema.
 * @param body   What was sent.
 */
export function parse< S extends z.ZodType >(
	schema: S,
	body: unknown
): z.output< S > | Refusal {
	const r = schema.safeParse( body ?? {} );
	if ( r.success ) {
		return r.data;
	}
	const first = r.error.issues[ 0 ];
	const path = first?.path.join( '.' );
	const message = first?.message ?? 'Invalid input.';
	return refusal(
		400,
		'bad_request',
		path ? `${ path }: ${ message }` : message
	);
}

export function fakeUploads() {
	/** Uploads by id: owner and the message that took it, if any. */
	const byId = new Map<
		string,
		{ visitorId: string; messageId: string | null; type: string }
	>();
	return {
		byId,

		/**
		 * `POST /v1/uploads`.
		 * @param visitorId Who uploads.
		 * @param file      The multipart field `file`.
		 */
		create( visitorId: string, file: unknown ): Upload | Refusal {
			if ( ! ( file instanceof Blob ) ) {
				return refusal(
					400,
					'bad_request',
					'Send the image in a field named "file".'
				);
			}
			if ( file.size > LIMITS.uploadBytes ) {
				const mb = LIMITS.uploadBytes / 1024 / 1024;
				return refusal(
					413,
					'too_large',
					`Images are limited to ${ mb } MB.`
				);
			}
			if ( ! /^image\/(png|jpeg|gif|webp)$/.test( file.type ) ) {
				return refusal(
					400,
					'bad_request',
					'file: only PNG, JPEG, GIF and WebP images are accepted (checked by their content).'
				);
			}
			// 128 bits in hex, as the bridge's ids.
			const id = String( byId.size + 1 ).padStart( 32, '0' );
			byId.set( id, { visitorId, messageId: null, type: file.type } );
			return {
				id,
				url: '/v1/uploads/' + id,
				type: file.type,
				bytes: file.size,
			} as Upload;
		},

		/**
		 * The upload as a message's image, or why not (the bridge's UploadsService.claim).
		 * @param visitorId Who sends.
		 * @param uploadId  The upload named.
		 * @param alt       The caption.
		 */
		claim( visitorId: string, uploadId: string, alt: string ) {
			const u = byId.get( uploadId );
			if ( u?.visitorId !== visitorId ) {
				return refusal(
					400,
					'bad_request',
					'uploadId: no such upload of yours. Upload the image first (POST /v1/uploads).'
				);
			}
			if ( u.messageId ) {
				return refusal(
					409,
					'conflict',
					'This upload is already attached to a message. Upload the image again to send it twice.'
				);
			}
			return { url: '/v1/uploads/' + uploadId, alt };
		},

		bind( uploadId: string, messageId: string ) {
			byId.get( uploadId )!.messageId = messageId;
		},
	};
}
