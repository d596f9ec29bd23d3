import { message } from '../test-utils/fixtures';
import { isGap } from './seq-gap';

describe( 'isGap', () => {
	it( 'spots a missed message', () => {
		const held = [ message( 1 ), message( 2 ) ];
		expect( isGap( held, message( 3 ) ) ).toBe( false );
		expect( isGap( held, message( 2 ) ) ).toBe( false );
		expect( isGap( held, message( 4 ) ) ).toBe( true );
		expect( isGap( [], message( 1 ) ) ).toBe( false );
	} );
} );
