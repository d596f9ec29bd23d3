import { DEMO_FLOW, type Flow } from '@handoff-chat/contracts';
import {
	flowVariables,
	insertVariable,
	toVariableName,
} from './flow-variables';

describe( 'variable picker logic', () => {
	it( 'inserts {{NAME}} at the caret, or in place of the selection', () => {
		expect( insertVariable( 'Hello !', 'PRENOM', 6, 6 ) ).toEqual( {
			value: 'Hello {{PRENOM}}!',
			caret: 16,
		} );
		expect( insertVariable( 'Hello you!', 'PRENOM', 6, 9 ) ).toEqual( {
			value: 'Hello {{PRENOM}}!',
			caret: 16,
		} );
		// A field never focused: at the end.
		expect( insertVariable( 'Hi ', 'X', null, null ) ).toEqual( {
			value: 'Hi {{X}}',
			caret: 8,
		} );
		// Out-of-range positions are clamped.
		expect( insertVariable( 'ab', 'X', 10, 2 ) ).toEqual( {
			value: 'ab{{X}}',
			caret: 7,
		} );
	} );

	it( "lists the flow's variables: defined, read, and typed in texts", () => {
		expect( flowVariables( DEMO_FLOW ) ).toEqual( [
			'EMAIL',
			'PRENOM',
			'SOCIETE',
		] );
		const f: Flow = JSON.parse( JSON.stringify( DEMO_FLOW ) );
		f.sequences[ 2 ].steps.unshift(
			{
				id: 'c',
				type: 'condition',
				variable: 'VIP',
				operator: 'is_set',
				value: '',
				then: 'menu',
			},
			{ id: 's', type: 'set_variable', variable: 'SOURCE', value: 'faq' },
			{
				id: 't',
				type: 'text',
				text: 'Order {{ ORDER_ID }} and {{lower}}',
			}
		);
		expect( flowVariables( f ) ).toEqual( [
			'EMAIL',
			'ORDER_ID',
			'PRENOM',
			'SOCIETE',
			'SOURCE',
			'VIP',
		] );
	} );

	it( 'turns typed names into valid variable names', () => {
		expect( toVariableName( 'prénom' ) ).toBe( 'PRENOM' );
		expect( toVariableName( 'order id' ) ).toBe( 'ORDER_ID' );
		expect( toVariableName( '42 things' ) ).toBe( 'THINGS' );
		expect( toVariableName( '!!' ) ).toBe( '' );
	} );
} );
