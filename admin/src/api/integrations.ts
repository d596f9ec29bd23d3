/** Integrations (managers): webhook endpoints with their delivery log, and site API keys. */
import type {
	ApiKey,
	CreateApiKeyBody,
	CreatedApiKey,
	CreatedWebhookEndpoint,
	CreateWebhookBody,
	WebhookDelivery,
	WebhookEndpoint,
} from '@handoff-chat/contracts';
import type { Transport } from './transport';

export interface IntegrationsApi {
	listWebhooks: () => Promise< WebhookEndpoint[] >;
	/** The answer carries the signing secret: shown once. */
	createWebhook: (
		body: CreateWebhookBody
	) => Promise< CreatedWebhookEndpoint >;
	deleteWebhook: ( id: string ) => Promise< void >;
	sendTestWebhook: ( id: string ) => Promise< { eventId: string } >;
	listWebhookDeliveries: ( id: string ) => Promise< WebhookDelivery[] >;
	listApiKeys: () => Promise< ApiKey[] >;
	/** The answer carries the key: shown once. */
	createApiKey: ( body: CreateApiKeyBody ) => Promise< CreatedApiKey >;
	revokeApiKey: ( id: string ) => Promise< void >;
}

const hook = ( id: string ) =>
	`/v1/integrations/webhooks/${ encodeURIComponent( id ) }`;

export function integrationsApi( { bridge }: Transport ): IntegrationsApi {
	return {
		async listWebhooks() {
			return (
				await bridge< { endpoints: WebhookEndpoint[] } >(
					'/v1/integrations/webhooks'
				)
			).endpoints;
		},
		async createWebhook( body ) {
			return (
				await bridge< { endpoint: CreatedWebhookEndpoint } >(
					'/v1/integrations/webhooks',
					{ method: 'POST', body }
				)
			).endpoint;
		},
		async deleteWebhook( id ) {
			await bridge< void >( hook( id ), { method: 'DELETE' } );
		},
		sendTestWebhook( id ) {
			return bridge< { eventId: string } >( `${ hook( id ) }/test`, {
				method: 'POST',
			} );
		},
		async listWebhookDeliveries( id ) {
			return (
				await bridge< { deliveries: WebhookDelivery[] } >(
					`${ hook( id ) }/deliveries`
				)
			).deliveries;
		},
		async listApiKeys() {
			return (
				await bridge< { keys: ApiKey[] } >(
					'/v1/integrations/api-keys'
				)
			).keys;
		},
		async createApiKey( body ) {
			return (
				await bridge< { key: CreatedApiKey } >(
					'/v1/integrations/api-keys',
					{ method: 'POST', body }
				)
			).key;
		},
		async revokeApiKey( id ) {
			await bridge< void >(
				`/v1/integrations/api-keys/${ encodeURIComponent( id ) }`,
				{ method: 'DELETE' }
			);
		},
	};
}
