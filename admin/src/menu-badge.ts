/**
 * Entry printed on every wp-admin page for advisors: keeps the orange count of
 * conversations to handle on the "Conversations" menu item. It reads
 * `/v1/inbox/summary`, then listens to the inbox channel (pusher-js, loaded in a chunk
 * of its own after the first count) and reads the count again from `inbox-summary`
 * events. On the inbox page the app already holds a connection and renders the same
 * markup (data/use-summary.ts), so this script stands aside there.
 */
import domReady from '@wordpress/dom-ready';
import { EVENTS, inboxChannel } from '@handoff-chat/contracts/channels';
import type { InboxSummary } from '@handoff-chat/contracts';
import { createApi, isNotConfigured, type HandoffApi } from './api';
import type { HandoffChatMenuBadgeState } from './global';
import { renderMenuBadge } from './utils/menu-badge';

/** Without live updates (blocked websockets), read the count this often. */
const POLL_MS = 60_000;
const EVENT_DEBOUNCE_MS = 800;

export function startMenuBadge(
	state: HandoffChatMenuBadgeState,
	api: HandoffApi = createApi( {
		tokenPath: state.tokenPath,
		bridgeUrl: state.bridgeUrl,
		siteId: state.siteId,
	} ),
	loadRealtime = () =>
		import(
			/* webpackChunkName: "menu-badge-realtime" */ './data/realtime'
		)
): () => void {
	let stopped = false;
	let live = false;
	let timer: ReturnType< typeof setTimeout > | null = null;
	let unsubscribe: ( () => void ) | null = null;
	let disconnect: ( () => void ) | null = null;

	const refresh = () =>
		api.getSummary().then(
			( s ) => ! stopped && renderMenuBadge( s.toHandle ),
			( e: unknown ) => {
				if ( isNotConfigured( e ) ) {
					stop();
				}
			}
		);
	const refreshSoon = () => {
		if ( timer ) {
			clearTimeout( timer );
		}
		timer = setTimeout( refresh, EVENT_DEBOUNCE_MS );
	};

	const poll = setInterval( () => {
		if ( ! live && document.visibilityState === 'visible' ) {
			refresh();
		}
	}, POLL_MS );
	const onVisible = () => document.visibilityState === 'visible' && refresh();
	document.addEventListener( 'visibilitychange', onVisible );

	function stop() {
		stopped = true;
		clearInterval( poll );
		if ( timer ) {
			clearTimeout( timer );
		}
		document.removeEventListener( 'visibilitychange', onVisible );
		unsubscribe?.();
		disconnect?.();
	}

	refresh()
		.then( () =>
			stopped
				? null
				: Promise.all( [ api.getRealtimeConfig(), loadRealtime() ] )
		)
		.then( ( loaded ) => {
			if ( ! loaded || stopped ) {
				return;
			}
			const [ config, { createRealtime } ] = loaded;
			const connection = createRealtime(
				config.realtime,
				api.authorizeChannel
			);
			connection.onStatus( ( s ) => {
				live = s === 'connected';
			} );
			disconnect = () => connection.disconnect();
			unsubscribe = connection.subscribe(
				inboxChannel( config.siteId ),
				{
					[ EVENTS.inboxSummary ]: ( s: Partial< InboxSummary > ) => {
						if ( typeof s?.toHandle === 'number' ) {
							renderMenuBadge( s.toHandle );
						} else {
							refreshSoon();
						}
					},
					[ EVENTS.conversationCreated ]: refreshSoon,
				},
				// Events may have been missed while (re)connecting.
				refresh
			);
		} )
		.catch( () => undefined ); // Realtime unavailable: the poll keeps the count.

	return stop;
}

domReady( () => {
	const state = window.handoffChatMenuBadge;
	const app = window.handoffChatAdmin;
	if ( ! state?.configured || ! state.tokenPath ) {
		return;
	}
	// The inbox app keeps the count itself over its own connection.
	if ( app?.configured && app.view === 'inbox' ) {
		return;
	}
	startMenuBadge( state );
} );
