import {
	BRIDGE,
	fakeBridge,
	json,
	requestsOf,
} from '../test-utils/fake-bridge';
import { settingsApi } from './settings';

describe( 'settings api', () => {
	it( 'reads and puts the settings, and lists colleagues', async () => {
		const { transport, fetch } = fakeBridge();
		const api = settingsApi( transport );
		fetch.mockImplementation( ( url: string ) =>
			url.endsWith( '/advisors' )
				? json( 200, { advisors: [ { id: '7' } ] } )
				: json( 200, { settings: {} } )
		);
		expect( await api.getSettings() ).toEqual( { settings: {} } );
		await api.putSettings( { pseudonymTemplate: '{{NOM}}' } );
		expect( await api.listAdvisors() ).toEqual( [ { id: '7' } ] );
		expect( requestsOf( fetch ) ).toEqual( [
			[ `${ BRIDGE }/v1/settings`, 'GET', null ],
			[
				`${ BRIDGE }/v1/settings`,
				'PUT',
				'{"pseudonymTemplate":"{{NOM}}"}',
			],
			[ `${ BRIDGE }/v1/advisors`, 'GET', null ],
		] );
	} );
} );
