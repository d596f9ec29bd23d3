/**
 * Runs bot flows on conversations. What a turn does is decided by the conversation rules
 * (contracts/src/conversation-rules.ts, around the pure flow engine) and stored by
 * ConversationsService.play in the same unit of work as the input, so a retry or a
 * restart never runs a step twice or loses one. This service starts conversations,
 * turns the visitor's actions into rule events, and finishes transfers after commit
 * (they ask the realtime server who is online) in a second unit of work.
 */
import {
	DEFAULT_FLOW_ID,
	NO_DEFAULT_FLOW,
	pendingTransfer,
	type Conversation,
	type ConversationActionBody,
	type ConversationEvent,
	type Flow,
	type Message,
	type MessageAuthor,
	type StartConversationResponse,
} from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import { badRequest, conflict } from '../errors';
import type { Logger } from '../logger';
import { authorOf, type ConversationsService } from './conversations';
import type { FlowsService } from './flows';
import type { HandoffService } from './handoff';
import { parseFlowState, toRulesConversation } from './mappers';
import type { NotificationsService } from './notifications';
import type { TurnsService } from './turns';

const BOT: MessageAuthor = { type: 'bot', id: null, name: null };
/** Waiting conversations looked at per offer (the oldest). */
const OFFER_BATCH = 50;

type VisitorPrincipal = Extract< Principal, { role: 'visitor' } >;

export class BotService {
	constructor(
		private readonly conversations: ConversationsService,
		private readonly turns: TurnsService,
		private readonly flows: FlowsService,
		private readonly handoff: HandoffService,
		private readonly log: Logger,
		private readonly notifications?: NotificationsService
	) {
		turns.routeTransfersWith( ( id, stepId ) =>
			this.completeTransfer( id, stepId )
		);
	}

	/** Starts a conversation: live chat waits for an advisor; a bot flow says its first steps. */
	async start(
		siteId: string,
		visitorId: string,
		body: {
			pageUrl?: string;
			pageTitle?: string;
			mode?: 'bot' | 'live';
			flowId?: string;
			startSequence?: string;
			locale?: string;
		}
	): Promise< StartConversationResponse > {
		const mode = body.mode ?? ( body.flowId ? 'bot' : 'live' );
		let flow: Flow | null = null;
		if ( mode === 'bot' ) {
			const flowId = body.flowId ?? DEFAULT_FLOW_ID;
			flow = await this.flows.get( siteId, flowId );
			const named = !! body.flowId || !! body.startSequence;
			if ( ! flow && named ) {
				throw badRequest(
					`flowId: this site has no flow "${ flowId }".`
				);
			}
			if ( ! flow ) {
				// A widget naming no flow on a site without a default flow (every new site):
				// no conversation yet; the widget offers live chat, started by the first message.
				throw conflict(
					'This site has no default flow: start the conversation in live chat.',
					NO_DEFAULT_FLOW
				);
			}
			if (
				flow &&
				body.startSequence &&
				! flow.sequences.some( ( s ) => s.id === body.startSequence )
			) {
				throw badRequest(
					`startSequence: flow "${ flowId }" has no sequence "${ body.startSequence }".`
				);
			}
			if ( flow?.mode === 'live' ) {
				// A flow set to 100 % live chat: no bot, whatever the widget asked.
				flow = null;
			}
		}
		const started = flow;
		return this.conversations.start(
			siteId,
			visitorId,
			{
				pageUrl: body.pageUrl,
				pageTitle: body.pageTitle,
				mode: started ? 'bot' : 'live',
				flowId: started?.id ?? null,
				locale: body.locale ?? null,
			},
			started
				? async ( tx ) => {
						await this.turns.play(
							tx,
							{ type: 'start', sequence: body.startSequence },
							{ author: BOT, clientId: null },
							started
						);
					}
				: undefined
		);
	}

