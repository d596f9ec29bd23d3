/** Image uploads: multipart, the bridge checks the content. */
import type { Upload } from '@handoff-chat/contracts';
import type { Transport } from './transport';

export interface UploadsApi {
	/** Multipart upload of one image; the bridge checks the content. */
	uploadImage: ( file: Blob, name?: string ) => Promise< Upload >;
}

export function uploadsApi( { bridge }: Transport ): UploadsApi {
	return {
		async uploadImage( file, name = 'image' ) {
			const form = new FormData();
			form.append( 'file', file, name );
			const body = await bridge< { upload: Upload } >( '/v1/uploads', {
				method: 'POST',
				body: form,
			} );
			return body.upload;
		},
	};
}
