import { stubApi } from '../test-utils/fixtures';
import { fakeBridge, json } from '../test-utils/fake-bridge';
import type { HandoffChatNetworkSite } from '../global';
import { createApi, createSiteApi } from '.';

describe( 'createApi', () => {
	it( 'offers every call of HandoffApi over one token cache', async () => {
		const { options, apiFetch, fetch } = fakeBridge();
		const api = createApi( options );
		expect( Object.keys( api ).sort() ).toEqual(
			Object.keys( stubApi() ).sort()
		);
		fetch.mockImplementation( () =>
			json( 200, { flows: [], settings: {} } )
		);
		await api.listFlows();
		await api.getSettings();
		expect( apiFetch ).toHaveBeenCalledTimes( 1 );
	} );
} );

describe( 'createSiteApi', () => {
	const SHOP: HandoffChatNetworkSite = {
		id: '3',
		name: 'Shop',
		url: 'https://net.test/shop/',
		active: true,
		configured: true,
		bridgeUrl: 'https://bridge.test',
		siteId: 'site_shop',
		settingsUrl: 'https://net.test/shop/wp-admin/options-general.php',
		advisorsUrl: 'https://net.test/shop/wp-admin/admin.php',
		advisorsRestUrl:
			'https://net.test/shop/wp-json/handoff-chat/v1/advisors',
		tokenRestUrl:
			'https://net.test/shop/wp-json/handoff-chat/v1/advisor-token',
	};

	it( 'mints tokens and calls WordPress at that site’s absolute URLs, never a path of this one', async () => {
		const { options, fetch } = fakeBridge();
		const apiFetch = jest.fn< Promise< unknown >, [ unknown ] >();
		const api = createSiteApi( SHOP, {
			apiFetch,
			fetch: options.fetch,
			pagesPerPage: 5,
		} );
		apiFetch.mockImplementationOnce( () =>
			Promise.resolve( {
				token: 'shop-token',
				expiresAt: '2999-01-01T00:00:00Z',
				bridgeUrl: 'https://bridge.test',
				siteId: 'site_shop',
			} )
		);
		fetch.mockImplementation( () =>
			json( 200, { advisors: [], licences: { granted: 0, quota: 5 } } )
		);
		await api.getAdvisors();
		apiFetch.mockImplementation( () => Promise.resolve( [] ) );
		await api.syncAdvisors();
		await api.searchPages( 'menu' );
		await api.removeAdvisor( '12' );

		expect( apiFetch.mock.calls ).toEqual( [
			[ { url: SHOP.tokenRestUrl, method: 'POST' } ],
			[ { url: `${ SHOP.advisorsRestUrl }/sync`, method: 'POST' } ],
			[
				{
					url: 'https://net.test/shop/wp-json/wp/v2/pages?per_page=5&_fields=id,link,title&status=publish&search=menu',
					method: 'GET',
				},
			],
			[ { url: `${ SHOP.advisorsRestUrl }/12`, method: 'DELETE' } ],
		] );
		expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
			'https://bridge.test/v1/advisors'
		);
	} );
} );
