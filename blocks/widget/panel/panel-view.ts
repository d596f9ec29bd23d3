/**
 * The panel's DOM: a non-modal dialog with a header, the message log, a status line,
 * the handoff bar ("talk to a human", waiting banner, "back to chatbot"), the
 * closed-conversation notice and the composer. Built once; `renderItems` then
 * reconciles the log by key so rows are only added, updated or removed.
 */
import { __ } from './i18n';
import { button, el } from './dom';
import { icon } from './icons';
import { ACCEPTED_IMAGE_TYPES } from '../chat/image-file';
import { MAX_MESSAGE_LENGTH } from '../chat/limits';
import type { ChatItem } from '../chat/message-store';
import {
	contentSignature,
	metaSignature,
	renderMessage,
	updateMessageMeta,
	type MessageViewOptions,
} from './message-view';

export interface PanelRefs {
	panel: HTMLElement;
	title: HTMLElement;
	subtitle: HTMLElement;
	close: HTMLButtonElement;
	status: HTMLElement;
	scroller: HTMLElement;
	intro: HTMLElement;
	notice: HTMLElement;
	noticeText: HTMLElement;
	noticeAction: HTMLButtonElement;
	log: HTMLOListElement;
	/** The "…" bubble while the bot's next messages are on their way, or an advisor types. */
	typing: HTMLElement;
	/** "Camille is typing…" inside the bubble (advisors only). */
	typingLabel: HTMLElement;
	/** The same words for screen readers, set once per typing spell. */
	typingStatus: HTMLElement;
	/** Shown over the panel while a file is dragged over it. */
	dropHint: HTMLElement;
	handoff: HTMLElement;
	waiting: HTMLElement;
	/** A soft explanation after a refused action (stale buttons…). */
	info: HTMLElement;
	talkToHuman: HTMLButtonElement;
	backToBot: HTMLButtonElement;
	closed: HTMLElement;
	startNew: HTMLButtonElement;
	form: HTMLFormElement;
	input: HTMLTextAreaElement;
	/** Single-line field for typed answers (email, phone, number), swapped with `input`. */
	answer: HTMLInputElement;
	answerError: HTMLElement;
	counter: HTMLElement;
	send: HTMLButtonElement;
	/** Paperclip: opens `file`, the hidden image picker. */
	attach: HTMLButtonElement;
	file: HTMLInputElement;
	/** Why a chosen image cannot be sent (type, size). */
	fileError: HTMLElement;
}

let uid = 0;

