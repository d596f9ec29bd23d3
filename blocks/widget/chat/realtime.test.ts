/**
 * The visitor's realtime link over a stand-in for pusher-js: which channels it holds,
 * what it binds on the conversation's, and that leaving one unbinds and unsubscribes it.
 */
import { EVENTS } from '@handoff-chat/contracts/channels';
import { connectRealtime, type RealtimeHandlers } from './realtime';

interface FakeChannel {
	name: string;
	bound: Map< string, ( data: unknown ) => void >;
	bind: ( event: string, cb: ( data: unknown ) => void ) => void;
	unbind_all: jest.Mock;
}

const mockPushers: MockPusher[] = [];

class MockPusher {
	subscribed: FakeChannel[] = [];
	unsubscribe = jest.fn();
	/** pusher-js's states, as its connection manager emits them. */
	connection = {
		state: 'connecting',
		handlers: new Map< string, ( data: unknown ) => void >(),
		bind( event: string, cb: ( data: unknown ) => void ) {
			this.handlers.set( event, cb );
		},
		unbind: jest.fn(),
	};
	go( current: string ) {
		const previous = this.connection.state;
		this.connection.state = current;
		this.connection.handlers.get( 'state_change' )?.( {
			previous,
			current,
		} );
	}
	disconnect = jest.fn( () => this.go( 'disconnected' ) );
	connect = jest.fn( () => this.go( 'connecting' ) );
	constructor(
		readonly key: string,
		readonly options: unknown
	) {
		mockPushers.push( this );
	}
	subscribe( name: string ): FakeChannel {
		const bound = new Map< string, ( data: unknown ) => void >();
		const channel = {
			name,
			bound,
			bind: ( event: string, cb: ( data: unknown ) => void ) =>
				void bound.set( event, cb ),
			unbind_all: jest.fn(),
		};
		this.subscribed.push( channel );
		return channel;
	}
}

jest.mock( 'pusher-js', () => ( {
	__esModule: true,
	default: jest.fn(
		( key: string, options: unknown ) => new MockPusher( key, options )
	),
} ) );

function connect() {
	const handlers: RealtimeHandlers = {
		onMessage: jest.fn(),
		onConversation: jest.fn(),
		onTyping: jest.fn(),
		onAdvisorsRead: jest.fn(),
		onSubscribed: jest.fn(),
		onReconnected: jest.fn(),
		onStatus: jest.fn(),
	};
	const link = connectRealtime(
		{
			config: {
				key: 'app-key',
				cluster: 'eu',
				forceTLS: true,
				wsHost: '',
				wsPort: 0,
				wssPort: 0,
			},
			authorize: jest.fn(),
		},
		handlers
	);
	return { link, handlers, pusher: mockPushers[ mockPushers.length - 1 ] };
}

