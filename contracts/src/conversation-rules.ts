/**
 * The conversation rules, written once (DESIGN.md "Rules live once"): which state a
 * conversation is in, who may move it where, when the bot listens, what a bot turn
 * writes, what the bot awaits and which inbox list a state belongs to.
 *
 * Pure and zod-free: no I/O, no clock. `decide(conversation, event, context)` returns
 * either a refusal (status + message) or an outcome — the state change, the messages to
 * append in order, the variables to set, the follow-ups and what the bot now awaits.
 * The bridge's services persist outcomes; the flow editor's preview and the widget's
 * test fake call the same function instead of restating it.
 */
import type { Flow } from './flow';
import {
	findButton,
	run,
	type EngineInput,
	type EngineResult,
	type FlowState,
} from './flow-engine';
import { interpolate } from './interpolate';
import type {
	BotAwaits,
	ConversationMode,
	ConversationState,
	MessageKind,
	MessageMeta,
} from './types';

/** The inbox lists and the states each one shows. */
export type InboxListName = 'live' | 'closed' | 'bot';

export const LIST_STATES: Readonly<
	Record< InboxListName, readonly ConversationState[] >
> = {
	live: [ 'waiting', 'live' ],
	closed: [ 'closed' ],
	bot: [ 'bot' ],
};

/** The inbox list a state belongs to: Live chat (`waiting` + `live`), Closed, Chatbot. */
export function listOf( state: ConversationState ): InboxListName {
	return state === 'closed' || state === 'bot' ? state : 'live';
}

/** The state a new conversation starts in: live-chat-only goes straight to the advisors' queue. */
export const initialState = ( mode: ConversationMode ): ConversationState =>
	mode === 'live' ? 'waiting' : 'bot';

/** What the rules need to know of a conversation. */
export interface RulesConversation {
	state: ConversationState;
	/** Null: live chat only (no bot, no "back to chatbot"). */
	flowId: string | null;
	assignedAdvisorId: string | null;
	flowState: FlowState | null;
	/** Where "back to chatbot" goes and what its button says, as set by the last transfer. */
	backToBot: { sequence: string | null; label: string | null };
}

export interface Actor {
	id: string;
	name: string;
}

export type ConversationEvent =
	/** A bot conversation was created (the first steps of the flow). */
	| { type: 'start'; sequence?: string | null }
	| { type: 'visitor_text'; text: string }
	| { type: 'visitor_image' }
	| { type: 'button'; stepId: string; buttonId: string }
	| { type: 'request_human' }
	| { type: 'back_to_bot' }
	| { type: 'advisor_reply'; advisor: Actor }
	| { type: 'take'; advisor: Actor }
	/** `assignee` null: unassign. */
	| { type: 'assign'; actor: Actor; assignee: Actor | null }
	| { type: 'close'; actor: Actor }
	| { type: 'reopen'; actor: Actor }
	/** The advisors were looked for after a transfer: somebody was online, or the fallback runs. */
	| { type: 'transfer_resolved'; stepId: string; online: boolean };

/** Needed by the events the bot answers; ignored by the others. */
export interface RulesContext {
	flow: Flow | null;
	variables: Readonly< Record< string, string > >;
}

/**
 * A message to append. `actor`: the principal whose event this is (the visitor pressing a
 * button, asking for a human…); it carries the event's client id.
 */
export interface RuleMessage {
	author: 'actor' | 'bot' | 'system';
	kind: MessageKind;
	text: string;
	meta?: MessageMeta;
}

export interface ConversationPatch {
	state?: ConversationState;
	assignedAdvisorId?: string | null;
	flowState?: FlowState | null;
	backToBot?: { sequence: string | null; label: string | null };
}

export type FollowUp =
	/** After commit: look for an advisor (assign per the transfer step), notify, then `transfer_resolved`. */
	{ type: 'route'; stepId: string };

export interface Outcome {
	patch: ConversationPatch;
	/** In order, after the sent message itself for `visitor_text`, `visitor_image` and `advisor_reply`. */
	messages: RuleMessage[];
	variables: Array< { name: string; value: string } >;
	followUps: FollowUp[];
	/** What the bot awaits once the outcome is stored. */
	awaits: BotAwaits;
}

export type Decision =
	| { ok: true; outcome: Outcome }
	| { ok: false; status: 400 | 409; message: string };

