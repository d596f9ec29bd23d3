/**
 * Personal data: export and erasure of a visitor's chat (WordPress's Tools → Export/Erase
 * Personal Data call these through signed routes), a manager's deletion of one conversation,
 * and the retention purge of closed conversations. One deletion path for all of them:
 * `deleteConversation` removes the messages, the uploads attached to them (rows, then bytes
 * through the upload store) and the conversation in one unit of work, guarded by a
 * condition re-checked under a row lock, so several bridge processes deleting the same
 * conversation delete it once. The inbox counters and unread rows follow through the
 * database triggers; open inboxes are told with `conversation-deleted`.
 */
import type { Db } from '../db';
import { badRequest } from '../errors';
import type { Logger } from '../logger';
import type { UploadStore } from '../storage/types';
import type { EventsService } from './events';
import { toMessage } from './mappers';
import { Periodic } from './periodic';
import { uploadUrl } from './uploads';

/** Whose data: a visitor id, or an email held by any of a visitor's variables. */
export interface DataSubject {
	visitorId?: string;
	email?: string;
}

export interface ExportedUpload {
	id: string;
	type: string;
	bytes: number;
	width: number | null;
	height: number | null;
	createdAt: string;
	messageId: string | null;
	/** `/v1/uploads/<id>` on the bridge (public by its unguessable id, until erased). */
	url: string;
}

export interface PrivacyExportPage {
	/** The visitors found (page 1 only; later pages have `[]`). */
	visitors: Array< {
		id: string;
		createdAt: string;
		lastSeenAt: string;
		userAgent: string | null;
		variables: Array< { name: string; value: string; updatedAt: string } >;
	} >;
	conversations: Array< {
		id: string;
		visitorId: string;
		state: string;
		pageUrl: string | null;
		pageTitle: string | null;
		createdAt: string;
		updatedAt: string;
		messages: Array< {
			seq: number;
			kind: string;
			author: { type: string; name: string | null };
			text: string;
			createdAt: string;
		} >;
		uploads: ExportedUpload[];
	} >;
	done: boolean;
}

export interface PrivacyEraseResult {
	removed: {
		visitors: number;
		conversations: number;
		messages: number;
		variables: number;
		uploads: number;
	};
	done: boolean;
}

/** Conversations per export page and per erase call: WordPress calls again until `done`. */
export const PRIVACY_PAGE = 10;
/** How long sent or abandoned WordPress notifications are kept (to look into a delivery problem). */
const NOTIFICATIONS_KEPT_DAYS = 7;
const PURGE_BATCH = 100;
const EMAIL_MAX = 254;

export interface RetentionOptions {
	/** How often the retention purge runs (default hourly). */
	intervalMs: number;
	/** Milliseconds since the epoch (a test clock). */
	clock: () => number;
}

const isPg = ( db: Db ) => db.client.config.client === 'pg';

export class PrivacyService {
	private readonly purger: Periodic;
	private readonly clock: () => number;

	constructor(
		private readonly db: Db,
		private readonly store: UploadStore,
		private readonly events: EventsService,
		private readonly log: Logger,
		retention: Partial< RetentionOptions > = {}
	) {
		this.clock = retention.clock ?? Date.now;
		this.purger = new Periodic(
			() => this.purge(),
			retention.intervalMs ?? 3600_000,
			( err ) => this.log.error( 'retention purge failed', { err } )
		);
	}

	start(): void {
		this.purger.start();
	}

	stop(): Promise< void > {
		return this.purger.stop();
	}

