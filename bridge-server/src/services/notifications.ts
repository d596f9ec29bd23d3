/**
 * Calls to WordPress (`POST <site url>/?rest_route=/handoff-chat/v1/notify`), signed with the site
 * secret exactly as WordPress signs its calls to the bridge (auth/signed-request.ts). They go
 * through a persisted outbox: queued in the unit of work that escalates, sent after commit
 * and retried with backoff, so neither a slow WordPress nor a restart blocks or loses one.
 * A lease on each row keeps two bridge processes from sending the same one.
 */
import {
	pageAllowed,
	type CheckNotifyResponse,
	type EscalationLine,
	type NotifyPing,
	type EscalationNotification,
	truncateText,
} from '@handoff-chat/contracts';
import {
	SIGNATURE_HEADER,
	signRequest,
	SITE_HEADER,
	TIMESTAMP_HEADER,
} from '../auth/signed-request';
import type { Db } from '../db';
import { nowIso } from '../db';
import type { Logger } from '../logger';
import type { AdvisorViewService } from './advisor-view';
import type { PresenceService } from './presence';
import { emailReplyBody, type QueuedEmailReply } from './reply-by-email';
import { parsePages } from './advisors';
import { toMessage } from './mappers';
import { OutboxSender } from './outbox';
import type { Site, SitesService } from './sites';

// `?rest_route=` works with plain and pretty permalinks alike; `/wp-json/…` under plain
// permalinks is answered by the home page with a 200, which would pass for a delivery.
export const NOTIFY_PATH = '/?rest_route=/handoff-chat/v1/notify';

export interface NotifierOptions {
	/** First retry delay; doubles per attempt, capped at an hour. */
	baseDelayMs: number;
	maxAttempts: number;
	timeoutMs: number;
	/** How often due retries are looked for. */
	intervalMs: number;
}

const DEFAULTS: NotifierOptions = {
	baseDelayMs: 30_000,
	maxAttempts: 8,
	timeoutMs: 5000,
	intervalMs: 15_000,
};
const PREVIEW_LENGTH = 140;
/** Visitor lines an escalation quotes, and how far back they are looked for. */
const MAX_LINES = 5;
const LINES_LOOKBACK = 100;

/** What an escalation needs from outside its unit of work (no query may run beside the transaction). */
export type PreparedEscalation = Omit<
	EscalationNotification,
	'assignedAdvisorId'
> & { siteId: string };

export const notifyUrl = ( siteUrl: string ) =>
	siteUrl.replace( /\/+$/, '' ) + NOTIFY_PATH;

export class NotificationsService extends OutboxSender {
	private readonly opts: NotifierOptions;

	constructor(
		db: Db,
		private readonly sites: SitesService,
		private readonly view: AdvisorViewService,
		private readonly log: Logger,
		opts: Partial< NotifierOptions > = {},
		/** Whether a visitor is online, for `email-reply` (emailReplyBody). */
		private readonly presence?: PresenceService
	) {
		const options = { ...DEFAULTS, ...opts };
		super( db, 'notification_outbox', options.intervalMs, ( err ) =>
			log.error( 'notification delivery failed', { err } )
		);
		this.opts = options;
	}

	/** Null when the site has no URL: notifications are off for it. */
	async prepareEscalation(
		row: Record< string, any >
	): Promise< PreparedEscalation | null > {
		const site = await this.sites.get( row.site_id );
		if ( ! site?.url ) {
			return null;
		}
		const lines = await this.visitorLines( row.id );
		// Older plugins quote `preview` as typed: never a button's label.
		const typed = lines.filter( ( l ) => l.kind !== 'choice' ).pop();
		return {
			type: 'escalated',
			siteId: row.site_id,
			conversationId: row.id,
			recipients: await this.recipients( row ),
			visitorName:
				(
					await this.view.visitorNames( row.site_id, [
						row.visitor_id,
					] )
				).get( row.visitor_id ) ?? null,
			preview: typed?.text || null,
			lines,
			pageUrl: row.page_url ?? null,
			pageTitle: row.page_title ?? null,
		};
	}

