/**
 * Conversations and their messages: creation, access checks, idempotent writes with
 * gap-free per-conversation sequence numbers, and catch-up reads. Every write runs
 * as one unit of work (ConversationTx) and is published only after it commits.
 */
import { randomUUID } from 'node:crypto';
import {
	consultsBot,
	decide,
	initialState,
	listOf,
	type Conversation,
	type ConversationEvent,
	type ConversationMode,
	type Flow,
	type Message,
	type MessageAuthor,
	type MessagesPage,
	type Outcome,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { isUniqueViolation, nowIso } from '../db';
import type { Principal } from '../auth/tokens';
import { badRequest, conflict, notFound } from '../errors';
import type { Logger } from '../logger';
import type { AccessPolicy } from './access';
import { ConversationTx } from './conversation-tx';
import { toConversation, toMessage } from './mappers';
import type { EventsService } from './events';
import type { FlowsService } from './flows';
import { toHandleCount } from './inbox';
import type { UploadsService } from './uploads';
import type { VariablesService } from './variables';
import type { VisitorsService } from './visitors';

export type { NewMessage } from './conversation-tx';
export { ConversationTx };

export const authorOf = ( p: Principal ): MessageAuthor =>
	p.role === 'advisor'
		? { type: 'advisor', id: p.advisorId, name: p.name }
		: { type: 'visitor', id: p.visitorId, name: null };

/** What a send is to the conversation rules. */
function sendEvent(
	p: Principal,
	input: { text?: string; uploadId?: string }
): ConversationEvent {
	if ( p.role === 'advisor' ) {
		return {
			type: 'advisor_reply',
			advisor: { id: p.advisorId, name: p.name },
		};
	}
	return input.uploadId
		? { type: 'visitor_image' }
		: { type: 'visitor_text', text: input.text ?? '' };
}

/** Where a transfer's `route` follow-up goes (BotService.completeTransfer), set once at start-up. */
export type TransferRouter = (
	conversationId: string,
	stepId: string
) => Promise< void >;

/** Thrown inside a unit of work when the clientId turned out to be taken: rolls back, then replays. */
class Replay {
	constructor( readonly message: Message ) {}
}

export interface ConversationsDeps {
	db: Db;
	events: EventsService;
	log: Logger;
	uploads: UploadsService;
	flows: FlowsService;
	variables: VariablesService;
	visitors: VisitorsService;
	access: AccessPolicy;
}

export class ConversationsService {
	private readonly db: Db;
	private readonly events: EventsService;
	private readonly log: Logger;
	private router: TransferRouter | null = null;

	constructor( private readonly deps: ConversationsDeps ) {
		this.db = deps.db;
		this.events = deps.events;
		this.log = deps.log;
	}

	/** BotService routes transfers; it depends on this service, hence the late binding. */
	routeTransfersWith( router: TransferRouter ): void {
		this.router = router;
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
		},
		init?: ( tx: ConversationTx ) => Promise< void >
	): Promise< Conversation > {
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
		await this.deps.visitors.seen( siteId, visitorId );
		return tx.conversation;
	}

	/** The conversation if the principal may see it; 404 otherwise (absent and not yours look alike). */
	async getFor( principal: Principal, id: string ): Promise< Conversation > {
		const row = await this.db( 'conversations' )
			.where( { id, site_id: principal.siteId } )
			.first();
		if (
			! row ||
			( principal.role === 'visitor' &&
				row.visitor_id !== principal.visitorId )
		) {
			throw notFound( 'Conversation' );
		}
		return toConversation( row );
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
	 * A page in seq order: after `after` (catch-up), or the `limit` messages just before
	 * `before` (a long history read backwards; `hasMore` then means older ones exist).
	 * Notes only for advisors the policy allows (premium), never for visitors.
	 */
	async messages(
		principal: Principal,
		conversation: Conversation,
		page: { after: number; before?: number; limit: number }
	): Promise< MessagesPage > {
		const includeNotes = await this.deps.access.can( principal, 'premium' );
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
	 * A unit of work on a locked conversation. Messages are published and `afterCommit`
	 * tasks run once the transaction has committed.
	 */
	async transact< T >(
		conversationId: string,
		work: ( tx: ConversationTx ) => Promise< T >
	): Promise< T > {
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
		const existing = await this.findByClientId(
			this.db,
			conversation.id,
			clientId
		);
		if ( existing ) {
			return {
				message: this.checkReplay( principal, existing ),
				created: false,
			};
		}
		try {
			const message = await this.transact(
				conversation.id,
				async ( tx ) => {
					const raced = await this.findByClientId(
						tx.trx,
						conversation.id,
						clientId
					);
					if ( raced ) {
						throw new Replay( raced );
					}
					return work( tx );
				}
			);
			return { message, created: true };
		} catch ( err ) {
			if ( err instanceof Replay ) {
				return {
					message: this.checkReplay( principal, err.message ),
					created: false,
				};
			}
			// Two concurrent writes of the same clientId (PostgreSQL): the loser returns the winner's message.
			if ( isUniqueViolation( err ) ) {
				const winner = await this.findByClientId(
					this.db,
					conversation.id,
					clientId
				);
				if ( winner ) {
					return {
						message: this.checkReplay( principal, winner ),
						created: false,
					};
				}
			}
			throw err;
		}
	}

	/**
	 * Decides `event` with the conversation rules and stores the outcome in this unit of
	 * work (a refusal throws its 400/409). `author`/`clientId`: who the event's own messages
	 * are from (a button press, "talk to a human"…). Returns that message, if any.
	 */
	async play(
		tx: ConversationTx,
		event: ConversationEvent,
		who: { author: MessageAuthor; clientId: string | null },
		flow?: Flow | null
	): Promise< Message | null > {
		return this.store( tx, await this.decideIn( tx, event, flow ), who );
	}

	private async decideIn(
		tx: ConversationTx,
		event: ConversationEvent,
		preloaded?: Flow | null
	): Promise< Outcome > {
		const c = tx.rules;
		const bot = consultsBot( c, event );
		let flow: Flow | null = null;
		if ( bot && c.flowId ) {
			flow =
				preloaded !== undefined
					? preloaded
					: await this.deps.flows.get(
							tx.raw.site_id,
							c.flowId,
							tx.trx
						);
		}
		const variables = bot
			? await this.deps.variables.map(
					tx.raw.site_id,
					tx.raw.visitor_id,
					tx.trx
				)
			: {};
		const d = decide( c, event, { flow, variables } );
		if ( ! d.ok ) {
			throw d.status === 400
				? badRequest( d.message )
				: conflict( d.message );
		}
		return d.outcome;
	}

	private async store(
		tx: ConversationTx,
		outcome: Outcome,
		who: { author: MessageAuthor; clientId: string | null }
	): Promise< Message | null > {
		const { site_id: siteId, visitor_id: visitorId } = tx.raw;
		const own = await tx.apply( outcome, {
			...who,
			setVariable: ( name, value ) =>
				this.deps.variables.set(
					siteId,
					visitorId,
					name,
					value,
					tx.trx
				),
		} );
		for ( const f of outcome.followUps ) {
			const id = tx.id;
			const router = this.router;
			if ( f.type === 'route' && router ) {
				tx.afterCommit.push( () => router( id, f.stepId ) );
			}
		}
		return own;
	}

	/**
	 * A text, or an image (`uploadId`, with `text` as caption and alt), from a visitor or an
	 * advisor: stored, then what the rules make of it (the bot's answer, the advisor taking
	 * the conversation) in the same unit of work.
	 */
	async send(
		principal: Principal,
		conversation: Conversation,
		input: { clientId: string; text?: string; uploadId?: string }
	): Promise< { message: Message; created: boolean } > {
		const event = sendEvent( principal, input );
		const result = await this.record(
			principal,
			conversation,
			input.clientId,
			async ( tx ) => {
				// Decided on the conversation as it was before this message.
				const outcome = await this.decideIn( tx, event );
				const text = input.text ?? '';
				const image = input.uploadId
					? await this.deps.uploads.claim(
							tx.trx,
							principal,
							input.uploadId,
							text
						)
					: null;
				const message = await tx.append(
					authorOf( principal ),
					image
						? {
								clientId: input.clientId,
								text,
								kind: 'image',
								meta: { image },
							}
						: { clientId: input.clientId, text }
				);
				if ( input.uploadId ) {
					await this.deps.uploads.bind(
						tx.trx,
						input.uploadId,
						message.id
					);
				}
				await this.store( tx, outcome, {
					author: authorOf( principal ),
					clientId: null,
				} );
				if ( principal.role === 'advisor' ) {
					await this.markReadIn(
						tx.trx,
						conversation.id,
						principal.advisorId,
						message.seq
					);
				}
				return message;
			}
		);
		if ( principal.role === 'visitor' ) {
			await this.deps.visitors.seen(
				principal.siteId,
				principal.visitorId
			);
		}
		return result;
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
		const n = await this.db( 'conversations' )
			.where( { id: conversation.id } )
			.andWhere( 'visitor_last_read_seq', '<', target )
			.update( { visitor_last_read_seq: target } );
		const fresh = toConversation(
			await this.db( 'conversations' )
				.where( { id: conversation.id } )
				.first()
		);
		if ( n ) {
			this.events.conversationUpdated( fresh );
		}
		await this.deps.visitors.seen(
			conversation.siteId,
			conversation.visitorId
		);
		return fresh;
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
			this.events.refreshInboxSummary( siteId, () =>
				toHandleCount( this.db, siteId )
			);
		}
		// Committed work stays committed: a failing follow-up is logged, never reported as the request's failure.
		for ( const task of tx.afterCommit ) {
			await task().catch( ( err ) =>
				this.log.error( 'follow-up failed', {
					conversationId: tx.id,
					error: String( err?.stack ?? err ),
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

	async markRead(
		conversation: Conversation,
		advisorId: string,
		seq: number
	): Promise< void > {
		await this.markReadIn(
			this.db,
			conversation.id,
			advisorId,
			Math.min( seq, conversation.lastSeq )
		);
	}

	private async markReadIn(
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
