/** Renders components inside the app's contexts with a stub API and a fake realtime connection. */
import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import type { HandoffApi } from '../api';
import type { EventHandlers, RealtimeConnection } from '../data/realtime';
import { RealtimeContext, ServicesContext } from '../data/services';
import { advisor } from './fixtures';

export interface FakeRealtime {
	connection: RealtimeConnection;
	/** Delivers an event to every handler bound on the channel. */
	emit: ( channel: string, event: string, data: unknown ) => void;
	/** Simulates a (re)subscription: every consumer of the channel resyncs. */
	resync: ( channel: string ) => void;
	channels: () => string[];
}

export function fakeRealtime(): FakeRealtime {
	const subs = new Set< {
		name: string;
		handlers: EventHandlers;
		onResync: () => void;
	} >();
	return {
		connection: {
			status: 'connected',
			onStatus: () => () => undefined,
			subscribe( name, handlers, onResync ) {
				const sub = { name, handlers, onResync };
				subs.add( sub );
				return () => subs.delete( sub );
			},
			disconnect: () => undefined,
		},
		emit( channel, event, data ) {
			[ ...subs ]
				.filter( ( s ) => s.name === channel )
				.forEach( ( s ) => s.handlers[ event ]?.( data ) );
		},
		resync( channel ) {
			[ ...subs ]
				.filter( ( s ) => s.name === channel )
				.forEach( ( s ) => s.onResync() );
		},
		channels: () => [ ...new Set( [ ...subs ].map( ( s ) => s.name ) ) ],
	};
}

/** `rerender( ui )` keeps the same contexts. */
export function renderWithServices(
	ui: ReactElement,
	{
		api,
		realtime = null,
		canManage = false,
	}: { api: HandoffApi; realtime?: FakeRealtime | null; canManage?: boolean }
) {
	const wrapper = ( { children }: { children: ReactNode } ) => (
		<ServicesContext.Provider
			value={ {
				api,
				user: advisor,
				canManage,
				bridgeUrl: 'https://bridge.test',
			} }
		>
			<RealtimeContext.Provider
				value={ {
					connection: realtime?.connection ?? null,
					siteId: realtime ? 'site_test' : null,
					status: 'connected',
				} }
			>
				{ children }
			</RealtimeContext.Provider>
		</ServicesContext.Provider>
	);
	return render( ui, { wrapper } );
}