	/** The site's visitors matching the subject: by id, or by a variable equal to the email (any case). */
	async visitorIds( siteId: string, who: DataSubject ): Promise< string[] > {
		const email = who.email?.trim().toLowerCase();
		if ( ! who.visitorId && ! email ) {
			throw badRequest( 'Give an email or a visitorId.' );
		}
		if (
			email &&
			( email.length > EMAIL_MAX || ! email.includes( '@' ) )
		) {
			throw badRequest( 'email: not an email address.' );
		}
		const ids = new Set< string >();
		if ( who.visitorId ) {
			const row = await this.db( 'visitors' )
				.where( { site_id: siteId, id: who.visitorId } )
				.first( 'id' );
			if ( row ) {
				ids.add( row.id );
			}
		}
		if ( email ) {
			// LOWER(TRIM()) matches "  Jane@Example.com"; written exactly as migration 20261205P's
			// expression index, so the lookup seeks it instead of scanning the site's variables.
			const rows: string[] = await this.db( 'visitor_variables' )
				.where( { site_id: siteId } )
				.andWhereRaw( 'LOWER(TRIM(value)) = ?', [ email ] )
				.distinct()
				.pluck( 'visitor_id' );
			rows.forEach( ( id ) => ids.add( id ) );
		}
		return [ ...ids ].sort();
	}

	/** One page (1-based) of the subject's data: visitors and variables on page 1, then conversations. */
	async exportPage(
		siteId: string,
		who: DataSubject,
		page: number
	): Promise< PrivacyExportPage > {
		const ids = await this.visitorIds( siteId, who );
		const out: PrivacyExportPage = {
			visitors: [],
			conversations: [],
			done: true,
		};
		if ( ! ids.length ) {
			return out;
		}
		if ( page === 1 ) {
			const visitors = await this.db( 'visitors' )
				.whereIn( 'id', ids )
				.andWhere( { site_id: siteId } )
				.orderBy( 'id' );
			const vars = await this.db( 'visitor_variables' )
				.whereIn( 'visitor_id', ids )
				.andWhere( { site_id: siteId } )
				.orderBy( [ 'visitor_id', 'name' ] );
			out.visitors = visitors.map( ( v: any ) => ( {
				id: v.id,
				createdAt: v.created_at,
				lastSeenAt: v.last_seen_at,
				userAgent: v.user_agent ?? null,
				variables: vars
					.filter( ( r: any ) => r.visitor_id === v.id )
					.map( ( r: any ) => ( {
						name: r.name,
						value: r.value,
						updatedAt: r.updated_at,
					} ) ),
			} ) );
		}
		const rows = await this.db( 'conversations' )
			.whereIn( 'visitor_id', ids )
			.andWhere( { site_id: siteId } )
			.orderBy( [ 'created_at', 'id' ] )
			.offset( ( page - 1 ) * PRIVACY_PAGE )
			.limit( PRIVACY_PAGE + 1 );
		out.done = rows.length <= PRIVACY_PAGE;
		for ( const c of rows.slice( 0, PRIVACY_PAGE ) ) {
			out.conversations.push( {
				id: c.id,
				visitorId: c.visitor_id,
				state: c.state,
				pageUrl: c.page_url ?? null,
				pageTitle: c.page_title ?? null,
				createdAt: c.created_at,
				updatedAt: c.updated_at,
				messages: await this.messagesOf( c.id ),
				uploads: await this.uploadsOf( c.id ),
			} );
		}
		return out;
	}

	/**
	 * Deletes up to PRIVACY_PAGE of the subject's conversations; once none is left, their
	 * variables, their unsent uploads and the visitor rows (last, since the email that finds
	 * them is a variable). `done` when nothing of theirs remains.
	 */
	async erase(
		siteId: string,
		who: DataSubject
	): Promise< PrivacyEraseResult > {
		const removed = {
			visitors: 0,
			conversations: 0,
			messages: 0,
			variables: 0,
			uploads: 0,
		};
		const ids = await this.visitorIds( siteId, who );
		if ( ! ids.length ) {
			return { removed, done: true };
		}
		const batch: string[] = await this.db( 'conversations' )
			.whereIn( 'visitor_id', ids )
			.andWhere( { site_id: siteId } )
			.orderBy( [ 'created_at', 'id' ] )
			.limit( PRIVACY_PAGE )
			.pluck( 'id' );
		for ( const id of batch ) {
			const r = await this.deleteConversation( siteId, id );
			if ( r ) {
				removed.conversations++;
				removed.messages += r.messages;
				removed.uploads += r.uploads;
			}
		}
		if ( batch.length === PRIVACY_PAGE ) {
			return { removed, done: false };
		}
		for ( const visitorId of ids ) {
			const r = await this.deleteVisitor( siteId, visitorId );
			removed.visitors += r.visitors;
			removed.variables += r.variables;
			removed.uploads += r.uploads;
		}
		return { removed, done: true };
	}

