/**
 * The panel's message state, as pure functions. HTTP is the truth and realtime only
 * notifies (DESIGN.md), so every source — a catch-up page, a realtime event, the
 * answer to a send — goes through the client core's merge by id, ordered by seq.
 *
 * `syncedSeq` is the cursor for `messages?after=`: every seq up to it has been seen.
 * Visitors never receive notes, so their seqs leave holes that no fetch fills; that is
 * why the cursor only jumps over holes when a fetch says how far the conversation goes.
 */
import type {
	AuthorType,
	ConversationActionBody,
	Message,
	MessageKind,
	MessageMeta,
	MessagesPage,
} from '@handoff-chat/contracts';
import { mergeMessages } from '@handoff-chat/client-core/merge';
import type {
	OutboxItem,
	OutboxStatus,
} from '@handoff-chat/client-core/outbox';

export interface StoreState {
	messages: Message[];
	syncedSeq: number;
}

/** Why an image was not sent, for the view to explain in the visitor's language. */
export type SendProblem = 'too-large' | 'rate-limited' | 'not-image';

/** An image on its way: uploaded once (the id is kept for retries), then sent. */
export interface PendingImage {
	file: Blob;
	/** The file's name as the browser gave it: shown as text only. */
	name: string;
	/** A `blob:` URL made by the panel for the preview, or null. */
	preview: string | null;
	uploadId?: string;
}

/**
 * A message typed (or an action taken) by the visitor and not yet confirmed by the bridge:
 * an item of the client core's outbox (client id, status, the failure's message).
 */
export interface PendingMessage extends OutboxItem {
	text: string;
	/** Set for a button press, "talk to a human" or "back to chatbot" (sent to `/actions`). */
	action?: ConversationActionBody;
	image?: PendingImage;
	problem?: SendProblem;
}

export type ItemStatus = 'sent' | OutboxStatus;

/** What the view draws: one row per message, confirmed or pending. */
export interface ChatItem {
	/** Stable across the pending → confirmed transition (client id when there is one). */
	key: string;
	id: string | null;
	seq: number | null;
	clientId: string | null;
	kind: MessageKind;
	authorType: AuthorType;
	authorName: string | null;
	text: string;
	createdAt: string;
	status: ItemStatus;
	error?: string;
	/** A known reason for a failed or refused image, translated by the view. */
	problem?: SendProblem;
	/** A pending image's local preview (`blob:` URL made by the widget itself). */
	preview?: string;
	meta?: MessageMeta;
	/** On the one message whose quick replies the visitor may press now (`busy`: one is being sent). */
	quickReplies?: 'active' | 'busy';
	/** The visitor's last message, read by the advisors ("Seen"). */
	seen?: boolean;
	/** A line the panel adds, not a message: this advisor joined the conversation. */
	joinedName?: string;
	/** That advisor's avatar (from their message), for the line the panel adds. */
	joinedAvatar?: string;
}

export const emptyStore = (): StoreState => ( { messages: [], syncedSeq: 0 } );

/**
 * Applies a catch-up page fetched with `after=state.syncedSeq`.
 * @param state Current state.
 * @param page  The bridge's answer.
 */
export function applyPage( state: StoreState, page: MessagesPage ): StoreState {
	const messages = mergeMessages( state.messages, page.messages );
	const pageMax = page.messages.reduce(
		( max, m ) => Math.max( max, m.seq ),
		state.syncedSeq
	);
	// A complete answer covers everything up to the conversation's lastSeq, notes included.
	const syncedSeq = page.hasMore
		? pageMax
		: Math.max( pageMax, page.lastSeq );
	return { messages, syncedSeq };
}

/**
 * Applies messages that arrived outside a catch-up (realtime event, answer to a send).
 * `gap` says a catch-up is needed: something between the cursor and them is missing.
 * @param state    Current state.
 * @param incoming Messages just received.
 */
