import { stubApi } from '../test-utils/fixtures';
import { fakeBridge, json } from '../test-utils/fake-bridge';
import { createApi } from '.';

describe( 'createApi', () => {
	it( 'offers every call of HandoffApi over one token cache', async () => {
		const { options, apiFetch, fetch } = fakeBridge();
		const api = createApi( options );
		expect( Object.keys( api ).sort() ).toEqual(
			Object.keys( stubApi() ).sort()
		);
		fetch.mockImplementation( () =>
			json( 200, { flows: [], settings: {} } )
		);
		await api.listFlows();
		await api.getSettings();
		expect( apiFetch ).toHaveBeenCalledTimes( 1 );
	} );
} );
