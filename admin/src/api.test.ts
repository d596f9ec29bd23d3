import { DEMO_FLOW } from '@handoff-chat/contracts';
import { BridgeError, createApi, flowIssuesOf, isNotConfigured } from './api';

const BRIDGE = 'https://bridge.test';

// jsdom has no fetch Response: the part api.ts reads is enough.
function response( status: number, text: string ) {
	return Promise.resolve( {
		ok: status >= 200 && status < 300,
		status,
		json: () => Promise.resolve().then( () => JSON.parse( text ) ),
	} );
}
const json = ( status: number, body: unknown ) =>
	response( status, JSON.stringify( body ) );

function setup( { ttlMs = 15 * 60_000 } = {} ) {
	let clock = Date.parse( '2025-01-01T10:00:00Z' );
	let minted = 0;
	const apiFetch = jest.fn( () => {
		minted++;
		return Promise.resolve( {
			token: `token-${ minted }`,
			expiresAt: new Date( clock + ttlMs ).toISOString(),
			bridgeUrl: `${ BRIDGE }/`,
			siteId: 'site_abc1',
		} );
	} );
	const fetch = jest.fn();
	const api = createApi( {
		tokenPath: '/handoff-chat/v1/advisor-token',
		apiFetch,
		fetch: fetch as unknown as typeof globalThis.fetch,
		now: () => clock,
	} );
	return { api, apiFetch, fetch, advance: ( ms: number ) => ( clock += ms ) };
}

const authOf = ( call: unknown[] ) =>
	( call[ 1 ] as RequestInit & { headers: Record< string, string > } ).headers
		.Authorization;