	/**
	 * What the visitor said and chose, for the advisors to read before they open the chat: their
	 * last typed texts, images and button presses (marked as such, never as if typed). Their
	 * answers to the bot's questions are left out: those are the variables (name, company,
	 * email…) the pseudonym and the visitor panel already show, and quoting "ACME" as what the
	 * visitor said tells an advisor nothing.
	 */
	private async visitorLines(
		conversationId: string
	): Promise< EscalationLine[] > {
		const recent = await this.db( 'messages' )
			.where( 'conversation_id', conversationId )
			.whereNot( 'kind', 'note' )
			.orderBy( 'seq', 'desc' )
			.limit( LINES_LOOKBACK );
		const lines: EscalationLine[] = [];
		// Whether the bot's last word was a question, so the visitor's next text answers it.
		let asked = false;
		for ( const m of recent.reverse().map( toMessage ) ) {
			if ( m.author.type !== 'visitor' || m.kind === 'event' ) {
				asked = m.author.type === 'bot' && !! m.meta?.question;
				continue;
			}
			const text = truncateText( m.text, PREVIEW_LENGTH );
			if ( m.kind === 'image' ) {
				lines.push( { kind: 'image', text } );
			} else if ( m.meta?.pressed ) {
				lines.push( { kind: 'choice', text } );
			} else if ( asked ) {
				asked = false;
			} else if ( text ) {
				lines.push( { kind: 'text', text } );
			}
		}
		return lines.slice( -MAX_LINES );
	}

	/** Who may hear of this conversation: licensed advisors who can answer and see its page. */
	private async recipients(
		row: Record< string, any >
	): Promise< string[] > {
		const rows = await this.db( 'advisors' )
			.where( { site_id: row.site_id, can_answer: true, licensed: true } )
			.select( 'id', 'pages' );
		return rows
			.filter( ( r: any ) =>
				pageAllowed( parsePages( r.pages ), row.page_url ?? null )
			)
			.map( ( r: any ) => r.id as string )
			.sort();
	}

	/** Inside the escalating unit of work, so the notification commits (or not) with it. */
	async enqueue(
		trx: Db,
		prepared: PreparedEscalation,
		assignedAdvisorId: string | null
	): Promise< void > {
		const { siteId, ...rest } = prepared;
		const payload: EscalationNotification = { ...rest, assignedAdvisorId };
		await this.enqueuePayload( trx, siteId, payload );
	}

	/** Queues any notification inside the caller's transaction (it commits with it). */
	async enqueuePayload(
		trx: Db,
		siteId: string,
		payload: EscalationNotification | QueuedEmailReply
	): Promise< void > {
		const now = nowIso();
		await trx( 'notification_outbox' ).insert( {
			site_id: siteId,
			payload: JSON.stringify( payload ),
			status: 'pending',
			attempts: 0,
			next_attempt_at: now,
			created_at: now,
		} );
	}

	protected async deliver( row: Record< string, any > ): Promise< boolean > {
		const site = await this.sites.get( row.site_id );
		let error: string;
		if ( ! site?.url ) {
			error = 'The site has no URL.';
		} else {
			const body = await this.bodyOf( row, site );
			if ( body === null ) {
				// The visitor read the reply in the chat: nothing to email.
				await this.db( 'notification_outbox' )
					.where( { id: row.id } )
					.update( {
						status: 'skipped',
						locked_until: null,
						last_error: 'The visitor was online.',
					} );
				return false;
			}
			try {
				const { status, acknowledged } = await this.post(
					site.id,
					site.secret,
					notifyUrl( site.url ),
					body
				);
				// Only the plugin's own JSON answer counts: a page, a proxy or a login form may answer 200 too.
				if ( status >= 200 && status < 300 && acknowledged ) {
					await this.db( 'notification_outbox' )
						.where( { id: row.id } )
						.update( {
							status: 'delivered',
							delivered_at: nowIso(),
							attempts: row.attempts + 1,
							locked_until: null,
						} );
					return true;
				}
				error =
					status >= 200 && status < 300
						? `WordPress answered ${ status } without the plugin's acknowledgement (is the plugin active?)`
						: `WordPress answered ${ status }`;
			} catch ( err ) {
				error = String( ( err as Error )?.message ?? err );
			}
		}
		const attempts = Number( row.attempts ) + 1;
		const giveUp = attempts >= this.opts.maxAttempts || ! site?.url;
		const delay = Math.min(
			this.opts.baseDelayMs * 2 ** ( attempts - 1 ),
			3600_000
		);
		this.log.warn( 'notification not delivered', {
			id: row.id,
			siteId: row.site_id,
			attempts,
			error,
			giveUp,
		} );
		await this.db( 'notification_outbox' )
			.where( { id: row.id } )
			.update( {
				status: giveUp ? 'failed' : 'pending',
				attempts,
				next_attempt_at: new Date( Date.now() + delay ).toISOString(),
				locked_until: null,
				last_error: error.slice( 0, 500 ),
			} );
		return false;
	}

