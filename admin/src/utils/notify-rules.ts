/**
 * When the inbox tells an advisor about a conversation (beep, browser notification): only
 * when it needs a human, and only the advisors it concerns. Pure: decided from one write as
 * the inbox channel delivers it — the write's messages (`message-created`), then the
 * conversation as it stands after the write (`conversation-updated`).
 *
 * - It joins the advisors' queue (`waiting`): the bot transferred it, a live chat's first
 *   message, a colleague unassigned or reopened it → "{name} is waiting for an advisor".
 * - A visitor message in `waiting`/`live` → "New message from {name}".
 * - Unassigned, it concerns every advisor who receives it (the bridge's inbox channels already
 *   leave out those whose pages or Chatbot option exclude it); assigned, only the assignee.
 * - Chatbot phase: silent, unless the advisor asked to follow it (`botToo`).
 */
import type { Conversation, Message } from '@handoff-chat/contracts';
import { listOf } from '@handoff-chat/contracts/conversation-state';

export interface NotifyContext {
	/** The advisor's WordPress user id. */
	me: string;
	/** "Also notify me about conversations with the chatbot". */
	botToo: boolean;
	/** The advisor is reading this conversation now (open, page visible and focused). */
	watching: boolean;
}

export type Notice =
	| {
			/** Someone waits for an advisor; `message`: what the visitor last wrote in this write. */
			kind: 'waiting';
			message: Message | null;
			/** Id of the message that caused it: the same write is never told twice. */
			key: string;
	  }
	| {
			/** A visitor wrote: to the advisors (`live`), or to the bot (`bot`, opt-in). */
			kind: 'message';
			phase: 'live' | 'bot';
			message: Message;
			key: string;
	  };

/** What a visitor writes to someone: text (button presses included) and images. */
const fromVisitor = ( m: Message ) =>
	m.author.type === 'visitor' && ( m.kind === 'text' || m.kind === 'image' );

/** The message of this write that put the conversation in the queue, if any. */
function queueEntry(
	after: Conversation,
	messages: readonly Message[],
	me: string
): Message | null {
	if ( after.state !== 'waiting' ) {
		return null;
	}
	for ( const m of messages ) {
		const event = m.kind === 'event' ? m.meta?.event : undefined;
		if ( event === 'transferred' ) {
			return m;
		}
		// An advisor's own unassign or reopen is no news to them.
		if (
			( event === 'unassigned' || event === 'reopened' ) &&
			m.meta?.actor?.id !== me
		) {
			return m;
		}
		// A live chat starts with the visitor's first message.
		if ( after.mode === 'live' && m.seq === 1 && fromVisitor( m ) ) {
			return m;
		}
	}
	return null;
}

export function noticeFor(
	after: Conversation,
	messages: readonly Message[],
	ctx: NotifyContext
): Notice | null {
	if ( ctx.watching ) {
		return null;
	}
	const written = messages.filter(
		( m ) => m.conversationId === after.id && fromVisitor( m )
	);
	const last = written[ written.length - 1 ] ?? null;
	const concerned =
		! after.assignedAdvisorId || after.assignedAdvisorId === ctx.me;
	const entry = queueEntry(
		after,
		messages.filter( ( m ) => m.conversationId === after.id ),
		ctx.me
	);
	if ( entry ) {
		return concerned
			? { kind: 'waiting', message: last, key: entry.id }
			: null;
	}
	if ( ! last ) {
		return null;
	}
	if ( listOf( after.state ) === 'live' ) {
		return concerned
			? { kind: 'message', phase: 'live', message: last, key: last.id }
			: null;
	}
	if ( after.state === 'bot' && ctx.botToo ) {
		return { kind: 'message', phase: 'bot', message: last, key: last.id };
	}
	return null;
}
