/**
 * Conversations and their messages: creation, access checks, idempotent writes with
 * gap-free per-conversation sequence numbers, and catch-up reads. Every write runs
 * as one unit of work (ConversationTx) and is published only after it commits.
 */
import { randomUUID } from 'node:crypto';
import type { Conversation, ConversationMode, Message, MessageAuthor, MessagesPage } from '@handoff-chat/contracts';
import type { Db } from '../db';
import { isUniqueViolation, nowIso } from '../db';
import type { Principal } from '../auth/tokens';
import { conflict, notFound } from '../errors';
import type { Logger } from '../logger';
import { ConversationTx } from './conversation-tx';
import { toConversation, toMessage } from './mappers';
import type { EventsService } from './events';
import { toHandleCount } from './inbox';
import type { UploadsService } from './uploads';

export type { NewMessage } from './conversation-tx';
export { ConversationTx };

export const authorOf = ( p: Principal ): MessageAuthor =>
	p.role === 'advisor'
		? { type: 'advisor', id: p.advisorId, name: p.name }
		: { type: 'visitor', id: p.visitorId, name: null };

/** Thrown inside a unit of work when the clientId turned out to be taken: rolls back, then replays. */
class Replay {
	constructor( readonly message: Message ) {}
}

export class ConversationsService {
	constructor(
		private readonly db: Db,
		private readonly events: EventsService,
		private readonly log: Logger,
		private readonly uploads: UploadsService
	) {}

	/** Creates a conversation; `init` runs in the same transaction (the bot's first steps). */
	async start(
		siteId: string,
		visitorId: string,
		input: { pageUrl?: string; pageTitle?: string; mode: ConversationMode; flowId: string | null },
		init?: ( tx: ConversationTx ) => Promise< void >
	): Promise< Conversation > {
		const now = nowIso();
		const row = {
			id: 'c_' + randomUUID().replace( /-/g, '' ),
			site_id: siteId,
			visitor_id: visitorId,
			// Live-chat-only conversations go straight to the advisors' queue.
			state: input.mode === 'live' ? 'waiting' : 'bot',
			inbox_list: input.mode === 'live' ? 'live' : 'bot',
			mode: input.mode,
			flow_id: input.flowId,
			assigned_advisor_id: null,
			last_seq: 0,
			page_url: input.pageUrl ?? null,
			page_title: input.pageTitle ?? null,
			created_at: now,
			updated_at: now,
		};
		const tx = await this.db.transaction( async ( trx ) => {
			await trx( 'conversations' ).insert( row );
			const t = ConversationTx.created( trx, row );
			await init?.( t );
			await t.flush();
			return t;
		} );
		await this.publish( tx, true );
		return tx.conversation;
	}

	/** The conversation if the principal may see it; 404 otherwise (absent and not yours look alike). */
	async getFor( principal: Principal, id: string ): Promise< Conversation > {
		const row = await this.db( 'conversations' ).where( { id, site_id: principal.siteId } ).first();
		if ( ! row || ( principal.role === 'visitor' && row.visitor_id !== principal.visitorId ) ) {
			throw notFound( 'Conversation' );
		}
		return toConversation( row );
	}

	/** The raw row, unlocked: a quick look before deciding whether a unit of work is needed. */
	async peek( id: string ): Promise< Record< string, any > | null > {
		return ( await this.db( 'conversations' ).where( { id } ).first() ) ?? null;
	}

	/** The visitor's most recent conversation that is not closed. */
	async currentFor( siteId: string, visitorId: string ): Promise< Conversation | null > {
		const row = await this.db( 'conversations' )
			.where( { site_id: siteId, visitor_id: visitorId } )
			.whereNot( { state: 'closed' } )
			.orderBy( 'created_at', 'desc' )
			.first();
		return row ? toConversation( row ) : null;
	}

	/**
	 * A page in seq order: after `after` (catch-up), or the `limit` messages just before
	 * `before` (a long history read backwards; `hasMore` then means older ones exist).
	 * Notes only with `includeNotes` (licensed advisors), never for visitors.
	 */
	async messages(
		principal: Principal,
		conversation: Conversation,
		page: { after: number; before?: number; limit: number; includeNotes: boolean }
	): Promise< MessagesPage > {
		const backwards = page.before !== undefined;
		const q = this.db( 'messages' )
			.where( 'conversation_id', conversation.id )
			.andWhere( 'seq', backwards ? '<' : '>', backwards ? page.before! : page.after )
			.orderBy( 'seq', backwards ? 'desc' : 'asc' )
			.limit( page.limit + 1 );
		if ( principal.role === 'visitor' || ! page.includeNotes ) {
			q.whereNot( 'kind', 'note' );
		}
		const rows = await q;
		const kept = rows.slice( 0, page.limit );
		return {
			messages: ( backwards ? kept.reverse() : kept ).map( toMessage ),
			lastSeq: conversation.lastSeq,
			hasMore: rows.length > page.limit,
		};
	}

	/**
	 * A unit of work on a locked conversation. Messages are published and `afterCommit`
	 * tasks run once the transaction has committed.
	 */
	async transact< T >( conversationId: string, work: ( tx: ConversationTx ) => Promise< T > ): Promise< T > {
		const { value, tx } = await this.db.transaction( async ( trx ) => {
			const t = await ConversationTx.open( trx, conversationId );
			if ( ! t ) {
				throw notFound( 'Conversation' );
			}
			const v = await work( t );
			await t.flush();
			return { value: v, tx: t };
		} );
		await this.publish( tx );
		return value;
	}