/** Bridge-side texts: refusals (shown as given) and event lines (clients translate from `meta.event`). */
export const RULE_TEXTS = {
	closedForVisitor: 'This conversation is closed. Start a new one.',
	closedForAdvisor: 'This conversation is closed. Reopen it to reply.',
	closedReopenFirst: 'This conversation is closed. Reopen it first.',
	noBot: 'This conversation has no chatbot: it is live chat only.',
	botNotAnswering: 'The chatbot is not answering in this conversation.',
	staleButtons: 'These buttons are no longer active.',
	unknownButton: ( stepId: string, buttonId: string ) =>
		`buttonId: no button "${ buttonId }" in step "${ stepId }".`,
	advisorsHaveIt: 'The advisors already have this conversation.',
	botAlreadyAnswering: 'The chatbot is already answering.',
	alreadyClosed: 'This conversation is already closed.',
	notClosed:
		'This conversation is not closed: only closed conversations can be reopened.',
	alreadyYours: 'You already have this conversation.',
	notAssigned: 'This conversation is not assigned.',
	alreadyAssigned: ( name: string ) =>
		`This conversation is already assigned to ${ name }.`,
	humanRequested: 'Talk to a human',
	backToBot: 'Back to chatbot',
	transferred: 'Transferred to an advisor.',
	closed: ( by: string ) => `Conversation closed by ${ by }.`,
	reopened: ( by: string ) => `Conversation reopened by ${ by }.`,
	assigned: ( to: string ) => `Assigned to ${ to }.`,
	unassigned: ( by: string ) => `Unassigned by ${ by }.`,
} as const;

/** The bot reads what the visitor types: in `bot`, and for the email question when nobody was online. */
export function botListens(
	c: Pick< RulesConversation, 'state' | 'flowId' | 'flowState' >
): boolean {
	return (
		!! c.flowId &&
		( c.state === 'bot' ||
			( c.state === 'waiting' &&
				c.flowState?.waiting === 'fallback_email' ) )
	);
}

/** Whether deciding `event` needs the flow and the visitor's variables (the bot may run). */
export function consultsBot(
	c: Pick< RulesConversation, 'state' | 'flowId' | 'flowState' >,
	event: ConversationEvent
): boolean {
	switch ( event.type ) {
		case 'start':
		case 'button':
		case 'request_human':
		case 'back_to_bot':
		case 'transfer_resolved':
			return true;
		case 'visitor_text':
			return botListens( c );
		default:
			return false;
	}
}

const NOTHING: BotAwaits = { type: 'nothing' };

/** What the bot waits for from the visitor, from the state and the flow position alone. */
export function awaitsOf(
	state: ConversationState,
	fs: FlowState | null
): BotAwaits {
	if ( ! fs ) {
		return NOTHING;
	}
	if ( state === 'bot' && fs.stepId && fs.waiting === 'buttons' ) {
		return { type: 'button', stepId: fs.stepId };
	}
	if ( state === 'bot' && fs.stepId && fs.waiting === 'question' ) {
		// Positions stored before the question was kept in the state: any text, checked by the bridge.
		const q = fs.question ?? { variable: '', answerType: 'text' as const };
		return {
			type: 'answer',
			stepId: fs.stepId,
			variable: q.variable,
			answerType: q.answerType,
		};
	}
	if (
		state === 'waiting' &&
		fs.waiting === 'fallback_email' &&
		fs.transfer
	) {
		return {
			type: 'answer',
			stepId: fs.transfer.stepId,
			variable: fs.transfer.emailVariable,
			answerType: 'email',
		};
	}
	return NOTHING;
}

/** The transfer of `stepId` still waits for its advisors to be looked for. */
export function pendingTransfer(
	c: Pick< RulesConversation, 'state' | 'flowState' >,
	stepId: string
): boolean {
	const fs = c.flowState;
	return (
		c.state === 'waiting' &&
		fs?.waiting === 'transfer' &&
		fs.stepId === stepId &&
		!! fs.transfer &&
		! fs.transfer.resolved
	);
}

/** Collects one outcome while the rules walk an event. */
class Builder {
	readonly patch: ConversationPatch = {};
	readonly messages: RuleMessage[] = [];
	readonly variables: Outcome[ 'variables' ] = [];
	readonly followUps: FollowUp[] = [];
	private vars: Record< string, string >;

	constructor(
		private readonly c: RulesConversation,
		private readonly ctx: RulesContext
	) {
		this.vars = { ...ctx.variables };
	}

	get state(): ConversationState {
		return this.patch.state ?? this.c.state;
	}

