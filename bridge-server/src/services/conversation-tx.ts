/**
 * One unit of work on one conversation: inside a transaction that holds the
 * conversation's row, append messages (gap-free seqs), patch the row, and queue
 * what must happen after commit. The caller publishes the collected messages once
 * the transaction has committed, so a client never sees what was rolled back.
 */
import { randomUUID } from 'node:crypto';
import {
	listOf,
	type Conversation,
	type ConversationPatch,
	type ConversationState,
	type Message,
	type MessageAuthor,
	type MessageKind,
	type MessageMeta,
	type Outcome,
	type RulesConversation,
	truncateText,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { nowIso } from '../db';
import { toConversation, toMessage, toRulesConversation } from './mappers';

const PREVIEW_LENGTH = 140;
const BOT: MessageAuthor = { type: 'bot', id: null, name: null };
const SYSTEM: MessageAuthor = { type: 'system', id: null, name: null };
const RULE_AUTHORS = { bot: BOT, system: SYSTEM } as const;

/** Who an outcome's `actor` messages are from, and the client id the first one carries. */
export interface OutcomeActor {
	author: MessageAuthor;
	clientId: string | null;
	/** Stores a variable the bot set (inside this unit of work). */
	setVariable: ( name: string, value: string ) => Promise< void >;
}

export interface NewMessage {
	clientId: string | null;
	text: string;
	kind?: MessageKind;
	meta?: MessageMeta | null;
}

/** The message a unit of work is opened for (a send): see ConversationTx.open. */
export interface FirstMessage {
	author: MessageAuthor;
	kind: MessageKind;
	text: string;
}

/**
 * What a message changes on its conversation, `seq` being its number (or the SQL that
 * takes it). Notes and system events are not part of the visible thread; an advisor's
 * reply reads the thread (its conversation-updated tells the visitor they were seen).
 */
function messageFields(
	author: MessageAuthor,
	kind: MessageKind,
	text: string,
	seq: unknown,
	at: string
): Record< string, unknown > {
	const fields: Record< string, unknown > = {};
	if ( kind === 'note' || author.type === 'system' ) {
		return fields;
	}
	fields.last_message_at = at;
	// The kind goes beside the text (an image's caption, maybe ''): clients say "Image"
	// in their own language.
	fields.last_message_preview = truncateText( text, PREVIEW_LENGTH );
	fields.last_message_kind = kind === 'image' ? 'image' : 'text';
	fields.last_message_author_type = author.type;
	if ( author.type === 'visitor' || author.type === 'advisor' ) {
		fields[ `last_${ author.type }_seq` ] = seq;
	}
	if ( author.type === 'advisor' ) {
		fields.advisors_last_read_seq = seq;
	}
	return fields;
}

/**
 * The report milestones a state change sets (migration 20261205O, services/reports.ts): the
 * first time the conversation reaches the advisors' side, and its first close. `at` is the
 * time of the message that caused it (the `transferred`, `closed`… line, or the advisor's
 * reply), which is what the migration's backfill reads off the messages.
 */
export function stateMilestones(
	row: Readonly< Record< string, any > >,
	state: ConversationState,
	at: string
): Record< string, string > {
	if ( ( state === 'waiting' || state === 'live' ) && ! row.escalated_at ) {
		return { escalated_at: at };
	}
	if ( state === 'closed' && ! row.closed_at ) {
		return { closed_at: at };
	}
	return {};
}

export class ConversationTx {
	readonly messages: Message[] = [];
	readonly afterCommit: Array< () => Promise< void > > = [];
	private dirty: Record< string, unknown > = {};
	private patched = false;
	private readonly initialState: string;
	/** The row's state and assignee when the unit of work began (what webhooks compare). */
	readonly initial: {
		state: ConversationState;
		assignedAdvisorId: string | null;
	};
	/** The message `open` took a seq for, until `append` writes it. */
	private reserved: ( FirstMessage & { seq: number; at: string } ) | null =
		null;
	/** When the last message of this unit of work was written: the time of a state change it causes. */
	private lastAt: string | null = null;
	/** The first visible advisor message of this unit of work: maybe the first response. */
	private advisorReply: { at: string; advisorId: string } | null = null;

	private constructor(
		readonly trx: Db,
		private row: Record< string, any >
	) {
		this.initialState = row.state;
		this.initial = {
			state: row.state,
			assignedAdvisorId: row.assigned_advisor_id ?? null,
		};
	}

	/**
	 * Locks and reads the row in one statement (`UPDATE … RETURNING`: PostgreSQL holds the
	 * row lock until commit; on sqlite3 the transaction already holds the write lock, see
	 * db/index.ts). With `first`, the same statement also takes that message's seq and
	 * stores what it changes on the conversation: the next `append` of exactly that message
	 * writes only the message row. `siteId` limits the lookup to one site. Null when absent.
	 */
	static async open(
		trx: Db,
		conversationId: string,
		opts: { siteId?: string; first?: FirstMessage } = {}
	): Promise< ConversationTx | null > {
		const { first } = opts;
		const now = nowIso();
		const next = trx.raw( '?? + 1', [ 'last_seq' ] );
		const set: Record< string, unknown > = first
			? {
					...messageFields(
						first.author,
						first.kind,
						first.text,
						next,
						now
					),
					last_seq: next,
					updated_at: now,
				}
			: { last_seq: trx.ref( 'last_seq' ) };
		const [ row ] = await trx( 'conversations' )
			.where( {
				id: conversationId,
				...( opts.siteId ? { site_id: opts.siteId } : {} ),
			} )
			.update( set, '*' );
		if ( ! row ) {
			return null;
		}
		const tx = new ConversationTx( trx, row );
		if ( first ) {
			tx.reserved = { ...first, seq: Number( row.last_seq ), at: now };
		}
		return tx;
	}

	/** For a conversation inserted in this same transaction. */
	static created( trx: Db, row: Record< string, any > ): ConversationTx {
		return new ConversationTx( trx, { ...row } );
	}

	get id(): string {
		return this.row.id;
	}

	get raw(): Readonly< Record< string, any > > {
		return this.row;
	}

	get conversation(): Conversation {
		return toConversation( this.row );
	}

	get changed(): boolean {
		return this.messages.length > 0 || this.patched;
	}

	/** What the conversation rules need to decide the next event. */
	get rules(): RulesConversation {
		return toRulesConversation( this.row );
	}

	get stateChanged(): boolean {
		return this.row.state !== this.initialState;
	}

	patch( fields: Record< string, unknown > ): void {
		if ( typeof fields.state === 'string' ) {
			const state = fields.state as ConversationState;
			// conversations.inbox_list is indexed for the lists' keyset pages.
			fields = {
				...fields,
				inbox_list: listOf( state ),
				...stateMilestones( this.row, state, this.lastAt ?? nowIso() ),
			};
		}
		this.patched = true;
		Object.assign( this.row, fields );
		Object.assign( this.dirty, fields );
	}

	async append(
		author: MessageAuthor,
		input: NewMessage
	): Promise< Message > {
		const kind = input.kind ?? 'text';
		const r = this.reserved;
		const taken =
			r &&
			r.kind === kind &&
			r.text === input.text &&
			r.author.type === author.type &&
			r.author.id === author.id
				? r
				: null;
		const now = taken ? taken.at : nowIso();
		const seq = taken ? taken.seq : Number( this.row.last_seq ) + 1;
		const row = {
			id: 'm_' + randomUUID().replace( /-/g, '' ),
			conversation_id: this.row.id,
			seq,
			client_id: input.clientId,
			kind,
			author_type: author.type,
			author_id: author.id,
			author_name: author.name,
			text: input.text,
			meta:
				input.meta && Object.keys( input.meta ).length
					? JSON.stringify( input.meta )
					: null,
			created_at: now,
		};
		await this.trx( 'messages' ).insert( row );
		if ( taken ) {
			// `open` already stored it on the conversation: the row we hold says so.
			this.reserved = null;
		} else {
			this.patch( {
				last_seq: seq,
				updated_at: now,
				...messageFields( author, kind, input.text, seq, now ),
			} );
		}
		this.lastAt = now;
		if ( author.type === 'advisor' && author.id && kind !== 'note' ) {
			this.advisorReply ??= { at: now, advisorId: author.id };
		}
		const message = toMessage( row );
		this.messages.push( message );
		return message;
	}

	/**
	 * Stores what the rules decided: the messages in order (the first `actor` one carries the
	 * client id), the variables, then the state change. Returns the actor's message, if any.
	 */
	async apply(
		outcome: Outcome,
		actor: OutcomeActor
	): Promise< Message | null > {
		let own: Message | null = null;
		for ( const v of outcome.variables ) {
			await actor.setVariable( v.name, v.value );
		}
		for ( const m of outcome.messages ) {
			const isActor = m.author === 'actor';
			const author =
				m.author === 'actor' ? actor.author : RULE_AUTHORS[ m.author ];
			const message = await this.append( author, {
				clientId: isActor && ! own ? actor.clientId : null,
				kind: m.kind,
				text: m.text,
				meta: m.meta ?? null,
			} );
			if ( isActor && ! own ) {
				own = message;
			}
		}
		this.patchRules( outcome.patch );
		return own;
	}

	private patchRules( p: ConversationPatch ): void {
		const fields: Record< string, unknown > = {};
		if ( p.state !== undefined ) {
			fields.state = p.state;
		}
		if ( p.assignedAdvisorId !== undefined ) {
			fields.assigned_advisor_id = p.assignedAdvisorId;
		}
		if ( p.flowState !== undefined ) {
			fields.flow_state = p.flowState
				? JSON.stringify( p.flowState )
				: null;
		}
		if ( p.backToBot !== undefined ) {
			fields.back_to_bot_sequence = p.backToBot.sequence;
			fields.back_to_bot_label = p.backToBot.label;
		}
		if ( Object.keys( fields ).length ) {
			this.patch( fields );
		}
	}

	/** Writes the row's pending changes; called once, at the end of the transaction. */
	async flush(): Promise< void > {
		if ( this.reserved ) {
			// A seq taken and never used would leave a gap: roll back instead.
			throw new Error(
				'A unit of work opened for a message did not store it.'
			);
		}
		// Decided once the state is final: an advisor's reply that takes a bot conversation
		// escalates it at that very message, so it is its own first response (0 s).
		const reply = this.advisorReply;
		if (
			reply &&
			! this.row.first_response_at &&
			this.row.escalated_at &&
			reply.at >= this.row.escalated_at
		) {
			this.patch( {
				first_response_at: reply.at,
				first_response_advisor_id: reply.advisorId,
			} );
		}
		if ( Object.keys( this.dirty ).length ) {
			this.dirty.updated_at ??= nowIso();
			this.row.updated_at = this.dirty.updated_at;
			await this.trx( 'conversations' )
				.where( { id: this.row.id } )
				.update( this.dirty );
			this.dirty = {};
		}
	}
}
