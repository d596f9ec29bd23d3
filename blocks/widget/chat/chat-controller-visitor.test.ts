import { CAMILLE } from '../test-utils/fake-bridge';
import { flush } from '../test-utils/fake-realtime';
import {
	loseNextAnswer,
	png,
	posts,
	resetPage,
	setupController as setup,
	setupConversation,
} from '../test-utils/chat-fixtures';

beforeEach( resetPage );

describe( 'images from the visitor', () => {
	it( 'uploads, then sends the uploadId with a clientId, and shows the image', async () => {
		const { bridge, controller } = setup();
		expect( controller.sendImage( png() ) ).toBe( true );
		expect( controller.getState().items ).toMatchObject( [
			{
				kind: 'image',
				status: 'sending',
				meta: { image: { alt: 'cat.png' } },
			},
		] );
		await flush();
		expect(
			bridge.calls.map( ( c ) => `${ c.method } ${ c.path }` )
		).toEqual( [
			'POST /v1/sites/site_1/visitors',
			'POST /v1/conversations',
			'POST /v1/uploads',
			'POST /v1/conversations/c1/messages',
		] );
		const upload = posts( bridge, '/uploads' )[ 0 ];
		expect( upload.body.file ).toBeInstanceOf( Blob );
		expect( upload.token ).toMatch( /^tok/ );
		const [ send ] = posts( bridge, '/messages' );
		expect( send.body ).toEqual( {
			clientId: 'client-id-1',
			uploadId: expect.stringMatching( /^0{31}1$/ ),
		} );
		expect( controller.getState().items ).toMatchObject( [
			{
				kind: 'image',
				status: 'sent',
				key: 'c:client-id-1',
				meta: { image: { url: '/v1/uploads/' + send.body.uploadId } },
			},
		] );
	} );

	it( 'keeps the uploadId and the clientId on retry: one upload, one message', async () => {
		const { bridge, controller } = await setupConversation();
		const sendPath = ( c: { path: string } ) =>
			c.path.endsWith( '/messages' );
		// The upload goes through; the send is lost on the way.
		const real = bridge.fetch;
		let lost: any = null;
		bridge.fetch = async ( url, init ) => {
			if (
				! lost &&
				sendPath( { path: url } ) &&
				String( init.body ?? '' ).includes( 'uploadId' )
			) {
				lost = JSON.parse( String( init.body ) );
				throw new TypeError( 'Failed to fetch' );
			}
			return real( url, init );
		};
		controller.sendImage( png() );
		await flush();
		expect( controller.getState().items[ 1 ].status ).toBe( 'failed' );
		controller.retry( 'client-id-2' );
		await flush();
		expect( posts( bridge, '/uploads' ) ).toHaveLength( 1 );
		const imageSends = posts( bridge, '/messages' ).filter(
			( c ) => c.body.uploadId
		);
		expect( imageSends ).toHaveLength( 1 ); // The lost one never reached the fake.
		expect( imageSends[ 0 ].body ).toEqual( lost );
		expect( lost ).toEqual( {
			clientId: 'client-id-2',
			uploadId: expect.stringMatching( /^0{31}1$/ ),
		} );
		expect( controller.getState().items[ 1 ] ).toMatchObject( {
			kind: 'image',
			status: 'sent',
		} );
		expect(
			bridge.messages.filter( ( m ) => m.kind === 'image' )
		).toHaveLength( 1 );
	} );

	it( 'replays the same clientId and uploadId when the answer was lost (200, no duplicate)', async () => {
		const { bridge, controller } = await setupConversation();
		loseNextAnswer( bridge, ( _url, init ) =>
			String( init.body ?? '' ).includes( 'uploadId' )
		);
		controller.sendImage( png() );
		await flush();
		controller.retry( 'client-id-2' );
		await flush();
		const sends = posts( bridge, '/messages' ).filter(
			( c ) => c.body.uploadId
		);
		expect(
			sends.map( ( c ) => [ c.body.clientId, c.body.uploadId ] )
		).toEqual( [
			[ 'client-id-2', sends[ 0 ].body.uploadId ],
			[ 'client-id-2', sends[ 0 ].body.uploadId ],
		] );
		expect( posts( bridge, '/uploads' ) ).toHaveLength( 1 );
		expect(
			bridge.messages.filter( ( m ) => m.kind === 'image' )
		).toHaveLength( 1 );
		expect(
			controller.getState().items.filter( ( i ) => i.kind === 'image' )
		).toMatchObject( [ { status: 'sent' } ] );
	} );

	it( 'refuses other types and files over 5 MB before any request', async () => {
		const { bridge, controller } = setup();
		expect(
			controller.sendImage(
				new File( [ 'x' ], 'a.svg', { type: 'image/svg+xml' } )
			)
		).toBe( 'type' );
		expect(
			controller.sendImage( png( 'cat.png', 5 * 1024 * 1024 + 1 ) )
		).toBe( 'size' );
		await flush();
		expect( bridge.calls ).toHaveLength( 0 );
		expect( controller.getState().items ).toHaveLength( 0 );
	} );

	it( 'explains 413 (refused for good) and 429 (retry later) from the bridge', async () => {
		const { bridge, controller } = await setupConversation();
		bridge.failNext( {
			status: 413,
			code: 'too_large',
			message: 'Images are limited to 2 MB.',
		} );
		controller.sendImage( png() );
		await flush();
		expect( controller.getState().items[ 1 ] ).toMatchObject( {
			status: 'rejected',
			problem: 'too-large',
		} );
		bridge.failNext( {
			status: 429,
			code: 'rate_limited',
			message: 'Too many uploads.',
		} );
		controller.sendImage( png() );
		await flush();
		expect( controller.getState().items[ 2 ] ).toMatchObject( {
			status: 'failed',
			problem: 'rate-limited',
		} );
		controller.retry( 'client-id-3' );
		await flush();
		const retried = controller
			.getState()
			.items.find( ( i ) => i.key === 'c:client-id-3' )!;
		expect( retried ).toMatchObject( { status: 'sent', seq: 2 } );
		expect( retried.problem ).toBeUndefined();
	} );

	it( 'sends nothing into a closed conversation', async () => {
		const { bridge, rt, controller } = await setupConversation();
		bridge.close( 'c1' );
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		expect( controller.sendImage( png() ) ).toBe( 'closed' );
	} );
} );

