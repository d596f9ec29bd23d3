/**
 * Outgoing webhooks (docs/api.md "Webhooks"): a site's endpoints, each with a secret and the
 * events it subscribes to. Events are queued in webhook_outbox inside the unit of work that
 * causes them (ConversationsService calls `collect` before its commit), so an event exists if and
 * only if its change does; any bridge process then delivers them (outbox.ts claims, as for the
 * notification outbox), signed with HMAC-SHA256 over `<timestamp>.<body>`, retried with
 * exponential back-off and jitter, every attempt written to a bounded log per endpoint.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
	WEBHOOK_EVENT_HEADER,
	WEBHOOK_EVENTS,
	WEBHOOK_ID_HEADER,
	WEBHOOK_SIGNATURE_HEADER,
	WEBHOOK_TEST_EVENT,
	type CreatedWebhookEndpoint,
	type CreateWebhookBody,
	type WebhookDelivery,
	type WebhookEndpoint,
	type WebhookEvent,
	type WebhookEventType,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { nowIso } from '../db';
import { badRequest, notFound } from '../errors';
import type { Logger } from '../logger';
import type { AccessPolicy } from './access';
import type { AdvisorPrincipal } from './advisor-view';
import type { ConversationTx } from './conversation-tx';
import { ExpiringCache } from './expiring-cache';
import { OutboxSender } from './outbox';
import { guardedLookup, isPrivateHost } from './safe-address';

export interface WebhookOptions {
	/** First retry delay; doubles per attempt (±20 % jitter), capped at MAX_DELAY_MS. */
	baseDelayMs: number;
	maxAttempts: number;
	timeoutMs: number;
	/** How often due deliveries are looked for. */
	intervalMs: number;
	/** Loopback and private targets (and then plain http) allowed: WEBHOOKS_ALLOW_PRIVATE. */
	allowPrivate: boolean;
}

const DEFAULTS: WebhookOptions = {
	baseDelayMs: 30_000,
	maxAttempts: 10,
	timeoutMs: 10_000,
	intervalMs: 15_000,
	allowPrivate: false,
};
const MAX_DELAY_MS = 3600_000;
/** The delivery log keeps, per endpoint, at most this many attempts, none older than LOG_DAYS. */
export const LOG_LIMIT = 100;
const LOG_DAYS = 30;
const MAX_ENDPOINTS = 20;
/** How long this process reuses a site's subscriptions (another process's change shows within it). */
const CACHE_MS = 5_000;

type Subscriptions = Array< { id: string; events: Set< string > } >;

