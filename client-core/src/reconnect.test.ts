import {
	RECONNECT_POLICY,
	closeCodeClass,
	keepConnected,
	reconnectDelay,
} from './reconnect';
import { keepRealtime, type ConnectionStatus } from './connection';

describe( 'reconnectDelay', () => {
	const { firstMs, capMs } = RECONNECT_POLICY;

	it( 'retries fast first: within half a second to a second', () => {
		expect( reconnectDelay( 0, () => 0 ) ).toBe( firstMs / 2 );
		expect( reconnectDelay( 0, () => 0.999999 ) ).toBe( firstMs );
		expect( firstMs ).toBeLessThanOrEqual( 1000 );
	} );

	it( 'grows with the attempts, up to the cap and never beyond', () => {
		const top = ( n: number ) => reconnectDelay( n, () => 0.999999 );
		const bounds = [ 0, 1, 2, 3, 4, 5, 6, 7, 20, 1000 ].map( top );
		for ( let i = 1; i < bounds.length; i++ ) {
			expect( bounds[ i ] ).toBeGreaterThanOrEqual( bounds[ i - 1 ] );
		}
		expect( bounds[ 1 ] ).toBeGreaterThan( bounds[ 0 ] );
		expect( bounds[ bounds.length - 1 ] ).toBe( capMs );
		expect( capMs ).toBeLessThanOrEqual( 15_000 );
		expect( reconnectDelay( Infinity, () => 0.5 ) ).toBeLessThanOrEqual(
			capMs
		);
	} );

	it( 'spreads clients lost together: the random source picks the point in the bound', () => {
		for ( const n of [ 0, 3, 50 ] ) {
			const spread = [ 0, 0.25, 0.5, 0.75, 0.999 ].map( ( r ) =>
				reconnectDelay( n, () => r )
			);
			expect( new Set( spread ).size ).toBe( spread.length );
			expect( [ ...spread ].sort( ( a, b ) => a - b ) ).toEqual( spread );
			// Never less than half the bound: an attempt still opening its socket is not cut short.
			expect( spread[ 0 ] * 2 ).toBeGreaterThanOrEqual( spread[ 4 ] );
		}
	} );

	it( 'follows the policy it is given (full jitter, other bounds)', () => {
		const policy = {
			...RECONNECT_POLICY,
			firstMs: 200,
			factor: 2,
			capMs: 1000,
			jitter: 1,
		};
		expect( reconnectDelay( 0, () => 0, policy ) ).toBe( 0 );
		expect( reconnectDelay( 2, () => 0.5, policy ) ).toBe( 400 );
		expect( reconnectDelay( 9, () => 0.999999, policy ) ).toBe( 1000 );
	} );
} );

describe( 'closeCodeClass', () => {
	it.each( [
		[ 1006, null ],
		[ 1000, null ],
		[ 4000, 'tls' ],
		[ 4001, 'refused' ],
		[ 4009, 'refused' ],
		[ 4099, 'refused' ],
		[ 4100, 'backoff' ],
		[ 4199, 'backoff' ],
		[ 4200, 'retry' ],
		[ 4201, 'retry' ],
		[ 4299, 'retry' ],
		[ 4301, 'refused' ],
	] )( '%s → %s', ( code, expected ) => {
		expect( closeCodeClass( code ) ).toBe( expected );
	} );
} );

/**
 * pusher-js's connection manager as keepConnected sees it: states, `connect()` starting an
 * attempt only when none is under way, `disconnect()` cancelling its own retry timer, and
 * the `error` event it emits before acting on a close code.
 */
function fakePusher( initial = 'connecting' ) {
	const handlers = new Map< string, Set< ( d: any ) => void > >();
	let ownRetry: ReturnType< typeof setTimeout > | undefined;
	const pusher = {
		connection: {
			state: initial,
			bind( event: string, cb: ( d: any ) => void ) {
				if ( ! handlers.has( event ) ) {
					handlers.set( event, new Set() );
				}
				handlers.get( event )!.add( cb );
			},
			unbind( event: string, cb: ( d: any ) => void ) {
				handlers.get( event )?.delete( cb );
			},
		},
		/** Attempts started by connect() (pusher-js's own retries are not counted). */
		attempts: 0,
		timeline: {
			events: [] as Array< {
				cid: number;
				state: string;
				timestamp: number;
			} >,
		},
		connect: jest.fn( () => {
			if ( pusher.connection.state === 'disconnected' ) {
				pusher.attempts++;
				go( 'connecting' );
			}
		} ),
		disconnect: jest.fn( () => {
			clearTimeout( ownRetry );
			go( 'disconnected' );
		} ),
	};
	const emit = ( event: string, data: unknown ) =>
		handlers.get( event )?.forEach( ( h ) => h( data ) );
	function go( current: string ) {
		const previous = pusher.connection.state;
		pusher.connection.state = current;
		if ( previous !== current ) {
			emit( 'state_change', { previous, current } );
		}
	}
	return {
		pusher,
		go,
		/** A close with this code, as pusher-js handles it (its `tls_only`/`refused`/`backoff`/`retry`). */
		close( code: number ) {
			emit( 'error', {
				type: 'WebSocketError',
				error: { type: 'PusherError', data: { code, message: 'x' } },
			} );
			const cls = closeCodeClass( code );
			if ( cls === 'refused' ) {
				pusher.disconnect();
			} else {
				ownRetry = setTimeout(
					() => go( 'connecting' ),
					cls === 'retry' ? 0 : 1000
				);
			}
		},
		/** A socket's state, as pusher-js's transports log it on its timeline. */
		socket: ( cid: number, state: string ) =>
			pusher.timeline.events.push( {
				cid,
				state,
				timestamp: Date.now(),
			} ),
		/** A `pusher:error` on an established connection: not a close. */
		serverError: ( code: number ) =>
			emit( 'error', { type: 'PusherError', data: { code } } ),
	};
}