	get flowState(): FlowState | null {
		return this.patch.flowState !== undefined
			? this.patch.flowState
			: this.c.flowState;
	}

	say(
		author: RuleMessage[ 'author' ],
		kind: MessageKind,
		text: string,
		meta?: MessageMeta
	) {
		this.messages.push( {
			author,
			kind,
			text,
			...( meta ? { meta } : {} ),
		} );
	}

	/** One engine turn: what it says and notes, the variables it sets, a transfer's state change. */
	turn( input: EngineInput, flow: Flow | null = this.ctx.flow ) {
		this.apply( run( flow, this.flowState, input, this.vars ) );
	}

	apply( result: EngineResult ) {
		for ( const o of result.outputs ) {
			switch ( o.type ) {
				case 'message':
					this.say( 'bot', o.kind, o.text, o.meta );
					break;
				case 'note':
					this.say( 'bot', 'note', o.text );
					break;
				case 'variable':
					this.vars[ o.name ] = o.value;
					this.variables.push( { name: o.name, value: o.value } );
					break;
				case 'transfer': {
					const { stepId, backToBot } = o.transfer;
					this.say( 'system', 'event', RULE_TEXTS.transferred, {
						event: 'transferred',
						stepId,
						transfer: { backToBotLabel: backToBot.label },
					} );
					this.patch.state = 'waiting';
					this.patch.backToBot = {
						sequence: backToBot.sequence,
						label: backToBot.label || null,
					};
					this.followUps.push( { type: 'route', stepId } );
					break;
				}
				case 'end':
					break;
			}
		}
		this.patch.flowState = result.state;
	}

	interpolate( text: string ) {
		return interpolate( text, this.vars );
	}

	done(): Decision {
		return {
			ok: true,
			outcome: {
				patch: this.patch,
				messages: this.messages,
				variables: this.variables,
				followUps: this.followUps,
				awaits: awaitsOf( this.state, this.flowState ),
			},
		};
	}
}

const refuse = ( status: 400 | 409, message: string ): Decision => ( {
	ok: false,
	status,
	message,
} );

/** Advisor events: state and assignment changes, each a `system` event line carrying the actor. */
function decideAdvisor(
	c: RulesConversation,
	event: Extract<
		ConversationEvent,
		{ type: 'advisor_reply' | 'take' | 'assign' | 'close' | 'reopen' }
	>,
	b: Builder
): Decision {
	const current = c.assignedAdvisorId;
	const line = ( actor: Actor, meta: MessageMeta, text: string ) =>
		b.say( 'system', 'event', text, {
			...meta,
			actor: { id: actor.id, name: actor.name },
		} );
	switch ( event.type ) {
		case 'advisor_reply':
			if ( c.state === 'closed' ) {
				return refuse( 409, RULE_TEXTS.closedForAdvisor );
			}
			// The first advisor reply takes the conversation, from the queue or from the bot: the bot goes silent.
			if ( c.state === 'waiting' || c.state === 'bot' ) {
				b.patch.state = 'live';
			}
			if ( ! current ) {
				b.patch.assignedAdvisorId = event.advisor.id;
			}
			return b.done();
		case 'take':
			if ( c.state === 'closed' ) {
				return refuse( 409, RULE_TEXTS.closedReopenFirst );
			}
			if ( current === event.advisor.id && c.state === 'live' ) {
				return refuse( 409, RULE_TEXTS.alreadyYours );
			}
			// Taking it silences the bot, as a first reply does.
			b.patch.state = 'live';
			b.patch.assignedAdvisorId = event.advisor.id;
			if ( current !== event.advisor.id ) {
				line(
					event.advisor,
					{ event: 'assigned', assignee: { ...event.advisor } },
					RULE_TEXTS.assigned( event.advisor.name )
				);
			}
			return b.done();
		case 'assign':
			if ( ! event.assignee ) {
				if ( ! current ) {
					return refuse( 409, RULE_TEXTS.notAssigned );
				}
				// Nobody has it any more: back to the queue.
				b.patch.assignedAdvisorId = null;
				if ( c.state === 'live' ) {
					b.patch.state = 'waiting';
				}
				line(
					event.actor,
					{ event: 'unassigned' },
					RULE_TEXTS.unassigned( event.actor.name )
				);
				return b.done();
			}
			if ( current === event.assignee.id ) {
				return refuse(
					409,
					RULE_TEXTS.alreadyAssigned( event.assignee.name )
				);
			}
			b.patch.assignedAdvisorId = event.assignee.id;
			line(
				event.actor,
				{ event: 'assigned', assignee: { ...event.assignee } },
				RULE_TEXTS.assigned( event.assignee.name )
			);
			return b.done();
		case 'close':
			if ( c.state === 'closed' ) {
				return refuse( 409, RULE_TEXTS.alreadyClosed );
			}
			b.patch.state = 'closed';
			line(
				event.actor,
				{ event: 'closed' },
				RULE_TEXTS.closed( event.actor.name )
			);
			return b.done();
		case 'reopen':
			if ( c.state !== 'closed' ) {
				return refuse( 409, RULE_TEXTS.notClosed );
			}
			b.patch.state = current ? 'live' : 'waiting';
			line(
				event.actor,
				{ event: 'reopened' },
				RULE_TEXTS.reopened( event.actor.name )
			);
			return b.done();
	}
}

