import { conversation } from '../test-utils/fixtures';
import {
	appendPage,
	belongsTo,
	mergeFirstPage,
	upsertConversation,
} from './inbox-list';

const at = ( minute: number ) =>
	`2025-01-01T10:${ String( minute ).padStart( 2, '0' ) }:00.000Z`;

describe( 'upsertConversation', () => {
	const a = conversation( 'c_a', { updatedAt: at( 1 ) } );
	const b = conversation( 'c_b', { updatedAt: at( 2 ) } );

	it( 'moves an updated conversation to the top', () => {
		const list = [ b, a ];
		const updated = { ...a, updatedAt: at( 3 ), lastMessagePreview: 'new' };
		expect(
			upsertConversation( list, updated, true ).map( ( c ) => c.id )
		).toEqual( [ 'c_a', 'c_b' ] );
	} );

	it( 'removes a conversation that left the list and ignores stale copies', () => {
		expect(
			upsertConversation(
				[ b, a ],
				{ ...a, state: 'closed', updatedAt: at( 3 ) },
				false
			)
		).toEqual( [ b ] );
		const stale = { ...b, updatedAt: at( 0 ), lastMessagePreview: 'old' };
		const list = [ b, a ];
		expect( upsertConversation( list, stale, true ) ).toBe( list );
	} );

	it( 'applies the filters it can know locally', () => {
		const mine = conversation( 'c_m', {
			state: 'live',
			assignedAdvisorId: '7',
		} );
		expect( belongsTo( mine, 'live', 'mine', '7' ) ).toBe( true );
		expect( belongsTo( mine, 'live', 'mine', '8' ) ).toBe( false );
		expect( belongsTo( mine, 'live', 'unassigned', '7' ) ).toBe( false );
		expect( belongsTo( mine, 'closed', 'all', '7' ) ).toBe( false );
		expect(
			belongsTo( conversation( 'c_w' ), 'live', 'unread', '7' )
		).toBe( true );
	} );
} );

describe( 'first page refresh and load more', () => {
	const items = [ 5, 4, 3, 2, 1 ].map( ( m ) =>
		conversation( `c_${ m }`, { updatedAt: at( m ) } )
	);

	it( 'keeps older loaded items and their cursor', () => {
		const current = { conversations: items, nextCursor: 'after-c_1' };
		const fresh = conversation( 'c_6', { updatedAt: at( 6 ) } );
		const merged = mergeFirstPage( current, {
			conversations: [ fresh, items[ 0 ], items[ 1 ] ],
			nextCursor: 'after-c_4',
		} );
		expect( merged.conversations.map( ( c ) => c.id ) ).toEqual( [
			'c_6',
			'c_5',
			'c_4',
			'c_3',
			'c_2',
			'c_1',
		] );
		expect( merged.nextCursor ).toBe( 'after-c_1' );
	} );

	it( 'takes a complete page as the whole list', () => {
		const merged = mergeFirstPage(
			{ conversations: items, nextCursor: null },
			{ conversations: [ items[ 1 ] ], nextCursor: null }
		);
		expect( merged.conversations.map( ( c ) => c.id ) ).toEqual( [
			'c_4',
		] );
	} );

	it( 'appends pages without duplicates', () => {
		const next = appendPage(
			{ conversations: items.slice( 0, 3 ), nextCursor: 'x' },
			{ conversations: items.slice( 2 ), nextCursor: null }
		);
		expect( next.conversations.map( ( c ) => c.id ) ).toEqual( [
			'c_5',
			'c_4',
			'c_3',
			'c_2',
			'c_1',
		] );
		expect( next.nextCursor ).toBeNull();
	} );
} );