	/**
	 * Deletes one conversation, its messages and their uploads if it still exists (and still
	 * matches `guard`, re-checked under the row lock). Null when another process or request
	 * deleted it first. The bytes go after the commit: a failure there only wastes space.
	 */
	async deleteConversation(
		siteId: string,
		id: string,
		guard: ( q: any ) => void = () => undefined
	): Promise< { messages: number; uploads: number } | null > {
		const gone = await this.db.transaction( async ( trx ) => {
			const q = trx( 'conversations' ).where( { site_id: siteId, id } );
			guard( q );
			const row = await ( isPg( trx ) ? q.forUpdate() : q ).first( 'id' );
			if ( ! row ) {
				return null;
			}
			const uploads: string[] = await trx( 'uploads' )
				.whereIn(
					'message_id',
					trx( 'messages' )
						.where( { conversation_id: id } )
						.select( 'id' )
				)
				.pluck( 'id' );
			if ( uploads.length ) {
				await trx( 'uploads' ).whereIn( 'id', uploads ).del();
			}
			const messages = await trx( 'messages' )
				.where( { conversation_id: id } )
				.del();
			await trx( 'conversations' ).where( { id } ).del();
			// Webhook deliveries still queued carry copies of what was said: they go too. Their
			// payloads name the conversation by its id (a random string, quoted in the JSON).
			// So do WordPress notifications about it (escalation emails quoting the visitor, emailed
			// replies with the visitor's address), sent or not.
			for ( const table of [ 'webhook_outbox', 'notification_outbox' ] ) {
				await trx( table )
					.where( { site_id: siteId } )
					.andWhere( 'payload', 'like', `%"${ id }"%` )
					.del();
			}
			return { messages, uploads };
		} );
		if ( ! gone ) {
			return null;
		}
		await this.deleteBytes( gone.uploads );
		this.events.conversationDeleted( siteId, id );
		return { messages: gone.messages, uploads: gone.uploads.length };
	}

	/** The visitor's variables, their uploads never sent, and the visitor, once they have no conversation. */
	private async deleteVisitor(
		siteId: string,
		visitorId: string
	): Promise< { visitors: number; variables: number; uploads: number } > {
		const gone = await this.db.transaction( async ( trx ) => {
			const q = trx( 'visitors' ).where( {
				site_id: siteId,
				id: visitorId,
			} );
			const row = await ( isPg( trx ) ? q.forUpdate() : q ).first( 'id' );
			const busy = await trx( 'conversations' )
				.where( { site_id: siteId, visitor_id: visitorId } )
				.first( 'id' );
			if ( ! row || busy ) {
				return { visitors: 0, variables: 0, uploads: [] as string[] };
			}
			const uploads: string[] = await trx( 'uploads' )
				.where( {
					site_id: siteId,
					owner_type: 'visitor',
					owner_id: visitorId,
				} )
				.pluck( 'id' );
			if ( uploads.length ) {
				await trx( 'uploads' ).whereIn( 'id', uploads ).del();
			}
			const variables = await trx( 'visitor_variables' )
				.where( { site_id: siteId, visitor_id: visitorId } )
				.del();
			const visitors = await trx( 'visitors' )
				.where( { site_id: siteId, id: visitorId } )
				.del();
			return { visitors, variables, uploads };
		} );
		await this.deleteBytes( gone.uploads );
		return { ...gone, uploads: gone.uploads.length };
	}

