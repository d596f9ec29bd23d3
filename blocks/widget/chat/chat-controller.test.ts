import { storageKeys } from './storage';
import { flush } from '../test-utils/fake-realtime';
import {
	loseNextAnswer,
	posts,
	resetPage,
	setupController as setup,
	setupConversation,
	texts,
	type FakeBridge,
} from '../test-utils/chat-fixtures';

beforeEach( resetPage );

describe( 'opening', () => {
	it( 'costs no request for a first-time visitor', async () => {
		const { bridge, controller } = setup();
		await controller.start();
		expect( bridge.calls ).toHaveLength( 0 );
		expect( controller.getState().phase ).toBe( 'ready' );
	} );

	it( 'refreshes the stored session, finds the open conversation and pages through its messages', async () => {
		const first = await setupConversation( 'Hello' );
		const conversationId = first.id;
		for ( let i = 0; i < 5; i++ ) {
			first.bridge.addAdvisorMessage( conversationId, 'reply ' + i );
		}

		// A new page load: same storage, same bridge.
		const { rt, controller } = setup( { bridge: first.bridge } );
		first.bridge.setPageSize( 2 );
		first.bridge.calls.length = 0;
		await controller.start();

		const [ refresh, current, ...pages ] = first.bridge.calls;
		expect( refresh ).toMatchObject( {
			method: 'POST',
			path: '/v1/sites/site_1/visitors',
		} );
		expect( refresh.body.token ).toBeTruthy();
		expect( current.path ).toBe( '/v1/conversations/current' );
		expect( pages.map( ( c ) => c.path ) ).toEqual( [
			`/v1/conversations/${ conversationId }/messages?after=0`,
			`/v1/conversations/${ conversationId }/messages?after=2`,
			`/v1/conversations/${ conversationId }/messages?after=4`,
		] );
		expect( texts( controller ) ).toEqual( [
			'Hello',
			'reply 0',
			'reply 1',
			'reply 2',
			'reply 3',
			'reply 4',
		] );
		expect( rt.state.subscribed ).toEqual( [
			`private-conversation-site_1-${ conversationId }`,
		] );
	} );
} );

