/**
 * Conversations and their messages: creation, access checks, idempotent sends with
 * gap-free per-conversation sequence numbers, and catch-up reads.
 */
import { randomUUID } from 'node:crypto';
import type {
	Conversation,
	ConversationMode,
	Message,
	MessageKind,
	MessagesPage,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { isUniqueViolation, nowIso } from '../db';
import type { Principal } from '../auth/tokens';
import { conflict, notFound } from '../errors';
import { toConversation, toMessage } from './mappers';
import type { EventsService } from './events';

const PREVIEW_LENGTH = 140;

export interface NewMessage {
	clientId: string | null;
	text: string;
	kind?: MessageKind;
}

export class ConversationsService {
	constructor(
		private readonly db: Db,
		private readonly events: EventsService
	) {}

	async start(
		siteId: string,
		visitorId: string,
		input: { pageUrl?: string; pageTitle?: string; mode: ConversationMode }
	): Promise< Conversation > {
		const now = nowIso();
		const row = {
			id: 'c_' + randomUUID().replace( /-/g, '' ),
			site_id: siteId,
			visitor_id: visitorId,
			// Live-chat-only conversations go straight to the advisors' queue.
			state: input.mode === 'live' ? 'waiting' : 'bot',
			mode: input.mode,
			assigned_advisor_id: null,
			last_seq: 0,
			page_url: input.pageUrl ?? null,
			page_title: input.pageTitle ?? null,
			created_at: now,
			updated_at: now,
		};
		await this.db( 'conversations' ).insert( row );
		const conversation = toConversation( row );
		await this.events.conversationCreated( conversation );
		return conversation;
	}

	/** The conversation if the principal may see it; 404 otherwise (absent and not yours look alike). */
	async getFor( principal: Principal, id: string ): Promise< Conversation > {
		const row = await this.db( 'conversations' )
			.where( { id, site_id: principal.siteId } )
			.first();
		if ( ! row || ( principal.role === 'visitor' && row.visitor_id !== principal.visitorId ) ) {
			throw notFound( 'Conversation' );
		}
		return toConversation( row );
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

	async messages(
		principal: Principal,
		conversation: Conversation,
		after: number,
		limit: number
	): Promise< MessagesPage > {
		const q = this.db( 'messages' )
			.where( 'conversation_id', conversation.id )
			.andWhere( 'seq', '>', after )
			.orderBy( 'seq', 'asc' )
			.limit( limit + 1 );
		if ( principal.role === 'visitor' ) {
			q.whereNot( 'kind', 'note' );
		}
		const rows = await q;
		return {
			messages: rows.slice( 0, limit ).map( toMessage ),
			lastSeq: conversation.lastSeq,
			hasMore: rows.length > limit,
		};
	}

	/**
	 * Appends a message. A retry with the same clientId returns the original
	 * (`created: false`) instead of writing twice.
	 */
	async send(
		principal: Principal,
		conversation: Conversation,
		input: NewMessage
	): Promise< { message: Message; created: boolean } > {
		if ( input.clientId ) {
			const existing = await this.findByClientId( conversation.id, input.clientId );
			if ( existing ) {
				return { message: this.checkReplay( principal, existing ), created: false };
			}
		}
		if ( conversation.state === 'closed' ) {
			throw conflict(
				principal.role === 'visitor'
					? 'This conversation is closed. Start a new one.'
					: 'This conversation is closed. Reopen it to reply.'
			);
		}
		let result: { message: Message; conversation: Conversation };
		try {
			result = await this.db.transaction( ( trx ) =>
				this.insertMessage( trx, principal, conversation.id, input )
			);
		} catch ( err ) {
			// Two concurrent sends of the same clientId: the loser returns the winner's message.
			if ( input.clientId && isUniqueViolation( err ) ) {
				const existing = await this.findByClientId( conversation.id, input.clientId );
				if ( existing ) {
					return { message: this.checkReplay( principal, existing ), created: false };
				}
			}
			throw err;
		}
		await this.events.messageCreated( result.conversation, result.message );
		await this.events.conversationUpdated( result.conversation );
		return { message: result.message, created: true };
	}

	private async findByClientId( conversationId: string, clientId: string ): Promise< Message | null > {
		const row = await this.db( 'messages' )
			.where( { conversation_id: conversationId, client_id: clientId } )
			.first();
		return row ? toMessage( row ) : null;
	}

	/** A clientId belongs to its author: someone else reusing it gets a conflict, not their message. */
	private checkReplay( principal: Principal, m: Message ): Message {
		const authorId = principal.role === 'visitor' ? principal.visitorId : principal.advisorId;
		if ( m.author.type !== principal.role || m.author.id !== authorId ) {
			throw conflict( 'This clientId is already used by another message.' );
		}
		return m;
	}

	private async insertMessage(
		trx: Db,
		principal: Principal,
		conversationId: string,
		input: NewMessage
	): Promise< { message: Message; conversation: Conversation } > {
		const now = nowIso();
		const kind = input.kind ?? 'text';
		// Incrementing inside the transaction serialises writers on this row: seqs stay gap-free.
		await trx( 'conversations' ).where( { id: conversationId } ).increment( 'last_seq', 1 );
		const conv = await trx( 'conversations' ).where( { id: conversationId } ).first();
		const isAdvisor = principal.role === 'advisor';
		const row = {
			id: 'm_' + randomUUID().replace( /-/g, '' ),
			conversation_id: conversationId,
			seq: Number( conv.last_seq ),
			client_id: input.clientId,
			kind,
			author_type: principal.role,
			author_id: isAdvisor ? principal.advisorId : principal.visitorId,
			author_name: isAdvisor ? principal.name : null,
			text: input.text,
			created_at: now,
		};
		await trx( 'messages' ).insert( row );

		const patch: Record< string, unknown > = { updated_at: now };
		if ( kind !== 'note' ) {
			patch.last_message_at = now;
			patch.last_message_preview = input.text.slice( 0, PREVIEW_LENGTH );
			patch.last_message_author_type = principal.role;
		}
		if ( isAdvisor && kind !== 'note' ) {
			// The first advisor reply takes the conversation.
			if ( conv.state === 'waiting' ) {
				patch.state = 'live';
			}
			if ( ! conv.assigned_advisor_id ) {
				patch.assigned_advisor_id = principal.advisorId;
			}
		}
		await trx( 'conversations' ).where( { id: conversationId } ).update( patch );
		if ( isAdvisor ) {
			await this.markReadIn( trx, conversationId, principal.advisorId, row.seq );
		}
		return { message: toMessage( row ), conversation: toConversation( { ...conv, ...patch } ) };
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
