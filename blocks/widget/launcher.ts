/**
 * The floating launcher: the only part loaded on every page with the block, so it
 * imports no framework, no realtime client and no gettext (its names come translated in
 * the config). The panel comes as a lazy chunk on the first click (prefetched on hover or
 * focus), with its translations.
 */
import type {
	ChatPanel,
	LauncherHandle,
	PanelOptions,
} from './panel/chat-panel';
import type { WidgetConfig } from './config';
import { EXCLUDE_EMOJI } from './panel/emoji';
import { icon } from './panel/icons';
import { readItem, storageKeys } from './chat/storage';
import { consentBox, consentGiven, rememberConsent } from './consent';

export interface PanelModule {
	createChatPanel: ( options: PanelOptions ) => ChatPanel;
	/** The panel's translations (see panel/i18n.ts). */
	setLocaleData?: ( json: unknown ) => void;
	/** Gets the visitor's session ready while the pointer is still on its way to a click. */
	prepareChatPanel?: ( config: WidgetConfig ) => void;
}

export type PanelLoader = ( config: WidgetConfig ) => Promise< PanelModule >;

/**
 * The chunk and its translations side by side; without them (none, or the file is gone)
 * the panel speaks English rather than not opening.
 * @param config The widget's configuration.
 */
export const loadPanelChunk: PanelLoader = async ( config ) => {
	const translations = config.i18nUrl
		? fetch( config.i18nUrl )
				.then( ( r ) => ( r.ok ? r.json() : null ) )
				.catch( () => null )
		: null;
	const mod = await import(
		/* webpackChunkName: "widget/chat-panel" */ './panel/chat-panel'
	);
	const json = await translations;
	if ( json ) {
		mod.setLocaleData( json );
	}
	return mod;
};

export interface Launcher extends LauncherHandle {
	/** Loads the panel if needed and opens it (moving focus into it unless `focus` is false). */
	open: ( focus?: boolean ) => Promise< void >;
	toggle: () => Promise< void >;
	/** Starts downloading the panel without opening it. */
	prefetch: () => Promise< PanelModule | null >;
}

/** The address fragment that opens the chat on arrival (First_Run_Checklist::OPEN_HASH). */
export const OPEN_HASH = '#handoff-chat';

export function mountLauncher(
	config: WidgetConfig,
	loadPanel: PanelLoader = loadPanelChunk,
	parent: HTMLElement = document.body
): Launcher {
	// Outside the theme's markup: no transformed ancestor can break `position: fixed`.
	const root = document.createElement( 'div' );
	// The page's emoji replacement stays out: the widget's emoji are text (see panel/dom.ts).
	root.className = `handoff-chat handoff-chat--${ config.position } ${ EXCLUDE_EMOJI }`;

	const button = document.createElement( 'button' );
	button.type = 'button';
	button.className = 'handoff-chat-launcher';
	button.setAttribute( 'aria-expanded', 'false' );
	button.append(
		icon( 'chat', 'handoff-chat-icon handoff-chat-launcher__open' ),
		icon( 'close', 'handoff-chat-icon handoff-chat-launcher__close' )
	);
	const badge = document.createElement( 'span' );
	badge.className = 'handoff-chat-launcher__badge';
	badge.setAttribute( 'aria-hidden', 'true' );
	badge.hidden = true;
	button.appendChild( badge );
	root.appendChild( button );
	parent.appendChild( root );

	let isOpen = false;
	let unread = 0;
	let panel: ChatPanel | null = null;
	let loading: Promise< PanelModule | null > | null = null;
	// A resume link from an email (panel/offline.ts): that visitor's session comes first.
	const resume = /^#handoff-chat-resume=([\w.-]+)$/.exec(
		window.location.hash
	)?.[ 1 ];
	let prepared = !! resume;
	/** The consent step while it shows (config.consent, not agreed yet in this browser). */
	let consent: HTMLElement | null = null;
	const dismissConsent = ( focusButton: boolean ) => {
		consent?.remove();
		consent = null;
		button.removeAttribute( 'aria-controls' );
		launcher.setOpen( false );
		if ( focusButton ) {
			button.focus();
		}
	};

	// With unread messages, the panel (loaded by then, with its gettext) words the name.
	let unreadLabel = '';
	const label = () => {
		if ( isOpen ) {
			return config.labels.close;
		}
		return unread === 0 ? config.labels.open : unreadLabel;
	};
	const refresh = () => {
		button.setAttribute( 'aria-label', label() );
		button.setAttribute( 'aria-expanded', String( isOpen ) );
		root.classList.toggle( 'is-open', isOpen );
		badge.hidden = unread === 0 || isOpen;
		badge.textContent = unread > 9 ? '9+' : String( unread );
	};

	const launcher: Launcher = {
		root,
		button,
		setOpen( open ) {
			isOpen = open;
			refresh();
		},
		setUnread( count, name ) {
			unread = Math.max( 0, count );
			unreadLabel = name;
			refresh();
		},
		prefetch() {
			if ( ! loading ) {
				loading = loadPanel( config ).then(
					( mod ) => mod,
					() => {
						loading = null; // Offline or a redeploy: the next click tries again.
						return null;
					}
				);
			}
			// The chunk comes from the site; the visitor's session, from the bridge: only after consent.
			return loading.then( ( mod ) => {
				if ( mod && ! prepared && consentGiven( config ) ) {
					prepared = true;
					mod.prepareChatPanel?.( config );
				}
				return mod;
			} );
		},
		async open( focus = true ) {
			if ( ! consentGiven( config ) ) {
				if ( ! consent ) {
					consent = consentBox(
						config.consent!,
						() => {
							rememberConsent( config );
							dismissConsent( false );
							void launcher.open( true );
						},
						() => dismissConsent( true )
					);
					root.appendChild( consent );
					button.setAttribute( 'aria-controls', consent.id );
					launcher.setOpen( true );
				}
				if ( focus ) {
					consent
						.querySelector< HTMLElement >( '.handoff-chat-button' )
						?.focus();
				}
				return;
			}
			if ( ! panel ) {
				root.classList.add( 'is-loading' );
				button.setAttribute( 'aria-busy', 'true' );
				const mod = await launcher.prefetch();
				root.classList.remove( 'is-loading' );
				button.removeAttribute( 'aria-busy' );
				if ( ! mod ) {
					return;
				}
				panel ??= mod.createChatPanel( { config, launcher, resume } );
			}
			panel.open( focus );
		},
		async toggle() {
			if ( consent ) {
				dismissConsent( true );
			} else if ( panel?.isOpen() ) {
				panel.close( true );
			} else {
				await launcher.open();
			}
		},
	};

	button.addEventListener( 'click', () => void launcher.toggle() );
	button.addEventListener( 'pointerenter', () => void launcher.prefetch() );
	button.addEventListener( 'focus', () => void launcher.prefetch() );

	// A visitor with an open conversation: the hook for a badge before the panel is loaded.
	root.classList.toggle(
		'has-conversation',
		!! readItem( 'localStorage', storageKeys.active( config.siteId ) )
	);
	refresh();

	// A link to the page with #handoff-chat opens the chat (the inbox's "send yourself a
	// test message"), ready to type in.
	if ( resume || window.location.hash === OPEN_HASH ) {
		void launcher.open( true );
	} else if (
		// The panel stays open from page to page within the tab.
		readItem( 'sessionStorage', storageKeys.open( config.siteId ) ) === '1'
	) {
		void launcher.open( false );
	}
	return launcher;
}
