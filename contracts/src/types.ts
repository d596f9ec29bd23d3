/** Data shapes exchanged between the bridge, the widget and the admin app. */

import type { AdvisorsListResponse } from './advisors';
import type { OpeningHours } from './opening-hours';

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
	| 'reopened'
	/** An advisor took the conversation or assigned it (`meta.assignee`, `meta.actor`). */
	| 'assigned'
	/** An advisor removed the assignment (`meta.actor`). */
	| 'unassigned';

/** Who did something, as recorded on an event message. */
export interface MessageActor {
	/** WordPress user id. */
	id: string;
	name: string;
}

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
	/**
	 * Kind `image`. Uploads have a root-relative url (`/v1/uploads/<id>`): resolve it against
	 * the bridge URL (`new URL( url, bridgeUrl )`); bot images are absolute.
	 */
	image?: { url: string; alt: string; width?: number; height?: number };
	/** The conversation went to the advisors; label of the "back to chatbot" button ('' = client default). */
	transfer?: { backToBotLabel: string };
	event?: MessageEventType;
	/** On the visitor's message that records a button press. */
	pressed?: { stepId: string; buttonId: string };
	/** On advisor-made events (`closed`, `reopened`, `assigned`, `unassigned`): who did it. */
	actor?: MessageActor;
	/** On `assigned`: the advisor who now has the conversation, as visitors see them (visible name, avatar). */
	assignee?: { id: string; name: string | null; avatar?: string | null };
	/** On an advisor's message: their avatar as visitors see it (null or absent: initials). */
	avatar?: string | null;
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
	/** The last visible message's text, up to 140 characters (an image's caption, maybe ''). */
	lastMessagePreview: string | null;
	/**
	 * Its kind: for `image`, clients show a translated "Image" or "Image: <caption>". Always
	 * sent by the bridge; optional only for payloads of older bridges (then: text).
	 */
	lastMessageKind?: 'text' | 'image' | null;
	lastMessageAuthorType: AuthorType | null;
	/**
	 * Live chat (`waiting`/`live`) whose last human message is the visitor's: the orange ring
	 * (`isUnanswered` in conversation-state.ts). In every payload, so realtime events keep it
	 * true; optional only for payloads of older bridges.
	 */
	unanswered?: boolean;
	pageUrl: string | null;
	pageTitle: string | null;
	createdAt: string;
	updatedAt: string;
	/**
	 * Highest seq the visitor has seen (`POST …/read`): advisors show "Seen" under replies up
	 * to it. Always sent by the bridge; optional only for payloads of older bridges.
	 */
	visitorLastReadSeq?: number;
	/**
	 * Highest seq any advisor has read (opened the conversation, or replied): the visitor
	 * sees "Seen" under their last message up to it. Per conversation, never per advisor.
	 * Always sent by the bridge; optional only for payloads of older bridges.
	 */
	advisorsLastReadSeq?: number;
	/**
	 * What the bot waits for from the visitor now, decided by the bridge from the flow's
	 * position (`awaitsOf` in conversation-rules.ts): clients read it instead of guessing
	 * from the last message.
	 */
	awaits: BotAwaits;
	/**
	 * Where the wait for an advisor stands while `waiting` (`handoffOf` in
	 * conversation-state.ts), null in any other state: clients say what is true instead of
	 * guessing from the bot's words.
	 */
	handoff: HandoffStatus | null;
	/**
	 * The visitor's rating once the conversation is closed (`POST …/rating`), null before.
	 * Always sent by the bridge; optional only for payloads of older bridges.
	 */
	rating?: ConversationRating | null;
	/**
	 * Where the advisors' replies are emailed while the visitor is not online: set by the
	 * offline form, the transfer fallback's email answer or `POST …/reply-by-email`; null: none.
	 * The inbox flags such a conversation "reply by email".
	 */
	replyEmail: string | null;
	/** The visitor's language as a WordPress locale (`fr_FR`, `en`), from the start; null: the site's. */
	locale: string | null;
}

/** A visitor's rating of a closed conversation: once per conversation. */
export interface ConversationRating {
	/** 1 (bad) to 5 (excellent). */
	score: number;
	comment: string | null;
	/** ISO 8601 UTC. */
	ratedAt: string;
}

