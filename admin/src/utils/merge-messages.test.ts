import { message } from '../test-utils/fixtures';
import { isGap, lastSeqOf, mergeMessages } from './merge-messages';

describe( 'mergeMessages', () => {
	it( 'orders by seq whatever the arrival order', () => {
		const merged = mergeMessages(
			[ message( 3 ) ],
			[ message( 1 ), message( 4 ), message( 2 ) ]
		);
		expect( merged.map( ( m ) => m.seq ) ).toEqual( [ 1, 2, 3, 4 ] );
	} );

	it( 'never duplicates a message seen through realtime and HTTP', () => {
		const fromEvent = [ message( 1 ), message( 2 ) ];
		const fromCatchUp = [ message( 2 ), message( 3 ) ];
		const merged = mergeMessages( fromEvent, fromCatchUp );
		expect( merged.map( ( m ) => m.id ) ).toEqual( [
			'm_1',
			'm_2',
			'm_3',
		] );
		expect( mergeMessages( merged, merged ) ).toHaveLength( 3 );
	} );

	it( 'returns the same array when nothing changes, so React can skip a render', () => {
		const held = [ message( 1 ), message( 2 ) ];
		expect( mergeMessages( held, [] ) ).toBe( held );
		expect( mergeMessages( held, [ message( 2 ) ] ) ).toBe( held );
	} );

	it( 'takes the newer copy of a message with the same id', () => {
		const merged = mergeMessages(
			[ message( 1 ) ],
			[ message( 1, { text: 'edited' } ) ]
		);
		expect( merged ).toHaveLength( 1 );
		expect( merged[ 0 ].text ).toBe( 'edited' );
	} );

	it( 'does not mutate its inputs', () => {
		const held = [ message( 2 ) ];
		const incoming = [ message( 1 ) ];
		mergeMessages( held, incoming );
		expect( held.map( ( m ) => m.seq ) ).toEqual( [ 2 ] );
		expect( incoming.map( ( m ) => m.seq ) ).toEqual( [ 1 ] );
	} );
} );

describe( 'lastSeqOf and isGap', () => {
	it( 'gives the catch-up cursor', () => {
		expect( lastSeqOf( [] ) ).toBe( 0 );
		expect(
			lastSeqOf( [ message( 1 ), message( 5 ), message( 3 ) ] )
		).toBe( 5 );
	} );

	it( 'spots a missed message', () => {
		const held = [ message( 1 ), message( 2 ) ];
		expect( isGap( held, message( 3 ) ) ).toBe( false );
		expect( isGap( held, message( 2 ) ) ).toBe( false );
		expect( isGap( held, message( 4 ) ) ).toBe( true );
		expect( isGap( [], message( 1 ) ) ).toBe( false );
	} );
} );
