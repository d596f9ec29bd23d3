import { __ } from '@wordpress/i18n';
import { previewAuthorLabel } from '../../utils/labels';
import { conversationPreview } from '../../utils/message-preview';
import type { InboxItem } from '../../utils/inbox-list';
import { visitorDisplayName } from '../../utils/pseudonym';
import { formatDateTime, formatRelativeTime } from '../../utils/relative-time';
import AdvisorAvatar from '../advisor-avatar';
import RatingBadge from '../rating-badge';
import ReplyEmailBadge from '../reply-email-badge';
import StateBadge from '../state-badge';
import VisitorAvatar from '../visitor-avatar';

interface Props {
	conversation: InboxItem;
	selected: boolean;
	online: boolean;
	now: number;
	onSelect: ( id: string ) => void;
}

/** One row of the list (its <li> belongs to the windowed list): a button, fixed height. */
export default function ConversationListItem( {
	conversation: c,
	selected,
	online,
	now,
	onSelect,
}: Props ) {
	const when = c.lastMessageAt ?? c.updatedAt;
	const author = previewAuthorLabel( c.lastMessageAuthorType );
	const unread = !! c.unread;
	const preview = conversationPreview( c );
	const classes = [
		'handoff-chat-item',
		`is-${ c.state }`,
		selected ? 'is-selected' : '',
		unread ? 'is-unread' : '',
	]
		.filter( Boolean )
		.join( ' ' );
	return (
		<button
			type="button"
			className={ classes }
			aria-current={ selected ? 'true' : undefined }
			data-conversation-id={ c.id }
			onClick={ () => onSelect( c.id ) }
		>
			<VisitorAvatar
				visitorId={ c.visitorId }
				visitorName={ c.visitorName }
				online={ online }
				unanswered={ !! c.unanswered }
			/>
			<span className="handoff-chat-item__body">
				<span className="handoff-chat-item__top">
					<span className="handoff-chat-item__name">
						{ visitorDisplayName( c ) }
					</span>
					{ unread && (
						<span className="screen-reader-text">
							{ __( 'Unread', 'handoff-chat' ) }
						</span>
					) }
					<time
						className="handoff-chat-item__time"
						dateTime={ when }
						title={ formatDateTime( when ) }
					>
						{ formatRelativeTime( when, now ) }
					</time>
				</span>
				<span className="handoff-chat-item__preview">
					{ preview ? (
						<>
							{ author && (
								<span className="handoff-chat-item__author">
									{ author }{ ' ' }
								</span>
							) }
							{ preview }
						</>
					) : (
						<em>{ __( 'No messages yet', 'handoff-chat' ) }</em>
					) }
				</span>
				<span className="handoff-chat-item__meta">
					<StateBadge state={ c.state } />
					<RatingBadge rating={ c.rating } compact />
					<ReplyEmailBadge email={ c.replyEmail } compact />
					{ c.pageTitle && (
						<span className="handoff-chat-item__page">
							{ c.pageTitle }
						</span>
					) }
					{ c.assignedAdvisor && (
						<AdvisorAvatar
							name={ c.assignedAdvisor.name ?? '' }
							avatar={ c.assignedAdvisor.avatar }
							size={ 18 }
						/>
					) }
				</span>
			</span>
		</button>
	);
}
