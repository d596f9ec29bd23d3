import {
	BRIDGE,
	fakeBridge,
	json,
	requestsOf,
	response,
} from '../test-utils/fake-bridge';
import { integrationsApi } from './integrations';

describe( 'integrations api', () => {
	it( 'calls the bridge’s integration routes', async () => {
		const { transport, fetch } = fakeBridge();
		const api = integrationsApi( transport );
		fetch.mockImplementation(
			( url: string, init: { method?: string } ) => {
				if ( init?.method === 'DELETE' ) {
					return response( 204, '' );
				}
				if ( url.endsWith( '/deliveries' ) ) {
					return json( 200, { deliveries: [ { id: 1 } ] } );
				}
				if ( url.endsWith( '/test' ) ) {
					return json( 202, { eventId: 'evt_1' } );
				}
				if ( url.includes( 'api-keys' ) ) {
					return json( init?.method === 'POST' ? 201 : 200, {
						keys: [ { id: 'key_1' } ],
						key: { id: 'key_2', key: 'hck_x' },
					} );
				}
				return json( init?.method === 'POST' ? 201 : 200, {
					endpoints: [ { id: 'wh_1' } ],
					endpoint: { id: 'wh_2', secret: 'whsec_x' },
				} );
			}
		);
		expect( await api.listWebhooks() ).toEqual( [ { id: 'wh_1' } ] );
		expect(
			await api.createWebhook( {
				url: 'https://example.com/h',
				events: [ 'message.created' ],
			} )
		).toEqual( { id: 'wh_2', secret: 'whsec_x' } );
		expect( await api.sendTestWebhook( 'wh_2' ) ).toEqual( {
			eventId: 'evt_1',
		} );
		expect( await api.listWebhookDeliveries( 'wh_2' ) ).toEqual( [
			{ id: 1 },
		] );
		await api.deleteWebhook( 'wh_2' );
		expect( await api.listApiKeys() ).toEqual( [ { id: 'key_1' } ] );
		expect(
			await api.createApiKey( { name: 'CRM', scope: 'read' } )
		).toEqual( { id: 'key_2', key: 'hck_x' } );
		await api.revokeApiKey( 'key_2' );
		expect( requestsOf( fetch ) ).toEqual( [
			[ `${ BRIDGE }/v1/integrations/webhooks`, 'GET', null ],
			[
				`${ BRIDGE }/v1/integrations/webhooks`,
				'POST',
				'{"url":"https://example.com/h","events":["message.created"]}',
			],
			[ `${ BRIDGE }/v1/integrations/webhooks/wh_2/test`, 'POST', null ],
			[
				`${ BRIDGE }/v1/integrations/webhooks/wh_2/deliveries`,
				'GET',
				null,
			],
			[ `${ BRIDGE }/v1/integrations/webhooks/wh_2`, 'DELETE', null ],
			[ `${ BRIDGE }/v1/integrations/api-keys`, 'GET', null ],
			[
				`${ BRIDGE }/v1/integrations/api-keys`,
				'POST',
				'{"name":"CRM","scope":"read"}',
			],
			[ `${ BRIDGE }/v1/integrations/api-keys/key_2`, 'DELETE', null ],
		] );
	} );
} );
