/**
 * Front-end entry of the widget block (its `viewScript`): mounts the launcher for the
 * block's markup. Kept tiny; see launcher.ts.
 */
import { MOUNT_SELECTOR, readConfig } from './config';
import { mountLauncher } from './launcher';

function boot(): void {
	// The block allows one instance per page; a second copy (e.g. in a widget area) is ignored.
	const mount = document.querySelector( MOUNT_SELECTOR );
	const config = mount && readConfig( mount );
	if ( config && ! mount.hasAttribute( 'data-handoff-chat-ready' ) ) {
		mount.setAttribute( 'data-handoff-chat-ready', '' );
		mountLauncher( config );
	}
}

if ( document.readyState === 'loading' ) {
	document.addEventListener( 'DOMContentLoaded', boot );
} else {
	boot();
}