/** `GET /v1/conversations/:id/rating`: whether the site asks for ratings, and the rating given. */
export interface RatingResponse {
	enabled: boolean;
	rating: ConversationRating | null;
}

/**
 * `waiting`: the advisors have it (or may still come); `no_advisor`: a transfer found nobody
 * online; `email_left`: nobody was online and the visitor left their email to be answered there.
 */
export type HandoffStatus = 'waiting' | 'no_advisor' | 'email_left';

/** What the bot waits for: nothing, a press on the buttons of step `stepId`, or a typed answer. */
export type BotAwaits =
	| { type: 'nothing' }
	| { type: 'button'; stepId: string }
	| {
			type: 'answer';
			stepId: string;
			variable: string;
			answerType: AnswerType;
	  };

/** An advisor as the bridge last saw them in a verified advisor token. */
export interface AdvisorSummary {
	/** WordPress user id. */
	id: string;
	/** Null when the bridge has never seen this advisor (e.g. named in a flow's transfer step). */
	name: string | null;
	avatar: string | null;
}

/**
 * A conversation as one advisor sees it: `GET /v1/inbox`, `GET /v1/conversations/:id`,
 * `PATCH`, search. Realtime payloads carry the plain `Conversation`: refetch for these fields.
 */
export interface InboxConversation extends Conversation {
	visitorLastReadSeq: number;
	/** The visitor wrote after this advisor last read (per advisor; bot replies do not count). */
	unread: boolean;
	/** Always present here (see `Conversation.unanswered`). */
	unanswered: boolean;
	/** Highest seq this advisor has read. */
	lastReadSeq: number;
	assignedAdvisor: AdvisorSummary | null;
	/**
	 * The site's pseudonym template rendered with the visitor's variables; null when nothing
	 * is known or the advisor has no licence (show the client's own stable pseudonym).
	 */
	visitorName: string | null;
	/** The widget is open on the visitor's side now (their visitor channel is occupied). */
	visitorOnline: boolean;
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
	/** WordPress vouched for this visitor (a signed identity): one visitor per user, on every device. */
	customer?: boolean;
	/**
	 * Set when the session was opened with a resume token (`{ resume }`): the conversation the
	 * email's link opens.
	 */
	resumeConversationId?: string;
}

/**
 * `POST /v1/conversations`: the new conversation and what the bot already said in it
 * (seq 1 to `conversation.lastSeq`), so the widget draws the greeting without another call.
 */
export interface StartConversationResponse {
	conversation: Conversation;
	messages: Message[];
}

export interface MessagesPage {
	messages: Message[];
	/** Highest seq the conversation has: clients compare it with what they hold. */
	lastSeq: number;
	/** True when more messages exist after the last one returned. */
	hasMore: boolean;
}

export interface InboxPage {
	/** InboxConversation items (see AdvisorInboxPage); typed loosely for older clients. */
	conversations: Conversation[];
	/** Opaque keyset cursor for the next page, or null at the end. */
	nextCursor: string | null;
	counts: { live: number; closed: number; bot: number };
}

/** `GET /v1/inbox` as the bridge sends it. */
export interface AdvisorInboxPage extends InboxPage {
	conversations: InboxConversation[];
}

/** `GET /v1/conversations/:id` and `PATCH` with an advisor token. */
export interface AdvisorConversationResponse {
	conversation: InboxConversation;
}

/** `GET /v1/inbox/summary`, and the data of the `inbox-summary` event. */
export interface InboxSummary {
	/** Conversations `waiting`, plus `live` ones whose last human message is the visitor's. */
	toHandle: number;
	/**
	 * When the count was read (ms since the epoch): it includes every change committed before.
	 * Several bridge processes publish counts that may arrive out of order: keep the latest.
	 */
	countedAt: number;
}

/** `GET /v1/inbox/online`. */
export interface OnlineVisitorsResponse {
	visitorIds: string[];
}

/** `GET /v1/advisors`: the site's advisors the bridge has seen, by name. */
/** `GET /v1/advisors`: the advisors who can answer, and the site's licences (contracts/src/advisors.ts). */
export type AdvisorsResponse = AdvisorsListResponse;

