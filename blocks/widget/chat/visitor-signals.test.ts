import type { Conversation, Message } from '@handoff-chat/contracts';
import type { BridgeApi } from './api';
import { emptyStore, type StoreState } from './message-store';
import { storageKeys } from './storage';
import { VisitorSignals } from './visitor-signals';
import type { VisitorSessions } from './visitor-session';

const conversation = ( over: Partial< Conversation > = {} ): Conversation =>
	( {
		id: 'c1',
		state: 'live',
		lastSeq: 0,
		visitorLastReadSeq: 0,
		...over,
	} ) as Conversation;

const msg = (
	seq: number,
	type: Message[ 'author' ][ 'type' ] = 'advisor'
): Message => ( {
	id: 'm' + seq,
	conversationId: 'c1',
	seq,
	clientId: null,
	kind: 'text',
	author: { type, id: null, name: null },
	text: 'message ' + seq,
	createdAt: '2025-01-01T10:00:00.000Z',
} );

function setup() {
	let now = 100000;
	const api = {
		typing: jest.fn( async ( _token: string, _id: string ) => true ),
		markRead: jest.fn(
			async ( _token: string, _id: string, _seq: number ) =>
				conversation()
		),
	};
	const sessions = {
		authed: ( call: ( t: string ) => Promise< unknown > ) => call( 'tok' ),
	} as unknown as VisitorSessions;
	const sync: { conversation: Conversation | null; store: StoreState } = {
		conversation: conversation(),
		store: emptyStore(),
	};
	const emit = jest.fn();
	const signals = new VisitorSignals( {
		api: api as unknown as BridgeApi,
		sessions,
		siteId: 'site_1',
		sync,
		emit,
		now: () => now,
	} );
	const setMessages = ( messages: Message[] ) => {
		sync.store = { messages, syncedSeq: messages.at( -1 )?.seq ?? 0 };
	};
	return {
		api,
		sync,
		emit,
		signals,
		setMessages,
		tick: ( ms: number ) => {
			now += ms;
		},
	};
}

beforeEach( () => {
	localStorage.clear();
	jest.useFakeTimers();
} );
afterEach( () => jest.useRealTimers() );

describe( 'visitor typing', () => {
	it( 'tells the bridge at most once every 2 s', () => {
		const { api, signals, tick } = setup();
		signals.typing();
		signals.typing();
		tick( 1999 );
		signals.typing();
		expect( api.typing ).toHaveBeenCalledTimes( 1 );
		tick( 1 );
		signals.typing();
		expect( api.typing ).toHaveBeenCalledTimes( 2 );
		expect( api.typing ).toHaveBeenLastCalledWith( 'tok', 'c1' );
	} );

	it( 'sends nothing without a conversation, or in a closed one', () => {
		const { api, signals, sync, tick } = setup();
		sync.conversation = null;
		signals.typing();
		tick( 5000 );
		sync.conversation = conversation( { state: 'closed' } );
		signals.typing();
		expect( api.typing ).not.toHaveBeenCalled();
	} );
} );

describe( 'advisor typing', () => {
	it( 'shows the bubble for 4 s after each event', () => {
		const { signals, emit } = setup();
		signals.onTyping( {
			conversationId: 'c1',
			by: 'advisor',
			name: 'Camille',
		} );
		expect( signals.advisorTyping ).toEqual( { name: 'Camille' } );
		jest.advanceTimersByTime( 3000 );
		// Another event 3 s later keeps it 4 s more.
		signals.onTyping( { conversationId: 'c1', by: 'advisor' } );
		expect( signals.advisorTyping ).toEqual( { name: null } );
		jest.advanceTimersByTime( 3999 );
		expect( signals.advisorTyping ).not.toBeNull();
		jest.advanceTimersByTime( 1 );
		expect( signals.advisorTyping ).toBeNull();
		expect( emit ).toHaveBeenCalledTimes( 3 );
	} );

	it( "ignores the visitor's own typing, and hides on the advisor's next message", () => {
		const { signals, setMessages } = setup();
		setMessages( [ msg( 1 ) ] );
		signals.onTyping( { conversationId: 'c1', by: 'visitor' } );
		expect( signals.advisorTyping ).toBeNull();
		signals.onTyping( { conversationId: 'c1', by: 'advisor', name: 'A' } );
		// An older advisor message (a catch-up) or a visitor's does not end it.
		signals.onMessages( [ msg( 1 ), msg( 2, 'visitor' ) ] );
		expect( signals.advisorTyping ).not.toBeNull();
		signals.onMessages( [ msg( 3 ) ] );
		expect( signals.advisorTyping ).toBeNull();
		jest.runAllTimers(); // The cancelled timer does nothing.
		expect( signals.advisorTyping ).toBeNull();
	} );
} );