/** Decides what an event does to a conversation. */
export function decide(
	c: RulesConversation,
	event: ConversationEvent,
	ctx: RulesContext
): Decision {
	const b = new Builder( c, ctx );
	switch ( event.type ) {
		case 'advisor_reply':
		case 'take':
		case 'assign':
		case 'close':
		case 'reopen':
			return decideAdvisor( c, event, b );
		case 'start':
			b.patch.state = 'bot';
			b.turn( { type: 'start', sequence: event.sequence } );
			return b.done();
		case 'transfer_resolved': {
			if ( ! pendingTransfer( c, event.stepId ) ) {
				return b.done(); // The conversation moved on meanwhile: nothing to say.
			}
			const fs = c.flowState!;
			const t = fs.transfer!;
			if ( ! event.online ) {
				b.turn( { type: 'no_advisor' }, null );
				return b.done();
			}
			if ( t.waitingText ) {
				b.say( 'bot', 'text', t.waitingText, {
					stepId: t.stepId,
					transfer: { backToBotLabel: t.backToBot.label },
				} );
			}
			b.patch.flowState = { ...fs, transfer: { ...t, resolved: true } };
			return b.done();
		}
	}
	// Visitor events.
	if ( c.state === 'closed' ) {
		return refuse( 409, RULE_TEXTS.closedForVisitor );
	}
	switch ( event.type ) {
		case 'visitor_text':
			if ( botListens( c ) ) {
				b.turn( { type: 'text', text: event.text } );
			}
			return b.done();
		case 'visitor_image':
			// An image is never an answer the bot waits for.
			return b.done();
	}
	if ( ! c.flowId ) {
		return refuse( 409, RULE_TEXTS.noBot );
	}
	switch ( event.type ) {
		case 'button': {
			if ( c.state !== 'bot' ) {
				return refuse( 409, RULE_TEXTS.botNotAnswering );
			}
			const found = findButton(
				ctx.flow,
				c.flowState,
				event.stepId,
				event.buttonId
			);
			if ( ! found.ok ) {
				return found.reason === 'stale'
					? refuse( 409, RULE_TEXTS.staleButtons )
					: refuse(
							400,
							RULE_TEXTS.unknownButton(
								event.stepId,
								event.buttonId
							)
						);
			}
			// The press reads as the visitor's reply, with the label they saw.
			b.say( 'actor', 'text', b.interpolate( found.button.label ), {
				pressed: { stepId: event.stepId, buttonId: event.buttonId },
			} );
			b.turn( {
				type: 'button',
				stepId: event.stepId,
				buttonId: event.buttonId,
			} );
			return b.done();
		}
		case 'request_human':
			if ( c.state !== 'bot' ) {
				return refuse( 409, RULE_TEXTS.advisorsHaveIt );
			}
			b.say( 'actor', 'event', RULE_TEXTS.humanRequested, {
				event: 'human_requested',
			} );
			b.turn( { type: 'request_human' } );
			return b.done();
		case 'back_to_bot':
			if ( c.state === 'bot' ) {
				return refuse( 409, RULE_TEXTS.botAlreadyAnswering );
			}
			b.say(
				'actor',
				'event',
				c.backToBot.label || RULE_TEXTS.backToBot,
				{ event: 'back_to_bot' }
			);
			// The assignment stays for history; the bot takes over again.
			b.patch.state = 'bot';
			b.patch.backToBot = { sequence: null, label: null };
			b.turn( { type: 'back_to_bot', sequence: c.backToBot.sequence } );
			return b.done();
	}
}
