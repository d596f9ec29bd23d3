import { nearEnd, scrollToReveal, windowRange } from './windowing';

describe( 'windowRange', () => {
	const base = { rowHeight: 88, viewportHeight: 880, overscan: 5 };

	it( 'renders the rows in view plus the overscan, never past the ends', () => {
		expect(
			windowRange( { ...base, scrollTop: 0, count: 100_000 } )
		).toEqual( {
			start: 0,
			end: 16, // 10 visible + 1 partial + 5 overscan below
			offset: 0,
			total: 8_800_000,
		} );
		const mid = windowRange( {
			...base,
			scrollTop: 88 * 500 + 40,
			count: 100_000,
		} );
		expect( mid.start ).toBe( 495 );
		expect( mid.end ).toBe( 516 );
		expect( mid.offset ).toBe( 495 * 88 );
		expect( mid.end - mid.start ).toBeLessThanOrEqual( 21 );
		const last = windowRange( {
			...base,
			scrollTop: 88 * 100_000,
			count: 100_000,
		} );
		expect( last.end ).toBe( 100_000 );
		expect( last.start ).toBe( 100_000 - 5 );
	} );

	it( 'copes with nothing to show, short lists and odd inputs', () => {
		expect( windowRange( { ...base, scrollTop: 0, count: 0 } ) ).toEqual( {
			start: 0,
			end: 0,
			offset: 0,
			total: 0,
		} );
		expect(
			windowRange( { ...base, scrollTop: -50, count: 3 } )
		).toMatchObject( {
			start: 0,
			end: 3,
		} );
		expect(
			windowRange( {
				...base,
				viewportHeight: 0,
				scrollTop: 0,
				count: 50,
			} ).end
		).toBe( 6 );
	} );

	it( 'scrolls as little as possible to reveal a row', () => {
		// Already visible: stays.
		expect( scrollToReveal( 3, 88, 0, 880 ) ).toBe( 0 );
		// Above: its top goes to the top.
		expect( scrollToReveal( 2, 88, 1000, 880 ) ).toBe( 176 );
		// Below: its bottom goes to the bottom.
		expect( scrollToReveal( 20, 88, 0, 880 ) ).toBe( 21 * 88 - 880 );
	} );

	it( 'says when the window nears the end', () => {
		expect( nearEnd( { end: 95 }, 100, 5 ) ).toBe( true );
		expect( nearEnd( { end: 94 }, 100, 5 ) ).toBe( false );
		expect( nearEnd( { end: 0 }, 0, 5 ) ).toBe( false );
	} );
} );
