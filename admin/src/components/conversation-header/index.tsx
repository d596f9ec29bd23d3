import { Button } from '@wordpress/components';
import { createInterpolateElement } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { arrowLeft } from '@wordpress/icons';
import type { Conversation } from '@handoff-chat/contracts';
import { visitorPseudonym } from '../../utils/pseudonym';
import { formatDateTime } from '../../utils/relative-time';
import { safeHttpUrl } from '../../utils/safe-url';
import StateBadge from '../state-badge';
import './index.scss';

interface Props {
	conversation: Conversation;
	headingId: string;
	/** Narrow screens show one pane at a time: this goes back to the list. */
	onBack: () => void;
}

export default function ConversationHeader( {
	conversation: c,
	headingId,
	onBack,
}: Props ) {
	const url = safeHttpUrl( c.pageUrl );
	const pageName = c.pageTitle || c.pageUrl;
	const started = formatDateTime( c.createdAt );
	return (
		<header className="handoff-chat-conversation-header">
			<Button
				className="handoff-chat-conversation-header__back"
				icon={ arrowLeft }
				label={ __( 'Back to the list', 'handoff-chat' ) }
				onClick={ onBack }
			/>
			<div className="handoff-chat-conversation-header__main">
				<div className="handoff-chat-conversation-header__title">
					<h2 id={ headingId }>
						{ visitorPseudonym( c.visitorId ) }
					</h2>
					<StateBadge state={ c.state } />
				</div>
				<p className="handoff-chat-conversation-header__meta">
					{ pageName
						? // The page name is placed as a React child, never parsed as markup.
							createInterpolateElement(
								sprintf(
									/* translators: %s: date and time the conversation started. <page /> is replaced by the title of the page the visitor was on. */
									__(
										'Started %s on <page />',
										'handoff-chat'
									),
									started
								),
								{
									page: url ? (
										<a
											href={ url }
											target="_blank"
											rel="noopener noreferrer"
											title={ c.pageUrl ?? undefined }
										>
											{ pageName }
											<span className="screen-reader-text">
												{ __(
													'(opens in a new tab)',
													'handoff-chat'
												) }
											</span>
										</a>
									) : (
										<span>{ pageName }</span>
									),
								}
							)
						: sprintf(
								/* translators: %s: date and time the conversation started. */
								__( 'Started %s', 'handoff-chat' ),
								started
							) }
				</p>
			</div>
		</header>
	);
}