describe( 'read receipts', () => {
	it( 'debounces, sends the highest seq, and never a lower one', async () => {
		const { api, signals, setMessages } = setup();
		setMessages( [ msg( 1 ), msg( 2 ) ] );
		signals.markSeen();
		setMessages( [ msg( 1 ), msg( 2 ), msg( 3 ) ] );
		signals.markSeen();
		jest.advanceTimersByTime( 999 );
		expect( api.markRead ).not.toHaveBeenCalled();
		jest.advanceTimersByTime( 1 );
		expect( api.markRead ).toHaveBeenCalledTimes( 1 );
		expect( api.markRead ).toHaveBeenLastCalledWith( 'tok', 'c1', 3 );

		// Fewer messages in view (say, a store reset) never sends a lower seq.
		setMessages( [ msg( 1 ), msg( 2 ) ] );
		signals.markSeen();
		jest.runAllTimers();
		expect( api.markRead ).toHaveBeenCalledTimes( 1 );
		setMessages( [ msg( 1 ), msg( 2 ), msg( 3 ), msg( 4 ) ] );
		signals.markSeen();
		jest.runAllTimers();
		expect( api.markRead.mock.calls.map( ( c ) => c[ 2 ] ) ).toEqual( [
			3, 4,
		] );
	} );

	it( "sends nothing for the visitor's own messages or what the bridge already has", () => {
		const { api, signals, sync, setMessages } = setup();
		setMessages( [ msg( 1, 'visitor' ), msg( 2, 'visitor' ) ] );
		signals.markSeen();
		jest.runAllTimers();
		sync.conversation = conversation( { visitorLastReadSeq: 3 } );
		setMessages( [ msg( 1, 'visitor' ), msg( 3 ) ] );
		signals.markSeen();
		jest.runAllTimers();
		expect( api.markRead ).not.toHaveBeenCalled();
	} );

	it( 'tries again after a failure', async () => {
		const { api, signals, setMessages } = setup();
		api.markRead.mockRejectedValueOnce( new Error( 'offline' ) );
		setMessages( [ msg( 1 ) ] );
		signals.markSeen();
		jest.runAllTimers();
		await Promise.resolve();
		await Promise.resolve();
		signals.markSeen();
		jest.runAllTimers();
		expect( api.markRead.mock.calls.map( ( c ) => c[ 2 ] ) ).toEqual( [
			1, 1,
		] );
	} );
} );

describe( 'unread count', () => {
	it( 'counts advisor and bot messages after the last seen seq, kept across page loads', () => {
		const first = setup();
		first.setMessages( [ msg( 1, 'bot' ), msg( 2, 'visitor' ) ] );
		first.signals.markSeen();
		expect(
			JSON.parse( localStorage.getItem( storageKeys.seen( 'site_1' ) )! )
		).toEqual( { conversationId: 'c1', seq: 2 } );

		const next = setup(); // Another page, same storage.
		next.setMessages( [
			msg( 1, 'bot' ),
			msg( 2, 'visitor' ),
			msg( 3 ),
			msg( 4, 'system' ),
			msg( 5, 'bot' ),
		] );
		expect( next.signals.unread() ).toBe( 2 );
		// Read in another tab: the bridge's receipt counts too.
		next.sync.conversation = conversation( { visitorLastReadSeq: 5 } );
		expect( next.signals.unread() ).toBe( 0 );
		// Another conversation starts from nothing seen.
		next.sync.conversation = conversation( { id: 'c2' } );
		expect( next.signals.unread() ).toBe( 3 );
	} );
} );
