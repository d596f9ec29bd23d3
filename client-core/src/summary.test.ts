import { latestSummary } from './summary';

it( 'keeps the count read last, whatever order the counts arrive in', () => {
	const held = latestSummary();
	expect( held.take( { toHandle: 3, countedAt: 1000 } ) ).toBe( true );
	// Counted by another process before the one held, delivered after it.
	expect( held.take( { toHandle: 5, countedAt: 900 } ) ).toBe( false );
	expect( held.take( { toHandle: 4, countedAt: 1000 } ) ).toBe( true );
	expect( held.take( { toHandle: 2, countedAt: 1200 } ) ).toBe( true );
	expect( held.take( { toHandle: 7, countedAt: 1100 } ) ).toBe( false );
	expect( held.count ).toBe( 2 );
} );

it( 'takes counts without a time (an older bridge) and refuses malformed ones', () => {
	const held = latestSummary();
	expect( held.count ).toBeNull();
	expect( held.take( { toHandle: 1, countedAt: 500 } ) ).toBe( true );
	expect( held.take( { toHandle: 6 } ) ).toBe( true );
	expect( held.take( { toHandle: 2, countedAt: 400 } ) ).toBe( false );
	expect( held.take( {} ) ).toBe( false );
	expect( held.take( null ) ).toBe( false );
	expect( held.take( { toHandle: '3' as unknown as number } ) ).toBe( false );
} );
