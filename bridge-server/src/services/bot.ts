/**
 * Runs bot flows on conversations: feeds the pure engine (contracts/src/flow-engine.ts) with the
 * visitor's inputs and stores what it returns — bot messages, notes, variables, state
 * changes — in the same unit of work as the input, so a retry or a restart never runs
 * a step twice or loses one. Transfers finish after commit (they ask the realtime
 * server who is online) in a second unit of work.
 *
 * States (DESIGN.md "Conversation states"): the bot speaks only in `bot`, plus the
 * fallback email question while `waiting` with nobody online. A transfer moves the
 * conversation to `waiting`, assigned or not; it becomes `live` when an advisor replies.
 */
import {
	DEFAULT_FLOW_ID,
	findButton,
	interpolate,
	run,
	type Conversation,
	type ConversationActionBody,
	type EngineInput,
	type EngineResult,
	type Flow,
	type FlowState,
	type Message,
	type MessageAuthor,
} from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import { badRequest, conflict } from '../errors';
import type { Logger } from '../logger';
import { authorOf, type ConversationsService, type ConversationTx } from './conversations';
import type { FlowsService } from './flows';
import type { HandoffService } from './handoff';
import type { NotificationsService } from './notifications';
import type { VariablesService } from './variables';

const BOT: MessageAuthor = { type: 'bot', id: null, name: null };
const SYSTEM: MessageAuthor = { type: 'system', id: null, name: null };

/** Bridge-side texts of event messages; clients render events from `meta.event`, translated. */
const EVENT_TEXTS = {
	transferred: 'Transferred to an advisor.',
	human_requested: 'Talk to a human',
	back_to_bot: 'Back to chatbot',
} as const;

export function parseFlowState( raw: unknown ): FlowState | null {
	if ( typeof raw !== 'string' || ! raw ) {
		return null;
	}
	try {
		return JSON.parse( raw ) as FlowState;
	} catch {
		return null;
	}
}

type VisitorPrincipal = Extract< Principal, { role: 'visitor' } >;

export class BotService {
	constructor(
		private readonly conversations: ConversationsService,
		private readonly flows: FlowsService,
		private readonly variables: VariablesService,
		private readonly handoff: HandoffService,
		private readonly log: Logger,
		private readonly notifications?: NotificationsService
	) {}

	/** Starts a conversation: live chat waits for an advisor; a bot flow says its first steps. */
	async start(
		siteId: string,
		visitorId: string,
		body: { pageUrl?: string; pageTitle?: string; mode?: 'bot' | 'live'; flowId?: string; startSequence?: string }
	): Promise< Conversation > {
		const mode = body.mode ?? ( body.flowId ? 'bot' : 'live' );
		let flow: Flow | null = null;
		if ( mode === 'bot' ) {
			const flowId = body.flowId ?? DEFAULT_FLOW_ID;
			flow = await this.flows.get( siteId, flowId );
			if ( ! flow ) {
				throw badRequest( `flowId: this site has no flow "${ flowId }".` );
			}
			if ( body.startSequence && ! flow.sequences.some( ( s ) => s.id === body.startSequence ) ) {
				throw badRequest( `startSequence: flow "${ flowId }" has no sequence "${ body.startSequence }".` );
			}
			if ( flow.mode === 'live' ) {
				// A flow set to 100 % live chat: no bot, whatever the widget asked.
				flow = null;
			}
		}
		const started = flow;
		return this.conversations.start(
			siteId,
			visitorId,
			{ pageUrl: body.pageUrl, pageTitle: body.pageTitle, mode: started ? 'bot' : 'live', flowId: started?.id ?? null },
			started ? ( tx ) => this.step( tx, started, { type: 'start', sequence: body.startSequence } ) : undefined
		);
	}

	/** A visitor's text: stored, then answered by the bot when the bot is listening. */
	visitorSend( p: VisitorPrincipal, conversation: Conversation, input: { clientId: string; text: string } ) {
		return this.conversations.send( p, conversation, input, async ( tx, message ) => {
			const state = parseFlowState( tx.raw.flow_state );
			const listening =
				tx.raw.state === 'bot' || ( tx.raw.state === 'waiting' && state?.waiting === 'fallback_email' );
			if ( tx.raw.flow_id && listening ) {
				await this.step( tx, await this.flowOf( tx ), { type: 'text', text: message.text } );
			}
		} );
	}