	/** What WordPress gets for a row: as queued, but an `email-reply` is completed now (null: skip it). */
	private async bodyOf(
		row: Record< string, any >,
		site: Site
	): Promise< string | null > {
		let queued: { type?: string } | null = null;
		try {
			queued = JSON.parse( row.payload );
		} catch {
			// Sent as stored: WordPress refuses it and the row ends as failed.
		}
		return queued?.type === 'email-reply'
			? emailReplyBody(
					queued as QueuedEmailReply,
					site,
					Number( row.attempts ) === 0,
					this.presence
				)
			: row.payload;
	}

	/**
	 * The connection check's round trip (POST /v1/sites/self/check-notify): one `ping` to the
	 * site's notify URL, sent now and never queued or retried, reported with why it failed.
	 */
	async ping(
		site: Site,
		token: string
	): Promise< Omit< CheckNotifyResponse, 'bridgeVersion' > > {
		if ( ! site.url ) {
			return {
				delivered: false,
				url: null,
				status: null,
				failure: 'no_url',
				error: 'The site has no URL on the bridge.',
			};
		}
		const url = notifyUrl( site.url );
		const ping: NotifyPing = { type: 'ping', token };
		let answer: { status: number; acknowledged: boolean };
		try {
			answer = await this.post(
				site.id,
				site.secret,
				url,
				JSON.stringify( ping )
			);
		} catch ( err ) {
			const e = err as Error & { cause?: { code?: string } };
			return {
				delivered: false,
				url,
				status: null,
				failure: 'unreachable',
				// fetch() says only "fetch failed": the cause names it (ECONNREFUSED, ENOTFOUND…).
				error:
					e?.name === 'TimeoutError'
						? `No answer within ${ this.opts.timeoutMs } ms`
						: [ e?.message, e?.cause?.code ]
								.filter( Boolean )
								.join( ': ' ) || String( err ),
			};
		}
		const { status, acknowledged } = answer;
		const ok = status >= 200 && status < 300;
		let failure: CheckNotifyResponse[ 'failure' ] = null;
		if ( status === 401 || status === 403 ) {
			failure = 'signature_refused';
		} else if ( ! ok ) {
			failure = 'http_error';
		} else if ( ! acknowledged ) {
			failure = 'not_acknowledged';
		}
		return {
			delivered: failure === null,
			url,
			status,
			failure,
			error: failure === null ? null : `WordPress answered ${ status }`,
		};
	}

	private async post(
		siteId: string,
		secret: string,
		url: string,
		body: string
	): Promise< { status: number; acknowledged: boolean } > {
		const u = new URL( url );
		const timestamp = String( Math.floor( Date.now() / 1000 ) );
		const signature = signRequest( secret, {
			method: 'POST',
			path: u.pathname + u.search,
			timestamp,
			body,
		} );
		const res = await fetch( u, {
			method: 'POST',
			// A redirect would change the signed path (and could point anywhere): not followed.
			redirect: 'manual',
			signal: AbortSignal.timeout( this.opts.timeoutMs ),
			headers: {
				'Content-Type': 'application/json',
				'User-Agent': 'HandoffChat-Bridge',
				[ SITE_HEADER ]: siteId,
				[ TIMESTAMP_HEADER ]: timestamp,
				[ SIGNATURE_HEADER ]: signature,
			},
			body,
		} );
		const answer = ( await res.json().catch( () => null ) ) as {
			duplicate?: unknown;
		} | null;
		return {
			status: res.status,
			acknowledged: typeof answer?.duplicate === 'boolean',
		};
	}
}
