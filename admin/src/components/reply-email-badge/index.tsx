/**
 * "Reply by email": the visitor left an address (offline form, the transfer's fallback or
 * "get the answer by email"), so replies sent while they are away go out by email. An
 * envelope in the list, the envelope and the address in the conversation's header.
 */
import { Icon } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { envelope } from '@wordpress/icons';
import './index.scss';

interface Props {
	email: string | null | undefined;
	/** The list's badge; otherwise the address too. */
	compact?: boolean;
}

export const replyByEmailLabel = () => __( 'Reply by email', 'handoff-chat' );

export default function ReplyEmailBadge( { email, compact = false }: Props ) {
	if ( ! email ) {
		return null;
	}
	const label = replyByEmailLabel();
	return (
		<span
			className={ `handoff-chat-reply-email${
				compact ? ' is-compact' : ''
			}` }
			title={ sprintf(
				/* translators: %s: the visitor's email address. */
				__(
					'Replies are emailed to %s while the visitor is away.',
					'handoff-chat'
				),
				email
			) }
		>
			<Icon icon={ envelope } size={ 16 } />
			{ compact ? (
				<span className="screen-reader-text">{ label }</span>
			) : (
				<span>
					{ label }
					<span className="handoff-chat-reply-email__to">
						{ email }
					</span>
				</span>
			) }
		</span>
	);
}
