/**
 * Pure list bookkeeping for the inbox: which list a conversation belongs to, the
 * bridge's order (updatedAt desc, id desc), live upserts and first-page refreshes.
 */
import type {
	Conversation,
	ConversationState,
	InboxPage,
} from '@handoff-chat/contracts';

export type InboxListName = 'live' | 'closed' | 'bot';
export type InboxFilter = 'all' | 'unassigned' | 'unread' | 'mine';

export const LIST_STATES: Record<
	InboxListName,
	readonly ConversationState[]
> = {
	live: [ 'waiting', 'live' ],
	closed: [ 'closed' ],
	bot: [ 'bot' ],
};

export function listOf( state: ConversationState ): InboxListName {
	if ( state === 'closed' ) {
		return 'closed';
	}
	return state === 'bot' ? 'bot' : 'live';
}

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
export function upsertConversation(
	items: readonly Conversation[],
	c: Conversation,
	belongs: boolean
): Conversation[] {
	const held = items.find( ( x ) => x.id === c.id );
	if ( held && held.updatedAt > c.updatedAt ) {
		return items as Conversation[];
	}
	const rest = items.filter( ( x ) => x.id !== c.id );
	if ( ! belongs ) {
		return rest.length === items.length
			? ( items as Conversation[] )
			: rest;
	}
	return [ ...rest, c ].sort( compareConversations );
}

export interface InboxItems {
	conversations: Conversation[];
	nextCursor: string | null;
}

/**
 * Folds a freshly fetched first page into what is on screen: the page is the truth
 * for everything down to its last item; older items loaded by "Load more" stay, and
 * so does the cursor that follows them.
 */
export function mergeFirstPage(
	current: InboxItems,
	page: Pick< InboxPage, 'conversations' | 'nextCursor' >
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
	page: Pick< InboxPage, 'conversations' | 'nextCursor' >
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
