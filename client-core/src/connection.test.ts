import {
	channelAuthorizer,
	connectionStatus,
	pusherOptions,
	keepRealtime,
	type ConnectionStatus,
} from './connection';
import { BridgeError } from './errors';

const config = {
	key: 'k',
	wsHost: 'ws.test',
	wsPort: 6001,
	wssPort: 6002,
	forceTLS: true,
	cluster: '',
};

/** pusher-js as keepRealtime sees it, told which state to go to. */
function fakeConnection() {
	const handlers = new Map< string, ( data: any ) => void >();
	const pusher = {
		connection: {
			state: 'initialized',
			bind: ( event: string, cb: ( data: any ) => void ) =>
				void handlers.set( event, cb ),
		},
		connect: jest.fn(),
		disconnect: jest.fn(),
	};
	return {
		pusher,
		go( current: string ) {
			const previous = pusher.connection.state;
			pusher.connection.state = current;
			handlers.get( 'state_change' )?.( { previous, current } );
		},
	};
}

describe( 'connectionStatus', () => {
	it.each( [
		[ 'initialized', false, null ],
		[ 'connecting', false, 'connecting' ],
		[ 'connecting', true, 'reconnecting' ],
		[ 'connected', false, 'connected' ],
		[ 'unavailable', false, 'reconnecting' ],
		[ 'unavailable', true, 'reconnecting' ],
		[ 'failed', false, 'failed' ],
		[ 'disconnected', true, 'offline' ],
	] )( '%s (was connected: %s) → %s', ( state, ever, status ) => {
		expect( connectionStatus( state, ever ) ).toBe( status );
	} );
} );

describe( 'keepRealtime’s statuses', () => {
	beforeEach( () => jest.useFakeTimers() );
	afterEach( () => jest.useRealTimers() );

	it( 'reports each new status, and when the connection came back', () => {
		const fake = fakeConnection();
		const seen: Array< [ ConnectionStatus, boolean ] > = [];
		keepRealtime( fake.pusher, ( s, back ) => seen.push( [ s, back ] ), {
			window: null,
			document: null,
		} );
		for ( const s of [
			'connecting',
			'connected',
			'unavailable',
			'connecting',
			'unavailable',
			'connected',
			'disconnected',
		] ) {
			fake.go( s );
		}
		expect( seen ).toEqual( [
			[ 'connecting', false ],
			[ 'connected', false ],
			[ 'reconnecting', false ],
			[ 'connected', true ],
			[ 'offline', false ],
		] );
	} );

	it( 'says reconnecting when the first connection cannot be made', () => {
		const fake = fakeConnection();
		const seen: ConnectionStatus[] = [];
		keepRealtime( fake.pusher, ( s ) => seen.push( s ), {
			window: null,
			document: null,
		} );
		fake.go( 'connecting' );
		fake.go( 'unavailable' );
		fake.go( 'connected' );
		expect( seen ).toEqual( [ 'connecting', 'reconnecting', 'connected' ] );
	} );
} );

describe( 'pusherOptions', () => {
	it( 'points pusher-js at the bridge’s server, WebSocket only, no stats', () => {
		const options = pusherOptions( config, jest.fn() );
		expect( options ).toMatchObject( {
			cluster: 'mt1',
			forceTLS: true,
			wsHost: 'ws.test',
			wsPort: 6001,
			wssPort: 6002,
			enabledTransports: [ 'ws', 'wss' ],
			disableStats: true,
			pongTimeout: 10_000,
		} );
		expect( options.channelAuthorization ).toHaveProperty(
			'customHandler'
		);
	} );

	it( 'tries no TLS fallback on a server named with one plain port', () => {
		const plain = { ...config, forceTLS: false, wssPort: config.wsPort };
		expect( pusherOptions( plain, jest.fn() ).enabledTransports ).toEqual( [
			'ws',
		] );
		// A TLS port of its own, or hosted Pusher: pusher-js may fall back to wss.
		expect(
			pusherOptions( { ...plain, wssPort: 6002 }, jest.fn() )
				.enabledTransports
		).toEqual( [ 'ws', 'wss' ] );
		expect(
			pusherOptions( { ...plain, wsHost: '' }, jest.fn() )
				.enabledTransports
		).toEqual( [ 'ws', 'wss' ] );
	} );

	it( 'reaches hosted Pusher through the cluster when no host is named', () => {
		const options = pusherOptions(
			{ ...config, wsHost: '', cluster: 'eu' },
			jest.fn()
		);
		expect( options.cluster ).toBe( 'eu' );
		expect( options ).not.toHaveProperty( 'wsHost' );
	} );
} );

describe( 'channelAuthorizer', () => {
	it( 'answers pusher-js with the bridge’s authorisation or its error', async () => {
		const authorize = jest
			.fn()
			.mockResolvedValueOnce( { auth: 'k:sig' } )
			.mockRejectedValueOnce( new BridgeError( 403, 'forbidden', 'No.' ) )
			.mockRejectedValueOnce( 'odd' );
		const handler = channelAuthorizer( authorize );
		const results: unknown[][] = [];
		for ( let i = 0; i < 3; i++ ) {
			await new Promise< void >( ( resolve ) =>
				handler(
					{ socketId: '1.2', channelName: 'private-x' },
					( ...args ) => {
						results.push( args );
						resolve();
					}
				)
			);
		}
		expect( authorize ).toHaveBeenCalledWith( '1.2', 'private-x' );
		expect( results[ 0 ] ).toEqual( [ null, { auth: 'k:sig' } ] );
		expect( results[ 1 ][ 0 ] ).toBeInstanceOf( BridgeError );
		expect( results[ 1 ][ 1 ] ).toBeNull();
		expect( ( results[ 2 ][ 0 ] as Error ).message ).toBe( 'odd' );
	} );
} );