const toEndpoint = ( r: any ): WebhookEndpoint => ( {
	id: r.id,
	url: r.url,
	events: JSON.parse( r.events ),
	createdAt: r.created_at,
} );

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` */
export function signWebhook(
	secret: string,
	timestamp: number,
	body: string
): string {
	const mac = createHmac( 'sha256', secret )
		.update( `${ timestamp }.${ body }` )
		.digest( 'hex' );
	return `t=${ timestamp },v1=${ mac }`;
}

/** The delay before attempt `attempts + 1`: base·2^(attempts−1), capped, ±20 % so retries spread. */
export function retryDelay( baseMs: number, attempts: number ): number {
	const delay = Math.min( baseMs * 2 ** ( attempts - 1 ), MAX_DELAY_MS );
	return Math.round( delay * ( 0.8 + Math.random() * 0.4 ) );
}

export class WebhooksService extends OutboxSender {
	private readonly opts: WebhookOptions;
	private readonly cache = new ExpiringCache< Subscriptions >( CACHE_MS );

	constructor(
		db: Db,
		private readonly access: AccessPolicy,
		private readonly log: Logger,
		opts: Partial< WebhookOptions > = {}
	) {
		const options = { ...DEFAULTS, ...opts };
		super( db, 'webhook_outbox', options.intervalMs, ( err ) =>
			log.error( 'webhook delivery failed', { err } )
		);
		this.opts = options;
	}

	// ---- Management (advisors with `manage`) ----

	async list( p: AdvisorPrincipal ): Promise< WebhookEndpoint[] > {
		await this.access.require( p, 'manage_integrations' );
		const rows = await this.db( 'webhook_endpoints' )
			.where( { site_id: p.siteId } )
			.orderBy( 'created_at' );
		return rows.map( toEndpoint );
	}

	async create(
		p: AdvisorPrincipal,
		body: CreateWebhookBody
	): Promise< CreatedWebhookEndpoint > {
		await this.access.require( p, 'manage_integrations' );
		const url = this.checkUrl( body.url );
		const { n } = ( await this.db( 'webhook_endpoints' )
			.where( { site_id: p.siteId } )
			.count( '* as n' )
			.first() ) as { n: number | string };
		if ( Number( n ) >= MAX_ENDPOINTS ) {
			throw badRequest(
				`A site has at most ${ MAX_ENDPOINTS } webhook endpoints.`
			);
		}
		const row = {
			id: 'wh_' + randomBytes( 8 ).toString( 'hex' ),
			site_id: p.siteId,
			url,
			secret: 'whsec_' + randomBytes( 24 ).toString( 'base64url' ),
			events: JSON.stringify(
				WEBHOOK_EVENTS.filter( ( e ) => body.events.includes( e ) )
			),
			created_at: nowIso(),
		};
		await this.db( 'webhook_endpoints' ).insert( row );
		this.cache.forget( p.siteId );
		return { ...toEndpoint( row ), secret: row.secret };
	}

	async remove( p: AdvisorPrincipal, id: string ): Promise< void > {
		await this.access.require( p, 'manage_integrations' );
		await this.db.transaction( async ( trx ) => {
			const n = await trx( 'webhook_endpoints' )
				.where( { id, site_id: p.siteId } )
				.delete();
			if ( ! n ) {
				throw notFound( 'Webhook endpoint' );
			}
			await trx( 'webhook_outbox' ).where( { endpoint_id: id } ).delete();
			await trx( 'webhook_attempts' )
				.where( { endpoint_id: id } )
				.delete();
		} );
		this.cache.forget( p.siteId );
	}

	/** The endpoint's delivery log, newest first. */
	async deliveries(
		p: AdvisorPrincipal,
		id: string
	): Promise< WebhookDelivery[] > {
		await this.access.require( p, 'manage_integrations' );
		await this.endpoint( p.siteId, id );
		const rows = await this.db( 'webhook_attempts' )
			.where( { endpoint_id: id } )
			.orderBy( 'id', 'desc' )
			.limit( LOG_LIMIT );
		return rows.map( ( r: any ) => ( {
			id: Number( r.id ),
			eventId: r.event_id,
			eventType: r.event_type,
			attempt: Number( r.attempt ),
			statusCode: r.status_code === null ? null : Number( r.status_code ),
			durationMs: Number( r.duration_ms ),
			error: r.error,
			delivered: !! r.delivered,
			at: r.at,
		} ) );
	}

	/** "Send a test event": a `webhook.test` queued for this endpoint only, delivered like any other. */
	async sendTest(
		p: AdvisorPrincipal,
		id: string
	): Promise< { eventId: string } > {
		await this.access.require( p, 'manage_integrations' );
		await this.endpoint( p.siteId, id );
		const event = this.event( p.siteId, WEBHOOK_TEST_EVENT, {} );
		await this.db( 'webhook_outbox' ).insert( this.row( id, event ) );
		this.kick();
		return { eventId: event.id };
	}

	private async endpoint( siteId: string, id: string ) {
		const row = await this.db( 'webhook_endpoints' )
			.where( { id, site_id: siteId } )
			.first();
		if ( ! row ) {
			throw notFound( 'Webhook endpoint' );
		}
		return row;
	}

	/** https only; plain http and private hosts only with WEBHOOKS_ALLOW_PRIVATE (tests, an intranet). */
	private checkUrl( raw: string ): string {
		let u: URL;
		try {
			u = new URL( raw );
		} catch {
			throw badRequest( 'url: not a valid URL.' );
		}
		if ( u.username || u.password ) {
			throw badRequest( 'url: credentials in the URL are not allowed.' );
		}
		if ( u.protocol !== 'https:' && u.protocol !== 'http:' ) {
			throw badRequest( 'url: use an https:// address.' );
		}
		const local = isPrivateHost( u.hostname );
		if ( local && ! this.opts.allowPrivate ) {
			throw badRequest(
				'url: private and loopback addresses are refused (the bridge setting WEBHOOKS_ALLOW_PRIVATE allows them).'
			);
		}
		if ( u.protocol === 'http:' && ! ( local && this.opts.allowPrivate ) ) {
			throw badRequest( 'url: use an https:// address.' );
		}
		return u.toString();
	}

	// ---- Events ----

	/**
	 * Inside a conversation's unit of work, before its commit: queues what it did for the
	 * endpoints subscribed to it (`created`: the unit of work created the conversation). Nothing
	 * is read or written when the site has no endpoint for these events (its subscriptions are
	 * cached CACHE_MS), so a send stays its few statements.
	 */
	async collect( tx: ConversationTx, created: boolean ): Promise< void > {
		const conversation = tx.conversation;
		const found: Array< { type: WebhookEventType; data: any } > = [];
		if ( created ) {
			found.push( { type: 'conversation.created', data: {} } );
		}
		for ( const message of tx.messages ) {
			// Private notes are the advisors' only.
			if ( message.kind !== 'note' ) {
				found.push( { type: 'message.created', data: { message } } );
			}
		}
		const before = tx.initial;
		if (
			before.state === 'bot' &&
			( conversation.state === 'waiting' ||
				conversation.state === 'live' )
		) {
			found.push( { type: 'conversation.escalated', data: {} } );
		}
		if (
			conversation.assignedAdvisorId &&
			conversation.assignedAdvisorId !== before.assignedAdvisorId
		) {
			found.push( { type: 'conversation.assigned', data: {} } );
		}
		if ( conversation.state === 'closed' && before.state !== 'closed' ) {
			found.push( { type: 'conversation.closed', data: {} } );
		}
		if ( ! found.length ) {
			return;
		}
		if (
			await this.enqueue(
				tx.trx,
				conversation.siteId,
				found.map( ( f ) => ( {
					type: f.type,
					data: { conversation, ...f.data },
				} ) )
			)
		) {
			tx.afterCommit.push( async () => this.kick() );
		}
	}

	/**
	 * Queues one event for the site's subscribed endpoints, for events that happen outside a
	 * conversation's unit of work: `conversation.rated` (the rating's code calls
	 * `webhooks.emit(siteId, 'conversation.rated', { conversation, rating })`, passing its
	 * transaction as `db` when it has one, then `webhooks.kick()` once it has committed; else
	 * the next timer run sends it). Returns how many deliveries were queued.
	 */
	async emit(
		siteId: string,
		type: WebhookEventType,
		data: WebhookEvent[ 'data' ],
		db: Db = this.db
	): Promise< number > {
		const n = await this.enqueue( db, siteId, [ { type, data } ] );
		if ( n && ! db.isTransaction ) {
			this.kick();
		}
		return n;
	}

	private async enqueue(
		db: Db,
		siteId: string,
		events: Array< {
			type: WebhookEventType;
			data: WebhookEvent[ 'data' ];
		} >
	): Promise< number > {
		const subs = await this.subscriptions( db, siteId );
		const rows = [];
		for ( const e of events ) {
			const to = subs.filter( ( s ) => s.events.has( e.type ) );
			if ( to.length ) {
				const event = this.event( siteId, e.type, e.data );
				rows.push( ...to.map( ( s ) => this.row( s.id, event ) ) );
			}
		}
		if ( rows.length ) {
			await db( 'webhook_outbox' ).insert( rows );
		}
		return rows.length;
	}

	private async subscriptions(
		db: Db,
		siteId: string
	): Promise< Subscriptions > {
		return this.cache.get( siteId, async () => {
			const rows = await db( 'webhook_endpoints' )
				.where( { site_id: siteId } )
				.select( 'id', 'events' );
			return rows.map( ( r: any ) => ( {
				id: r.id as string,
				events: new Set< string >( JSON.parse( r.events ) ),
			} ) );
		} );
	}

	private event(
		siteId: string,
		type: WebhookEvent[ 'type' ],
		data: WebhookEvent[ 'data' ]
	): WebhookEvent {
		return {
			id: 'evt_' + randomUUID().replace( /-/g, '' ),
			type,
			createdAt: nowIso(),
			siteId,
			data,
		};
	}

	private row( endpointId: string, event: WebhookEvent ) {
		const now = nowIso();
		return {
			site_id: event.siteId,
			endpoint_id: endpointId,
			event_id: event.id,
			event_type: event.type,
			payload: JSON.stringify( event ),
			status: 'pending',
			attempts: 0,
			next_attempt_at: now,
			created_at: now,
		};
	}

	// ---- Delivery ----

	protected async deliver( row: Record< string, any > ): Promise< boolean > {
		const endpoint = await this.db( 'webhook_endpoints' )
			.where( { id: row.endpoint_id } )
			.first();
		if ( ! endpoint ) {
			// Deleted since the event was queued.
			await this.db( 'webhook_outbox' ).where( { id: row.id } ).delete();
			return false;
		}
		const attempt = Number( row.attempts ) + 1;
		const started = Date.now();
		let statusCode: number | null = null;
		let error: string | null = null;
		try {
			statusCode = await this.post( endpoint, row, attempt );
			if ( statusCode < 200 || statusCode >= 300 ) {
				error = `The endpoint answered ${ statusCode }`;
			}
		} catch ( err ) {
			const e = err as Error & { code?: string };
			error = [ e?.message, e?.code ].filter( Boolean ).join( ': ' );
		}
		const ok = error === null;
		const giveUp = ! ok && attempt >= this.opts.maxAttempts;
		await this.db( 'webhook_attempts' ).insert( {
			endpoint_id: endpoint.id,
			event_id: row.event_id,
			event_type: row.event_type,
			attempt,
			status_code: statusCode,
			duration_ms: Date.now() - started,
			error: error?.slice( 0, 500 ) ?? null,
			delivered: ok,
			at: nowIso(),
		} );
		await this.trimLog( endpoint.id );
		if ( ok || giveUp ) {
			// The log keeps the outcome; the outbox only what is still to send.
			await this.db( 'webhook_outbox' ).where( { id: row.id } ).delete();
		} else {
			await this.db( 'webhook_outbox' )
				.where( { id: row.id } )
				.update( {
					attempts: attempt,
					next_attempt_at: new Date(
						Date.now() +
							retryDelay( this.opts.baseDelayMs, attempt )
					).toISOString(),
					locked_until: null,
				} );
		}
		if ( ! ok ) {
			this.log.warn( 'webhook not delivered', {
				endpointId: endpoint.id,
				eventId: row.event_id,
				attempt,
				error,
				giveUp,
			} );
		}
		return ok;
	}

	private async trimLog( endpointId: string ): Promise< void > {
		const cutoff = new Date(
			Date.now() - LOG_DAYS * 86400_000
		).toISOString();
		await this.db( 'webhook_attempts' )
			.where( { endpoint_id: endpointId } )
			.andWhere( ( w ) =>
				w
					.where( 'at', '<', cutoff )
					.orWhereNotIn(
						'id',
						this.db( 'webhook_attempts' )
							.select( 'id' )
							.where( { endpoint_id: endpointId } )
							.orderBy( 'id', 'desc' )
							.limit( LOG_LIMIT )
					)
			)
			.delete();
	}

	/** One POST, never following a redirect (it could point anywhere); resolves with the status. */
	private post(
		endpoint: Record< string, any >,
		row: Record< string, any >,
		attempt: number
	): Promise< number > {
		const u = new URL( endpoint.url );
		if ( ! this.opts.allowPrivate && isPrivateHost( u.hostname ) ) {
			return Promise.reject(
				new Error( `${ u.hostname } is a private address` )
			);
		}
		const body = String( row.payload );
		const timestamp = Math.floor( Date.now() / 1000 );
		const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
		return new Promise( ( resolve, reject ) => {
			const req = request(
				u,
				{
					method: 'POST',
					lookup: guardedLookup( this.opts.allowPrivate ),
					timeout: this.opts.timeoutMs,
					headers: {
						'Content-Type': 'application/json',
						'Content-Length': Buffer.byteLength( body ),
						'User-Agent': 'HandoffChat-Webhooks/1',
						[ WEBHOOK_ID_HEADER ]: row.event_id,
						[ WEBHOOK_EVENT_HEADER ]: row.event_type,
						'X-Handoff-Webhook-Attempt': String( attempt ),
						[ WEBHOOK_SIGNATURE_HEADER ]: signWebhook(
							endpoint.secret,
							timestamp,
							body
						),
					},
				},
				( res ) => {
					// The answer's body is not read beyond draining it.
					res.resume();
					res.on( 'end', () => resolve( res.statusCode ?? 0 ) );
					res.on( 'error', reject );
				}
			);
			req.on( 'timeout', () =>
				req.destroy(
					new Error( `No answer within ${ this.opts.timeoutMs } ms` )
				)
			);
			req.on( 'error', reject );
			req.end( body );
		} );
	}
}
