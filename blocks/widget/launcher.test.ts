import '@testing-library/jest-dom';
import { fireEvent, screen } from '@testing-library/dom';
import { loadPanelChunk, mountLauncher } from './launcher';
import { flush } from './test-utils/fake-realtime';
import { widgetConfig } from './test-utils/chat-fixtures';

const mockCreateChatPanel = jest.fn();
const mockSetLocaleData = jest.fn();
jest.mock( './panel/chat-panel', () => ( {
	createChatPanel: ( ...args: unknown[] ) => mockCreateChatPanel( ...args ),
	setLocaleData: ( ...args: unknown[] ) => mockSetLocaleData( ...args ),
} ) );

const config = widgetConfig( { position: 'left' } );

function fakePanel() {
	let open = false;
	return {
		open: jest.fn( () => {
			open = true;
		} ),
		close: jest.fn( () => {
			open = false;
		} ),
		isOpen: () => open,
	};
}

beforeEach( () => {
	document.body.innerHTML = '';
	sessionStorage.clear();
	localStorage.clear();
	mockCreateChatPanel.mockReset();
	mockSetLocaleData.mockReset();
} );

describe( 'launcher', () => {
	it( 'renders an accessible button in the chosen corner, without loading the panel', () => {
		mountLauncher( config );
		const button = screen.getByRole( 'button', { name: /chat/i } );
		expect( button ).toHaveAttribute( 'aria-expanded', 'false' );
		expect( button.querySelector( 'svg' ) ).toHaveAttribute(
			'aria-hidden',
			'true'
		);
		expect( button.closest( '.handoff-chat' ) ).toHaveClass(
			'handoff-chat--left'
		);
		expect( mockCreateChatPanel ).not.toHaveBeenCalled();
	} );

	it( 'lazy-loads the panel chunk on the first click and opens it', async () => {
		const panel = fakePanel();
		mockCreateChatPanel.mockReturnValue( panel );
		const launcher = mountLauncher( config );
		fireEvent.click( screen.getByRole( 'button', { name: 'Open chat' } ) );
		await flush();
		expect( mockCreateChatPanel ).toHaveBeenCalledTimes( 1 );
		expect( mockCreateChatPanel.mock.calls[ 0 ][ 0 ] ).toMatchObject( {
			config,
			launcher,
		} );
		expect( panel.open ).toHaveBeenCalledWith( true );

		// Clicking again closes it, and the chunk is never loaded twice.
		fireEvent.click( launcher.button );
		await flush();
		expect( panel.close ).toHaveBeenCalledWith( true );
		fireEvent.click( launcher.button );
		await flush();
		expect( mockCreateChatPanel ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'prefetches on hover without opening', async () => {
		const loader = jest.fn( loadPanelChunk );
		mountLauncher( config, loader );
		fireEvent.pointerEnter(
			screen.getByRole( 'button', { name: /chat/i } )
		);
		await flush();
		expect( loader ).toHaveBeenCalledTimes( 1 );
		expect( mockCreateChatPanel ).not.toHaveBeenCalled();
	} );

	it( 'fetches the panel’s translations beside its chunk, and opens in English without them', async () => {
		const realFetch = global.fetch;
		const french = { locale_data: { messages: { '': {} } } };
		const fetchMock = jest
			.fn()
			.mockResolvedValueOnce( { ok: true, json: async () => french } )
			.mockRejectedValueOnce( new TypeError( 'Failed to fetch' ) );
		global.fetch = fetchMock;
		try {
			const i18nUrl = 'https://shop.test/fr.json?ver=1';
			await loadPanelChunk( widgetConfig( { i18nUrl } ) );
			expect( fetchMock ).toHaveBeenCalledWith( i18nUrl );
			expect( mockSetLocaleData ).toHaveBeenCalledWith( french );
			mockSetLocaleData.mockClear();
			await expect(
				loadPanelChunk( widgetConfig( { i18nUrl } ) )
			).resolves.toHaveProperty( 'createChatPanel' );
			await loadPanelChunk( widgetConfig() );
			expect( fetchMock ).toHaveBeenCalledTimes( 2 );
			expect( mockSetLocaleData ).not.toHaveBeenCalled();
		} finally {
			global.fetch = realFetch;
		}
	} );

	it( 'takes its names from the config (translated by render.php) and the unread one from the panel', () => {
		const launcher = mountLauncher(
			widgetConfig( {
				labels: { open: 'Ouvrir le chat', close: 'Fermer le chat' },
			} )
		);
		expect( launcher.button ).toHaveAccessibleName( 'Ouvrir le chat' );
		launcher.setUnread( 3, 'Ouvrir le chat, 3 messages non lus' );
		expect( launcher.button ).toHaveAccessibleName(
			'Ouvrir le chat, 3 messages non lus'
		);
		expect(
			launcher.root.querySelector( '.handoff-chat-launcher__badge' )
		).toHaveTextContent( '3' );
		launcher.setOpen( true );
		expect( launcher.button ).toHaveAccessibleName( 'Fermer le chat' );
		expect( launcher.button ).toHaveAttribute( 'aria-expanded', 'true' );
	} );

	it( 'reopens the panel on the next page when it was left open, without taking focus', async () => {
		const panel = fakePanel();
		mockCreateChatPanel.mockReturnValue( panel );
		sessionStorage.setItem( 'handoff-chat:site_1:open', '1' );
		mountLauncher( config );
		await new Promise( ( r ) => setTimeout( r, 0 ) );
		expect( panel.open ).toHaveBeenCalledWith( false );
	} );

	it( 'opens on arrival, ready to type, when the address ends with #handoff-chat', async () => {
		const panel = fakePanel();
		mockCreateChatPanel.mockReturnValue( panel );
		window.history.replaceState( null, '', '/shop/#handoff-chat' );
		try {
			mountLauncher( config );
			await flush();
			expect( panel.open ).toHaveBeenCalledWith( true );
		} finally {
			window.history.replaceState( null, '', '/' );
		}
		// Any other fragment leaves it closed.
		window.history.replaceState( null, '', '/shop/#reviews' );
		try {
			document.body.innerHTML = '';
			mockCreateChatPanel.mockClear();
			mountLauncher( config );
			await flush();
			expect( mockCreateChatPanel ).not.toHaveBeenCalled();
		} finally {
			window.history.replaceState( null, '', '/' );
		}
	} );

	it( 'survives a failed chunk download and tries again on the next click', async () => {
		const loader = jest
			.fn()
			.mockRejectedValueOnce( new Error( 'ChunkLoadError' ) )
			.mockImplementation( loadPanelChunk );
		mockCreateChatPanel.mockReturnValue( fakePanel() );
		const launcher = mountLauncher( config, loader );
		fireEvent.click( launcher.button );
		await flush();
		expect( mockCreateChatPanel ).not.toHaveBeenCalled();
		fireEvent.click( launcher.button );
		await flush();
		expect( mockCreateChatPanel ).toHaveBeenCalledTimes( 1 );
	} );
} );
