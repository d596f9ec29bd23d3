/**
 * The app shell: reads the initial state, provides the API client and, for the
 * inbox, the one realtime connection. Shows the inbox or the Bot flows page (as PHP
 * says in `view`), or how to configure the plugin.
 */
import { Spinner } from '@wordpress/components';
import { lazy, Suspense, useMemo } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import { createApi, type HandoffApi } from './api';
import ConnectionStatus from './components/connection-status';
import InboxScreen from './components/inbox-screen';
import NotConfigured from './components/not-configured';
import {
	RealtimeContext,
	ServicesContext,
	type Services,
} from './data/services';
import { useRealtimeConnection } from './data/use-realtime';
import type { HandoffChatAdminState, HandoffChatAdminView } from './global';
import './index.scss';

// The flow editor (and the validation library it needs) is a chunk of its own.
const FlowsScreen = lazy( () => import( './components/flows-screen' ) );

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
}: {
	services: Services;
	settingsUrl: string;
} ) {
	const realtime = useRealtimeConnection( services.api, true );
	return (
		<RealtimeContext.Provider value={ realtime }>
			<Header>
				<ConnectionStatus />
			</Header>
			<InboxScreen settingsUrl={ settingsUrl } />
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
				<h1 className="wp-heading-inline">
					{ view === 'flows'
						? __( 'Bot flows', 'handoff-chat' )
						: __( 'Conversations', 'handoff-chat' ) }
				</h1>
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
			state.user,
			state.canManage,
		]
	);

	return (
		<div className={ `handoff-chat-admin${ wrap ? ' wrap' : '' }` }>
			<ServicesContext.Provider value={ services }>
				{ ! state.configured && (
					<>
						<Header view={ state.view } />
						<NotConfigured settingsUrl={ state.settingsUrl } />
					</>
				) }
				{ state.configured && state.view === 'flows' && (
					<>
						<Header view="flows" />
						<Suspense
							fallback={
								<p className="handoff-chat-admin__loading">
									<Spinner />
									{ __( 'Loading…', 'handoff-chat' ) }
								</p>
							}
						>
							<FlowsScreen />
						</Suspense>
					</>
				) }
				{ state.configured && state.view === 'inbox' && (
					<Connected
						services={ services }
						settingsUrl={ state.settingsUrl }
					/>
				) }
			</ServicesContext.Provider>
		</div>
	);
}
