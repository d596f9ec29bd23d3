/**
 * The open conversation's header: who the visitor is (colour codes included), where the
 * chat started, and what an advisor can do with it: Take (unassigned), assign or
 * reassign to a colleague, Close (after a confirmation) or Reopen, the visitor panel, and
 * for site managers the transcript downloads and Delete (manage-menu.tsx).
 * The assigned advisor's avatar sits top right. Refusals (409) show inline.
 */
import {
	Button,
	Dropdown,
	MenuGroup,
	MenuItem,
	Notice,
} from '@wordpress/components';
import {
	createInterpolateElement,
	useEffect,
	useRef,
	useState,
} from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { arrowLeft, check, chevronDown, people } from '@wordpress/icons';
import type { PatchConversationBody } from '@handoff-chat/contracts';
import { errorMessage, type AdvisorListItem } from '../../api';
import { useServices } from '../../data/services';
import type { InboxItem } from '../../utils/inbox-list';
import { visitorDisplayName } from '../../utils/pseudonym';
import { formatDateTime } from '../../utils/relative-time';
import { safeHttpUrl } from '../../utils/safe-url';
import AdvisorAvatar from '../advisor-avatar';
import ConfirmDialog from '../confirm-dialog';
import RatingBadge from '../rating-badge';
import ReplyEmailBadge from '../reply-email-badge';
import StateBadge from '../state-badge';
import VisitorAvatar from '../visitor-avatar';
import ManageMenu from './manage-menu';
import PageLink from './page-link';
import './index.scss';

interface Props {
	conversation: InboxItem;
	headingId: string;
	online: boolean;
	/** Colleagues for "Assign to" (GET /v1/advisors). */
	advisors: AdvisorListItem[];
	/** Narrow screens show one pane at a time: this goes back to the list. */
	onBack: () => void;
	/** The conversation as the PATCH answered it. */
	onChange: ( c: InboxItem ) => void;
	panelOpen: boolean;
	panelId: string;
	onTogglePanel: () => void;
	/** Bumped by the Alt+C shortcut: asks to close (with the confirmation). */
	closeRequest?: number;
	/** False without an advisor licence: conversations cannot be assigned to them (no Take). */
	canTake?: boolean;
	/** The conversation was deleted from this header (managers' menu). */
	onDeleted?: () => void;
}

interface Assignee {
	id: string;
	name: string;
	avatar: string | null;
}

