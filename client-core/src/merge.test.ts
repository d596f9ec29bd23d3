import type { Message } from '@handoff-chat/contracts';
import { lastSeqOf, mergeMessages } from './merge';

const msg = ( seq: number, text = 'm' + seq, id = 'm' + seq ): Message => ( {
	id,
	conversationId: 'c1',
	seq,
	clientId: null,
	kind: 'text',
	author: { type: 'visitor', id: 'v1', name: null },
	text,
	createdAt: '2026-01-01T00:00:00.000Z',
} );

describe( 'mergeMessages', () => {
	it( 'unites by id and orders by seq, whatever the arrival order', () => {
		const merged = mergeMessages(
			[ msg( 1 ), msg( 3 ) ],
			[ msg( 4 ), msg( 2 ), msg( 3 ) ]
		);
		expect( merged.map( ( m ) => m.seq ) ).toEqual( [ 1, 2, 3, 4 ] );
	} );

	it( 'lets a later copy replace an earlier one', () => {
		const merged = mergeMessages(
			[ msg( 1, 'old' ) ],
			[ msg( 1, 'new' ) ]
		);
		expect( merged ).toEqual( [ msg( 1, 'new' ) ] );
		const withMeta = { ...msg( 1, 'old' ), meta: { stepId: 's' } };
		expect(
			mergeMessages( [ msg( 1, 'old' ) ], [ withMeta ] )[ 0 ].meta
		).toEqual( { stepId: 's' } );
	} );

	it( 'returns the held array itself when nothing is new, and never changes it', () => {
		const current = [ msg( 1 ), msg( 2 ) ];
		expect( mergeMessages( current, [] ) ).toBe( current );
		expect( mergeMessages( current, [ msg( 2 ) ] ) ).toBe( current );
		const merged = mergeMessages( current, [ msg( 3 ) ] );
		expect( merged ).not.toBe( current );
		expect( current.map( ( m ) => m.seq ) ).toEqual( [ 1, 2 ] );
	} );

	it( 'keeps a total order on equal seqs (by id)', () => {
		const merged = mergeMessages(
			[ msg( 1, 'b', 'b' ) ],
			[ msg( 1, 'a', 'a' ) ]
		);
		expect( merged.map( ( m ) => m.id ) ).toEqual( [ 'a', 'b' ] );
	} );
} );

describe( 'lastSeqOf', () => {
	it( 'is the highest seq held, 0 for none', () => {
		expect( lastSeqOf( [] ) ).toBe( 0 );
		expect( lastSeqOf( [ msg( 4 ), msg( 2 ) ] ) ).toBe( 4 );
	} );
} );
