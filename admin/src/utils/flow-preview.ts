/**
 * Plays a flow in the editor without any network, through the conversation rules the
 * bridge persists (`decide` in contracts/src/conversation-rules.ts): the same bot turns,
 * button presses, transfers and fallbacks, as `Message`s, so the preview shows them
 * exactly as the inbox does. Only the advisors' presence is simulated.
 */
import {
	awaitsOf,
	botListens as rulesBotListens,
	decide,
	interpolate,
	type BotAwaits,
	type ConversationEvent,
	type ConversationState,
	type Flow,
	type FlowState,
	type Message,
	type MessageAuthor,
	type Outcome,
	type RuleMessage,
	type RulesConversation,
} from '@handoff-chat/contracts';

export interface PreviewState {
	/** The simulated conversation's state; null before the first start. */
	state: ConversationState | null;
	flowState: FlowState | null;
	variables: Record< string, string >;
	messages: Message[];
	/** Where "back to chatbot" goes while the advisors have the conversation. */
	backToBot: RulesConversation[ 'backToBot' ];
}

export type PreviewAction =
	| { type: 'start'; sequence?: string | null }
	| { type: 'text'; text: string }
	| { type: 'button'; stepId: string; buttonId: string }
	| { type: 'request_human' }
	| { type: 'back_to_bot' };

export interface PreviewOptions {
	/** Whether the simulated transfer finds an advisor online. */
	advisorsOnline: boolean;
	/** ISO time stamped on new messages. */
	now: string;
}

export const EMPTY_PREVIEW: PreviewState = {
	state: null,
	flowState: null,
	variables: {},
	messages: [],
	backToBot: { sequence: null, label: null },
};

const BOT: MessageAuthor = { type: 'bot', id: null, name: null };
const SYSTEM: MessageAuthor = { type: 'system', id: null, name: null };
const VISITOR: MessageAuthor = {
	type: 'visitor',
	id: 'v_preview',
	name: null,
};

const AUTHORS: Record< RuleMessage[ 'author' ], MessageAuthor > = {
	actor: VISITOR,
	bot: BOT,
	system: SYSTEM,
};

const rulesOf = ( p: PreviewState ): RulesConversation => ( {
	state: p.state ?? 'bot',
	flowId: 'preview',
	assignedAdvisorId: null,
	flowState: p.flowState,
	backToBot: p.backToBot,
} );

/** Stores an outcome as the bridge does: messages in order, variables, the state change. */
function store(
	p: PreviewState,
	outcome: Outcome,
	options: PreviewOptions
): PreviewState {
	const messages = p.messages.slice();
	for ( const m of outcome.messages ) {
		const seq = messages.length + 1;
		const author = AUTHORS[ m.author ];
		messages.push( {
			id: `preview_${ seq }`,
			conversationId: 'preview',
			seq,
			clientId: null,
			kind: m.kind,
			author,
			text: m.text,
			...( m.meta ? { meta: m.meta } : {} ),
			createdAt: options.now,
		} );
	}
	const variables = { ...p.variables };
	for ( const v of outcome.variables ) {
		variables[ v.name ] = v.value;
	}
	return {
		state: outcome.patch.state ?? p.state,
		flowState:
			outcome.patch.flowState !== undefined
				? outcome.patch.flowState
				: p.flowState,
		variables,
		messages,
		backToBot: outcome.patch.backToBot ?? p.backToBot,
	};
}

/** One event through the rules; a transfer's routing is simulated with `advisorsOnline`. */
function play(
	flow: Flow | null,
	p: PreviewState,
	event: ConversationEvent,
	options: PreviewOptions
): PreviewState {
	const d = decide( rulesOf( p ), event, { flow, variables: p.variables } );
	if ( ! d.ok ) {
		return p;
	}
	let next = store( p, d.outcome, options );
	for ( const f of d.outcome.followUps ) {
		next = play(
			flow,
			next,
			{
				type: 'transfer_resolved',
				stepId: f.stepId,
				online: options.advisorsOnline,
			},
			options
		);
	}
	return next;
}

/** Whether the simulated bot reads what the visitor types (the rules decide). */
export function botListens( p: PreviewState ): boolean {
	return !! p.state && rulesBotListens( rulesOf( p ) );
}

/** What the simulated bot awaits. */
export function previewAwaits( p: PreviewState ): BotAwaits {
	return p.state ? awaitsOf( p.state, p.flowState ) : { type: 'nothing' };
}

export function previewReducer(
	flow: Flow | null,
	prev: PreviewState,
	action: PreviewAction,
	options: PreviewOptions
): PreviewState {
	switch ( action.type ) {
		case 'start':
			return play(
				flow,
				EMPTY_PREVIEW,
				{ type: 'start', sequence: action.sequence },
				options
			);
		case 'text': {
			const text = action.text.trim();
			if ( ! text || ! prev.state || prev.state === 'closed' ) {
				return prev;
			}
			// The visitor's own text first, then what the rules make of it.
			const sent = store(
				prev,
				{
					patch: {},
					messages: [ { author: 'actor', kind: 'text', text } ],
					variables: [],
					followUps: [],
					awaits: previewAwaits( prev ),
				},
				options
			);
			const d = decide(
				rulesOf( prev ),
				{ type: 'visitor_text', text },
				{ flow, variables: prev.variables }
			);
			return d.ok ? store( sent, d.outcome, options ) : sent;
		}
		case 'button':
			return play(
				flow,
				prev,
				{
					type: 'button',
					stepId: action.stepId,
					buttonId: action.buttonId,
				},
				options
			);
		case 'request_human':
		case 'back_to_bot':
			return play( flow, prev, { type: action.type }, options );
	}
}

/** The quick replies the visitor can press now (the step the bot waits on), or []. */
export function activeButtons( flow: Flow | null, p: PreviewState ) {
	const awaits = previewAwaits( p );
	if ( ! flow || awaits.type !== 'button' ) {
		return [];
	}
	const step = flow.sequences
		.find( ( s ) => s.id === p.flowState?.sequence )
		?.steps.find( ( s ) => s.id === awaits.stepId );
	return step?.type === 'buttons'
		? step.buttons.map( ( b ) => ( {
				stepId: step.id,
				id: b.id,
				label: interpolate( b.label, p.variables ),
				url: b.action.type === 'url' ? b.action.url : null,
			} ) )
		: [];
}

/**
 * The bot message that offered the buttons `activeButtons` returns: the preview shows that
 * set once, as buttons to press, instead of also as the transcript's chips. Null when the
 * bot waits for no press.
 */
export function activeButtonsMessageId( p: PreviewState ): string | null {
	const awaits = previewAwaits( p );
	if ( awaits.type !== 'button' ) {
		return null;
	}
	for ( let i = p.messages.length - 1; i >= 0; i-- ) {
		const m = p.messages[ i ];
		if ( m.meta?.buttons && m.meta.stepId === awaits.stepId ) {
			return m.id;
		}
	}
	return null;
}

/** The question the bot waits on, for the input's hint; null when it waits for none. */
export function pendingQuestion( p: PreviewState ) {
	const awaits = previewAwaits( p );
	return awaits.type === 'answer'
		? { variable: awaits.variable, answerType: awaits.answerType }
		: null;
}
