/**
 * Conversations: creation, who may see one, and the unit of work every write runs in —
 * a locked conversation, gap-free per-conversation sequence numbers, writes made
 * idempotent by client id — published only after it commits. What a write does is
 * TurnsService's (the conversation rules); reading is ReadsService's.
 */
import { randomUUID } from 'node:crypto';
import {
	initialState,
	listOf,
	pageKey,
	type Conversation,
	type ConversationMode,
	type Message,
	type MessageAuthor,
	type StartConversationResponse,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { isUniqueViolation, nowIso } from '../db';
import type { Principal } from '../auth/tokens';
import { ApiError, conflict, notFound } from '../errors';
import type { Logger } from '../logger';
import type { AccessPolicy } from './access';
import {
	ConversationTx,
	stateMilestones,
	type FirstMessage,
} from './conversation-tx';
import { toConversation, toMessage } from './mappers';
import type { EventsService } from './events';
import { toHandleCount } from './inbox';
import type { VisitorsService } from './visitors';
import type { WebhooksService } from './webhooks';

export type { FirstMessage, NewMessage } from './conversation-tx';
export { ConversationTx };

export const authorOf = ( p: Principal ): MessageAuthor =>
	p.role === 'advisor'
		? { type: 'advisor', id: p.advisorId, name: p.name }
		: { type: 'visitor', id: p.visitorId, name: null };

export interface ConversationsDeps {
	db: Db;
	events: EventsService;
	log: Logger;
	visitors: VisitorsService;
	access: AccessPolicy;
	/** Queues outgoing webhooks inside each unit of work. */
	webhooks?: WebhooksService;
}

export class ConversationsService {
	private readonly db: Db;
	private readonly events: EventsService;
	private readonly log: Logger;

	constructor( private readonly deps: ConversationsDeps ) {
		this.db = deps.db;
		this.events = deps.events;
		this.log = deps.log;
	}

	/** Creates a conversation; `init` runs in the same transaction (the bot's first steps). */
	async start(
		siteId: string,
		visitorId: string,
		input: {
			pageUrl?: string;
			pageTitle?: string;
			mode: ConversationMode;
			flowId: string | null;
			/** WordPress locale (`fr_FR`), for emails to the visitor. */
			locale?: string | null;
			/** The offline form's address: advisors' replies are emailed there. */
			replyEmail?: string | null;
		},
		init?: ( tx: ConversationTx ) => Promise< void >
	): Promise< StartConversationResponse > {
		const now = nowIso();
		const state = initialState( input.mode );
		const row = {
			id: 'c_' + randomUUID().replace( /-/g, '' ),
			site_id: siteId,
			visitor_id: visitorId,
			state,
			inbox_list: listOf( state ),
			mode: input.mode,
			flow_id: input.flowId,
			assigned_advisor_id: null,
			last_seq: 0,
			page_url: input.pageUrl ?? null,
			// What page restrictions compare (pageAllowed's key), indexed-friendly.
			page_key: input.pageUrl ? pageKey( input.pageUrl ) : null,
			page_title: input.pageTitle ?? null,
			locale: input.locale ?? null,
			reply_email: input.replyEmail ?? null,
			created_at: now,
			updated_at: now,
			// Live chat only starts on the advisors' side: escalated from the start.
			...stateMilestones( {}, state, now ),
		};
		const tx = await this.db.transaction( async ( trx ) => {
			await trx( 'conversations' ).insert( row );
			const t = ConversationTx.created( trx, row );
			await init?.( t );
			await t.flush();
			await this.deps.webhooks?.collect( t, true );
			return t;
		} );
		await this.publish( tx, true );
		await this.deps.visitors.seen( siteId, visitorId );
		// What `init` stored (the bot's greeting): the widget draws it without a second request.
		return {
			conversation: tx.conversation,
			messages: tx.messages.filter( ( m ) => m.kind !== 'note' ),
		};
	}

	/**
	 * The conversation if the principal may see it (the access policy: a visitor's own, an
	 * advisor's pages); 404 otherwise — absent and not yours look alike.
	 */
	async getFor( principal: Principal, id: string ): Promise< Conversation > {
		const row = await this.db( 'conversations' )
			.where( { id, site_id: principal.siteId } )
			.first();
		const conversation = row ? toConversation( row ) : null;
		if (
			! conversation ||
			! ( await this.deps.access.mayOpen( principal, conversation ) )
		) {
			throw notFound( 'Conversation' );
		}
		return conversation;
	}

	/** Waiting conversations nobody has, oldest first (raw rows, for routing). */
	async waitingUnassigned(
		siteId: string,
		limit: number
	): Promise< Array< Record< string, any > > > {
		return this.db( 'conversations' )
			.where( { site_id: siteId, state: 'waiting' } )
			.whereNull( 'assigned_advisor_id' )
			.orderBy( 'created_at', 'asc' )
			.limit( limit );
	}

	/** The raw row, unlocked: a quick look before deciding whether a unit of work is needed. */
	async peek( id: string ): Promise< Record< string, any > | null > {
		return (
			( await this.db( 'conversations' ).where( { id } ).first() ) ?? null
		);
	}

	/** The visitor's most recent conversation that is not closed. */
	async currentFor(
		siteId: string,
		visitorId: string
	): Promise< Conversation | null > {
		const row = await this.db( 'conversations' )
			.where( { site_id: siteId, visitor_id: visitorId } )
			.whereNot( { state: 'closed' } )
			.orderBy( 'created_at', 'desc' )
			.first();
		return row ? toConversation( row ) : null;
	}

	/**
	 * A unit of work on a locked conversation. Messages are published and `afterCommit`
	 * tasks run once the transaction has committed. With `principal`, the conversation must
	 * be on their site and one they may open (404 otherwise), checked on the locked row;
	 * `first`: see ConversationTx.open.
	 */
	async transact< T >(
		conversationId: string,
		work: ( tx: ConversationTx ) => Promise< T >,
		opts: { principal?: Principal; first?: FirstMessage } = {}
	): Promise< T > {
		const { principal } = opts;
		const { value, tx } = await this.db.transaction( async ( trx ) => {
			const t = await ConversationTx.open( trx, conversationId, {
				siteId: principal?.siteId,
				first: opts.first,
			} );
			if (
				! t ||
				( principal &&
					! ( await this.deps.access.mayOpen(
						principal,
						t.conversation
					) ) )
			) {
				throw notFound( 'Conversation' );
			}
			const v = await work( t );
			await t.flush();
			await this.deps.webhooks?.collect( t, false );
			return { value: v, tx: t };
		} );
		await this.publish( tx );
		return value;
	}

	/**
	 * A write identified by a client id: `work` stores the principal's message (and
	 * whatever follows from it; `first` announces that message, see ConversationTx.open).
	 * A retry returns the original (`created: false`) and runs nothing again, because the
	 * message and its consequences commit together. No lookup first: the unique index on
	 * (conversation_id, client_id) refuses a second insert, and only a failed unit of work
	 * (that, or a conversation that has moved on since the original, e.g. closed) looks
	 * the client id up — after its rollback.
	 */
	async record(
		principal: Principal,
		conversationId: string,
		clientId: string,
		work: ( tx: ConversationTx ) => Promise< Message >,
		first?: FirstMessage
	): Promise< { message: Message; created: boolean } > {
		try {
			const message = await this.transact( conversationId, work, {
				principal,
				first,
			} );
			return { message, created: true };
		} catch ( err ) {
			// Not found stays not found: the client id says nothing about a conversation you may not open.
			if ( err instanceof ApiError && err.status === 404 ) {
				throw err;
			}
			const original = await this.findByClientId(
				this.db,
				conversationId,
				clientId
			);
			if ( original ) {
				return {
					message: this.checkReplay( principal, original ),
					created: false,
				};
			}
			if ( isUniqueViolation( err ) ) {
				this.log.warn( 'unique violation without a replay', {
					conversationId,
					err,
				} );
			}
			throw err;
		}
	}

	/** Queues the events (never awaited: see EventsService), then runs the follow-ups. */
	private async publish(
		tx: ConversationTx,
		created = false
	): Promise< void > {
		const conversation = tx.conversation;
		if ( created ) {
			this.events.conversationCreated( conversation );
		}
		for ( const m of tx.messages ) {
			this.events.messageCreated( conversation, m );
		}
		if ( ! created && tx.changed ) {
			this.events.conversationUpdated( conversation );
		}
		// The admin menu's count moves with states and with who spoke last.
		const human = tx.messages.some(
			( m ) =>
				m.kind !== 'note' &&
				( m.author.type === 'visitor' || m.author.type === 'advisor' )
		);
		if ( created || tx.stateChanged || human ) {
			const siteId = conversation.siteId;
			this.events.refreshInboxSummary( siteId, ( pages ) =>
				toHandleCount( this.db, siteId, pages )
			);
		}
		// Committed work stays committed: a failing follow-up is logged, never reported as the request's failure.
		for ( const task of tx.afterCommit ) {
			await task().catch( ( err ) =>
				this.log.error( 'follow-up failed', {
					conversationId: tx.id,
					err,
				} )
			);
		}
	}

	private async findByClientId(
		db: Db,
		conversationId: string,
		clientId: string
	): Promise< Message | null > {
		const row = await db( 'messages' )
			.where( { conversation_id: conversationId, client_id: clientId } )
			.first();
		return row ? toMessage( row ) : null;
	}

	/** A clientId belongs to its author: someone else reusing it gets a conflict, not their message. */
	private checkReplay( principal: Principal, m: Message ): Message {
		const author = authorOf( principal );
		if ( m.author.type !== author.type || m.author.id !== author.id ) {
			throw conflict(
				'This clientId is already used by another message.'
			);
		}
		return m;
	}
}
