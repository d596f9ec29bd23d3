import { RecentWrites } from './recent-writes';

it( 'remembers a write for the window, with the value it had', () => {
	const r = new RecentWrites< string >( 1000 );
	r.note( 'a', 'Anna', 10_000 );
	expect( r.has( 'a', 10_999 ) ).toBe( true );
	expect( r.has( 'a', 11_000 ) ).toBe( false ); // the window is over: write again
	expect( r.has( 'a', 10_500, ( v ) => v === 'Anna' ) ).toBe( true );
	expect( r.has( 'a', 10_500, ( v ) => v === 'Anne' ) ).toBe( false ); // renamed: write again
	expect( r.has( 'b', 10_500 ) ).toBe( false );
} );

it( 'stays within its bound: old entries go first, then all', () => {
	const r = new RecentWrites( 1000, 3 );
	r.note( 'old', true, 0 );
	r.note( 'b', true, 5000 );
	r.note( 'c', true, 5000 );
	r.note( 'd', true, 5000 ); // full: "old" is past the window and goes
	expect( [ 'old', 'b', 'c', 'd' ].map( ( k ) => r.has( k, 5000 ) ) ).toEqual(
		[ false, true, true, true ]
	);
	r.note( 'b', true, 5100 ); // a known key never evicts
	expect( r.has( 'c', 5100 ) ).toBe( true );
	r.note( 'e', true, 5200 ); // full of fresh entries: forgotten, costing one more write each
	expect( [ 'b', 'c', 'd', 'e' ].map( ( k ) => r.has( k, 5200 ) ) ).toEqual( [
		false,
		false,
		false,
		true,
	] );
} );
