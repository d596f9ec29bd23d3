/**
 * The inbox: toolbar on top, lists (or search results) on the left, the open
 * conversation on the right. On narrow screens one pane shows at a time. Holds what the
 * whole inbox shares: who the advisor is for the bridge (licence, Chatbot list, inbox
 * channel), licence gate, settings, colleagues, visitors online, the menu count,
 * notifications and keyboard shortcuts.
 */
import { SearchControl, Spinner } from '@wordpress/components';
import {
	lazy,
	Suspense,
	useCallback,
	useEffect,
	useRef,
	useState,
} from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { isNotConfigured } from '../../api';
import { useServices } from '../../data/services';
import {
	AdvisorSelfContext,
	useAdvisorSelf,
	useAdvisorSelfState,
} from '../../data/use-advisor-self';
import { useAdvisors } from '../../data/use-advisors';
import { useAway } from '../../data/use-away';
import { useColleagues } from '../../data/use-colleagues';
import { useInbox } from '../../data/use-inbox';
import {
	InboxSettingsContext,
	useInboxSettingsState,
} from '../../data/use-inbox-settings';
import { LicenceContext, useLicenceState } from '../../data/use-licence';
import { useNotifier } from '../../data/use-notifier';
import { isVisitorOnline, useOnlineVisitors } from '../../data/use-online';
import { useSearch } from '../../data/use-search';
import { useSelection } from '../../data/use-selection';
import { useShortcuts, type ShortcutAction } from '../../data/use-shortcuts';
import { useConnectionStatus } from '../../data/use-realtime';
import { useInboxSummary } from '../../data/use-summary';
import type { HandoffChatChecklistState } from '../../global';
import { conversationTotal } from '../../utils/checklist';
import { listLabel } from '../../utils/labels';
import { visitorDisplayName, visitorPseudonym } from '../../utils/pseudonym';
import ConversationList from '../conversation-list';
import ConversationPane, { type PaneCommand } from '../conversation-pane';
import FirstRunChecklist from '../first-run-checklist';
import InboxToolbar from '../inbox-toolbar';
import LicenceNotice from '../licence-notice';
import ListFilter from '../list-filter';
import ListTabs, { LISTS } from '../list-tabs';
import NotConfigured from '../not-configured';
import SearchResults from '../search-results';
import './index.scss';

// Site managers only, and rarely: its validation code stays out of the inbox bundle.
const SettingsDialog = lazy(
	() =>
		import( /* webpackChunkName: "inbox-settings" */ '../settings-dialog' )
);

const PANEL_ID = 'handoff-chat-list-panel';
const TAB_PREFIX = 'handoff-chat-tab';
const WITHOUT_BOT = LISTS.filter( ( l ) => l !== 'bot' );

interface Props {
	settingsUrl: string;
	/** Conversations → Advisors: where managers grant licences ('' unknown). */
	advisorsUrl?: string;
	/** The first-run checklist's WordPress data (managers); null: no checklist. */
	checklist?: HandoffChatChecklistState | null;
}

export default function InboxScreen( props: Props ) {
	// Every inbox hook listens to the channel /v1/advisors/me names: provided above them.
	const self = useAdvisorSelfState();
	return (
		<AdvisorSelfContext.Provider value={ self }>
			<Inbox { ...props } />
		</AdvisorSelfContext.Provider>
	);
}