export interface VisitorDetails {
	id: string;
	/** ISO 8601 UTC. */
	firstSeenAt: string;
	lastSeenAt: string;
	/** Visits: a token refresh after 30 minutes or more of inactivity starts a new one. */
	sessions: number;
	/** As the browser sent it, trimmed; null when unknown. */
	userAgent: string | null;
	online: boolean;
}

/** `GET /v1/conversations/:id/visitor`. */
export interface VisitorDetailsResponse {
	visitor: VisitorDetails;
	/** Empty when `variablesHidden` (an advisor without a licence). */
	variables: VisitorVariable[];
	variablesHidden: boolean;
}

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface Upload {
	/** 32 hex digits; send it as `uploadId` in a message. */
	id: string;
	/** Root-relative (`/v1/uploads/<id>`): resolve it against the bridge URL. */
	url: string;
	/** Detected from the content, never from the client's name or type. */
	type: ImageType;
	width?: number;
	height?: number;
	bytes: number;
}

/** `POST /v1/uploads`. */
export interface UploadResponse {
	upload: Upload;
}

export interface CannedResponse {
	id: string;
	/** Typed after `/` in the reply box. */
	shortcut: string;
	text: string;
}

export interface SiteSettings {
	/** E.g. `{{PRENOM}} ({{SOCIETE}})`; '' shows the clients' own pseudonyms only. */
	pseudonymTemplate: string;
	cannedResponses: CannedResponse[];
	/** Visitors are asked to rate a conversation once it is closed (on by default). */
	ratingEnabled: boolean;
	/** Closed conversations are deleted this many days after their last change; 0 keeps them. */
	retentionDays: number;
	/** Opening hours (contracts/src/opening-hours.ts); disabled by default: always open. */
	hours: OpeningHours;
}

/**
 * `GET /v1/availability?pageUrl=`: what the widget says before a conversation starts.
 * `replyByEmail` = `!open || !advisorsAvailable`: offer the offline form (question + email).
 */
export interface Availability {
	/** Within opening hours (always true when they are disabled). */
	open: boolean;
	/** At least one licensed advisor is online, not away, and may answer on that page. */
	advisorsAvailable: boolean;
	/** ISO 8601 UTC: when the hours next open (within 14 days); null when open or unknown. */
	nextOpenAt: string | null;
	replyByEmail: boolean;
}

/** `GET`/`PUT /v1/advisors/me/status`. */
export interface AdvisorStatus {
	/** Away advisors get no transfers and do not count as available. */
	away: boolean;
}

/** Data of the `advisor-status` event on `private-inbox-<siteId>`. */
export interface AdvisorStatusEvent {
	advisorId: string;
	away: boolean;
}

/**
 * The bridge → WordPress notification (signed `…/notify`) asking to email an advisor's reply
 * to a visitor who is not online; WordPress sends it with wp_mail in `locale`.
 */
export interface EmailReplyNotification {
	type: 'email-reply';
	conversationId: string;
	messageId: string;
	/** The conversation's `replyEmail`. */
	to: string;
	/** WordPress locale (`fr_FR`), or null: the site's language. */
	locale: string | null;
	/** The advisor's visible name. */
	advisorName: string;
	/** The reply's text (an image's caption, maybe ''). */
	text: string;
	/** An image reply: its absolute bridge URL; null for text. */
	imageUrl: string | null;
	pageUrl: string | null;
	pageTitle: string | null;
	/** Opens the conversation in the widget (`#handoff-chat-resume=<token>`); a capability. */
	resumeToken: string;
	/** The site's name as the bridge knows it (WordPress prefers its own blogname). */
	siteName: string;
}

/** `GET`/`PUT /v1/settings`. */
export interface SettingsResponse {
	settings: SiteSettings;
	/** Null until someone saves them (the defaults apply). */
	updatedAt: string | null;
}

export interface SearchResult {
	conversation: InboxConversation;
	/** The latest matching message, or null when the conversation matched by its visitor. */
	message: Message | null;
}

/** `GET /v1/search`. */
export interface SearchPage {
	results: SearchResult[];
	nextCursor: string | null;
}

/** Data of the `typing` event. */
export interface TypingEvent {
	conversationId: string;
	by: 'visitor' | 'advisor';
	/** The advisor's name (advisor typing only). */
	name?: string;
}

