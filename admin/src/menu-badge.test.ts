import { startMenuBadge } from './menu-badge';
import { selfResponse, stubApi } from './test-utils/fixtures';
import type { EventHandlers } from './data/realtime';

const STATE = {
	configured: true,
	bridgeUrl: 'https://bridge.test',
	siteId: 'site_test',
	tokenPath: '/handoff-chat/v1/advisor-token',
};

function menu() {
	document.body.innerHTML =
		'<li id="toplevel_page_handoff-chat"><a><div class="wp-menu-name">Conversations</div></a></li>';
}

const flush = () => new Promise( ( r ) => setTimeout( r, 0 ) );

describe( 'menu-badge entry', () => {
	it( 'renders the count from the summary, then follows inbox-summary events', async () => {
		menu();
		let handlers: EventHandlers = {};
		let resync = () => undefined as unknown;
		const subscribe = jest.fn(
			( _name: string, h: EventHandlers, onResync: () => void ) => {
				handlers = h;
				resync = onResync;
				return () => undefined;
			}
		);
		const createRealtime = jest.fn( () => ( {
			status: 'connected' as const,
			onStatus: () => () => undefined,
			subscribe,
			disconnect: jest.fn(),
		} ) );
		const api = stubApi( {
			getSummary: jest
				.fn()
				.mockResolvedValueOnce( { toHandle: 4 } )
				.mockResolvedValue( { toHandle: 6 } ),
			getRealtimeConfig: jest.fn().mockResolvedValue( {
				siteId: 'site_test',
				realtime: {
					key: 'k',
					wsHost: 'x',
					wsPort: 1,
					wssPort: 1,
					forceTLS: false,
					cluster: '',
				},
			} ),
		} );
		const stop = startMenuBadge( STATE, api, () =>
			Promise.resolve( { createRealtime } as never )
		);
		await flush();
		await flush();
		expect( document.querySelector( '.awaiting-mod' )?.outerHTML ).toBe(
			'<span class="awaiting-mod count-4"><span class="pending-count" aria-hidden="true">4</span></span>'
		);
		expect( subscribe.mock.calls[ 0 ][ 0 ] ).toBe(
			'private-inbox-site_test'
		);
		handlers[ 'inbox-summary' ]( { toHandle: 9, countedAt: 2000 } );
		expect( document.querySelector( '.pending-count' )?.textContent ).toBe(
			'9'
		);
		// Counted earlier by another bridge process, delivered later: the badge keeps 9.
		handlers[ 'inbox-summary' ]( { toHandle: 8, countedAt: 1000 } );
		expect( document.querySelector( '.pending-count' )?.textContent ).toBe(
			'9'
		);
		// A (re)subscription reads the count again over HTTP.
		resync();
		await flush();
		expect( document.querySelector( '.pending-count' )?.textContent ).toBe(
			'6'
		);
		stop();
	} );

	it( 'listens where /v1/advisors/me says, and follows it when the advisor’s rights change', async () => {
		menu();
		const handlers = new Map< string, EventHandlers >();
		const unsubscribed: string[] = [];
		const subscribe = jest.fn( ( name: string, h: EventHandlers ) => {
			handlers.set( name, h );
			return () => unsubscribed.push( name );
		} );
		const createRealtime = jest.fn( () => ( {
			status: 'connected' as const,
			onStatus: () => () => undefined,
			subscribe,
			disconnect: jest.fn(),
		} ) );
		const OWN = 'private-advisor-site_test-7';
		const api = stubApi( {
			getSummary: jest.fn().mockResolvedValue( { toHandle: 1 } ),
			getSelf: jest
				.fn()
				.mockResolvedValueOnce(
					selfResponse( { showBotConversations: false }, OWN )
				)
				.mockResolvedValue( selfResponse() ),
			getRealtimeConfig: jest.fn().mockResolvedValue( {
				siteId: 'site_test',
				realtime: { key: 'k' },
			} ),
		} );
		const stop = startMenuBadge( STATE, api, () =>
			Promise.resolve( { createRealtime } as never )
		);
		await flush();
		await flush();
		expect( subscribe.mock.calls.map( ( c ) => c[ 0 ] ) ).toEqual( [
			OWN,
		] );

		// Someone else: nothing changes.
		handlers.get( OWN )?.[ 'advisors-updated' ]( { advisorId: '12' } );
		await flush();
		expect( api.dropToken ).not.toHaveBeenCalled();

		handlers.get( OWN )?.[ 'advisors-updated' ]( { advisorId: '7' } );
		await flush();
		await flush();
		expect( api.dropToken ).toHaveBeenCalledTimes( 1 );
		expect( unsubscribed ).toEqual( [ OWN ] );
		expect( subscribe.mock.calls.map( ( c ) => c[ 0 ] ) ).toEqual( [
			OWN,
			'private-inbox-site_test',
		] );
		stop();
	} );

	it( 'keeps the count without realtime', async () => {
		menu();
		const api = stubApi( {
			getSummary: jest.fn().mockResolvedValue( { toHandle: 1 } ),
			getRealtimeConfig: jest
				.fn()
				.mockRejectedValue( new Error( 'down' ) ),
		} );
		const stop = startMenuBadge( STATE, api, () =>
			Promise.reject( new Error( 'x' ) )
		);
		await flush();
		await flush();
		expect( document.querySelector( '.pending-count' )?.textContent ).toBe(
			'1'
		);
		stop();
	} );
} );