function Inbox( { settingsUrl, advisorsUrl = '', checklist = null }: Props ) {
	const { canManage = false } = useServices();
	const held = useAdvisorSelf();
	const me = held?.self?.advisor ?? null;
	const epoch = held?.epoch ?? 0;
	const [ selectedId, select ] = useSelection();
	const inbox = useInbox( {
		openId: selectedId,
		// Deleted by a manager elsewhere (or erased, or purged): its pane closes.
		onRemoved: ( id ) => id === selectedId && select( null ),
	} );
	const licence = useLicenceState( me ? me.licensed : null );
	const lists = me?.showBotConversations === false ? WITHOUT_BOT : LISTS;
	const settings = useInboxSettingsState();
	const search = useSearch();
	const online = useOnlineVisitors();
	const colleagues = useColleagues();
	const away = useAway();
	const { advisors } = useAdvisors();
	const [ settingsOpen, setSettingsOpen ] = useState( false );
	const [ command, setCommand ] = useState< PaneCommand | null >( null );
	const realtimeStatus = useConnectionStatus();
	useInboxSummary();

	// The Chatbot list was taken away while shown: back to live chats.
	const { list, setList } = inbox;
	useEffect( () => {
		if ( ! lists.includes( list ) ) {
			setList( 'live' );
		}
	}, [ lists, list, setList ] );

	const { conversations } = inbox;
	// Names outlive the list on screen: a conversation that moved to another tab (the bot
	// handing it over) is still announced by the name the advisor knows.
	const names = useRef( new Map< string, string >() );
	useEffect( () => {
		for ( const c of conversations ) {
			// A realtime copy carries no name: keep the one HTTP gave.
			if ( c.visitorName !== undefined || ! names.current.has( c.id ) ) {
				names.current.set( c.id, visitorDisplayName( c ) );
			}
		}
	}, [ conversations ] );
	const nameOf = useCallback(
		( id: string, visitorId: string ) =>
			names.current.get( id ) ?? visitorPseudonym( visitorId ),
		[]
	);
	const notifier = useNotifier( {
		openId: selectedId,
		nameOf,
		onOpen: select,
	} );

	useShortcuts( ( action: ShortcutAction ) => {
		if ( action === 'next' || action === 'previous' ) {
			const ids = search.active
				? search.results.map( ( r ) => r.conversation.id )
				: conversations.map( ( c ) => c.id );
			if ( ids.length === 0 ) {
				return;
			}
			const at = selectedId ? ids.indexOf( selectedId ) : -1;
			let next: number;
			if ( at < 0 ) {
				next = action === 'next' ? 0 : ids.length - 1;
			} else {
				next =
					action === 'next'
						? Math.min( at + 1, ids.length - 1 )
						: Math.max( at - 1, 0 );
			}
			select( ids[ next ] );
			return;
		}
		if ( selectedId ) {
			setCommand( ( c ) => ( { type: action, n: ( c?.n ?? 0 ) + 1 } ) );
		}
	} );

	if ( isNotConfigured( inbox.error ) ) {
		return <NotConfigured settingsUrl={ settingsUrl } />;
	}

	const selected = conversations.find( ( c ) => c.id === selectedId ) ?? null;
	const selectedSearch =
		search.results.find( ( r ) => r.conversation.id === selectedId )
			?.conversation ?? null;
	const initial = selected ?? selectedSearch;

	return (
		<LicenceContext.Provider value={ licence }>
			<InboxSettingsContext.Provider value={ settings }>
				{ checklist && (
					<FirstRunChecklist
						checklist={ checklist }
						connected={
							realtimeStatus === 'connected' &&
							inbox.status === 'ready'
						}
						licensed={ me?.licensed === true }
						conversations={ conversationTotal( inbox.counts ) }
						settingsUrl={ settingsUrl }
						advisorsUrl={ advisorsUrl }
					/>
				) }
				<div
					className={ `handoff-chat-inbox${ selectedId ? ' has-selection' : '' }` }
				>
					<InboxToolbar
						colleagues={ colleagues }
						notifier={ notifier }
						canManage={ canManage }
						onOpenSettings={ () => setSettingsOpen( true ) }
						botConversations={ lists.includes( 'bot' ) }
						away={ away }
					/>
					{ ! licence.licensed && (
						<LicenceNotice
							className="handoff-chat-inbox__licence"
							explain
							advisorsUrl={ canManage ? advisorsUrl : '' }
						/>
					) }
					<div className="handoff-chat-inbox__panes">
						<nav
							className="handoff-chat-inbox__sidebar"
							aria-label={ __( 'Conversations', 'handoff-chat' ) }
						>
							<div className="handoff-chat-inbox__search">
								<SearchControl
									label={ __(
										'Search conversations',
										'handoff-chat'
									) }
									placeholder={ __(
										'Search messages and visitors',
										'handoff-chat'
									) }
									value={ search.query }
									onChange={ search.setQuery }
									__nextHasNoMarginBottom
								/>
							</div>
							{ search.active ? (
								<SearchResults
									search={ search }
									selectedId={ selectedId }
									onSelect={ select }
								/>
							) : (
								<>
									<ListTabs
										value={ inbox.list }
										lists={ lists }
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
											conversations={ conversations }
											selectedId={ selectedId }
											status={ inbox.status }
											error={ inbox.error }
											hasMore={ inbox.hasMore }
											loadingMore={ inbox.loadingMore }
											filtered={ inbox.filter !== 'all' }
											label={ listLabel( inbox.list ) }
											online={ online }
											onSelect={ select }
											onLoadMore={ inbox.loadMore }
											onRetry={ inbox.refresh }
										/>
									</div>
								</>
							) }
						</nav>
						<div className="handoff-chat-inbox__main">
							{ selectedId ? (
								<ConversationPane
									// New rights (a licence revoked) read the conversation afresh.
									key={ `${ selectedId }:${ epoch }` }
									conversationId={ selectedId }
									initial={ initial }
									listed={ selected }
									onBack={ () => select( null ) }
									online={
										initial
											? isVisitorOnline( initial, online )
											: false
									}
									advisors={ advisors }
									onConversationChange={ inbox.applyLocal }
									onRead={ inbox.markReadLocal }
									command={ command }
									onDeleted={ ( id ) => {
										inbox.removeLocal( id );
										select( null );
									} }
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
					{ settingsOpen && (
						<Suspense fallback={ <Spinner /> }>
							<SettingsDialog
								onClose={ () => setSettingsOpen( false ) }
							/>
						</Suspense>
					) }
				</div>
			</InboxSettingsContext.Provider>
		</LicenceContext.Provider>
	);
}
