/** Data shapes exchanged between the bridge, the widget and the admin app. */

export type ConversationState = 'bot' | 'waiting' | 'live' | 'closed';
export type ConversationMode = 'bot' | 'live';

export type AuthorType = 'visitor' | 'advisor' | 'bot' | 'system';
export type MessageKind = 'text' | 'note' | 'image' | 'event';

/** Typed answers a bot question accepts (the widget validates inline, the bridge again). */
export type AnswerType = 'text' | 'email' | 'phone' | 'number';

/** A quick-reply button as clients render it; `url` buttons open a link instead of answering. */
export interface MessageButton {
	id: string;
	label: string;
	url?: string;
}

/**
 * What an `event` message records. `human_requested` and `back_to_bot` are authored
 * by the visitor (their action); the others by the system.
 */
export type MessageEventType =
	| 'transferred'
	| 'human_requested'
	| 'back_to_bot'
	| 'closed'
	| 'reopened';

/** Structured extras that let clients render bot steps; absent on plain messages. */
export interface MessageMeta {
	/** The flow step that produced the message (bot) or that the visitor answered. */
	stepId?: string;
	/** Quick replies: send `{ type: 'button', stepId, buttonId }` to the actions endpoint. */
	buttons?: MessageButton[];
	/** The bot waits for a typed answer of this type. */
	question?: { variable: string; answerType: AnswerType };
	/** Set on a re-ask after an invalid answer. */
	invalid?: boolean;
	image?: { url: string; alt: string };
	/** The conversation went to the advisors; label of the "back to chatbot" button ('' = client default). */
	transfer?: { backToBotLabel: string };
	event?: MessageEventType;
	/** On the visitor's message that records a button press. */
	pressed?: { stepId: string; buttonId: string };
}

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
	/** Present on bot steps, events and button presses. */
	meta?: MessageMeta;
	/** ISO 8601 UTC. */
	createdAt: string;
}

export interface Conversation {
	id: string;
	siteId: string;
	visitorId: string;
	state: ConversationState;
	mode: ConversationMode;
	/** The bot flow running this conversation; null in live-chat-only mode (no "back to chatbot"). */
	flowId: string | null;
	/**
	 * Label of the "back to chatbot" button offered while `waiting`/`live`, from the flow's
	 * transfer step; null: use the client's own (translated) default.
	 */
	backToBotLabel: string | null;
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

/** A variable captured by the bot (or set by an advisor); variables belong to the visitor. */
export interface VisitorVariable {
	name: string;
	value: string;
	/** ISO 8601 UTC. */
	updatedAt: string;
}

export interface VariablesResponse {
	variables: VisitorVariable[];
}

export interface FlowSummary {
	id: string;
	name: string;
	mode: ConversationMode;
	createdAt: string;
	updatedAt: string;
}

export interface FlowsListResponse {
	flows: FlowSummary[];
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
	/** WordPress sets it for users who can manage_options: they may edit bot flows. */
	manage?: boolean;
	iat: number;
	exp: number;
}

export const ADVISOR_AUDIENCE = 'handoff-chat:advisor';
export const VISITOR_AUDIENCE = 'handoff-chat:visitor';
/** Lifetime of advisor tokens minted by WordPress, in seconds. */
export const ADVISOR_TOKEN_TTL = 900;
