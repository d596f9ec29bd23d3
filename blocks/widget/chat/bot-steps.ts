/**
 * What the bot waits for, as the bridge says in `conversation.awaits` (decided from the
 * flow's position by the conversation rules): the quick replies the visitor may press now
 * and the question the composer answers. Pure functions; the bridge stays the judge (a
 * stale press gets 409).
 */
import type {
	AnswerType,
	BotAwaits,
	Conversation,
	Message,
} from '@handoff-chat/contracts';
import type { ChatItem } from './message-store';

export interface BotPrompt {
	/** Id of the only message whose buttons are actionable. */
	buttonsMessageId: string | null;
	/** The typed answer the bot waits for. */
	question: { variable: string; answerType: AnswerType } | null;
}

export const NO_PROMPT: BotPrompt = { buttonsMessageId: null, question: null };

/**
 * What the bot awaits; nothing without a conversation (or from a bridge that does not say).
 * @param conversation The conversation, as the bridge last described it.
 */
const awaitsOf = ( conversation: Conversation | null ): BotAwaits =>
	conversation?.awaits ?? { type: 'nothing' };

/**
 * The bot will answer a visitor's text: it awaits something (a press, an answer).
 * @param conversation The conversation, as the bridge last described it.
 */
export const botAnswersText = ( conversation: Conversation | null ): boolean =>
	awaitsOf( conversation ).type !== 'nothing';

/**
 * The prompt of what the bot awaits: for a press, the latest bot message of that step
 * that carries buttons; for an answer, its variable and type.
 * @param messages     Confirmed messages, in seq order.
 * @param conversation The conversation, as the bridge last described it.
 */
export function currentPrompt(
	messages: readonly Message[],
	conversation: Conversation | null
): BotPrompt {
	const awaits = awaitsOf( conversation );
	if ( awaits.type === 'answer' ) {
		const { variable, answerType } = awaits;
		return { buttonsMessageId: null, question: { variable, answerType } };
	}
	if ( awaits.type === 'button' ) {
		for ( let i = messages.length - 1; i >= 0; i-- ) {
			const m = messages[ i ];
			if (
				m.author.type === 'bot' &&
				m.meta?.stepId === awaits.stepId &&
				m.meta.buttons?.length
			) {
				return { buttonsMessageId: m.id, question: null };
			}
		}
	}
	return NO_PROMPT;
}

/**
 * An absolute http(s) URL, normalised, or null: the only links the panel makes (quick
 * replies, links in messages) and the only absolute image sources it loads.
 * @param url A button's `url`, a URL found in a message, an image's URL.
 */
export function safeHttpUrl( url: string | undefined ): string | null {
	if ( ! url || ! /^https?:\/\//i.test( url ) ) {
		return null;
	}
	try {
		return new URL( url ).href;
	} catch {
		return null;
	}
}

/**
 * An image source the panel may load: absolute http(s), or a path on this site
 * (not `//host`, which leaves the origin). Null for anything else (data:, javascript:…).
 * @param url  The step's image URL.
 * @param base The page's URL, for paths.
 */
export function safeImageSrc(
	url: string | undefined,
	base: string = window.location.href
): string | null {
	// Control characters vanish when parsed ("/\t/host" becomes "//host"): refuse them.
	if ( ! url || /[\u0000-\u001f\u007f\\]/.test( url ) ) {
		return null;
	}
	if ( ! url.startsWith( '/' ) ) {
		return safeHttpUrl( url );
	}
	try {
		if ( url.startsWith( '//' ) ) {
			return null;
		}
		const resolved = new URL( url, base );
		return resolved.origin === new URL( base ).origin &&
			/^https?:$/.test( resolved.protocol )
			? resolved.href
			: null;
	} catch {
		return null;
	}
}

/** Events after which no advisor is with the visitor any more. */
const LEAVES: ReadonlySet< string > = new Set( [
	'transferred',
	'back_to_bot',
	'unassigned',
] );

/**
 * The advisor now answering: author of the latest advisor message, or the advisor assigned,
 * since the last handoff.
 * @param messages Confirmed messages, in seq order.
 */
export function currentAdvisorName(
	messages: readonly Message[]
): string | null {
	for ( let i = messages.length - 1; i >= 0; i-- ) {
		const m = messages[ i ];
		if ( m.author.type === 'advisor' ) {
			return m.author.name || null;
		}
		if ( m.meta?.event === 'assigned' ) {
			return m.meta.assignee?.name || null;
		}
		if ( m.meta?.event && LEAVES.has( m.meta.event ) ) {
			return null;
		}
	}
	return null;
}

/**
 * Marks the actionable quick replies and adds a "{name} joined" line before the first
 * message of each advisor after a handoff (unless an `assigned` event said so already).
 * @param items  Rows from toItems().
 * @param prompt What the bot waits on.
 * @param busy   An action is being sent: the buttons wait for it.
 */
export function decorateItems(
	items: readonly ChatItem[],
	prompt: BotPrompt,
	busy: boolean
): ChatItem[] {
	const out: ChatItem[] = [];
	let present: string | null = null;
	for ( const item of items ) {
		const event = item.meta?.event;
		if ( event && LEAVES.has( event ) ) {
			present = null;
		} else if ( event === 'assigned' ) {
			// The event line already says who joined.
			present = item.meta?.assignee?.name ?? null;
		}
		if (
			item.authorType === 'advisor' &&
			item.authorName &&
			item.authorName !== present &&
			item.id
		) {
			present = item.authorName;
			out.push( {
				key: 'j:' + item.id,
				id: null,
				seq: null,
				clientId: null,
				kind: 'event',
				authorType: 'system',
				authorName: null,
				text: '',
				createdAt: item.createdAt,
				status: 'sent',
				joinedName: item.authorName,
				joinedAvatar: item.meta?.avatar || undefined,
			} );
		}
		out.push(
			item.id && item.id === prompt.buttonsMessageId
				? { ...item, quickReplies: busy ? 'busy' : 'active' }
				: item
		);
	}
	return out;
}
