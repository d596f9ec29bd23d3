import type { Message, MessagesPage } from '@handoff-chat/contracts';
import {
	applyIncoming,
	applyPage,
	countUnread,
	emptyStore,
	isBehind,
	toItems,
	type PendingMessage,
} from './message-store';

const msg = ( seq: number, over: Partial< Message > = {} ): Message => ( {
	id: 'm' + seq,
	conversationId: 'c1',
	seq,
	clientId: null,
	kind: 'text',
	author: { type: 'advisor', id: '7', name: 'Camille' },
	text: 'message ' + seq,
	createdAt: '2025-01-01T10:00:00.000Z',
	...over,
} );

const page = (
	messages: Message[],
	lastSeq: number,
	hasMore = false
): MessagesPage => ( {
	messages,
	lastSeq,
	hasMore,
} );

describe( 'applyIncoming (realtime events, send answers)', () => {
	it( 'advances the cursor on the next seq without asking for a catch-up', () => {
		const { state, gap } = applyIncoming(
			{ messages: [ msg( 1 ) ], syncedSeq: 1 },
			[ msg( 2 ) ]
		);
		expect( gap ).toBe( false );
		expect( state.syncedSeq ).toBe( 2 );
	} );

	it( 'flags a gap when a seq is skipped, keeps the message, and holds the cursor', () => {
		const { state, gap } = applyIncoming(
			{ messages: [ msg( 1 ) ], syncedSeq: 1 },
			[ msg( 4 ) ]
		);
		expect( gap ).toBe( true );
		expect( state.syncedSeq ).toBe( 1 );
		expect( state.messages.map( ( m ) => m.seq ) ).toEqual( [ 1, 4 ] );
	} );

	it( 'ignores a duplicate event', () => {
		const start = { messages: [ msg( 1 ), msg( 2 ) ], syncedSeq: 2 };
		const { state, gap } = applyIncoming( start, [ msg( 2 ) ] );
		expect( gap ).toBe( false );
		expect( state.messages ).toHaveLength( 2 );
		expect( state.syncedSeq ).toBe( 2 );
	} );

	it( 'accepts out-of-order events within one batch', () => {
		const { state, gap } = applyIncoming( emptyStore(), [
			msg( 2 ),
			msg( 1 ),
		] );
		expect( gap ).toBe( false );
		expect( state.syncedSeq ).toBe( 2 );
	} );
} );

describe( 'applyPage (catch-up)', () => {
	it( 'fills a gap and moves the cursor past it', () => {
		const afterGap = applyIncoming(
			{ messages: [ msg( 1 ) ], syncedSeq: 1 },
			[ msg( 4 ) ]
		).state;
		const state = applyPage(
			afterGap,
			page( [ msg( 2 ), msg( 3 ), msg( 4 ) ], 4 )
		);
		expect( state.messages.map( ( m ) => m.seq ) ).toEqual( [
			1, 2, 3, 4,
		] );
		expect( state.syncedSeq ).toBe( 4 );
	} );

	it( 'skips the seqs of notes (never sent to visitors) using the page lastSeq', () => {
		// Seq 2 is an advisor note: the visitor gets 1 and 3, the conversation is at 3.
		const state = applyPage(
			emptyStore(),
			page( [ msg( 1 ), msg( 3 ) ], 3 )
		);
		expect( state.syncedSeq ).toBe( 3 );
		// The next event is contiguous again: no endless catch-up because of the hole.
		expect( applyIncoming( state, [ msg( 4 ) ] ).gap ).toBe( false );
	} );

	it( 'stops at the last message of an incomplete page', () => {
		const state = applyPage(
			emptyStore(),
			page( [ msg( 1 ), msg( 2 ) ], 10, true )
		);
		expect( state.syncedSeq ).toBe( 2 );
	} );

	it( 'never moves the cursor back', () => {
		const state = applyPage(
			{ messages: [ msg( 5 ) ], syncedSeq: 5 },
			page( [], 3 )
		);
		expect( state.syncedSeq ).toBe( 5 );
	} );

	it( 'tells when a conversation update is ahead of the cursor', () => {
		expect( isBehind( { messages: [], syncedSeq: 3 }, 4 ) ).toBe( true );
		expect( isBehind( { messages: [], syncedSeq: 4 }, 4 ) ).toBe( false );
	} );
} );

describe( 'toItems', () => {
	const pending = (
		clientId: string,
		status: PendingMessage[ 'status' ] = 'sending'
	): PendingMessage => ( {
		clientId,
		text: 'hello',
		createdAt: '2025-01-01T10:01:00.000Z',
		status,
	} );

	it( 'puts pending messages after confirmed ones', () => {
		const items = toItems( [ msg( 1 ) ], [ pending( 'abcdefgh1' ) ] );
		expect( items.map( ( i ) => i.status ) ).toEqual( [
			'sent',
			'sending',
		] );
	} );

	it( 'drops a pending message once its confirmed copy is in, keeping the same key', () => {
		const confirmed = msg( 2, {
			clientId: 'abcdefgh1',
			author: { type: 'visitor', id: 'v1', name: null },
		} );
		const before = toItems( [], [ pending( 'abcdefgh1' ) ] );
		const after = toItems( [ confirmed ], [ pending( 'abcdefgh1' ) ] );
		expect( after ).toHaveLength( 1 );
		expect( after[ 0 ].status ).toBe( 'sent' );
		expect( after[ 0 ].key ).toBe( before[ 0 ].key );
	} );

	it( 'never shows notes', () => {
		expect( toItems( [ msg( 1, { kind: 'note' } ) ], [] ) ).toEqual( [] );
	} );
} );

describe( 'countUnread', () => {
	it( 'counts messages from others after the last seen seq', () => {
		const visitor = { type: 'visitor' as const, id: 'v', name: null };
		const list = [
			msg( 1 ),
			msg( 2, { author: visitor } ),
			msg( 3 ),
			msg( 4 ),
		];
		expect( countUnread( list, 1 ) ).toBe( 2 );
		expect( countUnread( list, 4 ) ).toBe( 0 );
	} );
} );
