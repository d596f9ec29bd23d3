/**
 * The inbox: lists on the left, the open conversation on the right. On narrow
 * screens one pane shows at a time.
 */
import { __ } from '@wordpress/i18n';
import { isNotConfigured } from '../../api';
import { useInbox } from '../../data/use-inbox';
import { useSelection } from '../../data/use-selection';
import { listLabel } from '../../utils/labels';
import ConversationList from '../conversation-list';
import ConversationPane from '../conversation-pane';
import ListFilter from '../list-filter';
import ListTabs from '../list-tabs';
import NotConfigured from '../not-configured';
import './index.scss';

const PANEL_ID = 'handoff-chat-list-panel';
const TAB_PREFIX = 'handoff-chat-tab';

export default function InboxScreen( {
	settingsUrl,
}: {
	settingsUrl: string;
} ) {
	const inbox = useInbox();
	const [ selectedId, select ] = useSelection();

	if ( isNotConfigured( inbox.error ) ) {
		return <NotConfigured settingsUrl={ settingsUrl } />;
	}

	const selected =
		inbox.conversations.find( ( c ) => c.id === selectedId ) ?? null;

	return (
		<div
			className={ `handoff-chat-inbox${ selectedId ? ' has-selection' : '' }` }
		>
			<div className="handoff-chat-inbox__panes">
				<nav
					className="handoff-chat-inbox__sidebar"
					aria-label={ __( 'Conversations', 'handoff-chat' ) }
				>
					<ListTabs
						value={ inbox.list }
						counts={ inbox.counts }
						onChange={ inbox.setList }
						panelId={ PANEL_ID }
						idPrefix={ TAB_PREFIX }
					/>
					<div
						className="handoff-chat-inbox__list"
						id={ PANEL_ID }
						role="tabpanel"
						aria-labelledby={ `${ TAB_PREFIX }-${ inbox.list }` }
					>
						<div className="handoff-chat-inbox__filter">
							<ListFilter
								value={ inbox.filter }
								onChange={ inbox.setFilter }
							/>
						</div>
						<ConversationList
							conversations={ inbox.conversations }
							selectedId={ selectedId }
							status={ inbox.status }
							error={ inbox.error }
							hasMore={ inbox.hasMore }
							loadingMore={ inbox.loadingMore }
							filtered={ inbox.filter !== 'all' }
							label={ listLabel( inbox.list ) }
							onSelect={ select }
							onLoadMore={ inbox.loadMore }
							onRetry={ inbox.refresh }
						/>
					</div>
				</nav>
				<div className="handoff-chat-inbox__main">
					{ selectedId ? (
						<ConversationPane
							key={ selectedId }
							conversationId={ selectedId }
							initial={ selected }
							onBack={ () => select( null ) }
						/>
					) : (
						<p className="handoff-chat-inbox__placeholder">
							{ __(
								'Select a conversation to read it and reply.',
								'handoff-chat'
							) }
						</p>
					) }
				</div>
			</div>
		</div>
	);
}
