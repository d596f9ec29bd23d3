/**
 * What happens to a conversation: every send, action, advisor change and transfer is an
 * event decided by the conversation rules (contracts/src/conversation-rules.ts) inside the
 * conversation's unit of work, and the outcome — messages, variables, state change,
 * follow-ups — is stored there, so it commits (and is published) with its cause.
 */
import {
	consultsBot,
	decide,
	type ConversationEvent,
	type Flow,
	type Message,
	type MessageAuthor,
	type Outcome,
} from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import { badRequest, conflict } from '../errors';
import {
	authorOf,
	type ConversationsService,
	type ConversationTx,
} from './conversations';
import type { FlowsService } from './flows';
import { parseFlowState } from './mappers';
import type { ReplyByEmailService } from './reply-by-email';
import type { UploadsService } from './uploads';
import type { VariablesService } from './variables';
import type { VisitorsService } from './visitors';

/** Where a transfer's `route` follow-up goes (BotService.completeTransfer), set once at start-up. */
export type TransferRouter = (
	conversationId: string,
	stepId: string
) => Promise< void >;

/** What a send is to the conversation rules. */
function sendEvent(
	p: Principal,
	input: { text?: string; uploadId?: string }
): ConversationEvent {
	if ( p.role === 'advisor' ) {
		return {
			type: 'advisor_reply',
			advisor: { id: p.advisorId, name: p.name },
			// Filled by admission before every advisor route (AdvisorsService.admit).
			licensed: p.scope?.licensed !== false,
		};
	}
	return input.uploadId
		? { type: 'visitor_image' }
		: { type: 'visitor_text', text: input.text ?? '' };
}

export interface TurnsDeps {
	conversations: ConversationsService;
	uploads: UploadsService;
	flows: FlowsService;
	variables: VariablesService;
	visitors: VisitorsService;
	/** Emails an advisor's reply to a visitor who left an address and is not online. */
	replyByEmail?: ReplyByEmailService;
}

export class TurnsService {
	private router: TransferRouter | null = null;

	constructor( private readonly deps: TurnsDeps ) {}

	/** BotService routes transfers; it depends on this service, hence the late binding. */
	routeTransfersWith( router: TransferRouter ): void {
		this.router = router;
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
		this.keepReplyEmail( tx, outcome );
		for ( const f of outcome.followUps ) {
			const id = tx.id;
			const router = this.router;
			if ( f.type === 'route' && router ) {
				tx.afterCommit.push( () => router( id, f.stepId ) );
			}
		}
		return own;
	}

	/** The transfer fallback's email answer: the advisors' replies are emailed there. */
	private keepReplyEmail( tx: ConversationTx, outcome: Outcome ): void {
		const t = parseFlowState( tx.raw.flow_state )?.transfer;
		const answer = t?.emailLeft
			? outcome.variables.find( ( v ) => v.name === t.emailVariable )
			: undefined;
		if ( answer && tx.raw.reply_email !== answer.value ) {
			tx.patch( { reply_email: answer.value } );
		}
	}

	/**
	 * A text, or an image (`uploadId`, with `text` as caption and alt), from a visitor or an
	 * advisor: stored, then what the rules make of it (the bot's answer, the advisor taking
	 * the conversation) in the same unit of work.
	 */
	async send(
		principal: Principal,
		conversationId: string,
		input: { clientId: string; text?: string; uploadId?: string }
	): Promise< { message: Message; created: boolean } > {
		const event = sendEvent( principal, input );
		const author = authorOf( principal );
		const text = input.text ?? '';
		// The conversation is read, checked and updated for this message in one statement.
		const first = {
			author,
			kind: input.uploadId ? ( 'image' as const ) : ( 'text' as const ),
			text,
		};
		const result = await this.deps.conversations.record(
			principal,
			conversationId,
			input.clientId,
			async ( tx ) => {
				// Decided on the conversation as it was before this message.
				const outcome = await this.decideIn( tx, event );
				const image = input.uploadId
					? await this.deps.uploads.claim(
							tx.trx,
							principal,
							input.uploadId,
							text
						)
					: null;
				// Visitors see an advisor's face beside their messages.
				const avatar =
					principal.role === 'advisor' && principal.avatar
						? { avatar: principal.avatar }
						: {};
				const message = await tx.append(
					author,
					image
						? {
								clientId: input.clientId,
								text,
								kind: 'image',
								meta: { image, ...avatar },
							}
						: { clientId: input.clientId, text, meta: avatar }
				);
				if ( input.uploadId ) {
					await this.deps.uploads.bind(
						tx.trx,
						input.uploadId,
						message.id
					);
				}
				await this.store( tx, outcome, { author, clientId: null } );
				await this.deps.replyByEmail?.enqueue( tx, message );
				// An advisor's reply also counts their message and moves their read state:
				// the messages_advisor_reply trigger (migration 20261205D), same statement.
				return message;
			},
			first
		);
		if ( principal.role === 'visitor' ) {
			await this.deps.visitors.seen(
				principal.siteId,
				principal.visitorId
			);
		}
		return result;
	}
}
