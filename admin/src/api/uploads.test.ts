import { BRIDGE, fakeBridge, json } from '../test-utils/fake-bridge';
import { conversationsApi } from './conversations';
import { uploadsApi } from './uploads';

describe( 'uploads api', () => {
	it( 'uploads multipart (the browser sets the boundary), then sends { clientId, uploadId }', async () => {
		const { transport, fetch } = fakeBridge();
		fetch
			.mockImplementationOnce( () =>
				json( 201, {
					upload: { id: 'a'.repeat( 32 ), url: '/v1/uploads/x' },
				} )
			)
			.mockImplementationOnce( () =>
				json( 201, { message: { id: 'm_2' } } )
			);
		const file = new Blob( [ 'png' ], { type: 'image/png' } );
		const upload = await uploadsApi( transport ).uploadImage(
			file,
			'map.png'
		);
		await conversationsApi( transport ).sendMessage( 'c_1', {
			clientId: 'client-0002',
			uploadId: upload.id,
		} );
		const [ url, init ] = fetch.mock.calls[ 0 ];
		expect( url ).toBe( `${ BRIDGE }/v1/uploads` );
		expect( init.body ).toBeInstanceOf( FormData );
		expect( ( init.body as FormData ).get( 'file' ) ).toBeInstanceOf(
			Blob
		);
		expect( init.headers[ 'Content-Type' ] ).toBeUndefined();
		expect( fetch.mock.calls[ 1 ][ 1 ].body ).toBe(
			`{"clientId":"client-0002","uploadId":"${ 'a'.repeat( 32 ) }"}`
		);
	} );
} );