/** Data of `advisors-read` on the conversation channel: the advisors have read up to `seq`. */
export interface AdvisorsReadEvent {
	conversationId: string;
	advisorsLastReadSeq: number;
}

/** Data of `message-created` on the inbox channel for a note: fetch `messages?after=` to read it. */
/** The `settings-updated` event: a hint only, clients read GET /v1/settings. */
/** `advisors-updated`: an advisor's licence, reach or profile changed; no data beyond who. */
export interface AdvisorsUpdatedHint {
	advisorId: string;
}

export interface SettingsUpdatedHint {
	updatedAt: string;
}

export interface NoteCreatedHint {
	conversationId: string;
	messageId: string;
	seq: number;
	kind: 'note';
}

/**
 * The bridge → WordPress call `POST <site url>/wp-json/handoff-chat/v1/notify`, signed like
 * WordPress's calls to the bridge (X-Handoff-Site/-Timestamp/-Signature).
 */
export interface EscalationNotification {
	type: 'escalated';
	conversationId: string;
	/** Email this advisor; null: email the `recipients`. */
	assignedAdvisorId: string | null;
	/**
	 * WordPress user ids the bridge allows to receive it (licensed, able to answer, allowed on
	 * the conversation's page): only them. Absent from older bridges: every advisor.
	 */
	recipients?: string[];
	visitorName: string | null;
	/**
	 * The last typed line of `lines` (an image's caption), or null: never a button's label.
	 * Kept for plugins that predate `lines`.
	 */
	preview: string | null;
	/**
	 * What the visitor said and chose, oldest first: their last few messages and button presses
	 * (≤ 5), not their answers to the bot's questions (kept as variables). Absent from older
	 * bridges.
	 */
	lines?: EscalationLine[];
	/** The page the chat started on (absent from older bridges). */
	pageUrl?: string | null;
	pageTitle?: string | null;
}

/** One line of an escalation: a typed text, an image (`text`: its caption, maybe ''), a button pressed (`text`: its label). Texts ≤ 140 characters. */
export interface EscalationLine {
	kind: 'text' | 'image' | 'choice';
	text: string;
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
	/** Set (with no variables) for an advisor without a licence. */
	hidden?: boolean;
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

/**
 * Claims of the identity WordPress vouches for a logged-in visitor with (HS256, site secret,
 * `admin-ajax.php?action=handoff_chat_identity`), sent once in `POST /v1/sites/:siteId/visitors`.
 */
export interface IdentityTokenClaims {
	iss: 'wordpress';
	aud: typeof IDENTITY_AUDIENCE;
	/** WordPress user id as a string. */
	sub: string;
	site: string;
	name: string;
	email: string;
	iat: number;
	/** At most IDENTITY_TOKEN_MAX_LIFETIME after iat. */
	exp: number;
	/** Random, single use: the bridge refuses a replay. */
	jti: string;
}

export const ADVISOR_AUDIENCE = 'handoff-chat:advisor';
export const IDENTITY_AUDIENCE = 'handoff-chat:identity';
/** The longest identity token accepted (`exp − iat`), in seconds. */
export const IDENTITY_TOKEN_MAX_LIFETIME = 300;
/**
 * The visitor variables a verified identity sets. Only the identity writes them: bot answers
 * and advisors' edits never do (services/variables.ts), so nothing the visitor types can pose
 * as what WordPress vouched for.
 */
export const IDENTITY_VARIABLES = {
	userId: 'WP_USER_ID',
	name: 'WP_NAME',
	email: 'WP_EMAIL',
} as const;
/** Names with this prefix are reserved for IDENTITY_VARIABLES. */
export const IDENTITY_VARIABLE_PREFIX = 'WP_';
/** Names only a verified identity writes: read-only to the bot, advisors and flows. */
export const isIdentityVariable = ( name: string ): boolean =>
	name.startsWith( IDENTITY_VARIABLE_PREFIX );
export const VISITOR_AUDIENCE = 'handoff-chat:visitor';
/** Lifetime of advisor tokens minted by WordPress, in seconds. */
export const ADVISOR_TOKEN_TTL = 900;
