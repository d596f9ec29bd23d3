/**
 * Entry of the wp-admin app: mounts on the root that PHP prints on the
 * Conversations page, with the initial state PHP printed before this script.
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';
import App from './app';
import { readInitialState } from './initial-state';

domReady( () => {
	const root = document.getElementById( 'handoff-chat-admin' );
	if ( ! root ) {
		return;
	}
	createRoot( root ).render(
		<App
			state={ readInitialState( window.handoffChatAdmin ) }
			wrap={ ! root.closest( '.wrap' ) }
		/>
	);
} );
