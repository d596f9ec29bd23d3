/**
 * Realtime channel and event names. They are part of the public contract
 * (DESIGN.md "Channels and events"): clients subscribe by these names and the
 * bridge allow-lists them by these patterns, so both sides import them from here.
 */

/** Site and conversation ids: letters, digits, `-` and `_` only, so they are safe inside channel names. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const conversationChannel = (
	siteId: string,
	conversationId: string
): string => `private-conversation-${ siteId }-${ conversationId }`;

export const inboxChannel = ( siteId: string ): string =>
	`private-inbox-${ siteId }`;

/**
 * One advisor's own inbox channel: what `private-inbox-<site>` carries, limited to the
 * conversations they may see (page restrictions, the Chatbot list option). Advisors with
 * such limits subscribe here instead of the site's inbox channel.
 */
export const advisorInboxChannel = (
	siteId: string,
	advisorId: string
): string => `private-advisor-${ siteId }-${ advisorId }`;

export const advisorsPresenceChannel = ( siteId: string ): string =>
	`presence-advisors-${ siteId }`;

/**
 * The visitor's own channel: the widget subscribes while open, and the bridge reads the
 * realtime server's occupied channels under visitorChannelPrefix() to know who is online.
 */
export const visitorChannel = ( siteId: string, visitorId: string ): string =>
	`private-visitor-${ siteId }-${ visitorId }`;

export const visitorChannelPrefix = ( siteId: string ): string =>
	`private-visitor-${ siteId }-`;

export type ParsedChannel =
	| { kind: 'conversation'; siteId: string; conversationId: string }
	| { kind: 'inbox'; siteId: string }
	| { kind: 'advisors'; siteId: string }
	| { kind: 'advisor'; siteId: string; advisorId: string }
	| { kind: 'visitor'; siteId: string; visitorId: string };

// Site ids never contain `-` (see SITE_ID_PATTERN) so the split below is unambiguous.
export const SITE_ID_PATTERN = /^[A-Za-z0-9_]{4,40}$/;
const CONVERSATION_RE =
	/^private-conversation-([A-Za-z0-9_]{4,40})-([A-Za-z0-9_-]{1,64})$/;
const INBOX_RE = /^private-inbox-([A-Za-z0-9_]{4,40})$/;
const ADVISORS_RE = /^presence-advisors-([A-Za-z0-9_]{4,40})$/;
const ADVISOR_RE = /^private-advisor-([A-Za-z0-9_]{4,40})-([1-9][0-9]{0,19})$/;
const VISITOR_RE =
	/^private-visitor-([A-Za-z0-9_]{4,40})-([A-Za-z0-9_-]{1,64})$/;

/** Returns null for any channel name outside the allow-list. */
export function parseChannel( name: string ): ParsedChannel | null {
	if ( typeof name !== 'string' || name.length > 164 ) {
		return null;
	}
	let m = CONVERSATION_RE.exec( name );
	if ( m ) {
		return { kind: 'conversation', siteId: m[ 1 ], conversationId: m[ 2 ] };
	}
	m = INBOX_RE.exec( name );
	if ( m ) {
		return { kind: 'inbox', siteId: m[ 1 ] };
	}
	m = ADVISORS_RE.exec( name );
	if ( m ) {
		return { kind: 'advisors', siteId: m[ 1 ] };
	}
	m = ADVISOR_RE.exec( name );
	if ( m ) {
		return { kind: 'advisor', siteId: m[ 1 ], advisorId: m[ 2 ] };
	}
	m = VISITOR_RE.exec( name );
	if ( m ) {
		return { kind: 'visitor', siteId: m[ 1 ], visitorId: m[ 2 ] };
	}
	return null;
}

/** Pusher `socket_id` format: two integers joined by a dot. */
export const SOCKET_ID_PATTERN = /^\d{1,20}\.\d{1,20}$/;

/** Event names (letters, digits, `-`, `_` only, as the Pusher protocol requires). */
export const EVENTS = {
	/**
	 * On a conversation channel and the inbox channel: `{ message }`. Notes (never on a
	 * conversation channel) travel on the inbox channel as a `NoteCreatedHint` without their
	 * text, because unlicensed advisors share that channel: fetch them over HTTP.
	 */
	messageCreated: 'message-created',
	/** A conversation's state, assignment or counters changed. */
	conversationUpdated: 'conversation-updated',
	/** On the inbox channel: a conversation was created. */
	conversationCreated: 'conversation-created',
	/**
	 * `TypingEvent`: advisor typing on the conversation channel (for the visitor), visitor
	 * typing on the inbox channel. At most one per 2 s per typist: show it for ~4 s.
	 */
	typing: 'typing',
	/**
	 * On the conversation channel (for the visitor): `AdvisorsReadEvent`
	 * (`{ conversationId, advisorsLastReadSeq }`). An advisor read further than any before
	 * (`PATCH … { type: "read" }`); a reply moves it too, carried by its `conversation-updated`.
	 */
	advisorsRead: 'advisors-read',
	/** On the inbox channel: `InboxSummary` (`{ toHandle, countedAt }`), the admin menu's count. */
	inboxSummary: 'inbox-summary',
	/**
	 * On the inbox channel: `SettingsUpdatedHint` (`{ updatedAt }`). The site's inbox settings
	 * changed (the pseudonym template renames visitors): read them and the list again.
	 */
	settingsUpdated: 'settings-updated',
	/**
	 * On the inbox channel and each advisor's own: `AdvisorsUpdatedHint` (`{ advisorId }`).
	 * An advisor's licence, restrictions or profile changed: re-read `GET /v1/advisors` (and,
	 * for yourself, your token and lists). Carries no data.
	 */
	advisorsUpdated: 'advisors-updated',
	/**
	 * On the inbox channel and the advisor's own: `AdvisorStatusEvent` (`{ advisorId, away }`).
	 * An advisor switched "away" on or off (`PUT /v1/advisors/me/status`), maybe in another tab.
	 */
	advisorStatus: 'advisor-status',
	/**
	 * On the inbox channels and the conversation's channel: `ConversationDeletedHint`
	 * (`{ conversationId }`). A manager deleted it, WordPress erased its visitor's data or the
	 * retention purge removed it: drop it from lists and close it if open.
	 */
	conversationDeleted: 'conversation-deleted',
} as const;

export interface ConversationDeletedHint {
	conversationId: string;
}

export type EventName = ( typeof EVENTS )[ keyof typeof EVENTS ];
