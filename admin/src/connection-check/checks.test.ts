/**
 * The browser check's logic with a fetch and a WebSocket that behave as a browser's do:
 * CORS refusals and network failures both reject fetch() (an opaque no-cors request tells
 * them apart), a refused WebSocket closes with 1006, a wrong key gets pusher:error 4001.
 */
import type { RealtimeClientConfig } from '@handoff-chat/contracts';
import {
	addressCheck,
	hostReach,
	realtimeUrl,
	runBrowserChecks,
	type CheckDeps,
	type CheckInput,
	type WebSocketLike,
} from './checks';

const input: CheckInput = {
	bridgeUrl: 'https://chat.example.com',
	siteId: 'site_1234',
	siteUrl: 'https://shop.example.com/',
	origin: 'https://shop.example.com',
};

const realtime: RealtimeClientConfig = {
	key: 'handoff-chat-key',
	wsHost: 'chat.example.com',
	wsPort: 443,
	wssPort: 443,
	forceTLS: true,
	cluster: 'mt1',
};

type Bridge = 'ok' | 'cors' | 'down' | 'unknown-site' | 'page';

/** fetch() of a browser talking to a bridge in the given state. */
function browserFetch( bridge: Bridge, calls: string[] = [] ): typeof fetch {
	return ( async ( url: string, init?: RequestInit ) => {
		calls.push( `${ init?.mode } ${ url }` );
		if ( bridge === 'down' ) {
			throw new TypeError( 'Failed to fetch' );
		}
		if ( bridge === 'cors' ) {
			if ( init?.mode === 'no-cors' ) {
				return { ok: false, status: 0, type: 'opaque' };
			}
			throw new TypeError( 'Failed to fetch' );
		}
		if ( bridge === 'unknown-site' ) {
			return { ok: false, status: 404, json: async () => ( {} ) };
		}
		if ( bridge === 'page' ) {
			return {
				ok: true,
				status: 200,
				json: async () => {
					throw new SyntaxError( 'Unexpected token <' );
				},
			};
		}
		return {
			ok: true,
			status: 200,
			json: async () => ( { siteId: input.siteId, realtime } ),
		};
	} ) as unknown as typeof fetch;
}

type Server = 'welcome' | 'closed' | 'wrong-key' | 'silent';

/** A browser WebSocket to a server in the given state; `opened` records the URLs. */
function browserWebSocket( server: Server, opened: string[] = [] ) {
	return class FakeSocket implements WebSocketLike {
		onmessage: WebSocketLike[ 'onmessage' ] = null;
		onerror: WebSocketLike[ 'onerror' ] = null;
		onclose: WebSocketLike[ 'onclose' ] = null;
		closed = false;
		constructor( url: string ) {
			opened.push( url );
			queueMicrotask( () => this.serve() );
		}
		private serve() {
			const message = ( data: unknown ) =>
				this.onmessage?.( {
					data: JSON.stringify( data ),
				} as MessageEvent );
			if ( server === 'welcome' ) {
				message( {
					event: 'pusher:connection_established',
					data: '{"socket_id":"1.2","activity_timeout":120}',
				} );
			} else if ( server === 'wrong-key' ) {
				message( {
					event: 'pusher:error',
					data: { code: 4001, message: 'App key does not exist' },
				} );
			} else if ( server === 'closed' ) {
				this.onerror?.( {} as Event );
				this.onclose?.( { code: 1006 } as CloseEvent );
			}
		}
		close() {
			this.closed = true;
		}
	};
}

function deps( bridge: Bridge, server: Server, opened: string[] = [] ) {
	const d: CheckDeps = {
		fetch: browserFetch( bridge ),
		WebSocket: browserWebSocket( server, opened ),
		timeoutMs: 5000,
	};
	return d;
}

describe( 'hostReach', () => {
	it.each( [
		[ '127.0.0.1', 'loopback' ],
		[ 'localhost', 'loopback' ],
		[ '[::1]', 'loopback' ],
		[ '10.1.2.3', 'private' ],
		[ '172.20.0.5', 'private' ],
		[ '192.168.1.20', 'private' ],
		[ 'bridge', 'private' ],
		[ 'chat.internal', 'private' ],
		[ '[fd00::1]', 'private' ],
		[ '93.184.216.34', 'public' ],
		[ 'chat.example.com', 'public' ],
	] )( '%s is %s', ( host, reach ) => {
		expect( hostReach( host ) ).toBe( reach );
	} );
} );

describe( 'addressCheck', () => {
	it( 'fails an http bridge under an https site (mixed content)', () => {
		const r = addressCheck( {
			...input,
			bridgeUrl: 'http://chat.example.com',
		} );
		expect( r ).toMatchObject( { id: 'address', ok: false } );
		expect( r.label ).toMatch( /Mixed content/ );
		expect( r.cause ).toContain( 'http://chat.example.com' );
	} );

	it( 'fails a loopback or private bridge seen from a public site, not from a local one', () => {
		const loop = addressCheck( {
			...input,
			bridgeUrl: 'https://127.0.0.1:8787',
		} );
		expect( loop.ok ).toBe( false );
		expect( loop.cause ).toMatch(
			/127\.0\.0\.1 is the server's own loopback/
		);
		expect(
			addressCheck( { ...input, bridgeUrl: 'https://10.0.0.5' } ).cause
		).toMatch( /private-network address/ );
		expect(
			addressCheck( {
				bridgeUrl: 'http://127.0.0.1:8787',
				siteId: 'site_1234',
				siteUrl: 'http://127.0.0.1:8888/',
				origin: 'http://127.0.0.1:8888',
			} ).ok
		).toBe( true );
	} );
} );

