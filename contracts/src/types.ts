/** Data shapes exchanged between the bridge, the widget and the admin app. */

export type ConversationState = 'bot' | 'waiting' | 'live' | 'closed';
export type ConversationMode = 'bot' | 'live';

export type AuthorType = 'visitor' | 'advisor' | 'bot' | 'system';
export type MessageKind = 'text' | 'note' | 'image' | 'event';

export interface MessageAuthor {
	type: AuthorType;
	/** Visitor id or WordPress user id (as a string); absent for bot and system. */
	id: string | null;
	/** Display name at the time of writing; visitors get none. */
	name: string | null;
}

export interface Message {
	id: string;
	conversationId: string;
	/** Per-conversation sequence number, from 1, gap-free: the catch-up cursor. */
	seq: number;
	/** Client-generated idempotency key; null for server-authored messages. */
	clientId: string | null;
	kind: MessageKind;
	author: MessageAuthor;
	text: string;
	/** ISO 8601 UTC. */
	createdAt: string;
}

export interface Conversation {
	id: string;
	siteId: string;
	visitorId: string;
	state: ConversationState;
	mode: ConversationMode;
	/** WordPress user id of the assigned advisor, or null. */
	assignedAdvisorId: string | null;
	lastSeq: number;
	lastMessageAt: string | null;
	lastMessagePreview: string | null;
	lastMessageAuthorType: AuthorType | null;
	pageUrl: string | null;
	pageTitle: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface RealtimeClientConfig {
	key: string;
	/** Host and ports of the Pusher-protocol server as browsers reach it. */
	wsHost: string;
	wsPort: number;
	wssPort: number;
	forceTLS: boolean;
	/** Hosted Pusher Channels cluster (e.g. `eu`), used when wsHost is empty. */
	cluster: string;
}

export interface SiteConfigResponse {
	siteId: string;
	realtime: RealtimeClientConfig;
}

export interface VisitorSession {
	visitorId: string;
	token: string;
	/** ISO 8601 UTC. */
	expiresAt: string;
	realtime: RealtimeClientConfig;
}

export interface MessagesPage {
	messages: Message[];
	/** Highest seq the conversation has: clients compare it with what they hold. */
	lastSeq: number;
	/** True when more messages exist after the last one returned. */
	hasMore: boolean;
}

export interface InboxPage {
	conversations: Conversation[];
	/** Opaque keyset cursor for the next page, or null at the end. */
	nextCursor: string | null;
	counts: { live: number; closed: number; bot: number };
}

export interface ApiErrorBody {
	error: { code: string; message: string; details?: unknown };
}

/** Claims of the short-lived advisor token WordPress mints (HS256, site secret). */
export interface AdvisorTokenClaims {
	iss: 'wordpress';
	aud: typeof ADVISOR_AUDIENCE;
	/** WordPress user id as a string. */
	sub: string;
	site: string;
	name: string;
	avatar?: string;
	iat: number;
	exp: number;
}

export const ADVISOR_AUDIENCE = 'handoff-chat:advisor';
export const VISITOR_AUDIENCE = 'handoff-chat:visitor';
/** Lifetime of advisor tokens minted by WordPress, in seconds. */
export const ADVISOR_TOKEN_TTL = 900;