function browser() {
	const win = new EventTarget();
	const doc = Object.assign( new EventTarget(), {
		visibilityState: 'visible',
	} );
	return {
		window: win,
		document: doc,
		online: () => win.dispatchEvent( new Event( 'online' ) ),
		visibility( state: 'visible' | 'hidden' ) {
			doc.visibilityState = state;
			doc.dispatchEvent( new Event( 'visibilitychange' ) );
		},
	};
}

describe( 'keepConnected', () => {
	beforeEach( () => jest.useFakeTimers() );
	afterEach( () => jest.useRealTimers() );

	const low = () => 0; // Each delay at the bottom of its bound.
	const d = ( n: number ) => reconnectDelay( n, low );

	it( 'starts a failing attempt afresh after each delay of the policy, and starts over once connected', () => {
		const fake = fakePusher();
		const b = browser();
		keepConnected( fake.pusher, { random: low, ...b } );

		// pusher-js alone would wait 15 s for this attempt; the policy starts a new one sooner.
		jest.advanceTimersByTime( d( 0 ) - 1 );
		expect( fake.pusher.attempts ).toBe( 0 );
		jest.advanceTimersByTime( 1 );
		expect( fake.pusher.attempts ).toBe( 1 );
		jest.advanceTimersByTime( d( 1 ) - 1 );
		expect( fake.pusher.attempts ).toBe( 1 );
		jest.advanceTimersByTime( 1 );
		expect( fake.pusher.attempts ).toBe( 2 );

		// Many failures later, attempts still come at least every capMs (fake clock).
		for ( let i = 0; i < 20; i++ ) {
			const [ before, at ] = [ fake.pusher.attempts, jest.now() ];
			jest.runOnlyPendingTimers();
			expect( fake.pusher.attempts ).toBe( before + 1 );
			expect( jest.now() - at ).toBeLessThanOrEqual(
				RECONNECT_POLICY.capMs
			);
		}

		// Up, then lost again: the fast first retry again.
		fake.go( 'connected' );
		jest.advanceTimersByTime( 60_000 );
		const before = fake.pusher.attempts;
		fake.go( 'connecting' );
		jest.advanceTimersByTime( d( 0 ) );
		expect( fake.pusher.attempts ).toBe( before + 1 );
	} );

	it( 'gives an attempt whose socket is still opening more time (up to capMs), not a new start', () => {
		const fake = fakePusher();
		keepConnected( fake.pusher, { random: low, ...browser() } );
		fake.socket( 1, 'connecting' ); // A slow network, or a server busy with everyone.
		jest.advanceTimersByTime( d( 0 ) + d( 1 ) + d( 2 ) );
		expect( fake.pusher.attempts ).toBe( 0 );
		fake.socket( 1, 'open' ); // Handshaking.
		jest.advanceTimersByTime( d( 3 ) );
		expect( fake.pusher.attempts ).toBe( 0 );
		fake.socket( 1, 'closed' ); // It failed: the next delay ends it.
		jest.runOnlyPendingTimers();
		expect( fake.pusher.attempts ).toBe( 1 );

		// A socket that never opens is given up on after capMs at most.
		fake.socket( 2, 'connecting' );
		const at = jest.now();
		while ( fake.pusher.attempts === 1 ) {
			jest.runOnlyPendingTimers();
		}
		expect( jest.now() - at ).toBeGreaterThanOrEqual(
			RECONNECT_POLICY.capMs
		);
		expect( jest.now() - at ).toBeLessThanOrEqual(
			2 * RECONNECT_POLICY.capMs
		);
	} );

	it( 'reconnects at once when the browser is online again or the page visible again', () => {
		const fake = fakePusher( 'connected' );
		const b = browser();
		keepConnected( fake.pusher, { random: low, ...b } );

		b.online(); // Connected: nothing to do.
		b.visibility( 'visible' );
		expect( fake.pusher.disconnect ).not.toHaveBeenCalled();

		fake.go( 'unavailable' );
		for ( let i = 0; i < 5; i++ ) {
			jest.runOnlyPendingTimers(); // Some failures: long delays now.
		}
		const before = fake.pusher.attempts;
		b.online();
		expect( fake.pusher.attempts ).toBe( before + 1 );
		// …and the next retry is a fast one again.
		jest.advanceTimersByTime( d( 0 ) );
		expect( fake.pusher.attempts ).toBe( before + 2 );

		b.visibility( 'hidden' );
		expect( fake.pusher.attempts ).toBe( before + 2 );
		b.visibility( 'visible' );
		expect( fake.pusher.attempts ).toBe( before + 3 );
	} );

	it( 'does not retry a connection the server refused (4000–4099), not even when online again', () => {
		const fake = fakePusher( 'connected' );
		const b = browser();
		const states: string[] = [];
		keepConnected( fake.pusher, {
			random: low,
			...b,
			onState: ( s ) => states.push( s ),
		} );
		fake.close( 4009 );
		jest.advanceTimersByTime( 120_000 );
		b.online();
		b.visibility( 'visible' );
		expect( fake.pusher.connect ).not.toHaveBeenCalled();
		expect( fake.pusher.connection.state ).toBe( 'disconnected' );
		expect( states ).toEqual( [ 'refused' ] );
	} );

	it( 'backs off after 4100–4199: neither pusher-js’s 1 s retry nor `online` comes sooner', () => {
		const fake = fakePusher( 'connecting' );
		const b = browser();
		const states: string[] = [];
		keepConnected( fake.pusher, {
			random: low,
			...b,
			onState: ( s ) => states.push( s ),
		} );
		fake.close( 4100 );
		const wait = d( RECONNECT_POLICY.backoffAttempt );
		expect( wait ).toBeGreaterThan( 2000 );
		jest.advanceTimersByTime( wait - 1 );
		b.online();
		expect( fake.pusher.connect ).not.toHaveBeenCalled();
		expect( fake.pusher.connection.state ).toBe( 'disconnected' );
		jest.advanceTimersByTime( 1 );
		expect( fake.pusher.connect ).toHaveBeenCalledTimes( 1 );
		expect( fake.pusher.connection.state ).toBe( 'connecting' );
		// The wait is not reported as a disconnection: the connection is still being kept.
		expect( states ).not.toContain( 'disconnected' );
	} );

	it( 'reconnects at once after 4200–4299, with fast retries should that fail', () => {
		const fake = fakePusher( 'connecting' );
		keepConnected( fake.pusher, { random: low, ...browser() } );
		for ( let i = 0; i < 6; i++ ) {
			jest.runOnlyPendingTimers();
		}
		fake.go( 'connected' );
		fake.close( 4200 );
		jest.advanceTimersByTime( 0 );
		expect( fake.pusher.connection.state ).toBe( 'connecting' ); // pusher-js, at once.
		const before = fake.pusher.attempts;
		jest.advanceTimersByTime( d( 0 ) );
		expect( fake.pusher.attempts ).toBe( before + 1 );
	} );

	it( 'ignores a `pusher:error` that closes nothing (a refused subscription)', () => {
		const fake = fakePusher( 'connected' );
		keepConnected( fake.pusher, { random: low, ...browser() } );
		fake.serverError( 4100 );
		fake.serverError( 4009 );
		jest.advanceTimersByTime( 60_000 );
		expect( fake.pusher.disconnect ).not.toHaveBeenCalled();
	} );

	it( 'stops for good on disconnect(): no timer, no listener left', () => {
		const fake = fakePusher( 'connecting' );
		const b = browser();
		const kept = keepConnected( fake.pusher, { random: low, ...b } );
		kept.disconnect();
		expect( fake.pusher.connection.state ).toBe( 'disconnected' );
		jest.advanceTimersByTime( 120_000 );
		b.online();
		expect( fake.pusher.connect ).not.toHaveBeenCalled();
		expect( jest.getTimerCount() ).toBe( 0 );
	} );
} );

