/**
 * Integrations (docs/api.md "Integrations"): outgoing webhooks and site API keys, managed by
 * advisors with `manage` from wp-admin's Integrations screen.
 */
import { z } from 'zod';
import type { Conversation, Message } from './types';

export const WEBHOOK_EVENTS = [
	'conversation.created',
	'conversation.escalated',
	'conversation.assigned',
	'message.created',
	'conversation.closed',
	'conversation.rated',
] as const;
export type WebhookEventType = ( typeof WEBHOOK_EVENTS )[ number ];
/** Sent only by "Send a test event", to that endpoint, whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** Headers of every delivery. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Handoff-Webhook-Signature';
export const WEBHOOK_ID_HEADER = 'X-Handoff-Webhook-Id';
export const WEBHOOK_EVENT_HEADER = 'X-Handoff-Webhook-Event';

/** A conversation's rating at close: what `conversation.rated` carries beside the conversation. */
export interface WebhookRating {
	score: number;
	comment: string | null;
}

/** The JSON body of a delivery: `X-Handoff-Webhook-Signature` signs `<t>.<this body>`. */
export interface WebhookEvent {
	/** `evt_…`, the same on every attempt (X-Handoff-Webhook-Id): receivers deduplicate on it. */
	id: string;
	type: WebhookEventType | typeof WEBHOOK_TEST_EVENT;
	/** ISO 8601, when the change happened (not when this attempt was sent). */
	createdAt: string;
	siteId: string;
	data: {
		conversation?: Conversation;
		/** message.created */
		message?: Message;
		/** conversation.rated */
		rating?: WebhookRating;
	};
}

export interface WebhookEndpoint {
	id: string;
	url: string;
	events: WebhookEventType[];
	createdAt: string;
}

/** POST /v1/integrations/webhooks: the secret is in this answer only. */
export interface CreatedWebhookEndpoint extends WebhookEndpoint {
	secret: string;
}

export interface WebhookDelivery {
	id: number;
	eventId: string;
	eventType: string;
	attempt: number;
	statusCode: number | null;
	durationMs: number;
	error: string | null;
	delivered: boolean;
	at: string;
}

export const API_KEY_SCOPES = [ 'read', 'read-write' ] as const;
export type ApiKeyScope = ( typeof API_KEY_SCOPES )[ number ];
/** Every site API key starts with this (a bearer token: `Authorization: Bearer hck_…`). */
export const API_KEY_PREFIX = 'hck_';

export interface ApiKey {
	id: string;
	name: string;
	scope: ApiKeyScope;
	/** The key's first characters, to tell keys apart. */
	prefix: string;
	createdAt: string;
	lastUsedAt: string | null;
}

/** POST /v1/integrations/api-keys: the key is in this answer only. */
export interface CreatedApiKey extends ApiKey {
	key: string;
}

export const createWebhookBody = z
	.object( {
		url: z.string().trim().min( 1 ).max( 2048 ),
		events: z.array( z.enum( WEBHOOK_EVENTS ) ).min( 1 ).max( 20 ),
	} )
	.strict();

export const createApiKeyBody = z
	.object( {
		name: z.string().trim().min( 1 ).max( 200 ),
		scope: z.enum( API_KEY_SCOPES ),
	} )
	.strict();

export type CreateWebhookBody = z.infer< typeof createWebhookBody >;
export type CreateApiKeyBody = z.infer< typeof createApiKeyBody >;