export function applyIncoming(
	state: StoreState,
	incoming: readonly Message[]
): { state: StoreState; gap: boolean } {
	const messages = mergeMessages( state.messages, incoming );
	let syncedSeq = state.syncedSeq;
	let gap = false;
	for ( const seq of incoming
		.map( ( m ) => m.seq )
		.sort( ( a, b ) => a - b ) ) {
		if ( seq === syncedSeq + 1 ) {
			syncedSeq = seq;
		} else if ( seq > syncedSeq ) {
			gap = true;
		}
	}
	return { state: { messages, syncedSeq }, gap };
}

/**
 * True when a `conversation-updated` event says there is more than the cursor holds.
 * @param state               Current state.
 * @param conversationLastSeq The conversation's lastSeq from the event.
 */
export function isBehind(
	state: StoreState,
	conversationLastSeq: number
): boolean {
	return conversationLastSeq > state.syncedSeq;
}

/**
 * Confirmed messages in seq order, then pending ones that no confirmed message has replaced.
 * @param messages Confirmed messages, in seq order.
 * @param pending  Messages not confirmed yet.
 */
export function toItems(
	messages: readonly Message[],
	pending: readonly PendingMessage[]
): ChatItem[] {
	const confirmedClientIds = new Set< string >();
	const items: ChatItem[] = [];
	for ( const m of messages ) {
		if ( m.kind === 'note' ) {
			continue; // Never shown to visitors, even if one slipped through.
		}
		if ( m.clientId ) {
			confirmedClientIds.add( m.clientId );
		}
		items.push( {
			key: m.clientId ? 'c:' + m.clientId : 'm:' + m.id,
			id: m.id,
			seq: m.seq,
			clientId: m.clientId,
			kind: m.kind,
			authorType: m.author.type,
			authorName: m.author.name,
			text: m.text,
			createdAt: m.createdAt,
			status: 'sent',
			meta: m.meta,
		} );
	}
	for ( const p of pending ) {
		if ( confirmedClientIds.has( p.clientId ) ) {
			continue;
		}
		// Drawn like the message the bridge will store for it.
		const { action, image } = p;
		let kind: ChatItem[ 'kind' ] = 'text';
		let meta: MessageMeta | undefined;
		if ( image ) {
			kind = 'image';
			meta = { image: { url: '', alt: p.text || image.name } };
		} else if ( action?.type === 'button' ) {
			const { stepId, buttonId } = action;
			meta = { pressed: { stepId, buttonId } };
		} else if ( action ) {
			kind = 'event';
			meta = {
				event:
					action.type === 'request_human'
						? 'human_requested'
						: 'back_to_bot',
			};
		}
		items.push( {
			key: 'c:' + p.clientId,
			id: null,
			seq: null,
			clientId: p.clientId,
			kind,
			authorType: 'visitor',
			authorName: null,
			text: p.text,
			createdAt: p.createdAt,
			status: p.status,
			error: p.error,
			problem: p.problem,
			meta,
			preview: image?.preview || undefined,
		} );
	}
	return items;
}

/**
 * The visitor's last message if the advisors have read it (the one that shows "Seen",
 * as the inbox shows it under the advisor's last reply), else null.
 * @param messages            Confirmed messages, in seq order.
 * @param advisorsLastReadSeq How far any advisor has read.
 */
export function seenBySeq(
	messages: readonly Message[],
	advisorsLastReadSeq: number | undefined
): number | null {
	for ( let i = messages.length - 1; i >= 0; i-- ) {
		const m = messages[ i ];
		if (
			m.author.type === 'visitor' &&
			( m.kind === 'text' || m.kind === 'image' )
		) {
			return ( advisorsLastReadSeq ?? 0 ) >= m.seq ? m.seq : null;
		}
	}
	return null;
}

/**
 * Advisor and bot messages after `seenSeq` (events and notes aside): the launcher's badge.
 * @param messages Confirmed messages.
 * @param seenSeq  Highest seq the visitor has seen.
 */
export function countUnread(
	messages: readonly Message[],
	seenSeq: number
): number {
	return messages.filter(
		( m ) =>
			m.seq > seenSeq &&
			( m.author.type === 'advisor' || m.author.type === 'bot' ) &&
			m.kind !== 'note' &&
			m.kind !== 'event'
	).length;
}
