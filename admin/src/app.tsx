/**
 * The app shell: reads the initial state, provides the API client and, for the
 * inbox, the one realtime connection. Shows the inbox, the Bot flows page, the
 * Advisors page, the network's Advisors page, Integrations or Reports (as PHP says in
 * `view`), or how to configure the plugin.
 */
import { Spinner } from '@wordpress/components';
import { lazy, Suspense, useMemo } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import { createApi, type HandoffApi } from './api';
import ConnectionStatus from './components/connection-status';
import FirstRunChecklist from './components/first-run-checklist';
import InboxScreen from './components/inbox-screen';
import NotConfigured from './components/not-configured';
import {
	RealtimeContext,
	ServicesContext,
	type Services,
} from './data/services';
import { useRealtimeConnection } from './data/use-realtime';
import type {
	HandoffChatAdminState,
	HandoffChatAdminView,
	HandoffChatChecklistState,
} from './global';
import './index.scss';

// The flow editor (and the validation library it needs) is a chunk of its own.
const FlowsScreen = lazy( () => import( './components/flows-screen' ) );
// Managers only, on their own page: the inbox never downloads it.
const AdvisorsScreen = lazy(
	() =>
		import(
			/* webpackChunkName: "advisors" */ './components/advisors-screen'
		)
);

// Network admins only: one Advisors screen per site of the network.
const NetworkAdvisorsScreen = lazy(
	() =>
		import(
			/* webpackChunkName: "network-advisors" */ './components/network-advisors'
		)
);

// Managers only: webhooks and API keys.
const IntegrationsScreen = lazy(
	() =>
		import(
			/* webpackChunkName: "integrations" */ './components/integrations-screen'
		)
);

// Managers only: the figures and charts (chart.js is a chunk of its own again, loaded by this screen).
const ReportsScreen = lazy(
	() =>
		import(
			/* webpackChunkName: "reports" */ './components/reports-screen'
		)
);

const TITLES: Record< HandoffChatAdminView, () => string > = {
	inbox: () => __( 'Conversations', 'handoff-chat' ),
	flows: () => __( 'Bot flows', 'handoff-chat' ),
	advisors: () => __( 'Advisors', 'handoff-chat' ),
	'network-advisors': () => __( 'Advisors of the network', 'handoff-chat' ),
	integrations: () => __( 'Integrations', 'handoff-chat' ),
	reports: () => __( 'Reports', 'handoff-chat' ),
};

function Loading() {
	return (
		<p className="handoff-chat-admin__loading">
			<Spinner />
			{ __( 'Loading…', 'handoff-chat' ) }
		</p>
	);
}

interface Props {
	state: HandoffChatAdminState;
	/** Injected in tests; built from the state otherwise. */
	api?: HandoffApi;
	/** False when the page already wraps the root in `.wrap`. */
	wrap?: boolean;
}

function Connected( {
	services,
	settingsUrl,
	advisorsUrl,
	checklist,
}: {
	services: Services;
	settingsUrl: string;
	advisorsUrl: string;
	checklist: HandoffChatChecklistState | null;
} ) {
	const realtime = useRealtimeConnection( services.api, true );
	return (
		<RealtimeContext.Provider value={ realtime }>
			<Header>
				<ConnectionStatus />
			</Header>
			<InboxScreen
				settingsUrl={ settingsUrl }
				advisorsUrl={ advisorsUrl }
				checklist={ checklist }
			/>
		</RealtimeContext.Provider>
	);
}

function Header( {
	view = 'inbox',
	children,
}: {
	view?: HandoffChatAdminView;
	children?: ReactNode;
} ) {
	return (
		<>
			<div className="handoff-chat-admin__header">
				<h1 className="wp-heading-inline">{ TITLES[ view ]() }</h1>
				{ children }
			</div>
			{ /* wp-admin moves its notices below this marker. */ }
			<hr className="wp-header-end" />
		</>
	);
}

export default function App( { state, api, wrap = true }: Props ) {
	const services = useMemo< Services >(
		() => ( {
			api:
				api ??
				createApi( {
					tokenPath: state.tokenPath,
					bridgeUrl: state.bridgeUrl,
					siteId: state.siteId,
					advisorsPath: state.advisorsPath,
					pagesPerPage: state.pagesPerPage,
				} ),
			user: state.user,
			canManage: state.canManage,
			bridgeUrl: state.bridgeUrl,
		} ),
		[
			api,
			state.tokenPath,
			state.bridgeUrl,
			state.siteId,
			state.advisorsPath,
			state.pagesPerPage,
			state.user,
			state.canManage,
		]
	);

	return (
		<div className={ `handoff-chat-admin${ wrap ? ' wrap' : '' }` }>
			<ServicesContext.Provider value={ services }>
				{ state.view === 'network-advisors' && (
					// Each site has its own settings: the network's main site being unconfigured stops none.
					<>
						<Header view="network-advisors" />
						<Suspense fallback={ <Loading /> }>
							<NetworkAdvisorsScreen
								sites={ state.sites }
								pagesPerPage={ state.pagesPerPage }
							/>
						</Suspense>
					</>
				) }
				{ ! state.configured && state.view !== 'network-advisors' && (
					<>
						<Header view={ state.view } />
						<NotConfigured settingsUrl={ state.settingsUrl } />
						{ state.view === 'inbox' && state.checklist && (
							// Step one first: the rest waits for the connection.
							<FirstRunChecklist
								checklist={ state.checklist }
								connected={ false }
								licensed={ false }
								conversations={ null }
								settingsUrl={ state.settingsUrl }
								advisorsUrl={ state.advisorsUrl }
							/>
						) }
					</>
				) }
				{ state.configured && state.view === 'flows' && (
					<>
						<Header view="flows" />
						<Suspense fallback={ <Loading /> }>
							<FlowsScreen starter={ state.starterFlow } />
						</Suspense>
					</>
				) }
				{ state.configured && state.view === 'advisors' && (
					<>
						<Header view="advisors" />
						<Suspense fallback={ <Loading /> }>
							<AdvisorsScreen />
						</Suspense>
					</>
				) }
				{ state.configured && state.view === 'integrations' && (
					<>
						<Header view="integrations" />
						<Suspense fallback={ <Loading /> }>
							<IntegrationsScreen />
						</Suspense>
					</>
				) }
				{ state.configured && state.view === 'reports' && (
					<>
						<Header view="reports" />
						<Suspense fallback={ <Loading /> }>
							<ReportsScreen timeZone={ state.timeZone } />
						</Suspense>
					</>
				) }
				{ state.configured && state.view === 'inbox' && (
					<Connected
						services={ services }
						settingsUrl={ state.settingsUrl }
						advisorsUrl={ state.advisorsUrl }
						checklist={ state.checklist }
					/>
				) }
			</ServicesContext.Provider>
		</div>
	);
}