	/**
	 * A write identified by a client id: `work` stores the principal's message (and
	 * whatever follows from it). A retry returns the original (`created: false`) and
	 * runs nothing again, because the message and its consequences commit together.
	 */
	async record(
		principal: Principal,
		conversation: Conversation,
		clientId: string,
		work: ( tx: ConversationTx ) => Promise< Message >
	): Promise< { message: Message; created: boolean } > {
		const existing = await this.findByClientId( this.db, conversation.id, clientId );
		if ( existing ) {
			return { message: this.checkReplay( principal, existing ), created: false };
		}
		try {
			const message = await this.transact( conversation.id, async ( tx ) => {
				const raced = await this.findByClientId( tx.trx, conversation.id, clientId );
				if ( raced ) {
					throw new Replay( raced );
				}
				return work( tx );
			} );
			return { message, created: true };
		} catch ( err ) {
			if ( err instanceof Replay ) {
				return { message: this.checkReplay( principal, err.message ), created: false };
			}
			// Two concurrent writes of the same clientId (PostgreSQL): the loser returns the winner's message.
			if ( isUniqueViolation( err ) ) {
				const winner = await this.findByClientId( this.db, conversation.id, clientId );
				if ( winner ) {
					return { message: this.checkReplay( principal, winner ), created: false };
				}
			}
			throw err;
		}
	}

	/**
	 * A text, or an image (`uploadId`, with `text` as caption and alt), from a visitor or an
	 * advisor; `after` runs in the same unit of work (the bot's reply).
	 */
	send(
		principal: Principal,
		conversation: Conversation,
		input: { clientId: string; text?: string; uploadId?: string },
		after?: ( tx: ConversationTx, message: Message ) => Promise< void >
	): Promise< { message: Message; created: boolean } > {
		return this.record( principal, conversation, input.clientId, async ( tx ) => {
			if ( tx.raw.state === 'closed' ) {
				throw conflict(
					principal.role === 'visitor'
						? 'This conversation is closed. Start a new one.'
						: 'This conversation is closed. Reopen it to reply.'
				);
			}
			const text = input.text ?? '';
			const image = input.uploadId ? await this.uploads.claim( tx.trx, principal, input.uploadId, text ) : null;
			const message = await tx.append(
				authorOf( principal ),
				image ? { clientId: input.clientId, text, kind: 'image', meta: { image } } : { clientId: input.clientId, text }
			);
			if ( input.uploadId ) {
				await this.uploads.bind( tx.trx, input.uploadId, message.id );
			}
			if ( principal.role === 'advisor' ) {
				// The first advisor reply takes the conversation, from the queue or from the bot: the bot goes silent.
				if ( tx.raw.state === 'waiting' || tx.raw.state === 'bot' ) {
					tx.patch( { state: 'live' } );
				}
				if ( ! tx.raw.assigned_advisor_id ) {
					tx.patch( { assigned_advisor_id: principal.advisorId } );
				}
				await this.markReadIn( tx.trx, conversation.id, principal.advisorId, message.seq );
			}
			await after?.( tx, message );
			return message;
		} );
	}

	/**
	 * The visitor has seen up to `seq` (capped at the last one): stored without touching
	 * updated_at, so the inbox order does not move, and published for the "Seen" receipts.
	 */
	async visitorRead( conversation: Conversation, seq: number ): Promise< Conversation > {
		const target = Math.min( seq, conversation.lastSeq );
		const n = await this.db( 'conversations' )
			.where( { id: conversation.id } )
			.andWhere( 'visitor_last_read_seq', '<', target )
			.update( { visitor_last_read_seq: target } );
		const fresh = toConversation( await this.db( 'conversations' ).where( { id: conversation.id } ).first() );
		if ( n ) {
			this.events.conversationUpdated( fresh );
		}
		return fresh;
	}

	/** Queues the events (never awaited: see EventsService), then runs the follow-ups. */
	private async publish( tx: ConversationTx, created = false ): Promise< void > {
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
		const human = tx.messages.some( ( m ) => m.kind !== 'note' && ( m.author.type === 'visitor' || m.author.type === 'advisor' ) );
		if ( created || tx.stateChanged || human ) {
			const siteId = conversation.siteId;
			this.events.refreshInboxSummary( siteId, () => toHandleCount( this.db, siteId ) );
		}
		// Committed work stays committed: a failing follow-up is logged, never reported as the request's failure.
		for ( const task of tx.afterCommit ) {
			await task().catch( ( err ) =>
				this.log.error( 'follow-up failed', { conversationId: tx.id, error: String( err?.stack ?? err ) } )
			);
		}
	}

	private async findByClientId( db: Db, conversationId: string, clientId: string ): Promise< Message | null > {
		const row = await db( 'messages' ).where( { conversation_id: conversationId, client_id: clientId } ).first();
		return row ? toMessage( row ) : null;
	}

	/** A clientId belongs to its author: someone else reusing it gets a conflict, not their message. */
	private checkReplay( principal: Principal, m: Message ): Message {
		const author = authorOf( principal );
		if ( m.author.type !== author.type || m.author.id !== author.id ) {
			throw conflict( 'This clientId is already used by another message.' );
		}
		return m;
	}

	async markRead( conversation: Conversation, advisorId: string, seq: number ): Promise< void > {
		await this.markReadIn( this.db, conversation.id, advisorId, Math.min( seq, conversation.lastSeq ) );
	}

	private async markReadIn( db: Db, conversationId: string, advisorId: string, seq: number ) {
		await db( 'conversation_reads' )
			.insert( { conversation_id: conversationId, advisor_id: advisorId, last_read_seq: seq } )
			.onConflict( [ 'conversation_id', 'advisor_id' ] )
			.merge( {
				last_read_seq: db.raw( 'CASE WHEN ?? > ? THEN ?? ELSE ? END', [
					'conversation_reads.last_read_seq',
					seq,
					'conversation_reads.last_read_seq',
					seq,
				] ),
			} );
	}
}
