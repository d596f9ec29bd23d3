/**
 * Entry printed on every wp-admin page for advisors: keeps the orange count of
 * conversations to handle on the "Conversations" menu item. It reads
 * `/v1/inbox/summary`, then listens to the inbox channel `/v1/advisors/me` names
 * (pusher-js, loaded in a chunk of its own after the first count) and reads the count
 * again from `inbox-summary` events. When the bridge says this advisor's rights changed,
 * it drops the token, asks /me again and follows the channel it names. On the inbox page the app already holds a connection and renders the same
 * markup (data/use-summary.ts), so this script stands aside there.
 */
import domReady from '@wordpress/dom-ready';
import { EVENTS, inboxChannel } from '@handoff-chat/contracts/channels';
import type { InboxSummary } from '@handoff-chat/contracts';
import { latestSummary } from '@handoff-chat/client-core/summary';
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
	// Counts from several bridge processes may arrive out of order: the one read last wins.
	const latest = latestSummary();
	let timer: ReturnType< typeof setTimeout > | null = null;
	let unsubscribe: ( () => void ) | null = null;
	let disconnect: ( () => void ) | null = null;
	// Without an answer from /me (an older bridge), the site's inbox channel.
	const self = () =>
		api.getSelf().then(
			( r ) => r,
			() => null
		);

	const refresh = () =>
		api.getSummary().then(
			( s ) =>
				! stopped && latest.take( s ) && renderMenuBadge( s.toHandle ),
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
				: Promise.all( [
						api.getRealtimeConfig(),
						loadRealtime(),
						self(),
					] )
		)
		.then( ( loaded ) => {
			if ( ! loaded || stopped ) {
				return;
			}
			const [ config, { createRealtime }, me ] = loaded;
			const connection = createRealtime(
				config.realtime,
				api.authorizeChannel
			);
			connection.onStatus( ( s ) => {
				live = s === 'connected';
			} );
			disconnect = () => connection.disconnect();
			let channel = '';
			const listen = ( name: string ) => {
				if ( name === channel || stopped ) {
					return;
				}
				unsubscribe?.();
				channel = name;
				unsubscribe = connection.subscribe(
					name,
					{
						[ EVENTS.inboxSummary ]: (
							s: Partial< InboxSummary >
						) => {
							if ( typeof s?.toHandle !== 'number' ) {
								refreshSoon();
							} else if ( latest.take( s ) ) {
								renderMenuBadge( s.toHandle );
							}
						},
						[ EVENTS.conversationCreated ]: refreshSoon,
						[ EVENTS.advisorsUpdated ]: ( d: {
							advisorId?: unknown;
						} ) => {
							if (
								me &&
								String( d?.advisorId ?? '' ) === me.advisor.id
							) {
								api.dropToken();
								void self().then( ( r ) => {
									listen( r?.inboxChannel ?? channel );
									refresh();
								} );
							}
						},
					},
					// Events may have been missed while (re)connecting.
					refresh
				);
			};
			listen( me?.inboxChannel ?? inboxChannel( config.siteId ) );
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