describe( 'sending', () => {
	it( 'sends into the open conversation even when typed before it finished loading', async () => {
		const first = await setupConversation( 'Hello' );
		const { controller } = setup( {
			bridge: first.bridge,
			clientId: () => 'typed-early',
		} );
		void controller.start();
		controller.send( 'Typed at once' );
		await flush();
		expect( first.bridge.conversations ).toHaveLength( 1 );
		expect(
			controller.getState().items.map( ( i ) => [ i.text, i.status ] )
		).toEqual( [
			[ 'Hello', 'sent' ],
			[ 'Typed at once', 'sent' ],
		] );
	} );

	it( 'shows the message at once, then creates session and conversation lazily and confirms it', async () => {
		const { bridge, controller } = setup();
		document.title = 'Shipping';
		expect( controller.send( '  Bonjour  ' ) ).toBe( true );
		expect( controller.getState().items ).toMatchObject( [
			{ text: 'Bonjour', status: 'sending' },
		] );
		await flush();

		expect(
			bridge.calls.map( ( c ) => `${ c.method } ${ c.path }` )
		).toEqual( [
			'POST /v1/sites/site_1/visitors',
			'POST /v1/conversations',
			'POST /v1/conversations/c1/messages',
		] );
		expect( posts( bridge, '/v1/conversations' )[ 0 ].body ).toEqual( {
			pageUrl: window.location.href,
			pageTitle: 'Shipping',
			mode: 'live',
			// The language of the emails that may answer: the page's, else the browser's.
			locale: 'en-US',
		} );
		expect( controller.getState().items ).toMatchObject( [
			{ text: 'Bonjour', status: 'sent', seq: 1, key: 'c:client-id-1' },
		] );
		const stored = JSON.parse(
			localStorage.getItem( storageKeys.session( 'site_1' ) )!
		);
		expect( stored.visitorId ).toBe( 'v1' );
		expect( localStorage.getItem( storageKeys.active( 'site_1' ) ) ).toBe(
			'c1'
		);
	} );

	it( 'cuts a long page title without splitting an emoji (the bridge refuses a lone surrogate)', async () => {
		const { bridge, controller } = setup();
		// 299 letters, then an emoji across the 300-unit limit.
		document.title = 'x'.repeat( 299 ) + '🚚 Shipping';
		controller.send( 'Bonjour' );
		await flush();
		expect( posts( bridge, '/v1/conversations' )[ 0 ].body.pageTitle ).toBe(
			'x'.repeat( 299 )
		);
	} );

	it( 'never sends an empty message or one over the limit', async () => {
		const { bridge, controller } = setup();
		expect( controller.send( '' ) ).toBe( 'empty' );
		expect( controller.send( ' \n\t ' ) ).toBe( 'empty' );
		expect( controller.send( 'x'.repeat( 4001 ) ) ).toBe( 'too-long' );
		await flush();
		expect( bridge.calls ).toHaveLength( 0 );
		expect( controller.getState().items ).toHaveLength( 0 );
	} );

	it( 'keeps the clientId when retrying after a network failure', async () => {
		const { bridge, controller } = setup();
		controller.send( 'first try' );
		await flush();
		expect( controller.getState().items[ 0 ].status ).toBe( 'sent' );

		controller.send( 'lost on the way' );
		bridge.failNext( 'network' );
		await flush();
		expect( controller.getState().items[ 1 ] ).toMatchObject( {
			text: 'lost on the way',
			status: 'failed',
		} );

		controller.retry( 'client-id-2' );
		expect( controller.getState().items[ 1 ].status ).toBe( 'sending' );
		await flush();
		const sends = posts( bridge, '/messages' );
		expect( sends.slice( -2 ).map( ( c ) => c.body.clientId ) ).toEqual( [
			'client-id-2',
			'client-id-2',
		] );
		expect( controller.getState().items[ 1 ] ).toMatchObject( {
			status: 'sent',
			seq: 2,
		} );
	} );

	it( 'treats a 200 replay (the first attempt did arrive) as success, without a duplicate', async () => {
		const { bridge } = await setupConversation();
		// The bridge stored it, but the answer was lost: the retry replays.
		loseNextAnswer(
			bridge,
			( url, init ) =>
				init.method === 'POST' && url.endsWith( '/messages' )
		);
		const { controller: controller2 } = setup( {
			bridge,
			clientId: () => 'same-client-id',
		} );
		await controller2.start();
		controller2.send( 'only once' );
		await flush();
		expect( controller2.getState().items.at( -1 )!.status ).toBe(
			'failed'
		);
		controller2.retry( 'same-client-id' );
		await flush();
		expect(
			texts( controller2 ).filter( ( t ) => t === 'only once' )
		).toHaveLength( 1 );
		expect( controller2.getState().items.at( -1 )!.status ).toBe( 'sent' );
		expect(
			bridge.messages.filter( ( m ) => m.text === 'only once' )
		).toHaveLength( 1 );
	} );

	it( "shows the bridge's message when it refuses a message (4xx)", async () => {
		const { bridge, controller } = await setupConversation();
		bridge.failNext( {
			status: 400,
			code: 'bad_request',
			message: 'text must not be empty',
		} );
		controller.send( 'refused' );
		await flush();
		expect( controller.getState().items[ 1 ] ).toMatchObject( {
			status: 'rejected',
			error: 'text must not be empty',
		} );
		controller.discard( 'client-id-2' );
		expect( controller.getState().items ).toHaveLength( 1 );
	} );

	it( 'refreshes an expired token once and carries on', async () => {
		const { bridge, controller } = await setupConversation();
		const token = bridge.calls.at( -1 )!.token!;
		bridge.expire( token );
		controller.send( 'again' );
		await flush();
		expect( controller.getState().items.map( ( i ) => i.status ) ).toEqual(
			[ 'sent', 'sent' ]
		);
		const refreshes = posts( bridge, '/visitors' );
		expect( refreshes ).toHaveLength( 2 );
		expect( refreshes[ 1 ].body ).toEqual( { token } );
		expect( bridge.messages.map( ( m ) => m.author.id ) ).toEqual( [
			'v1',
			'v1',
		] );
	} );
} );