	/**
	 * The retention purge: for each site with `retention_days`, the conversations closed
	 * (state closed, not touched since) more than that many days ago, in batches; then the
	 * visitors left without conversations and unseen as long. Safe with several processes:
	 * every delete is conditional (deleteConversation's guard). Returns conversations deleted.
	 */
	async purge( now = this.clock() ): Promise< number > {
		const sites: Array< { site_id: string; retention_days: number } > =
			await this.db( 'site_settings' )
				.where( 'retention_days', '>', 0 )
				.select( 'site_id', 'retention_days' );
		let total = 0;
		for ( const s of sites ) {
			const cutoff = new Date(
				now - Number( s.retention_days ) * 86400_000
			).toISOString();
			const old = ( q: any ) =>
				q
					.where( 'state', 'closed' )
					.andWhere( 'updated_at', '<', cutoff );
			const visitors = new Set< string >();
			for ( let more = true; more; ) {
				const rows: Array< { id: string; visitor_id: string } > =
					await old(
						this.db( 'conversations' ).where( {
							site_id: s.site_id,
						} )
					)
						.orderBy( 'updated_at' )
						.limit( PURGE_BATCH )
						.select( 'id', 'visitor_id' );
				more = rows.length === PURGE_BATCH;
				let deleted = 0;
				for ( const r of rows ) {
					visitors.add( r.visitor_id );
					if (
						await this.deleteConversation( s.site_id, r.id, old )
					) {
						deleted++;
					}
				}
				total += deleted;
				// Another process took this batch: the next query finds what is left.
				more &&= rows.length > 0;
			}
			for ( const visitorId of visitors ) {
				const seen = await this.db( 'visitors' )
					.where( { site_id: s.site_id, id: visitorId } )
					.andWhere( 'last_seen_at', '<', cutoff )
					.first( 'id' );
				if ( seen ) {
					await this.deleteVisitor( s.site_id, visitorId );
				}
			}
		}
		if ( total ) {
			this.log.info( 'retention purge deleted conversations', { total } );
		}
		// Notifications WordPress was sent (or that gave up) served their purpose; their payloads
		// quote visitors (texts, email addresses), whatever the site's retention.
		await this.db( 'notification_outbox' )
			.whereNot( 'status', 'pending' )
			.andWhere(
				'created_at',
				'<',
				new Date(
					now - NOTIFICATIONS_KEPT_DAYS * 86400_000
				).toISOString()
			)
			.del();
		return total;
	}

	private async messagesOf( conversationId: string ) {
		const rows = await this.db( 'messages' )
			.where( { conversation_id: conversationId } )
			.orderBy( 'seq' );
		return rows.map( toMessage ).map( ( m ) => ( {
			seq: m.seq,
			kind: m.kind,
			author: { type: m.author.type, name: m.author.name },
			text: m.text,
			createdAt: m.createdAt,
		} ) );
	}

	private async uploadsOf(
		conversationId: string
	): Promise< ExportedUpload[] > {
		const rows = await this.db( 'uploads' )
			.whereIn(
				'message_id',
				this.db( 'messages' )
					.where( { conversation_id: conversationId } )
					.select( 'id' )
			)
			.orderBy( 'created_at' );
		return rows.map( ( r: any ) => ( {
			id: r.id,
			type: r.type,
			bytes: Number( r.bytes ),
			width: r.width ? Number( r.width ) : null,
			height: r.height ? Number( r.height ) : null,
			createdAt: r.created_at,
			messageId: r.message_id,
			url: uploadUrl( r.id ),
		} ) );
	}

	private async deleteBytes( ids: string[] ): Promise< void > {
		for ( const id of ids ) {
			await this.store
				.delete( id )
				.catch( ( err ) =>
					this.log.warn( 'upload bytes not deleted', { id, err } )
				);
		}
	}
}
