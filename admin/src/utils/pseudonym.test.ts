import { visitorCode, visitorPseudonym } from './pseudonym';

describe( 'visitorPseudonym', () => {
	it( 'is stable for a visitor and readable', () => {
		const id = 'v_3f2a9c0e1b7d4a6f8e2c5b1a0d9f7e3c';
		expect( visitorPseudonym( id ) ).toBe( visitorPseudonym( id ) );
		expect( visitorPseudonym( id ) ).toMatch( /^Visitor [0-9A-F]{4}$/ );
	} );

	it( 'tells similar visitors apart', () => {
		const codes = new Set(
			Array.from( { length: 200 }, ( _, i ) =>
				visitorCode( `v_${ i.toString( 16 ).padStart( 32, '0' ) }` )
			)
		);
		// 200 visitors over 65,536 codes: collisions are possible but must stay rare.
		expect( codes.size ).toBeGreaterThan( 195 );
	} );

	it( 'never exposes the raw id', () => {
		const id = 'v_00000000000000000000000000000abc';
		expect( visitorPseudonym( id ) ).not.toContain( 'abc' );
	} );
} );