describe( 'losing the network', () => {
	/**
	 * The browser goes offline (or back): requests fail as fetch fails then, and the
	 * window hears the event, as in a real browser.
	 * @param offline Whether the network is gone.
	 */
	function network( offline: boolean ) {
		jest.spyOn( navigator, 'onLine', 'get' ).mockReturnValue( ! offline );
		window.dispatchEvent( new Event( offline ? 'offline' : 'online' ) );
	}
	/**
	 * Requests fail while the browser is offline.
	 * @param bridge The fake bridge.
	 */
	function cutWhenOffline( bridge: FakeBridge ) {
		const real = bridge.fetch;
		bridge.fetch = ( url, init ) =>
			navigator.onLine
				? real( url, init )
				: Promise.reject( new TypeError( 'Failed to fetch' ) );
	}
	const visitorTexts = ( bridge: FakeBridge, id: string ) =>
		bridge.messages
			.filter(
				( m ) => m.conversationId === id && m.author.type === 'visitor'
			)
			.map( ( m ) => [ m.text, m.clientId ] );

	afterEach( () => jest.restoreAllMocks() );

	it( 'says it is reconnecting, keeps what is typed as sending, then sends it in order once back', async () => {
		const { bridge, controller, id } = await setupConversation( 'Hello' );
		cutWhenOffline( bridge );
		network( true );
		expect( controller.getState().connection ).toBe( 'reconnecting' );

		controller.send( 'one' );
		controller.send( 'two' );
		await flush();
		expect(
			controller.getState().items.map( ( i ) => [ i.text, i.status ] )
		).toEqual( [
			[ 'Hello', 'sent' ],
			[ 'one', 'sending' ],
			[ 'two', 'sending' ],
		] );

		network( false );
		await flush();
		expect( controller.getState().connection ).toBeNull();
		expect( controller.getState().items.map( ( i ) => i.status ) ).toEqual(
			[ 'sent', 'sent', 'sent' ]
		);
		// Once each, in order, with the ids they were given when typed.
		expect( visitorTexts( bridge, id ) ).toEqual( [
			[ 'Hello', 'client-id-1' ],
			[ 'one', 'client-id-2' ],
			[ 'two', 'client-id-3' ],
		] );
	} );

	it( 'sends again what failed as soon as realtime is back, and before anything typed later', async () => {
		const { bridge, controller, id, rt } =
			await setupConversation( 'Hello' );
		// The browser never said it was offline: the send fails like any other.
		bridge.failNext( 'network' );
		controller.send( 'lost' );
		await flush();
		expect( controller.getState().items[ 1 ].status ).toBe( 'failed' );

		rt.state.handlers!.onReconnected();
		await flush();
		expect( controller.getState().items[ 1 ].status ).toBe( 'sent' );

		bridge.failNext( 'network' );
		controller.send( 'lost again' );
		await flush();
		controller.send( 'typed later' );
		await flush();
		expect( visitorTexts( bridge, id ) ).toEqual( [
			[ 'Hello', 'client-id-1' ],
			[ 'lost', 'client-id-2' ],
			[ 'lost again', 'client-id-3' ],
			[ 'typed later', 'client-id-4' ],
		] );
	} );
} );

