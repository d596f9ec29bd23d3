/**
 * What the conversation rules read off a conversation without deciding anything: its inbox
 * list, the state it starts in, whether the bot listens, what the bot awaits, whether a
 * transfer still waits for its advisors. Pure, zod-free.
 */
import type { FlowState } from './flow-engine';
import type {
	ConversationEvent,
	RulesConversation,
} from './conversation-types';
import type {
	BotAwaits,
	ConversationMode,
	ConversationState,
	HandoffStatus,
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

/**
 * The orange ring: a live chat (`waiting`/`live`) whose last human message is the visitor's.
 * Notes, bot replies and event lines are not human messages (the bridge counts the seqs).
 */
export const isUnanswered = (
	state: ConversationState,
	lastVisitorSeq: number,
	lastAdvisorSeq: number
): boolean => listOf( state ) === 'live' && lastVisitorSeq > lastAdvisorSeq;

/** The state a new conversation starts in: live-chat-only goes straight to the advisors' queue. */
export const initialState = ( mode: ConversationMode ): ConversationState =>
	mode === 'live' ? 'waiting' : 'bot';

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

/**
 * Where the wait for an advisor stands (`Conversation.handoff`): null outside `waiting`; what a
 * transfer found once advisors were looked for; plain `waiting` otherwise (live chat only, a
 * transfer still routing or answered by someone online, an unassigned conversation).
 */
export function handoffOf(
	state: ConversationState,
	fs: FlowState | null,
	/** `Conversation.replyEmail`: the visitor left an address to be answered at (offline form, reply-by-email). */
	replyEmail: string | null = null
): HandoffStatus | null {
	if ( state !== 'waiting' ) {
		return null;
	}
	if ( replyEmail ) {
		return 'email_left';
	}
	const t =
		fs?.waiting === 'transfer' || fs?.waiting === 'fallback_email'
			? fs.transfer
			: undefined;
	if ( t?.emailLeft ) {
		return 'email_left';
	}
	// A position stored before `nobodyOnline` existed still reads right while it asks for the email.
	return t?.nobodyOnline || fs?.waiting === 'fallback_email'
		? 'no_advisor'
		: 'waiting';
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
