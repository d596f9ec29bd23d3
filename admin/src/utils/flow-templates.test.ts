import { DEMO_FLOW, validateFlow } from '@handoff-chat/contracts';
import { blankFlow, duplicateFlow } from './flow-templates';

describe( 'flow templates', () => {
	it( 'makes new flows that validate, and deep copies', () => {
		const blank = blankFlow( 'support', 'Support', {
			sequenceName: 'Accueil',
			greeting: 'Bonjour !',
		} );
		expect( validateFlow( blank ).issues ).toEqual( [] );
		expect( blank.startSequence ).toBe( 'accueil' );

		const copy = duplicateFlow( DEMO_FLOW, 'demo-2', 'Copy' );
		expect( copy ).toEqual( { ...DEMO_FLOW, id: 'demo-2', name: 'Copy' } );
		expect( copy.sequences ).not.toBe( DEMO_FLOW.sequences );
	} );
} );
