/**
 * One message row. Every piece of data is written with textContent or as an attribute
 * value — never parsed as HTML — so hostile text shows as text. Links are http(s) only;
 * images http(s), paths on the bridge (uploads) or on this site (bot steps); advisors'
 * avatars http(s) only.
 */
import { __, sprintf } from './i18n';
import { advisorAvatar } from './avatar';
import { safeHttpUrl } from '../chat/bot-steps';
import { button, el, newTabLink } from './dom';
import { formatMessageTime } from '@handoff-chat/client-core/time-format';
import { continuesRun, linkify } from './format';
import { MAX_UPLOAD_MB } from '../chat/limits';
import { fillImage, type ImageOptions } from './message-image';
import type { ChatItem, SendProblem } from '../chat/message-store';

export interface MessageViewOptions extends ImageOptions {
	now: Date;
	locale?: string;
	/** WordPress's time format (client-core/time-format): the inbox shows the same clock. */
	timeFormat?: string;
	/** The reader's own when absent (tests pin one). */
	timeZone?: string;
	onRetry: ( clientId: string ) => void;
	onDiscard: ( clientId: string ) => void;
	/** A quick reply was pressed (not called for link buttons, which simply open). */
	onPress?: ( messageId: string, buttonId: string ) => void;
}

/**
 * Who wrote a row that names its author: the visitor, the bot or an advisor (system rows
 * and events name nobody).
 * @param item A visitor, bot or advisor row.
 */
export function authorName( item: ChatItem ): string {
	switch ( item.authorType ) {
		case 'visitor':
			return __( 'You', 'handoff-chat' );
		case 'bot':
			return item.authorName || __( 'Chatbot', 'handoff-chat' );
		default:
			return item.authorName || __( 'Advisor', 'handoff-chat' );
	}
}

/**
 * Where a message row sits (events are drawn apart, as centred lines).
 * @param item A row that is not an event.
 */
function side( item: ChatItem ): 'mine' | 'theirs' | 'system' {
	if ( item.authorType === 'system' ) {
		return 'system';
	}
	return item.authorType === 'visitor' ? 'mine' : 'theirs';
}

/**
 * Changes only in these fields update the row in place (no re-announcement by the live log).
 * @param item The row.
 */
export const metaSignature = ( item: ChatItem ): string =>
	JSON.stringify( [
		item.status,
		item.error,
		item.problem,
		item.createdAt,
		item.seen,
	] );

/**
 * What the row shows besides its status line: any change draws it anew.
 * @param item The row.
 * @param prev The row above, if any (author runs).
 */
export const contentSignature = (
	item: ChatItem,
	prev: ChatItem | undefined
): string =>
	JSON.stringify( [
		item.text,
		item.authorType,
		item.authorName,
		continuesRun( prev, item ),
		item.quickReplies,
		item.joinedName,
		item.joinedAvatar,
		item.kind,
		item.preview,
		item.meta,
	] );

/**
 * The centred line of an event, in the visitor's language (the bridge's text is English).
 * @param item An `event` row.
 */
export function eventText( item: ChatItem ): string {
	// A line the panel adds reads as an assignment to the advisor who answered.
	switch ( item.joinedName ? 'assigned' : item.meta?.event ) {
		case 'human_requested':
			return __( 'You asked to talk to a human.', 'handoff-chat' );
		case 'transferred':
			return __(
				'You are being transferred to an advisor.',
				'handoff-chat'
			);
		case 'back_to_bot':
			return __( 'Back to the chatbot.', 'handoff-chat' );
		case 'closed':
			return __( 'This conversation has been closed.', 'handoff-chat' );
		case 'reopened':
			return __( 'This conversation has been reopened.', 'handoff-chat' );
		case 'assigned': {
			const name = joinedAdvisor( item )?.name;
			return name
				? sprintf(
						/* translators: %s: name of the advisor who answers the visitor. */
						__( '%s joined the conversation.', 'handoff-chat' ),
						name
					)
				: __( 'An advisor joined the conversation.', 'handoff-chat' );
		}
		case 'unassigned':
			return __(
				'The advisor has left the conversation.',
				'handoff-chat'
			);
		default:
			return item.text;
	}
}

/**
 * The advisor a "… joined the conversation" line names, with their avatar: the line the
 * panel adds before an advisor's first message, or an `assigned` event. Null otherwise.
 * @param item An `event` row.
 */