export function buildPanel( title: string ): PanelRefs {
	const id = 'handoff-chat-' + ++uid;
	const panel = el( 'section', 'handoff-chat-panel' );
	panel.id = id + '-panel';
	panel.setAttribute( 'role', 'dialog' );
	panel.setAttribute( 'aria-labelledby', id + '-title' );

	const header = el( 'header', 'handoff-chat-panel__header' );
	const heading = el( 'div', 'handoff-chat-panel__heading' );
	const titleEl = el( 'h2', 'handoff-chat-panel__title', title );
	titleEl.id = id + '-title';
	const subtitle = el( 'p', 'handoff-chat-panel__subtitle', '' );
	heading.append( titleEl, subtitle );
	const close = button( 'handoff-chat-panel__close' );
	close.setAttribute( 'aria-label', __( 'Close chat', 'handoff-chat' ) );
	close.appendChild( icon( 'chevronDown' ) );
	header.append( heading, close );

	const status = el( 'div', 'handoff-chat-panel__status' );
	status.setAttribute( 'role', 'status' );

	const scroller = el( 'div', 'handoff-chat-panel__body' );
	const intro = el( 'div', 'handoff-chat-intro' );
	intro.append(
		el(
			'p',
			'handoff-chat-intro__title',
			__( 'Hi there!', 'handoff-chat' )
		),
		el(
			'p',
			'handoff-chat-intro__text',
			__(
				'Ask us anything. Write your message below and we will answer here.',
				'handoff-chat'
			)
		)
	);
	const notice = el( 'div', 'handoff-chat-notice' );
	const noticeText = el( 'p', 'handoff-chat-notice__text' );
	const noticeAction = button(
		'handoff-chat-button is-secondary',
		__( 'Try again', 'handoff-chat' )
	);
	notice.append( noticeText, noticeAction );

	const log = el( 'ol', 'handoff-chat-log' );
	log.setAttribute( 'role', 'log' );
	log.setAttribute( 'aria-label', __( 'Messages', 'handoff-chat' ) );
	const typing = el( 'div', 'handoff-chat-typing' );
	typing.setAttribute( 'aria-hidden', 'true' );
	const typingLabel = el( 'span', 'handoff-chat-typing__label', '' );
	typing.append(
		el( 'span', 'handoff-chat-typing__dot' ),
		el( 'span', 'handoff-chat-typing__dot' ),
		el( 'span', 'handoff-chat-typing__dot' ),
		typingLabel
	);
	const typingStatus = el( 'div', 'handoff-chat-sr-only', '' );
	scroller.append( intro, notice, log, typing, typingStatus );
	const dropHint = el(
		'div',
		'handoff-chat-drop',
		__( 'Drop an image to send it', 'handoff-chat' )
	);

	const handoff = el( 'div', 'handoff-chat-handoff' );
	const waiting = el(
		'p',
		'handoff-chat-handoff__waiting',
		__( 'Waiting for an advisor…', 'handoff-chat' )
	);
	const info = el( 'p', 'handoff-chat-handoff__info', '' );
	const talkToHuman = button(
		'handoff-chat-handoff__action',
		__( 'Talk to a human', 'handoff-chat' )
	);
	const backToBot = button( 'handoff-chat-handoff__action', '' );
	handoff.append( waiting, info, talkToHuman, backToBot );

	// The log's own line says it is closed, and when: the footer only offers what comes next.
	const closed = el( 'div', 'handoff-chat-closed' );
	const startNew = button(
		'handoff-chat-button',
		__( 'Start a new conversation', 'handoff-chat' )
	);
	closed.append( startNew );

	const form = el( 'form', 'handoff-chat-composer' );
	form.noValidate = true;
	const label = el(
		'label',
		'handoff-chat-sr-only',
		__( 'Type your message', 'handoff-chat' )
	);
	label.htmlFor = id + '-input';
	const input = el( 'textarea', 'handoff-chat-composer__input' );
	input.id = id + '-input';
	input.rows = 1;
	input.maxLength = MAX_MESSAGE_LENGTH;
	input.placeholder = __( 'Type your message…', 'handoff-chat' );
	input.setAttribute( 'enterkeyhint', 'send' );
	const counter = el( 'div', 'handoff-chat-composer__counter' );
	counter.id = id + '-counter';
	input.setAttribute( 'aria-describedby', counter.id );
	const answer = el( 'input', 'handoff-chat-composer__input is-answer' );
	answer.maxLength = MAX_MESSAGE_LENGTH;
	answer.setAttribute( 'enterkeyhint', 'send' );
	const answerError = el( 'p', 'handoff-chat-composer__error' );
	answerError.id = id + '-error';
	answer.setAttribute( 'aria-describedby', answerError.id );
	const send = el( 'button', 'handoff-chat-composer__send' );
	send.type = 'submit';
	send.append(
		icon( 'send' ),
		el( 'span', 'handoff-chat-sr-only', __( 'Send', 'handoff-chat' ) )
	);
	const attach = button( 'handoff-chat-composer__attach' );
	attach.setAttribute( 'aria-label', __( 'Send an image', 'handoff-chat' ) );
	attach.title = __( 'Send an image', 'handoff-chat' );
	attach.appendChild( icon( 'attach' ) );
	const file = el( 'input', 'handoff-chat-composer__file' );
	file.type = 'file';
	file.accept = ACCEPTED_IMAGE_TYPES.join( ',' );
	file.multiple = true;
	file.tabIndex = -1;
	const fileError = el( 'p', 'handoff-chat-composer__error' );
	form.append(
		label,
		attach,
		file,
		input,
		answer,
		send,
		counter,
		answerError,
		fileError
	);

	panel.append( header, status, scroller, handoff, closed, form, dropHint );
	// Polite: these follow what the visitor just did, or what the other side does.
	for ( const region of [
		log,
		typingStatus,
		waiting,
		info,
		answerError,
		fileError,
	] ) {
		region.setAttribute( 'aria-live', 'polite' );
	}
	// Shown by the state: the panel on open, the rest when it applies.
	for ( const part of [
		panel,
		status,
		notice,
		typing,
		typingLabel,
		dropHint,
		handoff,
		waiting,
		info,
		talkToHuman,
		backToBot,
		closed,
		counter,
		answer,
		answerError,
		file,
		fileError,
	] ) {
		part.hidden = true;
	}
	return {
		panel,
		title: titleEl,
		subtitle,
		close,
		status,
		scroller,
		intro,
		notice,
		noticeText,
		noticeAction,
		log,
		typing,
		typingLabel,
		typingStatus,
		dropHint,
		handoff,
		waiting,
		info,
		talkToHuman,
		backToBot,
		closed,
		startNew,
		form,
		input,
		answer,
		answerError,
		counter,
		send,
		attach,
		file,
		fileError,
	};
}

interface RowRecord {
	node: HTMLLIElement;
	content: string;
	meta: string;
}

const rows = new WeakMap< HTMLOListElement, Map< string, RowRecord > >();

/**
 * Brings the log in line with `items`: rows keep their node while their content is unchanged.
 * @param log     The message list element.
 * @param items   Rows to show, in order.
 * @param options Rendering options and row callbacks.
 */
export function renderItems(
	log: HTMLOListElement,
	items: ChatItem[],
	options: MessageViewOptions
): void {
	let byKey = rows.get( log );
	if ( ! byKey ) {
		byKey = new Map();
		rows.set( log, byKey );
	}
	const seen = new Set< string >();
	let cursor: ChildNode | null = log.firstChild;
	items.forEach( ( item, i ) => {
		const prev = i > 0 ? items[ i - 1 ] : undefined;
		const content = contentSignature( item, prev );
		const meta = metaSignature( item );
		let record = byKey!.get( item.key );
		if ( record && record.content !== content ) {
			const node = renderMessage( item, prev, options );
			record.node.replaceWith( node );
			if ( cursor === record.node ) {
				cursor = node;
			}
			record = { node, content, meta };
		} else if ( record && record.meta !== meta ) {
			updateMessageMeta( record.node, item, options );
			record.meta = meta;
		} else if ( ! record ) {
			record = {
				node: renderMessage( item, prev, options ),
				content,
				meta,
			};
		}
		byKey!.set( item.key, record );
		seen.add( item.key );
		if ( cursor !== record.node ) {
			log.insertBefore( record.node, cursor );
		} else {
			cursor = cursor.nextSibling;
		}
	} );
	for ( const [ key, record ] of byKey ) {
		if ( ! seen.has( key ) ) {
			record.node.remove();
			byKey.delete( key );
		}
	}
}
