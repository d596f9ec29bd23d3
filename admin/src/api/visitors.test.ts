import {
	BRIDGE,
	fakeBridge,
	json,
	requestsOf,
} from '../test-utils/fake-bridge';
import { visitorsApi } from './visitors';

describe( 'visitors api', () => {
	it( 'reads the visitor and their variables, and puts variables as JSON', async () => {
		const { transport, fetch } = fakeBridge();
		const api = visitorsApi( transport );
		fetch.mockImplementation( () =>
			json( 200, {
				visitor: { id: 'v_1' },
				variables: [ { name: 'PRENOM', value: 'Léa', updatedAt: 'x' } ],
			} )
		);
		await api.getVisitor( 'c_1' );
		expect( await api.getVariables( 'c_1' ) ).toEqual( [
			{ name: 'PRENOM', value: 'Léa', updatedAt: 'x' },
		] );
		await api.putVariables( 'c_1', { EMAIL: 'a@b.c', OLD: null } );
		expect( requestsOf( fetch ) ).toEqual( [
			[ `${ BRIDGE }/v1/conversations/c_1/visitor`, 'GET', null ],
			[ `${ BRIDGE }/v1/conversations/c_1/variables`, 'GET', null ],
			[
				`${ BRIDGE }/v1/conversations/c_1/variables`,
				'PUT',
				'{"variables":{"EMAIL":"a@b.c","OLD":null}}',
			],
		] );
	} );
} );