describe( 'realtime hints and catch-up', () => {
	it( 'merges an event once even when it also comes back from a catch-up', async () => {
		const { bridge, rt, controller, id } =
			await setupConversation( 'Hello' );
		const m = bridge.addAdvisorMessage( id, 'Yes we do' );
		rt.state.handlers!.onMessage( m );
		rt.state.handlers!.onMessage( m );
		rt.state.handlers!.onSubscribed();
		await flush();
		expect( texts( controller ) ).toEqual( [ 'Hello', 'Yes we do' ] );
	} );

	it( 'fetches after the last seq when an event skips one', async () => {
		const { bridge, rt, controller, id } =
			await setupConversation( 'Hello' );
		bridge.addAdvisorMessage( id, 'missed' );
		const third = bridge.addAdvisorMessage( id, 'received' );
		bridge.calls.length = 0;
		rt.state.handlers!.onMessage( third );
		await flush();
		expect( bridge.calls.map( ( c ) => c.path ) ).toEqual( [
			`/v1/conversations/${ id }/messages?after=1`,
		] );
		expect( texts( controller ) ).toEqual( [
			'Hello',
			'missed',
			'received',
		] );
	} );

	it( 'does not loop on the hole a private note leaves', async () => {
		const { bridge, rt, controller, id } =
			await setupConversation( 'Hello' );
		bridge.addNote( id );
		const after = bridge.addAdvisorMessage( id, 'after the note' );
		bridge.calls.length = 0;
		rt.state.handlers!.onMessage( after );
		await flush();
		const next = bridge.addAdvisorMessage( id, 'next' );
		rt.state.handlers!.onMessage( next );
		await flush();
		expect( bridge.calls ).toHaveLength( 1 );
		expect( texts( controller ) ).toEqual( [
			'Hello',
			'after the note',
			'next',
		] );
	} );

	it( 'catches up after a reconnection and when the tab becomes visible', async () => {
		const { bridge, rt, controller, id } =
			await setupConversation( 'Hello' );
		bridge.addAdvisorMessage( id, 'while offline' );
		rt.state.handlers!.onStatus( 'reconnecting' );
		expect( controller.getState().connection ).toBe( 'reconnecting' );
		rt.state.handlers!.onStatus( 'connected' );
		rt.state.handlers!.onReconnected();
		await flush();
		expect( texts( controller ) ).toContain( 'while offline' );

		bridge.addAdvisorMessage( id, 'while hidden' );
		controller.onVisible();
		await flush();
		expect( texts( controller ) ).toContain( 'while hidden' );
	} );

	it( 'shows a closed conversation and starts a new one on the next send', async () => {
		const { bridge, rt, controller, id } =
			await setupConversation( 'Hello' );
		bridge.close( id );
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		expect( controller.getState().conversation?.state ).toBe( 'closed' );
		expect( controller.send( 'more' ) ).toBe( 'closed' );
		expect(
			localStorage.getItem( storageKeys.active( 'site_1' ) )
		).toBeNull();

		controller.startNew();
		expect( controller.getState().items ).toHaveLength( 0 );
		controller.send( 'new question' );
		await flush();
		expect( bridge.conversations ).toHaveLength( 2 );
		expect( bridge.conversations[ 1 ].id ).not.toBe( id );
		expect( rt.state.subscribed.at( -1 ) ).toBe(
			`private-conversation-site_1-${ bridge.conversations[ 1 ].id }`
		);
	} );

	it( 'stays closed when an older view of the conversation arrives after the close', async () => {
		const { bridge, rt, controller, id } =
			await setupConversation( 'Hello' );
		rt.state.handlers!.onMessage( bridge.close( id ) );
		const closed = { ...bridge.conversations[ 0 ] };
		rt.state.handlers!.onConversation( closed );
		// E.g. the answer to a refetch sent just before the close.
		rt.state.handlers!.onConversation( {
			...closed,
			state: 'waiting',
			updatedAt: '2000-01-01T00:00:00.000Z',
		} );
		expect( controller.getState().conversation?.state ).toBe( 'closed' );
		expect( controller.send( 'more' ) ).toBe( 'closed' );
	} );

	it( 'learns of a close it missed from the refusal, and carries the refused message to the new conversation', async () => {
		const { bridge, controller, id } = await setupConversation( 'Hello' );
		bridge.close( id ); // Realtime never says so.
		expect( controller.send( 'still there?' ) ).toBe( true );
		await flush();
		expect( controller.getState().conversation?.state ).toBe( 'closed' );
		expect( controller.getState().items.at( -1 ) ).toMatchObject( {
			text: 'still there?',
			status: 'rejected',
		} );

		controller.startNew();
		await flush();
		expect( bridge.conversations ).toHaveLength( 2 );
		const fresh = bridge.conversations[ 1 ].id;
		expect(
			bridge.messages
				.filter( ( m ) => m.conversationId === fresh )
				.map( ( m ) => m.text )
		).toEqual( [ 'still there?' ] );
		expect( texts( controller ) ).toEqual( [ 'still there?' ] );
		expect( controller.getState().items[ 0 ].status ).toBe( 'sent' );
	} );

	it( 'authorises its channels with the visitor’s token, refreshing an expired one on the way', async () => {
		const { bridge, rt, id } = await setupConversation( 'Hello' );
		const channel = `private-conversation-site_1-${ id }`;
		await expect( rt.state.authorize!( '1.2', channel ) ).resolves.toEqual(
			{ auth: `k:v1:${ channel }` }
		);
		const first = bridge.calls.at( -1 )!;
		expect( first ).toMatchObject( {
			method: 'POST',
			path: '/v1/realtime/auth',
			body: { socket_id: '1.2', channel_name: channel },
		} );

		bridge.expire( first.token! );
		await expect( rt.state.authorize!( '1.2', channel ) ).resolves.toEqual(
			{ auth: `k:v1:${ channel }` }
		);
		const [ refused, refresh, again ] = bridge.calls.slice( -3 );
		expect( refused.token ).toBe( first.token );
		expect( refresh.path ).toBe( '/v1/sites/site_1/visitors' );
		expect( again ).toMatchObject( { path: '/v1/realtime/auth' } );
		expect( again.token ).not.toBe( first.token );
	} );
} );