describe( 'realtimeUrl', () => {
	it( 'is what pusher-js opens: wss from an https site even when TLS is not forced', () => {
		expect(
			realtimeUrl(
				{ ...realtime, forceTLS: false, wsPort: 6001, wssPort: 6002 },
				true
			).url
		).toMatch(
			/^wss:\/\/chat\.example\.com:6002\/app\/handoff-chat-key\?protocol=7/
		);
		expect(
			realtimeUrl(
				{ ...realtime, forceTLS: false, wsPort: 6001, wssPort: 6002 },
				false
			).url
		).toMatch( /^ws:\/\/chat\.example\.com:6001\// );
		expect(
			realtimeUrl( { ...realtime, wsHost: '', cluster: 'eu' }, true ).url
		).toMatch( /^wss:\/\/ws-eu\.pusher\.com:443\// );
	} );
} );

describe( 'runBrowserChecks', () => {
	it( 'passes when the bridge answers with CORS and the WebSocket welcomes', async () => {
		const opened: string[] = [];
		const { results, realtimeUrl: url } = await runBrowserChecks(
			input,
			deps( 'ok', 'welcome', opened )
		);
		expect( results.map( ( r ) => [ r.id, r.ok ] ) ).toEqual( [
			[ 'address', true ],
			[ 'http', true ],
			[ 'websocket', true ],
		] );
		expect( opened ).toEqual( [
			'wss://chat.example.com:443/app/handoff-chat-key?protocol=7&client=js&version=8.4.0&flash=false',
		] );
		expect( url ).toBe( 'wss://chat.example.com:443' );
	} );

	it( 'tells a CORS refusal from an unreachable bridge', async () => {
		const calls: string[] = [];
		const cors = await runBrowserChecks( input, {
			...deps( 'cors', 'welcome' ),
			fetch: browserFetch( 'cors', calls ),
		} );
		expect( cors.results[ 1 ] ).toMatchObject( { id: 'http', ok: false } );
		expect( cors.results[ 1 ].label ).toMatch( /CORS/ );
		expect( cors.results[ 1 ].action ).toContain(
			"Add https://shop.example.com to the bridge's CORS_ORIGINS"
		);
		expect( calls ).toEqual( [
			'cors https://chat.example.com/v1/sites/site_1234/config',
			'no-cors https://chat.example.com/v1/sites/site_1234/config',
		] );
		// Without the bridge's answer there is no WebSocket address to try.
		expect( cors.results[ 2 ] ).toMatchObject( {
			id: 'websocket',
			ok: false,
		} );

		const down = await runBrowserChecks( input, deps( 'down', 'welcome' ) );
		expect( down.results[ 1 ].label ).toBe(
			'This browser cannot reach the bridge'
		);
		expect( down.results[ 1 ].cause ).toMatch( /could not connect to/ );
	} );

	it( 'names an unknown site id and a bridge URL that leads to a page', async () => {
		expect(
			(
				await runBrowserChecks(
					input,
					deps( 'unknown-site', 'welcome' )
				)
			).results[ 1 ].label
		).toBe( 'The bridge does not know this site id' );
		expect(
			( await runBrowserChecks( input, deps( 'page', 'welcome' ) ) )
				.results[ 1 ].cause
		).toMatch(
			/answered HTTP 200 instead of the bridge's site configuration/
		);
	} );

	it( 'fails with the WebSocket cause when the port is closed or refused', async () => {
		const { results } = await runBrowserChecks(
			input,
			deps( 'ok', 'closed' )
		);
		expect( results[ 2 ] ).toMatchObject( { id: 'websocket', ok: false } );
		expect( results[ 2 ].cause ).toBe(
			'WebSocket port closed or refused: the browser could not open wss://chat.example.com:443.'
		);
		expect( results[ 2 ].action ).toContain( 'open port 443' );
	} );

	it( 'fails a WebSocket server named without TLS for an https site (mixed content)', async () => {
		const opened: string[] = [];
		const d = deps( 'ok', 'welcome', opened );
		d.fetch = ( async () => ( {
			ok: true,
			status: 200,
			json: async () => ( {
				realtime: {
					...realtime,
					forceTLS: false,
					wsPort: 6001,
					wssPort: 6001,
				},
			} ),
		} ) ) as unknown as typeof fetch;
		const { results } = await runBrowserChecks( input, d );
		expect( results[ 2 ].cause ).toMatch(
			/^Mixed content: the bridge names its WebSocket server \(chat\.example\.com\) without TLS/
		);
		expect( opened ).toEqual( [] );
	} );

	it( 'fails on a wrong app key', async () => {
		const { results } = await runBrowserChecks(
			input,
			deps( 'ok', 'wrong-key' )
		);
		expect( results[ 2 ].cause ).toBe(
			'The WebSocket server at wss://chat.example.com:443 refused the app key "handoff-chat-key".'
		);
	} );

	it( 'fails as blocked when the WebSocket never answers', async () => {
		jest.useFakeTimers();
		try {
			const pending = runBrowserChecks( input, deps( 'ok', 'silent' ) );
			await jest.runAllTimersAsync();
			const { results } = await pending;
			expect( results[ 2 ].cause ).toBe(
				'WebSocket port blocked: wss://chat.example.com:443 did not answer within 5 seconds.'
			);
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'fails a realtime host visitors cannot reach without opening it', async () => {
		const opened: string[] = [];
		const d = deps( 'ok', 'welcome', opened );
		d.fetch = ( async () => ( {
			ok: true,
			status: 200,
			json: async () => ( {
				realtime: { ...realtime, wsHost: '127.0.0.1' },
			} ),
		} ) ) as unknown as typeof fetch;
		const { results } = await runBrowserChecks( input, d );
		expect( results[ 2 ].cause ).toMatch(
			/127\.0\.0\.1 is the server's own loopback/
		);
		expect( opened ).toEqual( [] );
	} );
} );
