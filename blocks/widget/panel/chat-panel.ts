/**
 * The chat panel, loaded on the launcher's first click (a separate chunk, so pusher-js
 * and all of this stay off pages where nobody chats). Plain DOM, no framework.
 */
import { __, _n, sprintf } from './i18n';

export { setLocaleData } from './i18n';
import { createBridgeApi, type BridgeApi } from '../chat/api';
import { decorateItems } from '../chat/bot-steps';
import { ChatController, type ChatState } from '../chat/chat-controller';
import { createComposer } from './composer';
import type { WidgetConfig } from '../config';
import { pageLocale } from './format';
import { MAX_MESSAGE_LENGTH } from '../chat/limits';
import { wireAttachments } from './panel-attachments';
import { renderHandoff, renderTyping } from './panel-handoff';
import { buildPanel, renderItems, type PanelRefs } from './panel-view';
import { connectRealtime, type RealtimeFactory } from '../chat/realtime';
import { storageKeys, writeItem } from '../chat/storage';
import { VisitorSessions } from '../chat/visitor-session';
import {
	createTransport,
	type FetchLike,
} from '@handoff-chat/client-core/transport';
import { statusOf } from '@handoff-chat/client-core/errors';
import { LIMITS } from '@handoff-chat/contracts/limits';
import { button, el } from './dom';
import { validateAnswer } from '@handoff-chat/contracts/flow-values';

/** What the panel needs from the launcher that loaded it. */
export interface LauncherHandle {
	root: HTMLElement;
	button: HTMLButtonElement;
	setOpen: ( open: boolean ) => void;
	/**
	 * Hook for the unread badge: messages from advisors or the bot not seen yet, and the
	 * launcher's name meanwhile (worded here: the launcher has no gettext).
	 */
	setUnread: ( count: number, label: string ) => void;
}

export interface PanelOptions {
	config: WidgetConfig;
	launcher: LauncherHandle;
	/** Test seams; the real bridge client and pusher-js otherwise. */
	api?: BridgeApi;
	realtime?: RealtimeFactory;
	pollMs?: number;
	/** The rating's and reply-by-email calls (rating.ts, offline.ts); the global fetch otherwise. */
	fetch?: FetchLike;
	/** A resume link's token (`#handoff-chat-resume=…`, read by the launcher). */
	resume?: string;
}

export interface ChatPanel {
	/** `focus: false` when restoring the panel on page load: no focus theft. */
	open: ( focus?: boolean ) => void;
	close: ( restoreFocus?: boolean ) => void;
	toggle: () => void;
	isOpen: () => boolean;
	readonly controller: ChatController;
	readonly refs: PanelRefs;
	destroy: () => void;
}

const COUNTER_FROM = MAX_MESSAGE_LENGTH - 500;
const MAX_INPUT_HEIGHT = 140;

/** One bridge client and visitor session per bridge and site: prepared on hover, used on open. */
const clients = new Map<
	string,
	{ api: BridgeApi; sessions: VisitorSessions }
>();

function clientFor( config: WidgetConfig ) {
	const key = `${ config.bridgeUrl } ${ config.siteId }`;
	let client = clients.get( key );
	if ( ! client ) {
		const api = createBridgeApi( config.bridgeUrl, config.siteId );
		client = {
			api,
			sessions: new VisitorSessions(
				api,
				config.siteId,
				undefined,
				config.identityUrl
			),
		};
		clients.set( key, client );
	}
	return client;
}

/**
 * Called by the launcher as soon as this chunk is loaded (hover or focus on it): the visitor's
 * session is ready before the click, so opening costs one call to the bridge (the start,
 * whose answer carries the bot's greeting). Live chat keeps a new browser call-free until
 * its first message.
 * @param config The widget's configuration.
 */
export function prepareChatPanel( config: WidgetConfig ): void {
	const { sessions } = clientFor( config );
	if ( config.mode === 'bot' || sessions.stored() ) {
		// A failure here is retried by the panel's first call.
		sessions.ensure().catch( () => undefined );
	}
}

