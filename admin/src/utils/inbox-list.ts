/**
 * Pure list bookkeeping for the inbox: which list a conversation belongs to, the
 * bridge's order (updatedAt desc, id desc), live upserts and first-page refreshes.
 */
import type { Conversation, InboxConversation } from '@handoff-chat/contracts';
// Which list a state belongs to is a conversation rule; this zod-free module keeps the validation library out of the inbox's bundle.
import {
	LIST_STATES,
	type InboxListName,
} from '@handoff-chat/contracts/conversation-state';

export {
	LIST_STATES,
	listOf,
} from '@handoff-chat/contracts/conversation-state';
export type { InboxListName };

/**
 * A list item: what HTTP answers (an `InboxConversation`, with this advisor's read state,
 * the visitor's name and presence), or a plain `Conversation` from a realtime event
 * until the next refresh.
 */
export type InboxItem = Conversation & Partial< InboxConversation >;

export type InboxFilter = 'all' | 'unassigned' | 'unread' | 'mine';

/** Same order as the bridge's keyset: most recently updated first, ties by id desc. */
export function compareConversations(
	a: Conversation,
	b: Conversation
): number {
	if ( a.updatedAt !== b.updatedAt ) {
		return a.updatedAt < b.updatedAt ? 1 : -1;
	}
	if ( a.id === b.id ) {
		return 0;
	}
	return a.id < b.id ? 1 : -1;
}

/**
 * Whether a conversation shown by a realtime event belongs to the list on screen.
 * `unread` is per advisor and only the bridge knows it: such conversations are kept
 * and the debounced refresh settles them.
 */
export function belongsTo(
	c: Conversation,
	list: InboxListName,
	filter: InboxFilter,
	advisorId: string
): boolean {
	if ( ! LIST_STATES[ list ].includes( c.state ) ) {
		return false;
	}
	if ( filter === 'unassigned' ) {
		return c.assignedAdvisorId === null;
	}
	if ( filter === 'mine' ) {
		return c.assignedAdvisorId === advisorId;
	}
	return true;
}

/**
 * Inserts or replaces `c` and keeps the order; removes it when it left the list.
 * An older copy (by updatedAt) never overwrites a newer one: events may arrive late.
 */
export function upsertConversation< T extends Conversation >(
	items: readonly T[],
	c: T,
	belongs: boolean
): T[] {
	const held = items.find( ( x ) => x.id === c.id );
	if ( held && held.updatedAt > c.updatedAt ) {
		return items as T[];
	}
	const rest = items.filter( ( x ) => x.id !== c.id );
	if ( ! belongs ) {
		return rest.length === items.length ? ( items as T[] ) : rest;
	}
	return [ ...rest, c ].sort( compareConversations );
}

export interface InboxItems {
	conversations: InboxItem[];
	nextCursor: string | null;
}

/**
 * Folds a freshly fetched first page into what is on screen: the page is the truth
 * for everything down to its last item; older items loaded by "Load more" stay, and
 * so does the cursor that follows them.
 */
export function mergeFirstPage(
	current: InboxItems,
	page: { conversations: InboxItem[]; nextCursor: string | null }
): InboxItems {
	if ( page.nextCursor === null ) {
		// The page holds the whole list.
		return { conversations: page.conversations, nextCursor: null };
	}
	const last = page.conversations[ page.conversations.length - 1 ];
	const ids = new Set( page.conversations.map( ( c ) => c.id ) );
	const older = last
		? current.conversations.filter(
				( c ) =>
					! ids.has( c.id ) && compareConversations( last, c ) < 0
			)
		: [];
	return {
		conversations: [ ...page.conversations, ...older ],
		nextCursor: older.length > 0 ? current.nextCursor : page.nextCursor,
	};
}

/** Appends a "Load more" page, skipping anything already shown (a conversation may have moved). */
export function appendPage(
	current: InboxItems,
	page: { conversations: InboxItem[]; nextCursor: string | null }
): InboxItems {
	const ids = new Set( current.conversations.map( ( c ) => c.id ) );
	return {
		conversations: [
			...current.conversations,
			...page.conversations.filter( ( c ) => ! ids.has( c.id ) ),
		],
		nextCursor: page.nextCursor,
	};
}

/**
 * A realtime `Conversation` over the item held: the event's fields win (the orange ring,
 * `unanswered`, included: the bridge decides it for every payload, so the list and the open
 * conversation's header read the same value), the advisor-only ones (name, read state,
 * presence) stay until HTTP says otherwise; a new visitor message is unread unless it is in
 * the conversation on screen (`openId`), which the advisor is reading.
 */
export function mergeRealtime(
	held: InboxItem | undefined,
	c: Conversation,
	openId: string | null
): InboxItem {
	if ( ! held ) {
		return c;
	}
	const merged: InboxItem = { ...held, ...c };
	const newMessage = c.lastSeq > held.lastSeq;
	if ( newMessage && c.lastMessageAuthorType === 'visitor' ) {
		merged.unread = c.id !== openId;
	}
	if ( c.assignedAdvisorId !== held.assignedAdvisorId ) {
		// Who it is comes with the next refresh; never show the previous advisor's face.
		merged.assignedAdvisor =
			c.assignedAdvisorId &&
			held.assignedAdvisor?.id === c.assignedAdvisorId
				? held.assignedAdvisor
				: null;
	}
	return merged;
}