describe( 'api', () => {
	it( 'mints one token, reuses it, and refreshes it about a minute before expiry', async () => {
		const { api, apiFetch, fetch, advance } = setup();
		fetch.mockImplementation( () =>
			json( 200, { conversation: { id: 'c_1' } } )
		);
		await Promise.all( [
			api.getConversation( 'c_1' ),
			api.getConversation( 'c_1' ),
		] );
		expect( apiFetch ).toHaveBeenCalledTimes( 1 );
		expect( apiFetch ).toHaveBeenCalledWith( {
			path: '/handoff-chat/v1/advisor-token',
			method: 'POST',
		} );
		expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/conversations/c_1`
		);
		expect( authOf( fetch.mock.calls[ 0 ] ) ).toBe( 'Bearer token-1' );

		advance( 13 * 60_000 );
		await api.getConversation( 'c_1' );
		expect( apiFetch ).toHaveBeenCalledTimes( 1 );

		advance( 60_000 + 1 ); // 14 min: within the last minute
		await api.getConversation( 'c_1' );
		expect( apiFetch ).toHaveBeenCalledTimes( 2 );
		expect( authOf( fetch.mock.calls[ 3 ] ) ).toBe( 'Bearer token-2' );
	} );

	it( 'gets a new token once on a 401, then retries', async () => {
		const { api, apiFetch, fetch } = setup();
		fetch
			.mockImplementationOnce( () =>
				json( 401, {
					error: { code: 'unauthorized', message: 'Token expired.' },
				} )
			)
			.mockImplementationOnce( () =>
				json( 200, { messages: [], lastSeq: 0, hasMore: false } )
			);
		await expect( api.listMessages( 'c_1', 4 ) ).resolves.toEqual( {
			messages: [],
			lastSeq: 0,
			hasMore: false,
		} );
		expect( apiFetch ).toHaveBeenCalledTimes( 2 );
		expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/conversations/c_1/messages?after=4&limit=200`
		);
		expect( authOf( fetch.mock.calls[ 1 ] ) ).toBe( 'Bearer token-2' );
	} );

	it( 'does not loop on a second 401', async () => {
		const { api, fetch } = setup();
		fetch.mockImplementation( () =>
			json( 401, {
				error: { code: 'unauthorized', message: 'Invalid token.' },
			} )
		);
		await expect(
			api.listInbox( { list: 'live', filter: 'all' } )
		).rejects.toMatchObject( {
			status: 401,
			message: 'Invalid token.',
		} );
		expect( fetch ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'turns bridge errors into BridgeError with their message', async () => {
		const { api, fetch } = setup();
		fetch.mockImplementation( () =>
			json( 409, {
				error: {
					code: 'conflict',
					message: 'This conversation is closed. Reopen it to reply.',
				},
			} )
		);
		const err = await api
			.sendMessage( 'c_1', { clientId: 'client-0001', text: 'Hi' } )
			.catch( ( e ) => e );
		expect( err ).toBeInstanceOf( BridgeError );
		expect( err ).toMatchObject( {
			status: 409,
			code: 'conflict',
			message: 'This conversation is closed. Reopen it to reply.',
		} );
		const init = fetch.mock.calls[ 0 ][ 1 ] as RequestInit;
		expect( init.method ).toBe( 'POST' );
		expect( JSON.parse( String( init.body ) ) ).toEqual( {
			clientId: 'client-0001',
			text: 'Hi',
		} );
	} );

	it( 'reports network failures and non-JSON errors readably', async () => {
		const { api, fetch } = setup();
		fetch.mockImplementationOnce( () =>
			Promise.reject( new TypeError( 'Failed to fetch' ) )
		);
		await expect( api.getConversation( 'c_1' ) ).rejects.toMatchObject( {
			code: 'network',
			status: 0,
		} );
		fetch.mockImplementationOnce( () =>
			response( 502, '<html>Bad gateway</html>' )
		);
		await expect( api.getConversation( 'c_1' ) ).rejects.toMatchObject( {
			status: 502,
			message: 'The chat server answered with an error (502).',
		} );
	} );

	it( 'builds inbox queries and the realtime config URL', async () => {
		const { api, fetch } = setup();
		fetch.mockImplementation( () => json( 200, {} ) );
		await api.listInbox( {
			list: 'closed',
			filter: 'mine',
			cursor: 'abc=',
			limit: 30,
		} );
		expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/inbox?list=closed&filter=mine&cursor=abc%3D&limit=30`
		);
		await api.getRealtimeConfig();
		expect( fetch.mock.calls[ 1 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/sites/site_abc1/config`
		);
	} );

	it( 'authorises channels for pusher-js with a fresh token and the right body', async () => {
		const { api, fetch } = setup();
		fetch.mockImplementation( () => json( 200, { auth: 'key:sig' } ) );
		const callback = jest.fn();
		api.channelAuthorizer(
			{ socketId: '123.456', channelName: 'private-inbox-site_abc1' },
			callback
		);
		await new Promise( ( r ) => setTimeout( r, 0 ) );
		expect( callback ).toHaveBeenCalledWith( null, { auth: 'key:sig' } );
		expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/realtime/auth`
		);
		expect(
			JSON.parse(
				String( ( fetch.mock.calls[ 0 ][ 1 ] as RequestInit ).body )
			)
		).toEqual( {
			socket_id: '123.456',
			channel_name: 'private-inbox-site_abc1',
		} );

		fetch.mockImplementation( () =>
			json( 403, {
				error: { code: 'forbidden', message: 'Not your conversation.' },
			} )
		);
		const refused = jest.fn();
		api.channelAuthorizer(
			{
				socketId: '123.456',
				channelName: 'private-conversation-site_abc1-c_9',
			},
			refused
		);
		await new Promise( ( r ) => setTimeout( r, 0 ) );
		expect( refused.mock.calls[ 0 ][ 0 ] ).toBeInstanceOf( BridgeError );
		expect( refused.mock.calls[ 0 ][ 1 ] ).toBeNull();
	} );

	it( 'recognises a plugin that is not configured', async () => {
		const api = createApi( {
			tokenPath: '/handoff-chat/v1/advisor-token',
			apiFetch: () =>
				Promise.reject( {
					code: 'handoff_chat_not_configured',
					message: 'Not configured.',
					data: { status: 503 },
				} ),
			fetch: jest.fn() as unknown as typeof fetch,
		} );
		const err = await api
			.listInbox( { list: 'live', filter: 'all' } )
			.catch( ( e ) => e );
		expect( isNotConfigured( err ) ).toBe( true );
	} );

	describe( 'flows and variables', () => {
		it( 'lists, reads, puts and deletes flows (204 has no body)', async () => {
			const { api, fetch } = setup();
			fetch
				.mockImplementationOnce( () =>
					json( 200, { flows: [ { id: 'demo' } ] } )
				)
				.mockImplementationOnce( () =>
					json( 200, {
						flow: DEMO_FLOW,
						createdAt: 'a',
						updatedAt: 'b',
					} )
				)
				.mockImplementationOnce( () =>
					json( 200, {
						flow: DEMO_FLOW,
						createdAt: 'a',
						updatedAt: 'c',
					} )
				)
				.mockImplementationOnce( () =>
					Promise.resolve( {
						ok: true,
						status: 204,
						json: () => Promise.reject( new Error( 'no body' ) ),
					} )
				);
			expect( await api.listFlows() ).toEqual( [ { id: 'demo' } ] );
			expect( ( await api.getFlow( 'demo' ) ).flow.id ).toBe( 'demo' );
			expect( ( await api.putFlow( DEMO_FLOW ) ).updatedAt ).toBe( 'c' );
			await expect(
				api.deleteFlow( 'old flow' )
			).resolves.toBeUndefined();

			expect(
				fetch.mock.calls.map( ( c ) => [
					c[ 0 ],
					c[ 1 ].method ?? 'GET',
				] )
			).toEqual( [
				[ `${ BRIDGE }/v1/flows`, 'GET' ],
				[ `${ BRIDGE }/v1/flows/demo`, 'GET' ],
				[ `${ BRIDGE }/v1/flows/demo`, 'PUT' ],
				[ `${ BRIDGE }/v1/flows/old%20flow`, 'DELETE' ],
			] );
			expect( JSON.parse( fetch.mock.calls[ 2 ][ 1 ].body ) ).toEqual(
				DEMO_FLOW
			);
			// A plain save replaces: no precondition.
			expect(
				fetch.mock.calls[ 2 ][ 1 ].headers[ 'If-None-Match' ]
			).toBeUndefined();
		} );

		it( 'creates a flow only if its id is free, with the token kept', async () => {
			const { api, fetch } = setup();
			fetch.mockImplementation( () =>
				json( 201, { flow: DEMO_FLOW, createdAt: 'a', updatedAt: 'a' } )
			);
			await api.putFlow( DEMO_FLOW, { create: true } );
			const headers = fetch.mock.calls.at( -1 )[ 1 ].headers;
			expect( headers[ 'If-None-Match' ] ).toBe( '*' );
			expect( headers.Authorization ).toMatch( /^Bearer / );
			expect( headers[ 'Content-Type' ] ).toBe( 'application/json' );
		} );

		it( "keeps the bridge's error details: a flow's issues on a 400", async () => {
			const { api, fetch } = setup();
			const details = [
				{
					path: 'sequences.1.steps.0.then',
					message: 'unknown sequence "x"',
				},
				{ nonsense: true },
			];
			fetch.mockImplementation( () =>
				json( 400, {
					error: {
						code: 'bad_request',
						message: 'The flow has 1 problem',
						details,
					},
				} )
			);
			const e = await api.putFlow( DEMO_FLOW ).catch( ( x ) => x );
			expect( e ).toBeInstanceOf( BridgeError );
			expect( e.status ).toBe( 400 );
			expect( flowIssuesOf( e ) ).toEqual( [ details[ 0 ] ] );
			expect( flowIssuesOf( new Error( 'x' ) ) ).toEqual( [] );
		} );

		it( 'reads the visitor variables of a conversation', async () => {
			const { api, fetch } = setup();
			fetch.mockImplementation( () =>
				json( 200, {
					variables: [
						{ name: 'PRENOM', value: 'Léa', updatedAt: 'x' },
					],
				} )
			);
			expect( await api.getVariables( 'c_1' ) ).toEqual( [
				{ name: 'PRENOM', value: 'Léa', updatedAt: 'x' },
			] );
			expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
				`${ BRIDGE }/v1/conversations/c_1/variables`
			);
		} );
	} );

	describe( 'inbox calls', () => {
		it( 'sends notes, patches, reads older history and puts variables as JSON', async () => {
			const { api, fetch } = setup();
			fetch.mockImplementation( () =>
				json( 200, {
					message: { id: 'm_1' },
					conversation: { id: 'c_1' },
					variables: [],
					messages: [],
					lastSeq: 0,
					hasMore: false,
				} )
			);
			await api.addNote( 'c_1', {
				clientId: 'client-0001',
				text: 'VIP',
			} );
			await api.patchConversation( 'c_1', {
				type: 'assign',
				advisorId: null,
			} );
			await api.listMessagesBefore( 'c_1', 5001 );
			await api.putVariables( 'c_1', { EMAIL: 'a@b.c', OLD: null } );
			await api.sendTyping( 'c_1' );
			const calls = fetch.mock.calls.map( ( [ url, init ] ) => [
				url,
				init.method ?? 'GET',
				init.body ?? null,
				init.headers[ 'Content-Type' ] ?? null,
			] );
			expect( calls ).toEqual( [
				[
					`${ BRIDGE }/v1/conversations/c_1/notes`,
					'POST',
					'{"clientId":"client-0001","text":"VIP"}',
					'application/json',
				],
				[
					`${ BRIDGE }/v1/conversations/c_1`,
					'PATCH',
					'{"type":"assign","advisorId":null}',
					'application/json',
				],
				[
					`${ BRIDGE }/v1/conversations/c_1/messages?before=5001&limit=100`,
					'GET',
					null,
					null,
				],
				[
					`${ BRIDGE }/v1/conversations/c_1/variables`,
					'PUT',
					'{"variables":{"EMAIL":"a@b.c","OLD":null}}',
					'application/json',
				],
				[
					`${ BRIDGE }/v1/conversations/c_1/typing`,
					'POST',
					'{}',
					'application/json',
				],
			] );
		} );

		it( 'uploads multipart (the browser sets the boundary), then sends { clientId, uploadId }', async () => {
			const { api, fetch } = setup();
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
			const upload = await api.uploadImage( file, 'map.png' );
			await api.sendMessage( 'c_1', {
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

		it( 'reads the summary, who is online, colleagues, search and settings', async () => {
			const { api, fetch } = setup();
			fetch.mockImplementation( ( url: string ) => {
				if ( url.endsWith( '/online' ) ) {
					return json( 200, { visitorIds: [ 'v_1' ] } );
				}
				if ( url.endsWith( '/advisors' ) ) {
					return json( 200, { advisors: [ { id: '7' } ] } );
				}
				return json( 200, {
					toHandle: 3,
					results: [],
					nextCursor: null,
					settings: {},
				} );
			} );
			expect( await api.getSummary() ).toMatchObject( { toHandle: 3 } );
			expect( await api.getOnlineVisitors() ).toEqual( [ 'v_1' ] );
			expect( await api.listAdvisors() ).toEqual( [ { id: '7' } ] );
			await api.search( 'Lyon & co', 'cur' );
			await api.putSettings( { pseudonymTemplate: '{{NOM}}' } );
			expect( fetch.mock.calls.map( ( c ) => c[ 0 ] ) ).toEqual( [
				`${ BRIDGE }/v1/inbox/summary`,
				`${ BRIDGE }/v1/inbox/online`,
				`${ BRIDGE }/v1/advisors`,
				`${ BRIDGE }/v1/search?q=Lyon+%26+co&cursor=cur`,
				`${ BRIDGE }/v1/settings`,
			] );
			expect( fetch.mock.calls[ 4 ][ 1 ].method ).toBe( 'PUT' );
		} );
	} );
} );
