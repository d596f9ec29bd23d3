/**
 * Entry of the wp-admin app: mounts on the root that PHP prints on the
 * Conversations page, with the initial state PHP printed before this script.
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';
import App from './app';
import { readInitialState } from './initial-state';
import { setClockSettings } from './utils/relative-time';
import { setSiteTimeZone } from './utils/site-time-zone';

domReady( () => {
	const root = document.getElementById( 'handoff-chat-admin' );
	if ( ! root ) {
		return;
	}
	const state = readInitialState( window.handoffChatAdmin );
	// Like wp.date.setSettings(): every time the app writes follows the site's format.
	setClockSettings( { timeFormat: state.timeFormat, locale: state.locale } );
	setSiteTimeZone( state.timeZone );
	createRoot( root ).render(
		<App state={ state } wrap={ ! root.closest( '.wrap' ) } />
	);
} );
