/**
 * The open conversation: header, message log, typing line and reply box, with the
 * visitor panel beside them when opened. Mounted once per conversation (the parent
 * keys it by id). Marks the conversation read while it is on screen.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import {
	useCallback,
	useEffect,
	useMemo,
	useRef,
	useState,
} from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { lastSeqOf } from '@handoff-chat/client-core/merge';
import type { AdvisorListItem } from '../../api';
import { useInboxSettings } from '../../data/use-inbox-settings';
import { useLicence } from '../../data/use-licence';
import { useMarkRead } from '../../data/use-mark-read';
import { useMessages } from '../../data/use-messages';
import { useOutbox } from '../../data/use-outbox';
import { useTypingIndicator, useTypingSender } from '../../data/use-typing';
import type { InboxItem } from '../../utils/inbox-list';
import { visitorDisplayName } from '../../utils/pseudonym';
import ConversationHeader from '../conversation-header';
import { licenceMessage } from '../licence-notice';
import MessageLog from '../message-log';
import ReplyBox from '../reply-box';
import VisitorPanel from '../visitor-panel';
import './index.scss';

const PANEL_KEY = 'handoff-chat:visitor-panel';

export interface PaneCommand {
	type: 'close' | 'note';
	/** Increases with every request, so the same command can come twice. */
	n: number;
}

interface Props {
	conversationId: string;
	/** The list's copy, shown until the bridge's answer arrives. */
	initial: InboxItem | null;
	/**
	 * The conversation as the list holds it now, if it does: the list re-reads names when
	 * variables or the name template change, so its visitor name wins over this pane's copy.
	 */
	listed?: InboxItem | null;
	onBack: () => void;
	online?: boolean;
	advisors?: AdvisorListItem[];
	/** The conversation as an HTTP answer (PATCH) returned it: the list updates too. */
	onConversationChange?: ( c: InboxItem ) => void;
	onRead?: ( id: string, seq: number ) => void;
	/** Keyboard shortcuts (Alt+C, Alt+N) arrive here. */
	command?: PaneCommand | null;
	/** A manager deleted it from the header: the list drops it and the pane closes. */
	onDeleted?: ( id: string ) => void;
}

function readPanelOpen(): boolean {
	try {
		return window.localStorage.getItem( PANEL_KEY ) === '1';
	} catch {
		return false;
	}
}

const noop = () => undefined;