export default function ConversationHeader( {
	conversation: c,
	headingId,
	online,
	advisors,
	onBack,
	onChange,
	panelOpen,
	panelId,
	onTogglePanel,
	closeRequest = 0,
	canTake = true,
	onDeleted = () => undefined,
}: Props ) {
	const { api, user, canManage = false } = useServices();
	const [ busy, setBusy ] = useState( false );
	const [ problem, setProblem ] = useState< string | null >( null );
	const [ confirming, setConfirming ] = useState( false );
	const alive = useRef( true );
	useEffect(
		() => () => {
			alive.current = false;
		},
		[]
	);

	const closed = c.state === 'closed';
	useEffect( () => {
		if ( closeRequest > 0 && ! closed ) {
			setConfirming( true );
		}
		// eslint-disable-next-line react-hooks/exhaustive-deps -- only a new request opens it.
	}, [ closeRequest ] );

	const patch = ( body: PatchConversationBody ) => {
		setBusy( true );
		setProblem( null );
		api.patchConversation( c.id, body ).then(
			( next ) => {
				if ( alive.current ) {
					setBusy( false );
					onChange( next );
				}
			},
			( e: unknown ) => {
				if ( alive.current ) {
					setBusy( false );
					setProblem( errorMessage( e ) );
				}
			}
		);
	};

	const assignee = assigneeOf( c, advisors, user );
	const url = safeHttpUrl( c.pageUrl );
	const pageName = c.pageTitle || c.pageUrl;
	const started = formatDateTime( c.createdAt );
	const name = visitorDisplayName( c );

	return (
		<header className="handoff-chat-conversation-header">
			<div className="handoff-chat-conversation-header__row">
				<Button
					className="handoff-chat-conversation-header__back"
					icon={ arrowLeft }
					label={ __( 'Back to the list', 'handoff-chat' ) }
					onClick={ onBack }
				/>
				<VisitorAvatar
					visitorId={ c.visitorId }
					visitorName={ c.visitorName }
					online={ online }
					unanswered={ !! c.unanswered }
					size="large"
				/>
				<div className="handoff-chat-conversation-header__main">
					<div className="handoff-chat-conversation-header__title">
						<h2 id={ headingId }>{ name }</h2>
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
											<PageLink
												href={ url }
												title={ c.pageUrl }
											>
												{ pageName }
											</PageLink>
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
				<div
					className="handoff-chat-conversation-header__actions"
					role="group"
					aria-label={ __( 'Conversation actions', 'handoff-chat' ) }
				>
					{ canTake && ! closed && ! c.assignedAdvisorId && (
						<Button
							variant="primary"
							onClick={ () => patch( { type: 'take' } ) }
							disabled={ busy }
							__next40pxDefaultSize
						>
							{ __( 'Take', 'handoff-chat' ) }
						</Button>
					) }
					<AssignMenu
						advisors={ advisors }
						assignedId={ c.assignedAdvisorId }
						disabled={ busy }
						onAssign={ ( advisorId ) =>
							patch( { type: 'assign', advisorId } )
						}
					/>
					{ closed ? (
						<Button
							variant="secondary"
							onClick={ () => patch( { type: 'reopen' } ) }
							disabled={ busy }
							__next40pxDefaultSize
						>
							{ __( 'Reopen', 'handoff-chat' ) }
						</Button>
					) : (
						<Button
							variant="secondary"
							onClick={ () => setConfirming( true ) }
							disabled={ busy }
							aria-keyshortcuts="Alt+C"
							__next40pxDefaultSize
						>
							{ __( 'Close', 'handoff-chat' ) }
						</Button>
					) }
					<Button
						icon={ people }
						label={
							panelOpen
								? __( 'Hide visitor details', 'handoff-chat' )
								: __( 'Show visitor details', 'handoff-chat' )
						}
						isPressed={ panelOpen }
						aria-expanded={ panelOpen }
						aria-controls={ panelId }
						onClick={ onTogglePanel }
						__next40pxDefaultSize
					/>
					{ canManage && (
						<ManageMenu
							conversationId={ c.id }
							name={ name }
							disabled={ busy }
							onDeleted={ onDeleted }
							onProblem={ setProblem }
						/>
					) }
				</div>
				{ assignee && (
					<div className="handoff-chat-conversation-header__assignee">
						<AdvisorAvatar
							name={ assignee.name }
							avatar={ assignee.avatar }
							size={ 32 }
							label={ sprintf(
								/* translators: %s: the advisor's name. */
								__( 'Assigned to %s', 'handoff-chat' ),
								assignee.name ||
									__( 'an advisor', 'handoff-chat' )
							) }
						/>
					</div>
				) }
			</div>
			<RatingBadge rating={ c.rating } />
			{ c.replyEmail && c.state !== 'closed' && (
				<p className="handoff-chat-conversation-header__reply-email">
					<ReplyEmailBadge email={ c.replyEmail } />
				</p>
			) }
			{ problem && (
				<Notice
					status="warning"
					className="handoff-chat-conversation-header__problem"
					onRemove={ () => setProblem( null ) }
				>
					{ problem }
				</Notice>
			) }
			{ confirming && (
				<ConfirmDialog
					title={ __( 'Close this conversation?', 'handoff-chat' ) }
					confirmLabel={ __( 'Close conversation', 'handoff-chat' ) }
					destructive={ false }
					onCancel={ () => setConfirming( false ) }
					onConfirm={ () => {
						setConfirming( false );
						patch( { type: 'close' } );
					} }
				>
					<p>
						{ sprintf(
							/* translators: %s: the visitor's name or pseudonym. */
							__(
								'The conversation with %s moves to the Closed list. You can reopen it from there.',
								'handoff-chat'
							),
							name
						) }
					</p>
				</ConfirmDialog>
			) }
		</header>
	);
}

