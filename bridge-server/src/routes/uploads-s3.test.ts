/**
 * Uploads with UPLOAD_DRIVER=s3 against a local S3-compatible server (s3rver): the bytes go to
 * the bucket as `<prefix><id>`, come back exact to the advisor, and the sweep deletes the
 * object. A store that fails answers 503 `storage_unavailable` and leaves no upload behind.
 */
import { newClientId, chat } from '../test-utils/chat';
import { advisorToken, startBridge, type Harness } from '../test-utils/harness';
import { jpeg, png } from '../test-utils/images';
import { startS3Server, type S3TestServer } from '../test-utils/s3-server';

const DAY = 24 * 3600_000;
let s3: S3TestServer;
let h: Harness;
beforeAll( async () => {
	s3 = await startS3Server();
	h = await startBridge( { ...s3.env, S3_PREFIX: 'chat/uploads/' } );
	await h.ctx.services.uploads.stop(); // sweeps run when the test says
} );
afterAll( async () => {
	await h?.close();
	await s3?.close();
} );

it( 'stores images in the bucket, serves them to the advisor, and sweeps unattached ones from it', async () => {
	const c = chat( h );
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	const image = jpeg( 640, 480 );
	const up = await c.upload( v.token, image );
	expect( up.status ).toBe( 201 );
	const sent = up.body.upload.id as string;
	expect( await s3.keys() ).toEqual( [ `chat/uploads/${ sent }` ] );

	const msg = await c.call( 'POST', `/v1/conversations/${ id }/messages`, {
		token: v.token,
		body: { clientId: newClientId(), uploadId: sent, text: 'Receipt' },
	} );
	expect( msg.status ).toBe( 201 );
	const anna = await advisorToken( h.site, '31', { name: 'Anna' } );
	const [ shown ] = ( await c.messages( anna, id ) ).filter(
		( m ) => m.kind === 'image'
	);
	const served = await fetch( h.url + shown.meta!.image!.url );
	expect( served.status ).toBe( 200 );
	expect( served.headers.get( 'content-type' ) ).toBe( 'image/jpeg' );
	expect( Buffer.from( await served.arrayBuffer() ) ).toEqual( image );

	// An image picked and never sent: swept from the table and the bucket; the sent one stays.
	const stale = ( await c.upload( v.token, png( 3, 3 ) ) ).body.upload
		.id as string;
	expect( await h.ctx.services.uploads.sweep( Date.now() + 2 * DAY ) ).toBe(
		1
	);
	expect( await s3.keys() ).toEqual( [ `chat/uploads/${ sent }` ] );
	expect( ( await fetch( `${ h.url }/v1/uploads/${ stale }` ) ).status ).toBe(
		404
	);
	expect( ( await fetch( h.url + shown.meta!.image!.url ) ).status ).toBe(
		200
	);

	// Bytes lost from the bucket read as an unknown upload, not an error.
	const lost = ( await c.upload( v.token, png( 4, 4 ) ) ).body.upload
		.id as string;
	await h.ctx.services.uploads.sweep( Date.now() + 2 * DAY ); // object and row go
	await h.ctx.db( 'uploads' ).insert( {
		id: lost,
		site_id: h.site.id,
		owner_type: 'visitor',
		owner_id: v.visitorId,
		type: 'image/png',
		bytes: 1,
		message_id: null,
		created_at: new Date().toISOString(),
	} );
	expect( ( await fetch( `${ h.url }/v1/uploads/${ lost }` ) ).status ).toBe(
		404
	);
} );

it( 'answers 503 storage_unavailable when the bucket cannot be used, and keeps no upload', async () => {
	const broken = await startBridge( {
		...s3.env,
		S3_BUCKET: 'no-such-bucket',
	} );
	try {
		const c = chat( broken );
		const v = await c.visitor();
		const up = await c.upload( v.token, png( 2, 2 ) );
		expect( up.status ).toBe( 503 );
		expect( up.body.error ).toEqual( {
			code: 'storage_unavailable',
			message:
				'Image storage is unavailable right now. Try again in a moment.',
		} );
		expect( await broken.ctx.db( 'uploads' ).count( '* as n' ) ).toEqual( [
			{ n: 0 },
		] );
		// A row whose bytes cannot be read now: 503 too, never a broken image served as "gone".
		const id = 'c'.repeat( 32 );
		await broken.ctx.db( 'uploads' ).insert( {
			id,
			site_id: broken.site.id,
			owner_type: 'visitor',
			owner_id: v.visitorId,
			type: 'image/png',
			bytes: 1,
			message_id: null,
			created_at: new Date().toISOString(),
		} );
		expect(
			( await fetch( `${ broken.url }/v1/uploads/${ id }` ) ).status
		).toBe( 503 );
	} finally {
		await broken.close();
	}
} );