describe( 'keepRealtime', () => {
	beforeEach( () => jest.useFakeTimers() );
	afterEach( () => jest.useRealTimers() );

	it( 'reports a restart as reconnecting, not offline, then the reconnection', () => {
		const fake = fakePusher( 'initialized' );
		const seen: Array< [ ConnectionStatus, boolean ] > = [];
		const kept = keepRealtime(
			fake.pusher,
			( s, back ) => seen.push( [ s, back ] ),
			{ random: () => 0, ...browser() }
		);
		fake.go( 'connecting' );
		fake.go( 'connected' );
		fake.go( 'connecting' );
		jest.runOnlyPendingTimers(); // A restart: disconnected, then connecting.
		fake.go( 'connected' );
		kept.disconnect();
		expect( seen ).toEqual( [
			[ 'connecting', false ],
			[ 'connected', false ],
			[ 'reconnecting', false ],
			[ 'connected', true ],
			[ 'offline', false ],
		] );
	} );

	it( 'reports a refused connection as failed', () => {
		const fake = fakePusher( 'connected' );
		const seen: ConnectionStatus[] = [];
		keepRealtime( fake.pusher, ( s ) => seen.push( s ), browser() );
		fake.close( 4001 );
		expect( seen ).toEqual( [ 'failed' ] );
	} );
} );