/** Why a colleague cannot be chosen, or that an assignment would wait for them to come back. */
function advisorInfo( a: AdvisorListItem ): string | undefined {
	if ( ! a.licensed ) {
		return __( 'No licence', 'handoff-chat' );
	}
	// Still assignable (a manager may hand a conversation over for later), but not there now.
	return a.away ? __( 'Away', 'handoff-chat' ) : undefined;
}

/** Who has the conversation, from the bridge's answer, the colleagues list or the user. */
function assigneeOf(
	c: InboxItem,
	advisors: AdvisorListItem[],
	user: { id: string; name: string; avatar: string }
): Assignee | null {
	if ( ! c.assignedAdvisorId ) {
		return null;
	}
	if ( c.assignedAdvisor && c.assignedAdvisor.id === c.assignedAdvisorId ) {
		return {
			id: c.assignedAdvisor.id,
			name: c.assignedAdvisor.name ?? '',
			avatar: c.assignedAdvisor.avatar,
		};
	}
	const known = advisors.find( ( a ) => a.id === c.assignedAdvisorId );
	if ( known ) {
		return { id: known.id, name: known.name, avatar: known.avatar };
	}
	if ( c.assignedAdvisorId === user.id ) {
		return { id: user.id, name: user.name, avatar: user.avatar };
	}
	return { id: c.assignedAdvisorId, name: '', avatar: null };
}

function AssignMenu( {
	advisors,
	assignedId,
	disabled,
	onAssign,
}: {
	advisors: AdvisorListItem[];
	assignedId: string | null;
	disabled: boolean;
	onAssign: ( advisorId: string | null ) => void;
} ) {
	return (
		<Dropdown
			className="handoff-chat-assign"
			popoverProps={ { placement: 'bottom-end' } }
			renderToggle={ ( { isOpen, onToggle } ) => (
				<Button
					variant="secondary"
					icon={ chevronDown }
					iconPosition="right"
					onClick={ onToggle }
					aria-expanded={ isOpen }
					aria-haspopup="true"
					disabled={ disabled }
					__next40pxDefaultSize
				>
					{ assignedId
						? __( 'Reassign', 'handoff-chat' )
						: __( 'Assign', 'handoff-chat' ) }
				</Button>
			) }
			renderContent={ ( { onClose } ) => (
				<div className="handoff-chat-assign__content">
					<MenuGroup label={ __( 'Assign to', 'handoff-chat' ) }>
						{ advisors.length === 0 && (
							<p className="handoff-chat-assign__empty">
								{ __(
									'No colleagues yet: advisors appear here once they have opened the inbox.',
									'handoff-chat'
								) }
							</p>
						) }
						{ advisors.map( ( a ) => (
							<MenuItem
								key={ a.id }
								icon={ a.id === assignedId ? check : undefined }
								isSelected={ a.id === assignedId }
								role="menuitemradio"
								disabled={ ! a.licensed }
								info={ advisorInfo( a ) }
								onClick={ () => {
									onClose();
									if ( a.id !== assignedId ) {
										onAssign( a.id );
									}
								} }
							>
								{ a.name }
							</MenuItem>
						) ) }
					</MenuGroup>
					{ assignedId && (
						<MenuGroup>
							<MenuItem
								onClick={ () => {
									onClose();
									onAssign( null );
								} }
							>
								{ __( 'Unassign', 'handoff-chat' ) }
							</MenuItem>
						</MenuGroup>
					) }
				</div>
			) }
		/>
	);
}
