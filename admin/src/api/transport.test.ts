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

	it( 'drops a revoked token, mints one, and retries once more a second later when that one is refused too', async () => {
		const sleep = jest.fn( () => Promise.resolve() );
		const { options, apiFetch, fetch } = fakeBridge();
		const transport = createTransport( { ...options, sleep } );
		const revoked = () =>
			json( 401, {
				error: {
					code: 'revoked',
					message: 'This advisor access was revoked: sign in again.',
				},
			} );
		fetch
			.mockImplementationOnce( revoked )
			// Minted in the second of the revocation: refused as well.
			.mockImplementationOnce( revoked )
			.mockImplementationOnce( () => json( 200, { advisors: [] } ) );
		await expect( transport.bridge( '/v1/advisors' ) ).resolves.toEqual( {
			advisors: [],
		} );
		expect( fetch.mock.calls.map( authOf ) ).toEqual( [
			'Bearer token-1',
			'Bearer token-2',
			'Bearer token-3',
		] );
		expect( sleep ).toHaveBeenCalledTimes( 1 );
		expect( sleep.mock.calls[ 0 ] ).toEqual( [ 1100 ] );
		expect( apiFetch ).toHaveBeenCalledTimes( 3 );

		// The token that finally worked is the one kept.
		fetch.mockImplementation( () => json( 200, {} ) );
		await transport.bridge( '/v1/inbox' );
		expect( authOf( fetch.mock.calls[ 3 ] ) ).toBe( 'Bearer token-3' );

		// Refused three times: the error, no loop.
		fetch.mockReset();
		fetch.mockImplementation( revoked );
		await expect( transport.bridge( '/v1/inbox' ) ).rejects.toMatchObject( {
			status: 401,
			code: 'revoked',
		} );
		expect( fetch ).toHaveBeenCalledTimes( 3 );
	} );

	it( 'does not wait and retry again after a second 401 that is not a revocation', async () => {
		const sleep = jest.fn( () => Promise.resolve() );
		const { options, fetch } = fakeBridge();
		const transport = createTransport( { ...options, sleep } );
		fetch
			.mockImplementationOnce( () =>
				json( 401, { error: { code: 'revoked', message: 'Revoked.' } } )
			)
			.mockImplementation( () =>
				json( 401, { error: { code: 'unauthorized', message: 'No.' } } )
			);
		await expect( transport.bridge( '/v1/inbox' ) ).rejects.toMatchObject( {
			code: 'unauthorized',
		} );
		expect( fetch ).toHaveBeenCalledTimes( 2 );
		expect( sleep ).not.toHaveBeenCalled();
	} );

	it( 'forgets its token when asked, even one still being minted', async () => {
		const { transport, apiFetch, fetch } = fakeBridge();
		fetch.mockImplementation( () => json( 200, {} ) );
		await transport.bridge( '/v1/inbox' );
		transport.dropToken();
		await transport.bridge( '/v1/inbox' );
		expect( apiFetch ).toHaveBeenCalledTimes( 2 );
		expect( authOf( fetch.mock.calls[ 1 ] ) ).toBe( 'Bearer token-2' );

		// A token asked for before the drop is not the one used after it.
		const before = transport.getToken( true );
		transport.dropToken();
		await transport.bridge( '/v1/inbox' );
		expect( ( await before ).token ).toBe( 'token-3' );
		expect( authOf( fetch.mock.calls[ 2 ] ) ).toBe( 'Bearer token-4' );
		await transport.bridge( '/v1/inbox' );
		expect( authOf( fetch.mock.calls[ 3 ] ) ).toBe( 'Bearer token-4' );
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
