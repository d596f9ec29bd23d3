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
import { awaitsOf, botListens, pendingTransfer } from './conversation-state';
import { RULE_TEXTS } from './conversation-texts';
import type {
	Actor,
	ConversationEvent,
	ConversationPatch,
	Decision,
	FollowUp,
	Outcome,
	RuleMessage,
	RulesContext,
	RulesConversation,
} from './conversation-types';
import type { ConversationState, MessageKind, MessageMeta } from './types';

export * from './conversation-state';
export * from './conversation-texts';
export * from './conversation-types';

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
			// Without a licence they answer, but the conversation waits for a licensed advisor:
			// from the bot it goes to the queue, and it is never assigned to them.
			if ( event.licensed === false ) {
				if ( c.state === 'bot' ) {
					b.patch.state = 'waiting';
				}
				return b.done();
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
			if ( event.licensed === false ) {
				return refuse( 409, RULE_TEXTS.noLicence );
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
