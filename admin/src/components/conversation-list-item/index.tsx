import type { Conversation } from '@handoff-chat/contracts';
import { __ } from '@wordpress/i18n';
import { previewAuthorLabel } from '../../utils/labels';
import { visitorPseudonym } from '../../utils/pseudonym';
import { formatDateTime, formatRelativeTime } from '../../utils/relative-time';
import StateBadge from '../state-badge';

interface Props {
	conversation: Conversation;
	selected: boolean;
	now: number;
	onSelect: ( id: string ) => void;
}

export default function ConversationListItem( {
	conversation: c,
	selected,
	now,
	onSelect,
}: Props ) {
	const when = c.lastMessageAt ?? c.updatedAt;
	const author = previewAuthorLabel( c.lastMessageAuthorType );
	return (
		<li className="handoff-chat-list__row">
			<button
				type="button"
				className={ `handoff-chat-item${ selected ? ' is-selected' : '' } is-${ c.state }` }
				aria-current={ selected ? 'true' : undefined }
				data-conversation-id={ c.id }
				onClick={ () => onSelect( c.id ) }
			>
				<span className="handoff-chat-item__top">
					<span className="handoff-chat-item__name">
						{ visitorPseudonym( c.visitorId ) }
					</span>
					<time
						className="handoff-chat-item__time"
						dateTime={ when }
						title={ formatDateTime( when ) }
					>
						{ formatRelativeTime( when, now ) }
					</time>
				</span>
				<span className="handoff-chat-item__preview">
					{ c.lastMessagePreview ? (
						<>
							{ author && (
								<span className="handoff-chat-item__author">
									{ author }{ ' ' }
								</span>
							) }
							{ c.lastMessagePreview }
						</>
					) : (
						<em>{ __( 'No messages yet', 'handoff-chat' ) }</em>
					) }
				</span>
				<span className="handoff-chat-item__meta">
					<StateBadge state={ c.state } />
					{ c.pageTitle && (
						<span className="handoff-chat-item__page">
							{ c.pageTitle }
						</span>
					) }
				</span>
			</button>
		</li>
	);
}