describe( 'presence on the visitor channel', () => {
	it( 'is held while the panel is open and a conversation exists, and left on close', async () => {
		const { bridge, rt, controller } = setup();
		controller.setPresent( true );
		await controller.start();
		expect( rt.state.presence ).toEqual( [] ); // No conversation yet: nobody to show.
		controller.send( 'hello' );
		await flush();
		const visitorId = bridge.conversations[ 0 ].visitorId;
		expect( rt.state.present ).toBe(
			`private-visitor-site_1-${ visitorId }`
		);
		controller.setPresent( false );
		expect( rt.state.present ).toBeNull();
		controller.setPresent( true );
		expect( rt.state.present ).toBe(
			`private-visitor-site_1-${ visitorId }`
		);
		// A closed conversation, then a new start: left until the next one exists.
		controller.startNew();
		expect( rt.state.present ).toBeNull();
		controller.send( 'again' );
		await flush();
		expect( rt.state.present ).toBe(
			`private-visitor-site_1-${ visitorId }`
		);
		expect( rt.state.presence ).toEqual( [
			`private-visitor-site_1-${ visitorId }`,
			'(none)',
			`private-visitor-site_1-${ visitorId }`,
			'(none)',
			`private-visitor-site_1-${ visitorId }`,
		] );
		controller.destroy();
		expect( rt.state.present ).toBeNull();
	} );

	it( 'stays off while the panel is closed, even as messages come and go', async () => {
		const { rt } = await setupConversation();
		expect( rt.state.presence ).toEqual( [] );
	} );
} );

describe( 'signals through the controller', () => {
	it( "shows the advisor's typing from the conversation channel only", async () => {
		const { bridge, rt, controller } = await setupConversation();
		rt.state.handlers!.onTyping( {
			conversationId: 'other',
			by: 'advisor',
			name: 'X',
		} );
		expect( controller.getState().advisorTyping ).toBeNull();
		rt.state.handlers!.onTyping( {
			conversationId: 'c1',
			by: 'advisor',
			name: 'Camille',
		} );
		expect( controller.getState().advisorTyping ).toEqual( {
			name: 'Camille',
		} );
		rt.state.handlers!.onMessage(
			bridge.addAdvisorMessage( 'c1', 'Here I am' )
		);
		expect( controller.getState().advisorTyping ).toBeNull();
	} );

	it( 'posts typing only once a conversation exists', async () => {
		const { bridge, controller } = setup();
		controller.typing();
		await flush();
		expect( bridge.calls ).toHaveLength( 0 );
		controller.send( 'hello' );
		await flush();
		controller.typing();
		await flush();
		expect( posts( bridge, '/typing' ) ).toHaveLength( 1 );
	} );

	it( 'comes back to the composer when an advisor reopens the conversation', async () => {
		const { bridge, rt, controller } = await setupConversation();
		rt.state.handlers!.onMessage( bridge.close( 'c1' ) );
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		expect( controller.send( 'more' ) ).toBe( 'closed' );
		expect(
			localStorage.getItem( 'handoff-chat:site_1:active' )
		).toBeNull();
		rt.state.handlers!.onMessage(
			bridge.advise( 'c1', { type: 'reopen', actor: CAMILLE } )
		);
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		expect( localStorage.getItem( 'handoff-chat:site_1:active' ) ).toBe(
			'c1'
		);
		expect( controller.send( 'more' ) ).toBe( true );
		await flush();
		expect(
			controller.getState().items.map( ( i ) => i.meta?.event ?? i.text )
		).toEqual( [ 'hello', 'closed', 'reopened', 'more' ] );
	} );
} );
