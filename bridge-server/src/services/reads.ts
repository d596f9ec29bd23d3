/**
 * Reading a conversation: message pages (catch-up and history, notes per the access
 * policy), the visitor's "seen up to", each advisor's read state and how far the
 * advisors as a whole have read (the visitor's "Seen").
 */
import type { Conversation, MessagesPage } from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import type { Db } from '../db';
import type { AccessPolicy } from './access';
import type { EventsService } from './events';
import { toConversation, toMessage } from './mappers';
import type { VisitorsService } from './visitors';

export class ReadsService {
	constructor(
		private readonly db: Db,
		private readonly events: EventsService,
		private readonly access: AccessPolicy,
		private readonly visitors: VisitorsService
	) {}

	/**
	 * A page in seq order: after `after` (catch-up), or the `limit` messages just before
	 * `before` (a long history read backwards; `hasMore` then means older ones exist).
	 * Notes only for advisors the policy allows (premium), never for visitors.
	 */
	async messages(
		principal: Principal,
		conversation: Conversation,
		page: { after: number; before?: number; limit: number }
	): Promise< MessagesPage > {
		const includeNotes = await this.access.can( principal, 'premium' );
		const backwards = page.before !== undefined;
		const q = this.db( 'messages' )
			.where( 'conversation_id', conversation.id )
			.andWhere(
				'seq',
				backwards ? '<' : '>',
				backwards ? page.before! : page.after
			)
			.orderBy( 'seq', backwards ? 'desc' : 'asc' )
			.limit( page.limit + 1 );
		if ( principal.role === 'visitor' || ! includeNotes ) {
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
	 * The visitor has seen up to `seq` (capped at the last one): stored without touching
	 * updated_at, so the inbox order does not move, and published for the "Seen" receipts.
	 */
	async visitorRead(
		conversation: Conversation,
		seq: number
	): Promise< Conversation > {
		const target = Math.min( seq, conversation.lastSeq );
		// One statement when it moves (RETURNING), a read when it was already there.
		const [ moved ] = await this.db( 'conversations' )
			.where( { id: conversation.id } )
			.andWhere( 'visitor_last_read_seq', '<', target )
			.update( { visitor_last_read_seq: target }, '*' );
		const fresh = toConversation(
			moved ??
				( await this.db( 'conversations' )
					.where( { id: conversation.id } )
					.first() )
		);
		if ( moved ) {
			this.events.conversationUpdated( fresh );
		}
		await this.visitors.seen( conversation.siteId, conversation.visitorId );
		return fresh;
	}

	/**
	 * An advisor has read up to `seq` (capped at the last one). Past what any advisor had
	 * read, the conversation's `advisors_last_read_seq` moves (updated_at unchanged) and the
	 * visitor hears it for their "Seen".
	 */
	async markRead(
		conversation: Conversation,
		advisorId: string,
		seq: number
	): Promise< void > {
		const target = Math.min( seq, conversation.lastSeq );
		const moved = await this.db.transaction( async ( trx ) => {
			await this.markReadIn( trx, conversation.id, advisorId, target );
			const n: number = await trx( 'conversations' )
				.where( { id: conversation.id } )
				.andWhere( 'advisors_last_read_seq', '<', target )
				.update( { advisors_last_read_seq: target } );
			return n;
		} );
		if ( moved ) {
			this.events.advisorsRead( conversation, target );
		}
	}

	/** One advisor's own read state (the inbox's unread); never moves back. */
	async markReadIn(
		db: Db,
		conversationId: string,
		advisorId: string,
		seq: number
	) {
		await db( 'conversation_reads' )
			.insert( {
				conversation_id: conversationId,
				advisor_id: advisorId,
				last_read_seq: seq,
			} )
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
