/**
 * The visitor side panel (opened from the header): presence, where the chat started,
 * browser, first and last seen, sessions, then the editable variables.
 */
import { Spinner } from '@wordpress/components';
import { IDENTITY_VARIABLES } from '@handoff-chat/contracts';
import { __ } from '@wordpress/i18n';
import { useVisitor } from '../../data/use-visitor';
import type { InboxItem } from '../../utils/inbox-list';
import { formatDateTime } from '../../utils/relative-time';
import { safeHttpUrl } from '../../utils/safe-url';
import { describeUserAgent } from '../../utils/user-agent';
import PageLink from '../conversation-header/page-link';
import CustomerShop from '../customer-shop';
import VisitorVariables from '../visitor-variables';
import './index.scss';

interface Props {
	id: string;
	conversation: InboxItem;
	online: boolean;
}

export default function VisitorPanel( { id, conversation: c, online }: Props ) {
	const visitor = useVisitor( c.id );
	const v = visitor.visitor;
	const url = safeHttpUrl( c.pageUrl );
	const page = c.pageTitle || c.pageUrl;
	const headingId = `${ id }-heading`;
	// A known customer: WordPress vouched for this user id (never a value the visitor typed).
	const wpUserId = visitor.variables.find(
		( x ) => x.name === IDENTITY_VARIABLES.userId
	)?.value;
	return (
		<aside
			className="handoff-chat-visitor-panel"
			id={ id }
			aria-labelledby={ headingId }
		>
			<h3 id={ headingId }>{ __( 'Visitor', 'handoff-chat' ) }</h3>
			{ ! v && visitor.status === 'loading' && <Spinner /> }
			<dl className="handoff-chat-visitor-panel__details">
				<div>
					<dt>{ __( 'Status', 'handoff-chat' ) }</dt>
					<dd>
						<span
							className={ `handoff-chat-visitor-panel__presence${
								online ? ' is-online' : ''
							}` }
						>
							{ online
								? __( 'Online now', 'handoff-chat' )
								: __( 'Offline', 'handoff-chat' ) }
						</span>
					</dd>
				</div>
				{ page && (
					<div>
						<dt>{ __( 'Chat started on', 'handoff-chat' ) }</dt>
						<dd>
							{ url ? (
								<PageLink href={ url } title={ c.pageUrl }>
									{ page }
								</PageLink>
							) : (
								page
							) }
						</dd>
					</div>
				) }
				{ v && (
					<>
						<div>
							<dt>{ __( 'Browser', 'handoff-chat' ) }</dt>
							<dd title={ v.userAgent ?? undefined }>
								{ describeUserAgent( v.userAgent ) ??
									__( 'Unknown', 'handoff-chat' ) }
							</dd>
						</div>
						<div>
							<dt>{ __( 'First seen', 'handoff-chat' ) }</dt>
							<dd>{ formatDateTime( v.firstSeenAt ) }</dd>
						</div>
						<div>
							<dt>{ __( 'Last seen', 'handoff-chat' ) }</dt>
							<dd>{ formatDateTime( v.lastSeenAt ) }</dd>
						</div>
						<div>
							<dt>{ __( 'Sessions', 'handoff-chat' ) }</dt>
							<dd>{ v.sessions }</dd>
						</div>
					</>
				) }
			</dl>
			<VisitorVariables conversationId={ c.id } visitor={ visitor } />
			{ wpUserId && <CustomerShop wpUserId={ wpUserId } /> }
		</aside>
	);
}