export default function ConversationPane( {
	conversationId,
	initial,
	listed = null,
	onBack,
	online = false,
	advisors = [],
	onConversationChange = noop,
	onRead = noop,
	command = null,
	onDeleted = noop,
}: Props ) {
	const thread = useMessages( conversationId, initial );
	const outbox = useOutbox( conversationId, thread.receive );
	const licence = useLicence();
	const { settings } = useInboxSettings();
	const typingIn = useTypingIndicator( conversationId );
	const typingOut = useTypingSender( conversationId );
	const [ note, setNote ] = useState( false );
	const [ panelOpen, setPanelOpen ] = useState( readPanelOpen );
	const [ closeRequest, setCloseRequest ] = useState( 0 );
	const headingId = `handoff-chat-heading-${ conversationId }`;
	const panelId = `handoff-chat-visitor-${ conversationId }`;
	const { status, error } = thread;
	const held = thread.conversation;
	const listedName = listed?.visitorName;
	const conversation = useMemo(
		() =>
			held && listedName !== undefined && listedName !== held.visitorName
				? { ...held, visitorName: listedName }
				: held,
		[ held, listedName ]
	);

	useMarkRead(
		conversationId,
		status === 'ready' ? lastSeqOf( thread.messages ) : 0,
		conversation?.lastReadSeq,
		onRead
	);

	// Shortcuts: a command seen once acts once.
	const seenCommand = useRef( command?.n ?? 0 );
	useEffect( () => {
		if ( ! command || command.n === seenCommand.current ) {
			return;
		}
		seenCommand.current = command.n;
		if ( command.type === 'close' ) {
			setCloseRequest( ( n ) => n + 1 );
		} else if ( licence.licensed ) {
			setNote( ( v ) => ! v );
		}
	}, [ command, licence.licensed ] );

	useEffect( () => {
		if ( ! licence.licensed ) {
			setNote( false );
		}
	}, [ licence.licensed ] );

	const togglePanel = () =>
		setPanelOpen( ( open ) => {
			try {
				window.localStorage.setItem( PANEL_KEY, open ? '0' : '1' );
			} catch {
				// Remembered for this page only.
			}
			return ! open;
		} );

	const { update } = thread;
	const onChange = useCallback(
		( c: InboxItem ) => {
			update( c );
			onConversationChange( c );
		},
		[ update, onConversationChange ]
	);

	if ( ! conversation && error ) {
		return (
			<section className="handoff-chat-conversation is-empty">
				<Notice status="error" isDismissible={ false }>
					{ error.message }
				</Notice>
				<Button variant="secondary" onClick={ onBack }>
					{ __( 'Back to the list', 'handoff-chat' ) }
				</Button>
			</section>
		);
	}

	const name = conversation ? visitorDisplayName( conversation ) : '';
	let typing: string | null = null;
	if ( typingIn.visitor ) {
		typing = __( 'Visitor is typing…', 'handoff-chat' );
	} else if ( typingIn.colleague ) {
		typing = sprintf(
			/* translators: %s: a colleague's name. */
			__( '%s is typing…', 'handoff-chat' ),
			typingIn.colleague
		);
	}

	return (
		<section
			className="handoff-chat-conversation"
			aria-labelledby={ conversation ? headingId : undefined }
		>
			{ conversation && (
				<ConversationHeader
					conversation={ conversation }
					headingId={ headingId }
					online={ online }
					advisors={ advisors }
					onBack={ onBack }
					onChange={ onChange }
					panelOpen={ panelOpen }
					panelId={ panelId }
					onTogglePanel={ togglePanel }
					closeRequest={ closeRequest }
					canTake={ licence.licensed }
					onDeleted={ () => onDeleted( conversationId ) }
				/>
			) }
			<div
				className={ `handoff-chat-conversation__body${
					panelOpen ? ' has-panel' : ''
				}` }
			>
				<div className="handoff-chat-conversation__thread">
					{ error && (
						<Notice
							status="warning"
							isDismissible={ false }
							actions={ [
								{
									label: __( 'Try again', 'handoff-chat' ),
									onClick: thread.catchUp,
								},
							] }
						>
							{ error.message }
						</Notice>
					) }
					{ status === 'loading' ? (
						<div className="handoff-chat-conversation__loading">
							<Spinner />
							<span>
								{ __( 'Loading messages…', 'handoff-chat' ) }
							</span>
						</div>
					) : (
						<MessageLog
							messages={ thread.messages }
							pending={ outbox.pending }
							onRetry={ outbox.retry }
							onDiscard={ outbox.discard }
							visitorName={ name || undefined }
							visitorLastReadSeq={
								conversation?.visitorLastReadSeq
							}
							hasOlder={ thread.hasOlder }
							loadingOlder={ thread.loadingOlder }
							onLoadOlder={ thread.loadOlder }
						/>
					) }
					<p
						className="handoff-chat-conversation__typing"
						aria-live="polite"
					>
						{ typing }
					</p>
					<ReplyBox
						id={ `handoff-chat-reply-${ conversationId }` }
						onSend={ outbox.send }
						note={ note }
						onNoteChange={ setNote }
						onSendNote={
							licence.licensed ? outbox.sendNote : undefined
						}
						notesUnavailable={
							licence.licensed ? null : licenceMessage()
						}
						onSendImage={ outbox.sendImage }
						onTyping={ typingOut }
						canned={ settings?.cannedResponses }
						emailTo={
							! online && conversation?.state !== 'closed'
								? conversation?.replyEmail
								: null
						}
						hint={
							conversation?.state === 'closed'
								? __(
										'This conversation is closed.',
										'handoff-chat'
									)
								: null
						}
					/>
				</div>
				{ panelOpen && conversation && (
					<VisitorPanel
						id={ panelId }
						conversation={ conversation }
						online={ online }
					/>
				) }
			</div>
		</section>
	);
}
