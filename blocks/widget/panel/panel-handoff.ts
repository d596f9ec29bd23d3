/**
 * The panel's lines around the log that follow the conversation's state: "talk to a
 * human", the waiting banner, "back to chatbot", refused actions, the header's subtitle
 * and the "… is typing" bubble.
 */
import { setText } from './dom';
import { __, sprintf } from './i18n';
import type { ActionType, ChatState } from '../chat/chat-controller';
import type { HandoffStatus } from '@handoff-chat/contracts';
import type { PanelRefs } from './panel-view';

/**
 * Why the bridge refused an action (409): the state changed meanwhile, and the panel
 * now shows the new one.
 * @param action The refused action.
 */
function staleText( action: ActionType ): string {
	switch ( action ) {
		case 'button':
			return __(
				'These options are no longer available. Here is where the conversation stands.',
				'handoff-chat'
			);
		case 'request_human':
			return __(
				'The advisors already have this conversation.',
				'handoff-chat'
			);
		default:
			return __( 'The chatbot is already answering.', 'handoff-chat' );
	}
}

/**
 * The status line while `waiting`, from what the bridge says of the wait (`handoff`):
 * never "waiting for an advisor" once a transfer found nobody online.
 * @param handoff `Conversation.handoff`.
 */
function waitingText( handoff: HandoffStatus | null | undefined ): string {
	switch ( handoff ) {
		case 'no_advisor':
			return __( 'No advisor is available right now.', 'handoff-chat' );
		case 'email_left':
			return __( 'We’ll answer you by email.', 'handoff-chat' );
		default:
			return __( 'Waiting for an advisor…', 'handoff-chat' );
	}
}

/**
 * "Talk to a human" while the bot answers, the waiting banner, "back to chatbot"
 * while the advisors have a bot conversation, and the advisor's name in the header.
 * @param refs  The panel's elements.
 * @param state What to draw.
 */
export function renderHandoff( refs: PanelRefs, state: ChatState ): void {
	const c = state.conversation;
	const withBot = !! c?.flowId;
	const s = c?.state;
	refs.talkToHuman.hidden = ! ( withBot && s === 'bot' );
	refs.talkToHuman.disabled = state.actionBusy;
	refs.backToBot.hidden = ! (
		withBot &&
		( s === 'waiting' || s === 'live' )
	);
	refs.backToBot.disabled = state.actionBusy;
	setText(
		refs.backToBot,
		c?.backToBotLabel || __( 'Back to chatbot', 'handoff-chat' )
	);
	refs.waiting.hidden = s !== 'waiting';
	const waiting = waitingText( c?.handoff );
	setText( refs.waiting, waiting ); // Live region: only a change is announced.

	refs.info.hidden = ! state.notice;
	setText( refs.info, state.notice ? staleText( state.notice.action ) : '' );
	refs.handoff.hidden =
		refs.talkToHuman.hidden &&
		refs.backToBot.hidden &&
		refs.waiting.hidden &&
		refs.info.hidden;
	setText(
		refs.subtitle,
		s === 'live' && state.advisorName
			? sprintf(
					/* translators: %s: name of the advisor answering the visitor. */
					__( 'You are chatting with %s', 'handoff-chat' ),
					state.advisorName
				)
			: subtitleText( c?.handoff )
	);
}

/**
 * The header's promise, true to what the visitor was told: once they left their email,
 * the answer may come there.
 * @param handoff `Conversation.handoff`.
 */
function subtitleText( handoff: HandoffStatus | null | undefined ): string {
	return handoff === 'email_left'
		? __( 'We’ll answer here or by email.', 'handoff-chat' )
		: __( 'We reply right here, as soon as we can.', 'handoff-chat' );
}

/**
 * The "…" bubble: the bot preparing its answer, or an advisor typing (with their name).
 * Screen readers hear "… is typing" once per spell, not at every event.
 * @param refs  The panel's elements.
 * @param state What to draw.
 */
export function renderTyping( refs: PanelRefs, state: ChatState ): void {
	const closed = state.conversation?.state === 'closed';
	const advisor = closed ? null : state.advisorTyping;
	let text = '';
	if ( advisor && ! advisor.name ) {
		text = __( 'An advisor is typing…', 'handoff-chat' );
	} else if ( advisor?.name ) {
		text = sprintf(
			/* translators: %s: name of the advisor who is typing a reply. */
			__( '%s is typing…', 'handoff-chat' ),
			advisor.name
		);
	}
	refs.typing.hidden = closed || ! ( state.botTyping || advisor );
	refs.typing.classList.toggle( 'is-advisor', !! advisor );
	refs.typingLabel.hidden = ! advisor;
	setText( refs.typingLabel, text );
	setText( refs.typingStatus, text ); // Live region: only a change is announced.
}