function joinedAdvisor(
	item: ChatItem
): { name: string; avatar?: string | null } | null {
	if ( item.joinedName ) {
		return { name: item.joinedName, avatar: item.joinedAvatar };
	}
	const assignee =
		item.meta?.event === 'assigned' ? item.meta.assignee : undefined;
	return assignee?.name
		? { name: assignee.name, avatar: assignee.avatar }
		: null;
}

function quickReplies(
	item: ChatItem,
	options: MessageViewOptions
): HTMLElement | null {
	const buttons = item.meta?.buttons;
	const messageId = item.id;
	if ( ! item.quickReplies || ! buttons?.length || ! messageId ) {
		return null;
	}
	const group = el( 'div', 'handoff-chat-quick' );
	group.setAttribute( 'role', 'group' );
	group.setAttribute(
		'aria-label',
		__( 'Suggested answers', 'handoff-chat' )
	);
	for ( const b of buttons ) {
		if ( b.url !== undefined ) {
			const href = safeHttpUrl( b.url );
			if ( ! href ) {
				continue;
			}
			group.appendChild(
				newTabLink(
					'handoff-chat-quick__button is-link',
					href,
					b.label
				)
			);
			continue;
		}
		const press = button( 'handoff-chat-quick__button', b.label, () =>
			options.onPress?.( messageId, b.id )
		);
		press.disabled = item.quickReplies === 'busy';
		group.appendChild( press );
	}
	return group.childElementCount ? group : null;
}

function fillBubble( bubble: HTMLElement, text: string ): void {
	for ( const segment of linkify( text ) ) {
		if ( segment.type === 'link' ) {
			const a = el( 'a', 'handoff-chat-msg__link', segment.text );
			a.href = segment.href;
			a.target = '_blank';
			a.rel = 'noopener nofollow ugc';
			bubble.appendChild( a );
		} else {
			bubble.appendChild( document.createTextNode( segment.text ) );
		}
	}
}

function fillMeta(
	meta: HTMLElement,
	item: ChatItem,
	options: MessageViewOptions
): void {
	const time = el(
		'time',
		'handoff-chat-msg__time',
		formatMessageTime( item.createdAt, options.now, {
			locale: options.locale,
			timeFormat: options.timeFormat,
			timeZone: options.timeZone,
		} )
	);
	time.dateTime = item.createdAt;
	meta.replaceChildren( time );
	const { clientId, status } = item;
	if ( item.seen ) {
		// Words, not a tick: screen readers and everyone else read the same thing.
		meta.append(
			el( 'span', 'handoff-chat-msg__seen', __( 'Seen', 'handoff-chat' ) )
		);
	} else if ( status === 'sending' ) {
		meta.append(
			el(
				'span',
				'handoff-chat-msg__status',
				__( 'Sending…', 'handoff-chat' )
			)
		);
	} else if ( status !== 'sent' && clientId ) {
		// Failed: may be sent again. Rejected: the bridge refused it, only removing is left.
		meta.append(
			el(
				'span',
				'handoff-chat-msg__status is-error',
				failureText( item )
			),
			status === 'failed'
				? button(
						'handoff-chat-msg__action',
						__( 'Retry', 'handoff-chat' ),
						() => options.onRetry( clientId )
					)
				: button(
						'handoff-chat-msg__action',
						__( 'Remove', 'handoff-chat' ),
						() => options.onDiscard( clientId )
					)
		);
	}
}

/**
 * Why a message did not go: a known image problem, the bridge's own reason for a refusal,
 * or simply "not sent".
 * @param item A failed or rejected row.
 */
function failureText( item: ChatItem ): string {
	if ( item.problem ) {
		return problemText( item.problem );
	}
	return item.status === 'rejected' && item.error
		? sprintf(
				/* translators: %s: why the chat service refused the message, as it explained it. */
				__( 'Not sent: %s', 'handoff-chat' ),
				item.error
			)
		: __( 'Not sent.', 'handoff-chat' );
}

/**
 * Why an image did not go, in the visitor's language.
 * @param problem The known reason.
 */