	/** Button press, "talk to a human", "back to chatbot": idempotent by clientId. */
	action(
		p: VisitorPrincipal,
		conversation: Conversation,
		body: ConversationActionBody
	): Promise< { message: Message; created: boolean } > {
		const event: ConversationEvent =
			body.type === 'button'
				? {
						type: 'button',
						stepId: body.stepId,
						buttonId: body.buttonId,
					}
				: { type: body.type };
		return this.conversations.record(
			p,
			conversation.id,
			body.clientId,
			async ( tx ) => {
				const own = await this.turns.play( tx, event, {
					author: authorOf( p ),
					clientId: body.clientId,
				} );
				// Every accepted action writes the visitor's own line first (the rules guarantee it).
				return own!;
			}
		);
	}

	/**
	 * Second half of a transfer, after commit: assign per the step (round robin among
	 * advisors online and licensed), notify, then the waiting text — or, with nobody
	 * online, the fallback (and its email question). Skipped if the conversation moved on.
	 */
	async completeTransfer(
		conversationId: string,
		stepId: string
	): Promise< void > {
		const before = await this.conversations.peek( conversationId );
		const transfer = parseFlowState( before?.flow_state )?.transfer;
		if (
			! before ||
			! transfer ||
			! pendingTransfer( toRulesConversation( before ), stepId )
		) {
			return;
		}
		const candidates = await this.handoff.candidates(
			before.site_id,
			transfer,
			before.page_url ?? null,
			[],
			conversationId
		);
		// WordPress mails the advisors about the escalation (null: the site has no URL).
		const escalation =
			( await this.notifications?.prepareEscalation( before ) ) ?? null;
		await this.conversations.transact( conversationId, async ( tx ) => {
			if ( ! pendingTransfer( tx.rules, stepId ) ) {
				return;
			}
			const current: string | null = tx.raw.assigned_advisor_id ?? null;
			const assignee = await this.handoff.choose(
				tx.trx,
				tx.raw.site_id,
				transfer,
				candidates,
				current
			);
			if ( assignee !== current ) {
				tx.patch( { assigned_advisor_id: assignee } );
			}
			if ( escalation && this.notifications ) {
				const notifications = this.notifications;
				await notifications.enqueue( tx.trx, escalation, assignee );
				tx.afterCommit.push( async () => notifications.kick() );
			}
			await this.turns.play(
				tx,
				{
					type: 'transfer_resolved',
					stepId,
					// Someone who may take it is online, if busy: the visitor waits for them.
					online: candidates.anyone,
				},
				{ author: BOT, clientId: null }
			);
		} );
	}

	/**
	 * When an advisor frees a slot (closes, unassigns), gets a licence or joins: waiting
	 * conversations nobody has — from transfers that route by round robin — are offered to
	 * whoever now qualifies, oldest first. Returns how many were assigned.
	 */
	async offerWaiting(
		siteId: string,
		alsoOnline: string[] = []
	): Promise< number > {
		const waiting = await this.conversations.waitingUnassigned(
			siteId,
			OFFER_BATCH
		);
		let assigned = 0;
		for ( const row of waiting ) {
			const transfer = parseFlowState( row.flow_state )?.transfer;
			if ( transfer?.assign !== 'round_robin' ) {
				continue;
			}
			const candidates = await this.handoff.candidates(
				siteId,
				transfer,
				row.page_url ?? null,
				alsoOnline,
				row.id
			);
			if ( ! candidates.online.length ) {
				continue;
			}
			assigned += await this.conversations.transact(
				row.id,
				async ( tx ) => {
					if (
						tx.raw.state !== 'waiting' ||
						tx.raw.assigned_advisor_id
					) {
						return 0;
					}
					const to = await this.handoff.choose(
						tx.trx,
						siteId,
						transfer,
						candidates,
						null
					);
					if ( ! to ) {
						return 0;
					}
					tx.patch( { assigned_advisor_id: to } );
					return 1;
				}
			);
		}
		return assigned;
	}
}
