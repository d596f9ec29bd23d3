/** A small line that says when live updates are not flowing. */
import { __ } from '@wordpress/i18n';
import { useConnectionStatus } from '../../data/use-realtime';
import './index.scss';

export default function ConnectionStatus() {
	const status = useConnectionStatus();
	let text = '';
	if ( status === 'connecting' ) {
		text = __( 'Connecting…', 'handoff-chat' );
	} else if ( status === 'reconnecting' || status === 'offline' ) {
		text = __( 'Reconnecting…', 'handoff-chat' );
	} else if ( status === 'failed' ) {
		text = __(
			'Live updates are unavailable in this browser. Reload the page to see new messages.',
			'handoff-chat'
		);
	}
	// The live region stays in the DOM so screen readers hear the changes.
	return (
		<p className={ `handoff-chat-connection is-${ status }` } role="status">
			{ text && (
				<span
					className="handoff-chat-connection__dot"
					aria-hidden="true"
				/>
			) }
			{ text }
		</p>
	);
}