describe( 'connectRealtime', () => {
	it( 'holds one conversation channel, its events going to the handlers', () => {
		const { link, handlers, pusher } = connect();
		link.subscribe( 'private-conversation-a' );
		link.subscribe( 'private-conversation-a' ); // Already held: nothing new.
		expect( pusher.subscribed.map( ( c ) => c.name ) ).toEqual( [
			'private-conversation-a',
		] );
		const [ a ] = pusher.subscribed;
		a.bound.get( 'pusher:subscription_succeeded' )!( {} );
		a.bound.get( EVENTS.messageCreated )!( { message: { id: 'm1' } } );
		a.bound.get( EVENTS.messageCreated )!( {} ); // Nothing to pass on.
		a.bound.get( EVENTS.conversationUpdated )!( {
			conversation: { id: 'a' },
		} );
		a.bound.get( EVENTS.typing )!( { conversationId: 'a', by: 'advisor' } );
		a.bound.get( EVENTS.advisorsRead )!( {
			conversationId: 'a',
			advisorsLastReadSeq: 4,
		} );
		a.bound.get( EVENTS.advisorsRead )!( {} ); // Nothing to pass on.
		expect( handlers.onSubscribed ).toHaveBeenCalledTimes( 1 );
		expect( handlers.onMessage ).toHaveBeenCalledTimes( 1 );
		expect( handlers.onMessage ).toHaveBeenCalledWith( { id: 'm1' } );
		expect( handlers.onConversation ).toHaveBeenCalledWith( { id: 'a' } );
		expect( handlers.onTyping ).toHaveBeenCalledTimes( 1 );
		expect( handlers.onAdvisorsRead ).toHaveBeenCalledTimes( 1 );
		expect( handlers.onAdvisorsRead ).toHaveBeenCalledWith( {
			conversationId: 'a',
			advisorsLastReadSeq: 4,
		} );

		// Another conversation: the first is left, unbound and unsubscribed.
		link.subscribe( 'private-conversation-b' );
		expect( a.unbind_all ).toHaveBeenCalled();
		expect( pusher.unsubscribe ).toHaveBeenCalledWith(
			'private-conversation-a'
		);
		link.unsubscribe();
		expect( pusher.unsubscribe ).toHaveBeenLastCalledWith(
			'private-conversation-b'
		);
		link.unsubscribe(); // Nothing held: nothing to leave.
		expect( pusher.unsubscribe ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'holds the visitor’s own channel apart, and leaves everything on disconnect', () => {
		const { link, pusher } = connect();
		link.subscribe( 'private-conversation-a' );
		link.setPresence( 'private-visitor-v' );
		link.setPresence( 'private-visitor-v' );
		expect( pusher.subscribed.map( ( c ) => c.name ) ).toEqual( [
			'private-conversation-a',
			'private-visitor-v',
		] );
		// Presence carries no events.
		expect( pusher.subscribed[ 1 ].bound.size ).toBe( 0 );
		link.setPresence( null );
		expect( pusher.unsubscribe ).toHaveBeenCalledWith(
			'private-visitor-v'
		);
		expect( pusher.unsubscribe ).not.toHaveBeenCalledWith(
			'private-conversation-a'
		);

		link.setPresence( 'private-visitor-v' );
		link.disconnect();
		expect( pusher.unsubscribe.mock.calls.map( ( [ n ] ) => n ) ).toEqual( [
			'private-visitor-v',
			'private-conversation-a',
			'private-visitor-v',
		] );
		expect( pusher.disconnect ).toHaveBeenCalledTimes( 1 );
	} );
} );

describe( 'connectRealtime’s reconnection (client-core’s policy)', () => {
	beforeEach( () => jest.useFakeTimers() );
	afterEach( () => jest.useRealTimers() );

	it( 'tries a lost connection again within a second, and at once when the browser is back online', () => {
		const { handlers, pusher } = connect();
		pusher.go( 'connected' );
		pusher.go( 'connecting' ); // Lost; pusher-js's attempt fails (the bridge restarts).
		jest.advanceTimersByTime( 1000 );
		expect( pusher.connect ).toHaveBeenCalledTimes( 1 );

		window.dispatchEvent( new Event( 'online' ) );
		expect( pusher.connect ).toHaveBeenCalledTimes( 2 );
		pusher.go( 'connected' );

		// Restarts are no disconnection for the visitor; the return means a catch-up.
		expect(
			( handlers.onStatus as jest.Mock ).mock.calls.map( ( [ s ] ) => s )
		).toEqual( [ 'connecting', 'connected', 'reconnecting', 'connected' ] );
		expect( handlers.onReconnected ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'reconnects when the page becomes visible again', () => {
		const { pusher } = connect();
		pusher.go( 'unavailable' );
		document.dispatchEvent( new Event( 'visibilitychange' ) );
		expect( pusher.connect ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'stops reconnecting once disconnected', () => {
		const { link, pusher } = connect();
		link.disconnect();
		window.dispatchEvent( new Event( 'online' ) );
		jest.advanceTimersByTime( 120_000 );
		expect( pusher.connect ).not.toHaveBeenCalled();
	} );
} );
