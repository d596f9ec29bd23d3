import type { Channel, ChannelAuthorizationHandler, Options } from 'pusher-js';
import { createRealtime, type PusherLike } from './realtime';

const config = {
	key: 'handoff-chat-key',
	wsHost: '127.0.0.1',
	wsPort: 6001,
	wssPort: 6001,
	forceTLS: false,
	cluster: 'mt1',
};

/** Just enough of pusher-js: channels with bind/unbind/emit and a connection with states. */
function fakePusher() {
	const channels = new Map<
		string,
		{
			subscribed: boolean;
			handlers: Map< string, Set< ( d: unknown ) => void > >;
		}
	>();
	const connectionHandlers = new Map< string, ( d: any ) => void >();
	const channel = ( name: string ) => {
		let c = channels.get( name );
		if ( ! c ) {
			c = { subscribed: false, handlers: new Map() };
			channels.set( name, c );
		}
		return c;
	};
	const pusher: PusherLike & { unsubscribed: string[] } = {
		unsubscribed: [],
		connection: {
			state: 'initialized',
			bind: ( event, cb ) => void connectionHandlers.set( event, cb ),
		},
		subscribe( name ) {
			const c = channel( name );
			return {
				get subscribed() {
					return c.subscribed;
				},
				bind( event: string, cb: ( d: unknown ) => void ) {
					if ( ! c.handlers.has( event ) ) {
						c.handlers.set( event, new Set() );
					}
					c.handlers.get( event )!.add( cb );
				},
				unbind( event: string, cb: ( d: unknown ) => void ) {
					c.handlers.get( event )?.delete( cb );
				},
			} as unknown as Channel;
		},
		unsubscribe( name ) {
			pusher.unsubscribed.push( name );
			channels.delete( name );
		},
		disconnect: jest.fn( () => state( 'disconnected' ) ),
		connect: jest.fn( () => state( 'connecting' ) ),
	};
	function state( current: string ) {
		const previous = pusher.connection.state;
		pusher.connection.state = current;
		connectionHandlers.get( 'state_change' )?.( { previous, current } );
	}
	return {
		pusher,
		emit( name: string, event: string, data?: unknown ) {
			const c = channel( name );
			if ( event === 'pusher:subscription_succeeded' ) {
				c.subscribed = true;
			}
			c.handlers.get( event )?.forEach( ( h ) => h( data ) );
		},
		state,
	};
}

describe( 'realtime connection', () => {
	it( "opens pusher-js with the core's options: the embedded server, channels authorised by the bridge", async () => {
		const fake = fakePusher();
		const authorize = jest.fn().mockResolvedValue( { auth: 'key:sig' } );
		const make = jest.fn( () => fake.pusher );
		createRealtime( config, authorize, make );
		const [ key, options ] = make.mock.calls[ 0 ] as unknown as [
			string,
			Options,
		];
		expect( key ).toBe( 'handoff-chat-key' );
		expect( options ).toMatchObject( {
			wsHost: '127.0.0.1',
			wsPort: 6001,
			forceTLS: false,
		} );
		const callback = jest.fn();
		const { customHandler } = options.channelAuthorization as {
			customHandler: ChannelAuthorizationHandler;
		};
		customHandler(
			{ socketId: '1.2', channelName: 'private-inbox-s' },
			callback
		);
		await Promise.resolve();
		expect( authorize ).toHaveBeenCalledWith( '1.2', 'private-inbox-s' );
		expect( callback ).toHaveBeenCalledWith( null, { auth: 'key:sig' } );
	} );

	it( 'resyncs after every (re)subscription and shares channels between consumers', () => {
		const fake = fakePusher();
		const rt = createRealtime( config, jest.fn(), () => fake.pusher );
		const first = { resync: jest.fn(), onMessage: jest.fn() };
		const offFirst = rt.subscribe(
			'private-inbox-s',
			{ 'message-created': first.onMessage },
			first.resync
		);
		fake.emit( 'private-inbox-s', 'pusher:subscription_succeeded' );
		expect( first.resync ).toHaveBeenCalledTimes( 1 );

		// A second consumer of a subscribed channel resyncs at once.
		const second = { resync: jest.fn(), onMessage: jest.fn() };
		const offSecond = rt.subscribe(
			'private-inbox-s',
			{ 'message-created': second.onMessage },
			second.resync
		);
		expect( second.resync ).toHaveBeenCalledTimes( 1 );

		fake.emit( 'private-inbox-s', 'message-created', { message: 1 } );
		expect( first.onMessage ).toHaveBeenCalledWith( { message: 1 } );
		expect( second.onMessage ).toHaveBeenCalledWith( { message: 1 } );

		// pusher-js resubscribes after a reconnection: both resync again.
		fake.emit( 'private-inbox-s', 'pusher:subscription_succeeded' );
		expect( first.resync ).toHaveBeenCalledTimes( 2 );
		expect( second.resync ).toHaveBeenCalledTimes( 2 );

		offFirst();
		expect( fake.pusher.unsubscribed ).toEqual( [] );
		offSecond();
		expect( fake.pusher.unsubscribed ).toEqual( [ 'private-inbox-s' ] );
	} );

	it( 'reports reconnecting after a drop, and retries a refused subscription', () => {
		jest.useFakeTimers();
		try {
			const fake = fakePusher();
			const rt = createRealtime( config, jest.fn(), () => fake.pusher );
			const seen: string[] = [];
			rt.onStatus( ( s ) => seen.push( s ) );
			fake.state( 'connecting' );
			fake.state( 'connected' );
			fake.state( 'unavailable' );
			fake.state( 'connecting' );
			fake.state( 'connected' );
			expect( seen ).toEqual( [
				'connected',
				'reconnecting',
				'connected',
			] );

			rt.subscribe( 'private-conversation-s-c_1', {}, jest.fn() );
			fake.emit(
				'private-conversation-s-c_1',
				'pusher:subscription_error',
				{ status: 500 }
			);
			jest.advanceTimersByTime( 2_000 );
			expect( fake.pusher.unsubscribed ).toEqual( [
				'private-conversation-s-c_1',
			] );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'keeps the connection with client-core’s policy: a fast retry, at once when online or visible again', () => {
		jest.useFakeTimers();
		try {
			const fake = fakePusher();
			const rt = createRealtime( config, jest.fn(), () => fake.pusher );
			const seen: string[] = [];
			rt.onStatus( ( s ) => seen.push( s ) );
			fake.state( 'connecting' );
			fake.state( 'connected' );
			fake.state( 'connecting' ); // Lost; pusher-js's attempt fails.
			jest.advanceTimersByTime( 1000 );
			expect( fake.pusher.connect ).toHaveBeenCalledTimes( 1 );

			window.dispatchEvent( new Event( 'online' ) );
			expect( fake.pusher.connect ).toHaveBeenCalledTimes( 2 );
			document.dispatchEvent( new Event( 'visibilitychange' ) );
			expect( fake.pusher.connect ).toHaveBeenCalledTimes( 3 );
			fake.state( 'connected' );
			expect( seen ).toEqual( [
				'connected',
				'reconnecting',
				'connected',
			] );

			rt.disconnect();
			fake.state( 'connecting' );
			jest.advanceTimersByTime( 120_000 );
			expect( fake.pusher.connect ).toHaveBeenCalledTimes( 3 );
		} finally {
			jest.useRealTimers();
		}
	} );
} );