function problemText( problem: SendProblem ): string {
	switch ( problem ) {
		case 'too-large':
			return sprintf(
				/* translators: %d: largest image the chat accepts, in megabytes. */
				__( 'Not sent: images are limited to %d MB.', 'handoff-chat' ),
				MAX_UPLOAD_MB
			);
		case 'rate-limited':
			return __(
				'Not sent: too many images in a short time. Try again in a minute.',
				'handoff-chat'
			);
		default:
			return __(
				'Not sent: only PNG, JPEG, GIF and WebP images can be sent.',
				'handoff-chat'
			);
	}
}

/**
 * CSS state of a row: is-sending, is-failed, is-rejected.
 * @param item The row.
 */
function statusClass( item: ChatItem ): string {
	return item.status === 'sent' ? '' : ' is-' + item.status;
}

/**
 * Builds the row of `item`; `prev` is the row above it (author runs).
 * @param item    The row to draw.
 * @param prev    The row above, if any.
 * @param options Rendering options and row callbacks.
 */
export function renderMessage(
	item: ChatItem,
	prev: ChatItem | undefined,
	options: MessageViewOptions
): HTMLLIElement {
	if ( item.kind === 'event' ) {
		const li = el(
			'li',
			`handoff-chat-msg handoff-chat-msg--system handoff-chat-msg--event${ statusClass( item ) }`
		);
		li.dataset.key = item.key;
		const line = el( 'p', 'handoff-chat-msg__event', eventText( item ) );
		const advisor = joinedAdvisor( item );
		if ( advisor ) {
			line.prepend( advisorAvatar( advisor.name, advisor.avatar ) );
		}
		li.appendChild( line );
		if ( item.status !== 'sent' ) {
			const meta = el( 'div', 'handoff-chat-msg__meta' );
			fillMeta( meta, item, options );
			li.appendChild( meta );
		}
		return li;
	}
	const s = side( item );
	const continued = continuesRun( prev, item );
	const li = el(
		'li',
		`handoff-chat-msg handoff-chat-msg--${ s }${ continued ? ' is-continued' : '' }${ statusClass( item ) }`
	);
	li.dataset.key = item.key;
	if ( s === 'theirs' && ! continued ) {
		const name = authorName( item );
		const author = el( 'div', 'handoff-chat-msg__author', name );
		// The first of a run of an advisor's messages shows their face.
		if ( item.authorType === 'advisor' ) {
			author.prepend( advisorAvatar( name, item.meta?.avatar ) );
		}
		li.appendChild( author );
	} else if ( s !== 'system' ) {
		// Screen readers hear who wrote each message even when the name is not repeated.
		li.appendChild(
			el(
				'span',
				'handoff-chat-sr-only',
				sprintf(
					/* translators: %s: author of the chat message ("You" or an advisor's name). */
					__( '%s:', 'handoff-chat' ),
					authorName( item )
				)
			)
		);
	}
	if ( item.kind === 'image' ) {
		const bubble = el( 'div', 'handoff-chat-msg__bubble' );
		fillImage( bubble, item, options );
		li.appendChild( bubble );
	} else if ( item.text || ! item.meta?.buttons ) {
		const bubble = el( 'div', 'handoff-chat-msg__bubble' );
		fillBubble( bubble, item.text );
		li.appendChild( bubble );
	}
	const replies = quickReplies( item, options );
	if ( replies ) {
		li.appendChild( replies );
	}
	const meta = el( 'div', 'handoff-chat-msg__meta' );
	fillMeta( meta, item, options );
	li.appendChild( meta );
	return li;
}

/**
 * Updates the status line of a row in place (pending → sent, sent → failed…).
 * @param li      The row's element.
 * @param item    The row's new state.
 * @param options Rendering options and row callbacks.
 */
export function updateMessageMeta(
	li: HTMLElement,
	item: ChatItem,
	options: MessageViewOptions
): void {
	li.classList.remove( 'is-sending', 'is-failed', 'is-rejected' );
	if ( item.status !== 'sent' ) {
		li.classList.add( 'is-' + item.status );
	}
	let meta = li.querySelector< HTMLElement >( '.handoff-chat-msg__meta' );
	if ( ! meta ) {
		// An event row has a status line only while it is not sent.
		meta = el( 'div', 'handoff-chat-msg__meta' );
		li.appendChild( meta );
	}
	fillMeta( meta, item, options );
	if ( item.kind === 'event' && item.status === 'sent' ) {
		meta.remove();
	}
}
