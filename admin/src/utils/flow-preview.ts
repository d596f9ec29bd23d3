/**
 * Plays a flow in the editor without any network: the contract's engine (`run`, the
 * one the bridge runs) plus what the bridge's bot service does around it — the
 * visitor's button press recorded as their reply, the "transferred" event, the waiting
 * text when an advisor is online or the fallback when nobody is — as `Message`s, so
 * the preview shows them exactly as the inbox does.
 */
import {
	findButton,
	interpolate,
	run,
	type ConversationState,
	type EngineInput,
	type EngineResult,
	type Flow,
	type FlowState,
	type Message,
	type MessageAuthor,
	type MessageMeta,
} from '@handoff-chat/contracts';

export interface PreviewState {
	/** The simulated conversation's state; null before the first start. */
	state: ConversationState | null;
	flowState: FlowState | null;
	variables: Record< string, string >;
	messages: Message[];
	/** Where "back to chatbot" goes while the advisors have the conversation. */
	backToBot: { sequence: string | null; label: string } | null;
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
	backToBot: null,
};

const BOT: MessageAuthor = { type: 'bot', id: null, name: null };
const SYSTEM: MessageAuthor = { type: 'system', id: null, name: null };
const VISITOR: MessageAuthor = {
	type: 'visitor',
	id: 'v_preview',
	name: null,
};

/** Mutable only while one action is applied. */
class Turn {
	messages: Message[];
	variables: Record< string, string >;
	state: ConversationState | null;
	flowState: FlowState | null;
	backToBot: PreviewState[ 'backToBot' ];

	constructor(
		prev: PreviewState,
		readonly options: PreviewOptions
	) {
		this.messages = prev.messages.slice();
		this.variables = { ...prev.variables };
		this.state = prev.state;
		this.flowState = prev.flowState;
		this.backToBot = prev.backToBot;
	}

	append(
		author: MessageAuthor,
		kind: Message[ 'kind' ],
		text: string,
		meta?: MessageMeta
	) {
		const seq = this.messages.length + 1;
		this.messages.push( {
			id: `preview_${ seq }`,
			conversationId: 'preview',
			seq,
			clientId: null,
			kind,
			author,
			text,
			...( meta ? { meta } : {} ),
			createdAt: this.options.now,
		} );
	}

	/** What `BotService.apply` stores for each engine output. */
	apply( result: EngineResult ) {
		let transferred = false;
		for ( const o of result.outputs ) {
			switch ( o.type ) {
				case 'message':
					this.append( BOT, o.kind, o.text, o.meta );
					break;
				case 'note':
					this.append( BOT, 'note', o.text );
					break;
				case 'variable':
					this.variables[ o.name ] = o.value;
					break;
				case 'transfer':
					this.append(
						SYSTEM,
						'event',
						'Transferred to an advisor.',
						{
							event: 'transferred',
							stepId: o.transfer.stepId,
							transfer: {
								backToBotLabel: o.transfer.backToBot.label,
							},
						}
					);
					this.state = 'waiting';
					this.backToBot = { ...o.transfer.backToBot };
					transferred = true;
					break;
			}
		}
		this.flowState = result.state;
		if ( transferred ) {
			this.completeTransfer();
		}
	}

	/** `BotService.completeTransfer`, with the advisors' presence simulated. */
	completeTransfer() {
		const fs = this.flowState;
		const t = fs?.transfer;
		if ( ! fs || ! t || fs.waiting !== 'transfer' || t.resolved ) {
			return;
		}
		if ( this.options.advisorsOnline ) {
			if ( t.waitingText ) {
				this.append( BOT, 'text', t.waitingText, {
					stepId: t.stepId,
					transfer: { backToBotLabel: t.backToBot.label },
				} );
			}
			this.flowState = { ...fs, transfer: { ...t, resolved: true } };
			return;
		}
		this.apply( run( null, fs, { type: 'no_advisor' }, this.variables ) );
	}

	step( flow: Flow | null, input: EngineInput ) {
		this.apply( run( flow, this.flowState, input, this.variables ) );
	}
}

/** Whether the simulated bot reads what the visitor types (as the bridge decides). */
export function botListens( p: PreviewState ): boolean {
	return (
		p.state === 'bot' ||
		( p.state === 'waiting' && p.flowState?.waiting === 'fallback_email' )
	);
}

export function previewReducer(
	flow: Flow | null,
	prev: PreviewState,
	action: PreviewAction,
	options: PreviewOptions
): PreviewState {
	const t = new Turn(
		action.type === 'start' ? EMPTY_PREVIEW : prev,
		options
	);
	switch ( action.type ) {
		case 'start':
			t.state = 'bot';
			t.step( flow, { type: 'start', sequence: action.sequence } );
			break;
		case 'text': {
			const text = action.text.trim();
			if ( ! text || ! prev.state || prev.state === 'closed' ) {
				return prev;
			}
			t.append( VISITOR, 'text', text );
			if ( botListens( prev ) ) {
				t.step( flow, { type: 'text', text } );
			}
			break;
		}
		case 'button': {
			if ( prev.state !== 'bot' ) {
				return prev;
			}
			const found = findButton(
				flow,
				prev.flowState,
				action.stepId,
				action.buttonId
			);
			if ( ! found.ok ) {
				return prev;
			}
			t.append(
				VISITOR,
				'text',
				interpolate( found.button.label, prev.variables ),
				{
					pressed: {
						stepId: action.stepId,
						buttonId: action.buttonId,
					},
				}
			);
			t.step( flow, {
				type: 'button',
				stepId: action.stepId,
				buttonId: action.buttonId,
			} );
			break;
		}
		case 'request_human':
			if ( prev.state !== 'bot' ) {
				return prev;
			}
			t.append( VISITOR, 'event', 'Talk to a human', {
				event: 'human_requested',
			} );
			t.step( flow, { type: 'request_human' } );
			break;
		case 'back_to_bot': {
			if ( prev.state !== 'waiting' && prev.state !== 'live' ) {
				return prev;
			}
			t.append(
				VISITOR,
				'event',
				prev.backToBot?.label || 'Back to chatbot',
				{ event: 'back_to_bot' }
			);
			const sequence = prev.backToBot?.sequence ?? null;
			t.state = 'bot';
			t.backToBot = null;
			t.step( flow, { type: 'back_to_bot', sequence } );
			break;
		}
	}
	return {
		state: t.state,
		flowState: t.flowState,
		variables: t.variables,
		messages: t.messages,
		backToBot: t.backToBot,
	};
}

/** The quick replies the visitor can press now (the step the bot waits on), or []. */
export function activeButtons( flow: Flow | null, p: PreviewState ) {
	const fs = p.flowState;
	if ( ! flow || p.state !== 'bot' || fs?.waiting !== 'buttons' ) {
		return [];
	}
	const step = flow.sequences
		.find( ( s ) => s.id === fs.sequence )
		?.steps.find( ( s ) => s.id === fs.stepId );
	return step?.type === 'buttons'
		? step.buttons.map( ( b ) => ( {
				stepId: step.id,
				id: b.id,
				label: interpolate( b.label, p.variables ),
				url: b.action.type === 'url' ? b.action.url : null,
			} ) )
		: [];
}

/** The question the bot waits on, for the input's hint; null when it waits for none. */
export function pendingQuestion( p: PreviewState ) {
	for ( let i = p.messages.length - 1; i >= 0; i-- ) {
		const m = p.messages[ i ];
		if ( m.author.type === 'visitor' ) {
			return null;
		}
		if ( m.meta?.question && botListens( p ) ) {
			return m.meta.question;
		}
	}
	return null;
}
