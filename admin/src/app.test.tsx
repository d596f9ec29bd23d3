import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import App from './app';
import { readInitialState } from './initial-state';
import { stubApi } from './test-utils/fixtures';

// Screens are lazily loaded: the first import compiles their modules, slow on a busy machine.
const LAZY = { timeout: 15_000 };

describe( 'App', () => {
	it( 'shows how to configure the plugin instead of the inbox', () => {
		const state = readInitialState( {
			configured: false,
			settingsUrl: '/wp-admin/admin.php?page=handoff-chat-settings',
			user: { id: 1, name: 'Admin', avatar: '' },
		} );
		const api = stubApi();
		render( <App state={ state } api={ api } /> );
		expect(
			screen.getByRole( 'heading', { level: 1, name: 'Conversations' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'link', { name: 'Open the settings' } )
		).toHaveAttribute(
			'href',
			'/wp-admin/admin.php?page=handoff-chat-settings'
		);
		expect( api.listInbox ).not.toHaveBeenCalled();
	} );

	it( 'shows a manager the first-run checklist under the settings notice, connecting first', () => {
		const state = readInitialState( {
			configured: false,
			canManage: true,
			settingsUrl: '/wp-admin/admin.php?page=handoff-chat-settings',
			user: { id: 1, name: 'Admin', avatar: '' },
			checklist: {
				dismissed: false,
				blockPlaced: true,
				siteWide: false,
				newPageUrl: '/wp-admin/post-new.php?post_type=page',
				siteWideUrl: '/wp-admin/admin.php?page=handoff-chat-settings',
				testUrl: 'http://shop.test/contact/#handoff-chat',
			},
		} );
		expect( state.checklist?.dismissPath ).toBe(
			'/handoff-chat/v1/checklist'
		);
		render( <App state={ state } api={ stubApi() } /> );
		const checklist = screen.getByRole( 'region', {
			name: 'Get ready for your first chat',
		} );
		expect( checklist ).toHaveTextContent( 'To do: Connect to the bridge' );
		expect( checklist ).toHaveTextContent(
			'Done: Put the chat on your site'
		);
		expect( checklist ).toHaveTextContent( '1 of 4 steps done' );
	} );

	it( 'shows the Bot flows page when PHP says so, without opening realtime', async () => {
		const state = readInitialState( {
			view: 'flows',
			configured: true,
			user: { id: 1, name: 'Admin', avatar: '' },
		} );
		const api = stubApi( {
			listFlows: jest.fn().mockResolvedValue( [] ),
		} );
		render( <App state={ state } api={ api } /> );
		expect(
			screen.getByRole( 'heading', { level: 1, name: 'Bot flows' } )
		).toBeInTheDocument();
		expect(
			await screen.findByText( /^No flows yet/, {}, LAZY )
		).toBeInTheDocument();
		expect( api.listFlows ).toHaveBeenCalled();
		expect( api.getRealtimeConfig ).not.toHaveBeenCalled();
		expect( api.listInbox ).not.toHaveBeenCalled();
	} );

	it( 'shows the Advisors page when PHP says so: WordPress syncs first, no realtime', async () => {
		const state = readInitialState( {
			view: 'advisors',
			configured: true,
			canManage: true,
			user: { id: 1, name: 'Admin', avatar: '' },
		} );
		const api = stubApi();
		render( <App state={ state } api={ api } /> );
		expect(
			screen.getByRole( 'heading', { level: 1, name: 'Advisors' } )
		).toBeInTheDocument();
		expect(
			await screen.findByText(
				'Nobody can answer conversations yet. Invite a collaborator above.'
			)
		).toBeInTheDocument();
		expect( api.syncAdvisors ).toHaveBeenCalledTimes( 1 );
		expect( api.getRealtimeConfig ).not.toHaveBeenCalled();
		expect( api.listInbox ).not.toHaveBeenCalled();
	} );

	it( 'shows the network’s Advisors page with one tab per site, even when the main site is not configured', async () => {
		const state = readInitialState( {
			view: 'network-advisors',
			configured: false,
			canManage: true,
			user: { id: 1, name: 'Admin', avatar: '' },
			sites: [
				{ id: 1, name: 'Main', url: 'https://net.test/' },
				{ id: 2, name: 'Shop', url: 'https://net.test/shop/' },
				{ name: 'No id' },
			],
		} );
		expect( state.sites.map( ( s ) => s.id ) ).toEqual( [ '1', '2' ] );
		render( <App state={ state } api={ stubApi() } /> );
		expect(
			screen.getByRole( 'heading', {
				level: 1,
				name: 'Advisors of the network',
			} )
		).toBeInTheDocument();
		expect(
			await screen.findByRole( 'tab', { name: 'Shop · net.test/shop' } )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'link', { name: 'Open the settings' } )
		).not.toBeInTheDocument();
	} );

	it( 'shows the Reports page in WordPress’s time zone when PHP says so, without opening realtime', async () => {
		const state = readInitialState( {
			view: 'reports',
			configured: true,
			canManage: true,
			timeZone: 'America/New_York',
			user: { id: 1, name: 'Admin', avatar: '' },
		} );
		const api = stubApi( {
			// Never answers: the screen shows that it is loading.
			getReport: jest.fn( () => new Promise( () => {} ) ),
		} );
		render( <App state={ state } api={ api } /> );
		expect(
			screen.getByRole( 'heading', { level: 1, name: 'Reports' } )
		).toBeInTheDocument();
		expect(
			await screen.findByText( 'Loading the report…', {}, LAZY )
		).toBeInTheDocument();
		expect( api.getReport ).toHaveBeenCalledWith(
			expect.objectContaining( { timeZone: 'America/New_York' } )
		);
		expect( api.getRealtimeConfig ).not.toHaveBeenCalled();
		expect( api.listInbox ).not.toHaveBeenCalled();
	} );

	it( 'reads a missing or partial initial state safely', () => {
		expect( readInitialState( undefined ) ).toEqual( {
			view: 'inbox',
			configured: false,
			bridgeUrl: '',
			siteId: '',
			settingsUrl: '',
			tokenPath: '/handoff-chat/v1/advisor-token',
			user: { id: '', name: '', avatar: '' },
			canManage: false,
			advisorsPath: '/handoff-chat/v1/advisors',
			pagesPerPage: 100,
			advisorsUrl: '',
			timeFormat: '',
			locale: '',
			timeZone: 'UTC',
			sites: [],
			starterFlow: null,
			checklist: null,
		} );
		expect(
			readInitialState( { timeFormat: 'G \\h i', locale: 'fr_FR' } )
		).toMatchObject( { timeFormat: 'G \\h i', locale: 'fr_FR' } );
		expect(
			readInitialState( { configured: 'yes', user: { id: 5 } } ).user.id
		).toBe( '5' );
		expect( readInitialState( { configured: 'yes' } ).configured ).toBe(
			false
		);
		expect( readInitialState( { view: 'flows' } ).view ).toBe( 'flows' );
		expect( readInitialState( { view: 'other' } ).view ).toBe( 'inbox' );
		expect( readInitialState( { view: 'advisors' } ).view ).toBe(
			'advisors'
		);
		expect( readInitialState( { pagesPerPage: 500 } ).pagesPerPage ).toBe(
			100
		);
		expect( readInitialState( { view: 'reports' } ).view ).toBe(
			'reports'
		);
		expect(
			readInitialState( { timeZone: 'Europe/Paris' } ).timeZone
		).toBe( 'Europe/Paris' );
		// A zone the browser does not know would throw in every date format: UTC instead.
		expect(
			readInitialState( { timeZone: 'Mars/Olympus' } ).timeZone
		).toBe( 'UTC' );
	} );
} );
