import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { createSiteApi } from '../../api';
import type { HandoffChatNetworkSite } from '../../global';
import { json } from '../../test-utils/fake-bridge';
import { advisorRecord, stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import NetworkAdvisorsScreen from '.';

const ORIGIN = 'https://net.test';

function site(
	id: string,
	name: string,
	path: string,
	over: Partial< HandoffChatNetworkSite > = {}
): HandoffChatNetworkSite {
	const home = `${ ORIGIN }/${ path }`;
	return {
		id,
		name,
		url: home,
		active: true,
		configured: true,
		bridgeUrl: 'https://bridge.test',
		siteId: `site_${ id }`,
		settingsUrl: `${ home }wp-admin/admin.php?page=handoff-chat-settings`,
		advisorsUrl: `${ home }wp-admin/admin.php?page=handoff-chat-advisors`,
		advisorsRestUrl: `${ home }wp-json/handoff-chat/v1/advisors`,
		tokenRestUrl: `${ home }wp-json/handoff-chat/v1/advisor-token`,
		...over,
	};
}

const MAIN = site( '1', 'Main', '' );
const SHOP = site( '2', 'Shop', 'shop/' );

/** WordPress of every site: each answers its own advisors at its own URLs. */
function network( refuse: string[] = [] ) {
	const apiFetch = jest.fn(
		( { url }: { url?: string } ): Promise< unknown > => {
			if ( refuse.some( ( r ) => url?.startsWith( r ) ) ) {
				return Promise.reject( {
					code: 'rest_forbidden',
					message: 'Sorry, you are not allowed to do that.',
					data: { status: 403 },
				} );
			}
			if ( url?.endsWith( '/advisors/sync' ) ) {
				const who = url.includes( '/shop/' ) ? 'Sam' : 'Léa';
				return Promise.resolve( {
					advisors: [ advisorRecord( '12', who ) ],
					licences: { granted: 1, quota: who === 'Sam' ? 3 : 5 },
				} );
			}
			return Promise.resolve( {
				token: 'token',
				expiresAt: '2999-01-01T00:00:00Z',
				bridgeUrl: 'https://bridge.test',
			} );
		}
	);
	const fetch = jest.fn( () => json( 503, {} ) );
	const apiFor = ( s: HandoffChatNetworkSite ) =>
		createSiteApi( s, {
			apiFetch,
			fetch: fetch as unknown as typeof globalThis.fetch,
		} );
	return { apiFetch, apiFor };
}

/** A Notice's text (wp.a11y also speaks it into a live region). */
const NOTICE = { selector: '.components-notice__content' };

const urlsOf = ( apiFetch: jest.Mock ) =>
	apiFetch.mock.calls.map( ( [ r ]: [ { url?: string } ] ) => r.url );

function setup( sites: HandoffChatNetworkSite[], refuse: string[] = [] ) {
	const net = network( refuse );
	renderWithServices(
		<NetworkAdvisorsScreen
			sites={ sites }
			apiFor={ net.apiFor }
			origin={ ORIGIN }
		/>,
		{ api: stubApi(), canManage: true }
	);
	return net;
}

describe( 'NetworkAdvisorsScreen', () => {
	it( 'shows one tab per site, each working on that site’s own routes', async () => {
		const { apiFetch } = setup( [ MAIN, SHOP ] );
		expect(
			screen.getByRole( 'tab', { name: 'Main · net.test' } )
		).toBeInTheDocument();
		const shopTab = screen.getByRole( 'tab', {
			name: 'Shop · net.test/shop',
		} );
		expect( await screen.findByText( 'Léa' ) ).toBeInTheDocument();
		expect(
			screen.getByText( '1 of 5 licences granted' )
		).toBeInTheDocument();
		expect( urlsOf( apiFetch ) ).toEqual( [
			`${ MAIN.advisorsRestUrl }/sync`,
		] );

		// The media library here is the network page's: no picture is picked for a site from it.
		expect(
			screen.queryByRole( 'button', { name: 'Choose a picture' } )
		).not.toBeInTheDocument();

		fireEvent.click( shopTab );
		expect( await screen.findByText( 'Sam' ) ).toBeInTheDocument();
		expect(
			screen.getByText( '1 of 3 licences granted' )
		).toBeInTheDocument();
		expect( screen.queryByText( 'Léa' ) ).not.toBeInTheDocument();
		expect( urlsOf( apiFetch ) ).toEqual( [
			`${ MAIN.advisorsRestUrl }/sync`,
			`${ SHOP.advisorsRestUrl }/sync`,
		] );
	} );

	it( 'keeps a single site’s screen, without a tab bar', async () => {
		setup( [ MAIN ] );
		expect( await screen.findByText( 'Léa' ) ).toBeInTheDocument();
		expect( screen.queryByRole( 'tab' ) ).not.toBeInTheDocument();
	} );

	it( 'says when a site is not configured or not active, with a link to its settings', async () => {
		const { apiFetch } = setup( [
			site( '4', 'Blog', 'blog/', { configured: false } ),
			site( '5', 'Old', 'old/', { active: false } ),
		] );
		expect(
			await screen.findByText(
				/This site is not connected to its bridge server yet/,
				NOTICE
			)
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'link', { name: 'Open this site’s settings' } )
		).toHaveAttribute(
			'href',
			`${ ORIGIN }/blog/wp-admin/admin.php?page=handoff-chat-settings`
		);
		fireEvent.click( screen.getByRole( 'tab', { name: /^Old/ } ) );
		expect(
			await screen.findByText(
				'Handoff Chat is not active on this site.',
				NOTICE
			)
		).toBeInTheDocument();
		expect( apiFetch ).not.toHaveBeenCalled();
	} );

	it( 'links to the site’s own Advisors page when WordPress refuses the calls (403)', async () => {
		setup( [ SHOP ], [ `${ ORIGIN }/shop/` ] );
		expect(
			await screen.findByText(
				/refused to manage this site’s advisors/,
				NOTICE
			)
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'link', {
				name: 'Open this site’s Advisors page',
			} )
		).toHaveAttribute( 'href', SHOP.advisorsUrl );
	} );

	it( 'links to a site on another domain instead of calling it', async () => {
		const { apiFetch } = setup( [
			site( '6', 'Other', '', {
				advisorsUrl:
					'https://other.test/wp-admin/admin.php?page=handoff-chat-advisors',
				advisorsRestUrl:
					'https://other.test/wp-json/handoff-chat/v1/advisors',
				tokenRestUrl:
					'https://other.test/wp-json/handoff-chat/v1/advisor-token',
			} ),
		] );
		expect(
			screen.getByRole( 'link', {
				name: 'Open this site’s Advisors page',
			} )
		).toHaveAttribute(
			'href',
			'https://other.test/wp-admin/admin.php?page=handoff-chat-advisors'
		);
		await waitFor( () => expect( apiFetch ).not.toHaveBeenCalled() );
	} );
} );