	/** Button press, "talk to a human", "back to chatbot": idempotent by clientId. */
	action(
		p: VisitorPrincipal,
		conversation: Conversation,
		body: ConversationActionBody
	): Promise< { message: Message; created: boolean } > {
		return this.conversations.record( p, conversation, body.clientId, async ( tx ) => {
			const row = tx.raw;
			if ( row.state === 'closed' ) {
				throw conflict( 'This conversation is closed. Start a new one.' );
			}
			if ( ! row.flow_id ) {
				throw conflict( 'This conversation has no chatbot: it is live chat only.' );
			}
			const flow = await this.flowOf( tx );
			const visitor = authorOf( p );
			if ( body.type === 'button' ) {
				if ( row.state !== 'bot' ) {
					throw conflict( 'The chatbot is not answering in this conversation.' );
				}
				const found = findButton( flow, parseFlowState( row.flow_state ), body.stepId, body.buttonId );
				if ( ! found.ok ) {
					throw found.reason === 'stale'
						? conflict( 'These buttons are no longer active.' )
						: badRequest( `buttonId: no button "${ body.buttonId }" in step "${ body.stepId }".` );
				}
				const vars = await this.variables.map( row.site_id, row.visitor_id, tx.trx );
				// The press reads as the visitor's reply, with the label they saw.
				const message = await tx.append( visitor, {
					clientId: body.clientId,
					text: interpolate( found.button.label, vars ),
					meta: { pressed: { stepId: body.stepId, buttonId: body.buttonId } },
				} );
				await this.step( tx, flow, { type: 'button', stepId: body.stepId, buttonId: body.buttonId }, vars );
				return message;
			}
			if ( body.type === 'request_human' ) {
				if ( row.state !== 'bot' ) {
					throw conflict( 'The advisors already have this conversation.' );
				}
				const message = await tx.append( visitor, {
					clientId: body.clientId,
					kind: 'event',
					text: EVENT_TEXTS.human_requested,
					meta: { event: 'human_requested' },
				} );
				await this.step( tx, flow, { type: 'request_human' } );
				return message;
			}
			if ( row.state === 'bot' ) {
				throw conflict( 'The chatbot is already answering.' );
			}
			const message = await tx.append( visitor, {
				clientId: body.clientId,
				kind: 'event',
				text: row.back_to_bot_label || EVENT_TEXTS.back_to_bot,
				meta: { event: 'back_to_bot' },
			} );
			const sequence: string | null = row.back_to_bot_sequence ?? null;
			// The assignment stays for history; the bot takes over again.
			tx.patch( { state: 'bot', back_to_bot_sequence: null, back_to_bot_label: null } );
			await this.step( tx, flow, { type: 'back_to_bot', sequence } );
			return message;
		} );
	}

	private flowOf( tx: ConversationTx ): Promise< Flow | null > {
		return this.flows.get( tx.raw.site_id, tx.raw.flow_id, tx.trx );
	}

	/** One engine turn inside the unit of work: run, then store every output in order. */
	private async step( tx: ConversationTx, flow: Flow | null, input: EngineInput, vars?: Record< string, string > ) {
		const variables = vars ?? ( await this.variables.map( tx.raw.site_id, tx.raw.visitor_id, tx.trx ) );
		await this.apply( tx, run( flow, parseFlowState( tx.raw.flow_state ), input, variables ) );
	}

	private async apply( tx: ConversationTx, result: EngineResult ) {
		for ( const o of result.outputs ) {
			switch ( o.type ) {
				case 'message':
					await tx.append( BOT, { clientId: null, kind: o.kind, text: o.text, meta: o.meta } );
					break;
				case 'note':
					await tx.append( BOT, { clientId: null, kind: 'note', text: o.text } );
					break;
				case 'variable':
					await this.variables.set( tx.raw.site_id, tx.raw.visitor_id, o.name, o.value, tx.trx );
					break;
				case 'transfer': {
					const { stepId, backToBot } = o.transfer;
					await tx.append( SYSTEM, {
						clientId: null,
						kind: 'event',
						text: EVENT_TEXTS.transferred,
						meta: { event: 'transferred', stepId, transfer: { backToBotLabel: backToBot.label } },
					} );
					tx.patch( {
						state: 'waiting',
						back_to_bot_sequence: backToBot.sequence,
						back_to_bot_label: backToBot.label || null,
					} );
					const id = tx.id;
					tx.afterCommit.push( () => this.completeTransfer( id, stepId ) );
					break;
				}
				case 'end':
					break;
			}
		}
		tx.patch( { flow_state: result.state ? JSON.stringify( result.state ) : null } );
	}

	/**
	 * Second half of a transfer, after commit: assign per the step (round robin among
	 * advisors online and licensed), then the waiting text — or, with nobody online, the
	 * fallback (and its email question). Skipped if the conversation moved on meanwhile.
	 */
	async completeTransfer( conversationId: string, stepId: string ): Promise< void > {
		const pending = ( row: Record< string, any > | null ) => {
			const state = parseFlowState( row?.flow_state );
			return row?.state === 'waiting' && state?.waiting === 'transfer' && state.stepId === stepId && state.transfer && ! state.transfer.resolved
				? { state, transfer: state.transfer }
				: null;
		};
		const before = await this.conversations.peek( conversationId );
		const first = pending( before );
		if ( ! before || ! first ) {
			return;
		}
		const candidates = await this.handoff.candidates( before.site_id, first.transfer );
		// WordPress mails the advisors about the escalation (null: the site has no URL).
		const escalation = ( await this.notifications?.prepareEscalation( before ) ) ?? null;
		await this.conversations.transact( conversationId, async ( tx ) => {
			const now = pending( tx.raw );
			if ( ! now ) {
				return;
			}
			const { state, transfer } = now;
			const current: string | null = tx.raw.assigned_advisor_id ?? null;
			const assignee = await this.handoff.choose( tx.trx, tx.raw.site_id, transfer, candidates, current );
			if ( assignee !== current ) {
				tx.patch( { assigned_advisor_id: assignee } );
			}
			if ( escalation && this.notifications ) {
				const notifications = this.notifications;
				await notifications.enqueue( tx.trx, escalation, assignee );
				tx.afterCommit.push( async () => notifications.kick() );
			}
			if ( candidates.online.length ) {
				if ( transfer.waitingText ) {
					await tx.append( BOT, {
						clientId: null,
						text: transfer.waitingText,
						meta: { stepId, transfer: { backToBotLabel: transfer.backToBot.label } },
					} );
				}
				tx.patch( { flow_state: JSON.stringify( { ...state, transfer: { ...transfer, resolved: true } } ) } );
				return;
			}
			const vars = await this.variables.map( tx.raw.site_id, tx.raw.visitor_id, tx.trx );
			await this.apply( tx, run( null, state, { type: 'no_advisor' }, vars ) );
		} );
	}
}