export function createChatPanel( options: PanelOptions ): ChatPanel {
	const { config, launcher } = options;
	const refs = buildPanel(
		config.title || __( 'Chat with us', 'handoff-chat' )
	);
	launcher.root.appendChild( refs.panel );
	launcher.button.setAttribute( 'aria-controls', refs.panel.id );
	const composer = createComposer( refs );

	const client = options.api ? null : clientFor( config );
	const controller = new ChatController( {
		config,
		api: options.api ?? client!.api,
		sessions: client?.sessions,
		realtime: options.realtime ?? connectRealtime,
		pollMs: options.pollMs,
	} );

	let open = false;
	let stickToBottom = true;
	let ratingAsked = '';
	/** offline.ts's view once loaded; null while it loads. */
	let offline: ( ( s: ChatState ) => void ) | null | undefined;
	// What the lazily loaded parts share with the panel (see rating.ts for why not by import).
	const kit = {
		__,
		sprintf,
		el,
		button,
		statusOf,
		validateAnswer,
		maxComment: LIMITS.ratingComment,
		maxQuestion: LIMITS.messageText,
	};
	const request = createTransport( {
		baseUrl: config.bridgeUrl,
		fetch: options.fetch,
	} );
	// Its own chunk (see offline.ts for when).
	const offlineChunk = () =>
		import( /* webpackChunkName: "widget/offline" */ './offline' );
	const focusField = () => composer.field().focus( { preventScroll: true } );
	const locale = config.locale || pageLocale();
	const offlineContext = {
		refs,
		controller,
		request,
		siteId: config.siteId,
		locale,
		kit,
	};

	const isAtBottom = () =>
		refs.scroller.scrollHeight -
			refs.scroller.scrollTop -
			refs.scroller.clientHeight <
		48;
	const scrollToBottom = () => {
		refs.scroller.scrollTop = refs.scroller.scrollHeight;
	};
	// Read receipts and the badge count only what the visitor can actually see.
	const markSeenIfVisible = () => {
		if ( open && document.visibilityState === 'visible' && isAtBottom() ) {
			controller.markSeen();
		}
	};

	function render( state: ChatState ): void {
		const atBottom = stickToBottom || isAtBottom();
		stickToBottom = false;
		const conversation = state.conversation;
		const closed = conversation?.state === 'closed';

		// With the bot, the bot's greeting is the introduction.
		refs.intro.hidden =
			state.bot || state.items.length > 0 || state.phase === 'loading';
		refs.notice.hidden =
			state.phase !== 'loading' && state.phase !== 'error';
		refs.noticeAction.hidden = state.phase !== 'error';
		refs.noticeText.textContent =
			state.phase === 'error'
				? __(
						'The chat is unavailable right now. Please try again in a moment.',
						'handoff-chat'
					)
				: __( 'Loading your conversation…', 'handoff-chat' );
		refs.scroller.setAttribute(
			'aria-busy',
			String( state.phase === 'loading' )
		);

		renderItems(
			refs.log,
			decorateItems( state.items, state.prompt, state.actionBusy ),
			{
				now: new Date(),
				locale,
				timeFormat: config.timeFormat,
				bridgeUrl: config.bridgeUrl,
				onRetry: ( id ) => controller.retry( id ),
				onDiscard: ( id ) => controller.discard( id ),
				onPress: ( messageId, buttonId ) => {
					if ( controller.press( messageId, buttonId ) ) {
						stickToBottom = true;
						// The pressed buttons go away: keep the keyboard in the panel.
						focusField();
					}
				},
			}
		);
		renderTyping( refs, state );
		renderHandoff( refs, state );
		composer.setQuestion( state.prompt.question?.answerType ?? null );

		if ( offline ) {
			offline( state );
		} else if (
			offline === undefined &&
			( conversation
				? conversation.replyEmail ||
					conversation.handoff === 'no_advisor'
				: ! state.bot && state.phase === 'ready' )
		) {
			offline = null;
			offlineChunk()
				.then( ( m ) => {
					offline = m.offlineView( offlineContext );
					render( controller.getState() );
				} )
				.catch( () => ( offline = undefined ) );
		}
		if ( closed && conversation.id !== ratingAsked ) {
			ratingAsked = conversation.id;
			// Its own chunk, loaded when a conversation closes (a courtesy: failures stay quiet).
			import( /* webpackChunkName: "widget/rating" */ './rating' )
				.then( ( m ) =>
					m.askRating( {
						host: refs.closed,
						conversation,
						request,
						sessions: controller.sessions,
						kit,
					} )
				)
				.catch( () => undefined );
		}
		if ( refs.closed.hidden === closed ) {
			const hadFocus = refs.panel.contains(
				refs.panel.ownerDocument.activeElement
			);
			refs.closed.hidden = ! closed;
			refs.form.hidden = closed;
			if ( hadFocus && open ) {
				( closed ? refs.startNew : composer.field() ).focus( {
					preventScroll: true,
				} );
			}
		}

		const status = state.connection;
		refs.status.hidden = status !== 'reconnecting' && status !== 'failed';
		// Read from `state` in the condition: with a local, the minifier would fold both
		// calls into one __() of a ternary, which no string extractor can read.
		refs.status.textContent =
			state.connection === 'failed'
				? __(
						'Live updates are unavailable. New messages will still appear.',
						'handoff-chat'
					)
				: __( 'Reconnecting…', 'handoff-chat' );

		const unread = open ? 0 : state.unread;
		launcher.setUnread(
			unread,
			sprintf(
				/* translators: %d: number of unread chat messages. */
				_n(
					'Open chat, %d unread message',
					'Open chat, %d unread messages',
					unread,
					'handoff-chat'
				),
				unread
			)
		);
		if ( atBottom ) {
			scrollToBottom();
		}
		markSeenIfVisible();
	}

	function autosize(): void {
		const input = refs.input;
		input.style.height = 'auto';
		input.style.height =
			Math.min( input.scrollHeight, MAX_INPUT_HEIGHT ) + 'px';
		const length = input.hidden ? 0 : input.value.length;
		refs.counter.hidden = length < COUNTER_FROM;
		refs.counter.textContent = sprintf(
			/* translators: %d: number of characters the visitor may still type. */
			_n(
				'%d character left',
				'%d characters left',
				MAX_MESSAGE_LENGTH - length,
				'handoff-chat'
			),
			MAX_MESSAGE_LENGTH - length
		);
		refs.send.disabled =
			composer.field().value.trim() === '' && ! attachments.count();
	}

	function submit(): void {
		if ( attachments.count() ) {
			// The text is the images' caption (a question the bot asks waits for a text).
			if ( attachments.send( composer.field().value ) ) {
				composer.clear();
				sent();
			}
			return;
		}
		if (
			composer.check() &&
			controller.send( composer.field().value ) === true
		) {
			composer.clear();
			attachments.clearError();
			sent();
		}
	}

	function sent(): void {
		stickToBottom = true;
		autosize();
		scrollToBottom();
	}

	function afterAction( done: boolean ): void {
		if ( done ) {
			stickToBottom = true;
			// The button that had focus may hide once the state changes.
			focusField();
		}
	}

	refs.form.addEventListener( 'submit', ( e ) => {
		e.preventDefault();
		submit();
	} );
	refs.input.addEventListener( 'keydown', ( e ) => {
		// Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition is left alone.
		if (
			e.key === 'Enter' &&
			! e.shiftKey &&
			! e.isComposing &&
			e.keyCode !== 229
		) {
			e.preventDefault();
			submit();
		}
	} );
	for ( const field of [ refs.input, refs.answer ] ) {
		field.addEventListener( 'input', () => {
			composer.onInput();
			autosize();
			if ( field.value.trim() ) {
				controller.typing();
			}
		} );
	}
	const attachments = wireAttachments(
		refs,
		( file, caption ) => controller.sendImage( file, caption ),
		() => {
			composer.setCaptioning( attachments.count() > 0 );
			autosize();
		}
	);
	refs.scroller.addEventListener( 'scroll', markSeenIfVisible, {
		passive: true,
	} );
	refs.talkToHuman.addEventListener( 'click', () =>
		afterAction( controller.requestHuman() )
	);
	refs.backToBot.addEventListener( 'click', () =>
		afterAction( controller.backToBot() )
	);
	refs.panel.addEventListener( 'keydown', ( e ) => {
		if ( e.key === 'Escape' ) {
			e.stopPropagation();
			panel.close( true );
		}
	} );
	refs.close.addEventListener( 'click', () => panel.close( true ) );
	refs.noticeAction.addEventListener(
		'click',
		() => void controller.start()
	);
	refs.startNew.addEventListener( 'click', () => {
		controller.startNew();
		composer.field().focus();
	} );
	const onVisibility = () => {
		if ( document.visibilityState === 'visible' ) {
			controller.onVisible();
			markSeenIfVisible();
		}
	};
	document.addEventListener( 'visibilitychange', onVisibility );
	// Leaving the page leaves the visitor channel at once; a page restored from the cache rejoins it.
	const onPageHide = () => controller.setPresent( false );
	const onPageShow = () => controller.setPresent( open );
	window.addEventListener( 'pagehide', onPageHide );
	window.addEventListener( 'pageshow', onPageShow );

	/**
	 * Shows or hides the dialog; the visitor is present only while it is shown, and the
	 * next page of this visit opens it again.
	 * @param shown Whether the panel is open.
	 */
	function show( shown: boolean ): void {
		open = shown;
		refs.panel.hidden = ! shown;
		document.documentElement.classList.toggle(
			'handoff-chat-is-open',
			shown
		);
		launcher.setOpen( shown );
		writeItem(
			'sessionStorage',
			storageKeys.open( config.siteId ),
			shown ? '1' : null
		);
		controller.setPresent( shown );
	}

	const unsubscribe = controller.subscribe( render );
	autosize();

	const panel: ChatPanel = {
		controller,
		refs,
		open( focus = true ) {
			if ( open ) {
				return;
			}
			show( true );
			stickToBottom = true;
			render( controller.getState() );
			if ( focus ) {
				( refs.form.hidden ? refs.startNew : composer.field() ).focus( {
					preventScroll: true,
				} );
			}
			const token = options.resume;
			options.resume = undefined;
			// A resume link: its visitor first, then the conversation it names.
			void (
				token
					? offlineChunk()
							.then( ( m ) => m.resume( token, offlineContext ) )
							.catch( () => undefined )
					: Promise.resolve()
			).then( () => controller.start() );
		},
		close( restoreFocus = false ) {
			if ( ! open ) {
				return;
			}
			show( false );
			if ( restoreFocus ) {
				launcher.button.focus();
			}
		},
		toggle() {
			if ( open ) {
				panel.close( true );
			} else {
				panel.open();
			}
		},
		isOpen: () => open,
		destroy() {
			unsubscribe();
			attachments.destroy();
			controller.destroy();
			document.removeEventListener( 'visibilitychange', onVisibility );
			window.removeEventListener( 'pagehide', onPageHide );
			window.removeEventListener( 'pageshow', onPageShow );
			refs.panel.remove();
		},
	};
	return panel;
}
