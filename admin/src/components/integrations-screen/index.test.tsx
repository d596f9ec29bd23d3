import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import IntegrationsScreen from '.';

const ENDPOINT = {
	id: 'wh_1',
	url: 'https://hooks.example.com/chat',
	events: [ 'message.created' as const ],
	createdAt: '2026-12-05T10:00:00.000Z',
};
const KEY = {
	id: 'key_1',
	name: 'CRM sync',
	scope: 'read' as const,
	prefix: 'hck_abcdefgh',
	createdAt: '2026-12-05T10:00:00.000Z',
	lastUsedAt: null,
};

describe( 'IntegrationsScreen', () => {
	it( 'is for managers only', () => {
		const api = stubApi();
		renderWithServices( <IntegrationsScreen />, { api } );
		expect(
			screen.getByText(
				/Only the site’s managers can manage integrations/,
				{ selector: '.components-notice__content' }
			)
		).toBeInTheDocument();
		expect( api.listWebhooks ).not.toHaveBeenCalled();
	} );

	it( 'adds a webhook with the chosen events and shows its secret once', async () => {
		const api = stubApi( {
			listWebhooks: jest
				.fn()
				.mockResolvedValueOnce( [] )
				.mockResolvedValue( [ ENDPOINT ] ),
			createWebhook: jest
				.fn()
				.mockResolvedValue( { ...ENDPOINT, secret: 'whsec_s3cret' } ),
		} );
		renderWithServices( <IntegrationsScreen />, { api, canManage: true } );
		expect( await screen.findByText( 'No webhook yet.' ) ).toBeVisible();
		fireEvent.change( screen.getByLabelText( 'Address (https://…)' ), {
			target: { value: ENDPOINT.url },
		} );
		// Every event is ticked at first: leave only "New message".
		for ( const label of [
			'Conversation started',
			'Transferred to a human',
			'Assigned to an advisor',
			'Conversation closed',
			'Conversation rated',
		] ) {
			fireEvent.click( screen.getByLabelText( label ) );
		}
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Add webhook' } )
		);
		await waitFor( () =>
			expect( api.createWebhook ).toHaveBeenCalledWith( {
				url: ENDPOINT.url,
				events: [ 'message.created' ],
			} )
		);
		expect( await screen.findByText( 'whsec_s3cret' ) ).toBeVisible();
		expect( await screen.findByText( ENDPOINT.url ) ).toBeVisible();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'I have copied it' } )
		);
		expect( screen.queryByText( 'whsec_s3cret' ) ).not.toBeInTheDocument();
	} );

	it( 'sends a test event and shows the delivery log', async () => {
		const api = stubApi( {
			listWebhooks: jest.fn().mockResolvedValue( [ ENDPOINT ] ),
			listWebhookDeliveries: jest.fn().mockResolvedValue( [
				{
					id: 2,
					eventId: 'evt_1',
					eventType: 'webhook.test',
					attempt: 2,
					statusCode: 200,
					durationMs: 12,
					error: null,
					delivered: true,
					at: '2026-12-05T10:01:00.000Z',
				},
				{
					id: 1,
					eventId: 'evt_1',
					eventType: 'webhook.test',
					attempt: 1,
					statusCode: 500,
					durationMs: 30,
					error: 'The endpoint answered 500',
					delivered: false,
					at: '2026-12-05T10:00:30.000Z',
				},
			] ),
		} );
		renderWithServices( <IntegrationsScreen />, { api, canManage: true } );
		fireEvent.click(
			await screen.findByRole( 'button', { name: 'Send a test event' } )
		);
		await waitFor( () =>
			expect( api.sendTestWebhook ).toHaveBeenCalledWith( 'wh_1' )
		);
		const log = await screen.findByRole( 'table', {
			name: 'Delivery log',
		} );
		expect( within( log ).getByText( 'Delivered (200)' ) ).toBeVisible();
		expect(
			within( log ).getByText( 'Failed: The endpoint answered 500' )
		).toBeVisible();
	} );

	it( 'creates an API key, shows it once, and revokes a key after confirmation', async () => {
		const api = stubApi( {
			listApiKeys: jest
				.fn()
				.mockResolvedValueOnce( [] )
				.mockResolvedValueOnce( [ KEY ] )
				.mockResolvedValue( [] ),
			createApiKey: jest
				.fn()
				.mockResolvedValue( { ...KEY, key: 'hck_thewholekey' } ),
		} );
		renderWithServices( <IntegrationsScreen />, { api, canManage: true } );
		expect( await screen.findByText( 'No API key yet.' ) ).toBeVisible();
		fireEvent.change( screen.getByLabelText( 'Name' ), {
			target: { value: 'CRM sync' },
		} );
		fireEvent.change( screen.getByLabelText( 'Access' ), {
			target: { value: 'read-write' },
		} );
		fireEvent.click( screen.getByRole( 'button', { name: 'Create key' } ) );
		await waitFor( () =>
			expect( api.createApiKey ).toHaveBeenCalledWith( {
				name: 'CRM sync',
				scope: 'read-write',
			} )
		);
		expect( await screen.findByText( 'hck_thewholekey' ) ).toBeVisible();
		const row = ( await screen.findByText( 'CRM sync' ) ).closest( 'tr' )!;
		expect( within( row ).getByText( 'Never' ) ).toBeVisible();

		fireEvent.click(
			within( row ).getByRole( 'button', { name: 'Revoke CRM sync' } )
		);
		fireEvent.click(
			within( screen.getByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Revoke',
			} )
		);
		await waitFor( () =>
			expect( api.revokeApiKey ).toHaveBeenCalledWith( 'key_1' )
		);
		expect( await screen.findByText( 'No API key yet.' ) ).toBeVisible();
	} );
} );
