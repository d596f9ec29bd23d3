/** Image uploads both ways: content checks, storage, serving headers, attachment rules, rate limit. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { conversationChannel } from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { newClientId } from '../test-utils/chat';
import { setUpBridge } from '../test-utils/set-up-bridge';
import { gif, jpeg, png, webp } from '../test-utils/images';

const { h, c } = setUpBridge( {
	UPLOAD_MAX_BYTES: '4096',
	UPLOADS_PER_MINUTE: '5',
} );

it( 'accepts the four formats by content only, stores them under random names and serves them inert', async () => {
	const v = await c.visitor();
	// The client's name and type are ignored: only the bytes count.
	const up = await c.upload( v.token, png( 64, 32 ), {
		name: '../../evil.html',
		type: 'text/html',
	} );
	expect( up.status ).toBe( 201 );
	expect( up.body.upload ).toEqual( {
		id: expect.stringMatching( /^[0-9a-f]{32}$/ ),
		url: `/v1/uploads/${ up.body.upload.id }`,
		type: 'image/png',
		width: 64,
		height: 32,
		bytes: png( 64, 32 ).length,
	} );
	const served = await fetch( h.url + up.body.upload.url );
	expect( served.status ).toBe( 200 );
	expect( Buffer.from( await served.arrayBuffer() ) ).toEqual(
		png( 64, 32 )
	);
	expect(
		Object.fromEntries(
			[
				'content-type',
				'x-content-type-options',
				'content-disposition',
				'cache-control',
				'content-security-policy',
			].map( ( k ) => [ k, served.headers.get( k ) ] )
		)
	).toEqual( {
		'content-type': 'image/png',
		'x-content-type-options': 'nosniff',
		'content-disposition': 'inline',
		'cache-control': 'private, max-age=31536000, immutable',
		'content-security-policy': "default-src 'none'",
	} );

	const advisor = await advisorToken( h.site, '11' );
	for ( const [ bytes, type ] of [
		[ jpeg( 10, 20 ), 'image/jpeg' ],
		[ gif( 3, 4 ), 'image/gif' ],
		[ webp( 5, 6 ), 'image/webp' ],
	] as const ) {
		const r = await c.upload( advisor, bytes, {
			name: 'x.png',
			type: 'image/png',
		} );
		expect( r.body.upload.type ).toBe( type );
		expect(
			( await fetch( h.url + r.body.upload.url ) ).headers.get(
				'content-type'
			)
		).toBe( type );
	}
	const names = readdirSync( path.join( h.dataDir, 'uploads' ), {
		recursive: true,
		withFileTypes: true,
	} )
		.filter( ( d ) => d.isFile() )
		.map( ( d ) => d.name );
	expect( names ).toHaveLength( 4 );
	expect( names.every( ( n ) => /^[0-9a-f]{32}$/.test( n ) ) ).toBe( true );
} );

it( 'refuses what is not an image, too large, malformed or anonymous', async () => {
	const v = await c.visitor();
	const html = await c.upload(
		v.token,
		Buffer.from( '<html><script>alert(1)</script></html>' ),
		{ type: 'image/png' }
	);
	expect( html.status ).toBe( 400 );
	expect( html.body.error.message ).toBe(
		'file: only PNG, JPEG, GIF and WebP images are accepted (checked by their content).'
	);
	const svg = await c.upload(
		v.token,
		Buffer.from( '<svg xmlns="http://www.w3.org/2000/svg"/>' ),
		{ type: 'image/svg+xml', name: 'a.svg' }
	);
	expect( svg.status ).toBe( 400 );
	const big = await c.upload(
		v.token,
		Buffer.concat( [ png( 1, 1 ), Buffer.alloc( 5000 ) ] )
	);
	expect( big.status ).toBe( 413 );
	expect( big.body.error.code ).toBe( 'too_large' );
	const field = await c.upload( v.token, png( 1, 1 ), { field: 'image' } );
	expect( field.status ).toBe( 400 );
	expect( field.body.error.message ).toBe(
		'Send exactly one file, in a field named "file".'
	);
	const json = await c.call( 'POST', '/v1/uploads', {
		token: v.token,
		body: { file: 'x' },
	} );
	expect( json.status ).toBe( 400 );
	expect( json.body.error.message ).toMatch( /multipart\/form-data/ );
	expect( ( await c.upload( null, png( 1, 1 ) ) ).status ).toBe( 401 );
	for ( const id of [
		'f'.repeat( 32 ),
		'nope',
		'..%2F..%2Fbridge.sqlite',
		'F'.repeat( 32 ),
	] ) {
		expect(
			( await fetch( `${ h.url }/v1/uploads/${ id }` ) ).status
		).toBe( 404 );
	}
	expect(
		readdirSync( path.join( h.dataDir, 'uploads' ), {
			recursive: true,
		} ).filter( ( n ) => String( n ).length === 32 + 3 )
	).toHaveLength( 4 );
} );

it( 'rate-limits uploads per principal with Retry-After', async () => {
	const v = await c.visitor();
	for ( let i = 0; i < 5; i++ ) {
		expect( ( await c.upload( v.token, png( 1, 1 ) ) ).status ).toBe( 201 );
	}
	const limited = await c.upload( v.token, png( 1, 1 ) );
	expect( limited.status ).toBe( 429 );
	expect(
		Number( limited.headers.get( 'retry-after' ) )
	).toBeGreaterThanOrEqual( 1 );
	// Someone else is not affected.
	expect(
		( await c.upload( ( await c.visitor() ).token, png( 1, 1 ) ) ).status
	).toBe( 201 );
} );

it( 'sends images both ways, each upload once and only by its uploader', async () => {
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'bot' } ) ).body.conversation
		.id as string;
	const lastSeq = ( await c.conversation( v.token, id ) ).lastSeq;
	const anna = await advisorToken( h.site, '21', { name: 'Anna' } );
	const onVisitor = await c.listen(
		c.connect( v.token ),
		conversationChannel( h.site.id, id )
	);

	const up = ( await c.upload( v.token, jpeg( 800, 600 ) ) ).body.upload;
	const send = ( token: string, body: Record< string, unknown > ) =>
		c.call( 'POST', `/v1/conversations/${ id }/messages`, {
			token,
			body: { clientId: newClientId(), ...body },
		} );
	const sent = await c.call( 'POST', `/v1/conversations/${ id }/messages`, {
		token: v.token,
		body: { clientId: 'image-msg-1', uploadId: up.id, text: 'My receipt' },
	} );
	expect( sent.status ).toBe( 201 );
	expect( sent.body.message ).toEqual(
		expect.objectContaining( {
			kind: 'image',
			text: 'My receipt',
			seq: lastSeq + 1, // the bot does not answer an image
			meta: {
				image: {
					url: up.url,
					alt: 'My receipt',
					width: 800,
					height: 600,
				},
			},
		} )
	);
	expect( await c.conversation( v.token, id ) ).toEqual(
		expect.objectContaining( {
			lastMessagePreview: 'My receipt',
			lastMessageKind: 'image',
		} )
	);
	const replay = await c.call( 'POST', `/v1/conversations/${ id }/messages`, {
		token: v.token,
		body: { clientId: 'image-msg-1', uploadId: up.id, text: 'My receipt' },
	} );
	expect( replay.status ).toBe( 200 );
	expect( replay.body.message.id ).toBe( sent.body.message.id );
	const twice = await send( v.token, { uploadId: up.id } );
	expect( twice.status ).toBe( 409 );
	expect( twice.body.error.message ).toMatch( /already attached/ );

	// Another visitor's upload, or an advisor using the visitor's, reads as unknown.
	const theirs = (
		await c.upload( ( await c.visitor() ).token, png( 2, 2 ) )
	).body.upload;
	expect( ( await send( v.token, { uploadId: theirs.id } ) ).status ).toBe(
		400
	);
	const spare = ( await c.upload( v.token, png( 2, 2 ) ) ).body.upload;
	const borrowed = await send( anna, { uploadId: spare.id } );
	expect( borrowed.status ).toBe( 400 );
	expect( borrowed.body.error.message ).toMatch(
		/^uploadId: no such upload of yours/
	);
	expect( ( await send( v.token, { uploadId: 'not-an-id' } ) ).status ).toBe(
		400
	);
	expect(
		( await send( v.token, { uploadId: spare.id, text: '  ' } ) ).status
	).toBe( 400 );

	// The advisor's image takes the conversation and reaches the visitor live.
	const mine = ( await c.upload( anna, gif( 20, 10 ) ) ).body.upload;
	const reply = await send( anna, { uploadId: mine.id } );
	expect( reply.status ).toBe( 201 );
	expect( reply.body.message.meta.image ).toEqual( {
		url: mine.url,
		alt: '',
		width: 20,
		height: 10,
	} );
	const conv = await c.conversation( anna, id );
	expect( conv ).toEqual(
		expect.objectContaining( {
			state: 'live',
			assignedAdvisorId: '21',
			// No caption: an empty text and the kind, which clients say as "Image".
			lastMessagePreview: '',
			lastMessageKind: 'image',
		} )
	);
	await waitFor(
		() =>
			onVisitor.events.find(
				( e ) => e.data.message?.id === reply.body.message.id
			),
		3000,
		'image on visitor channel'
	);
	expect(
		( await c.messages( v.token, id ) ).filter(
			( m ) => m.kind === 'image'
		)
	).toHaveLength( 2 );
} );
