import { truncateText } from './text';

describe( 'truncateText', () => {
	it( 'keeps short texts whole and cuts long ones at the limit', () => {
		expect( truncateText( 'abc', 3 ) ).toBe( 'abc' );
		expect( truncateText( 'abcdef', 3 ) ).toBe( 'abc' );
		expect( truncateText( '', 0 ) ).toBe( '' );
	} );

	it( 'never splits a surrogate pair', () => {
		// '😀' is two UTF-16 units: a limit between them drops the emoji rather than half of it.
		expect( truncateText( 'ab😀c', 3 ) ).toBe( 'ab' );
		expect( truncateText( 'ab😀c', 4 ) ).toBe( 'ab😀' );
		expect( truncateText( '😀😀', 1 ) ).toBe( '' );
		for ( let max = 0; max < 12; max++ ) {
			const cut = truncateText( '👩‍👩‍👧 𝕳i', max );
			expect( cut.length ).toBeLessThanOrEqual( max );
			expect( cut ).not.toMatch( /[\uD800-\uDBFF]$/ );
		}
	} );
} );
