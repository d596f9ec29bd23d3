import {
	authOf,
	BRIDGE,
	fakeBridge,
	json,
	response,
} from '../test-utils/fake-bridge';
import { BridgeError, isNotConfigured } from './errors';
import { createTransport } from './transport';

describe( 'transport', () => {
	it( 'mints one token, reuses it, and refreshes it about a minute before expiry', async () => {
		const { transport, apiFetch, fetch, advance } = fakeBridge();
		fetch.mockImplementation( () =>
			json( 200, { conversation: { id: 'c_1' } } )
		);
		await Promise.all( [
			transport.bridge( '/v1/conversations/c_1' ),
			transport.bridge( '/v1/conversations/c_1' ),
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
		await transport.bridge( '/v1/conversations/c_1' );
		expect( apiFetch ).toHaveBeenCalledTimes( 1 );

		advance( 60_000 + 1 ); // 14 min: within the last minute
		await transport.bridge( '/v1/conversations/c_1' );
		expect( apiFetch ).toHaveBeenCalledTimes( 2 );
		expect( authOf( fetch.mock.calls[ 3 ] ) ).toBe( 'Bearer token-2' );
	} );

	it( 'gets a new token once on a 401, then retries', async () => {
		const { transport, apiFetch, fetch } = fakeBridge();
		fetch
			.mockImplementationOnce( () =>
				json( 401, {
					error: { code: 'unauthorized', message: 'Token expired.' },
				} )
			)
			.mockImplementationOnce( () =>
				json( 200, { messages: [], lastSeq: 0, hasMore: false } )
			);
		await expect(
			transport.bridge( '/v1/conversations/c_1/messages?after=4' )
		).resolves.toEqual( {
			messages: [],
			lastSeq: 0,
			hasMore: false,
		} );
		expect( apiFetch ).toHaveBeenCalledTimes( 2 );
		expect( fetch.mock.calls[ 1 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/conversations/c_1/messages?after=4`
		);
		expect( authOf( fetch.mock.calls[ 1 ] ) ).toBe( 'Bearer token-2' );
	} );

	it( 'does not loop on a second 401', async () => {
		const { transport, fetch } = fakeBridge();
		fetch.mockImplementation( () =>
			json( 401, {
				error: { code: 'unauthorized', message: 'Invalid token.' },
			} )
		);
		await expect( transport.bridge( '/v1/inbox' ) ).rejects.toMatchObject( {
			status: 401,
			message: 'Invalid token.',
		} );
		expect( fetch ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'calls once with a given token, without a retry on a 401', async () => {
		const { transport, apiFetch, fetch } = fakeBridge();
		fetch.mockImplementation( () =>
			json( 401, {
				error: { code: 'unauthorized', message: 'Invalid token.' },
			} )
		);
		const token = await transport.getToken();
		await expect(
			transport.callWith( token, '/v1/sites/site_abc1/config' )
		).rejects.toMatchObject( { status: 401 } );
		expect( fetch ).toHaveBeenCalledTimes( 1 );
		expect( apiFetch ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'turns bridge errors into BridgeError with their message and details', async () => {
		const { transport, fetch } = fakeBridge();
		fetch.mockImplementation( () =>
			json( 409, {
				error: {
					code: 'conflict',
					message: 'This conversation is closed. Reopen it to reply.',
					details: { state: 'closed' },
				},
			} )
		);
		const err = await transport
			.bridge( '/v1/conversations/c_1/messages', {
				method: 'POST',
				body: {},
			} )
			.catch( ( e ) => e );
		expect( err ).toBeInstanceOf( BridgeError );
		expect( err ).toMatchObject( {
			status: 409,
			code: 'conflict',
			message: 'This conversation is closed. Reopen it to reply.',
			details: { state: 'closed' },
		} );
	} );

	it( 'reports network failures and non-JSON errors readably', async () => {
		const { transport, fetch } = fakeBridge();
		fetch.mockImplementationOnce( () =>
			Promise.reject( new TypeError( 'Failed to fetch' ) )
		);
		await expect(
			transport.bridge( '/v1/conversations/c_1' )
		).rejects.toMatchObject( {
			code: 'network',
			status: 0,
		} );
		fetch.mockImplementationOnce( () =>
			response( 502, '<html>Bad gateway</html>' )
		);
		await expect(
			transport.bridge( '/v1/conversations/c_1' )
		).rejects.toMatchObject( {
			status: 502,
			message: 'The chat server answered with an error (502).',
		} );
	} );

	it( 'sends JSON with its content type, FormData without, and reads nothing from a 204', async () => {
		const { transport, fetch } = fakeBridge();
		fetch.mockImplementation( () =>
			Promise.resolve( {
				ok: true,
				status: 204,
				json: () => Promise.reject( new Error( 'no body' ) ),
			} )
		);
		await expect(
			transport.bridge( '/v1/a', { method: 'PUT', body: { a: 1 } } )
		).resolves.toBeNull();
		await transport.bridge( '/v1/b', {
			method: 'POST',
			body: new FormData(),
		} );
		expect( fetch.mock.calls[ 0 ][ 1 ].body ).toBe( '{"a":1}' );
		const headers = fetch.mock.calls.map( ( c ) => c[ 1 ].headers );
		expect( headers[ 0 ][ 'Content-Type' ] ).toBe( 'application/json' );
		expect( headers[ 1 ][ 'Content-Type' ] ).toBeUndefined();
		expect( headers[ 1 ].Accept ).toBe( 'application/json' );
	} );

	it( 'recognises a plugin that is not configured', async () => {
		const transport = createTransport( {
			tokenPath: '/handoff-chat/v1/advisor-token',
			apiFetch: () =>
				Promise.reject( {
					code: 'handoff_chat_not_configured',
					message: 'Not configured.',
					data: { status: 503 },
				} ),
			fetch: jest.fn() as unknown as typeof fetch,
		} );
		const err = await transport.bridge( '/v1/inbox' ).catch( ( e ) => e );
		expect( isNotConfigured( err ) ).toBe( true );
	} );
} );
