/** The line under the reply box: what Enter does here, or how far over the limit it is. */
import { __, _n, sprintf } from '@wordpress/i18n';

export function replyHelp(
	remaining: number,
	noteMode: boolean,
	hasCanned: boolean
): string {
	if ( remaining < 0 ) {
		return sprintf(
			/* translators: %d: number of characters over the limit. */
			_n(
				'%d character too long.',
				'%d characters too long.',
				-remaining,
				'handoff-chat'
			),
			-remaining
		);
	}
	if ( noteMode ) {
		return __(
			'Private note: only advisors see it. Enter to add it.',
			'handoff-chat'
		);
	}
	if ( hasCanned ) {
		return __(
			'Enter to send, Shift+Enter for a new line, / for canned responses.',
			'handoff-chat'
		);
	}
	return __( 'Enter to send, Shift+Enter for a new line.', 'handoff-chat' );
}
