import '@testing-library/jest-dom';
import { fireEvent, screen } from '@testing-library/dom';
import { loadPanelChunk, mountLauncher } from './launcher';
import { flush } from './test-utils/fake-realtime';
import { widgetConfig } from './test-utils/chat-fixtures';

const mockCreateChatPanel = jest.fn();
jest.mock( './panel/chat-panel', () => ( {
	createChatPanel: ( ...args: unknown[] ) => mockCreateChatPanel( ...args ),
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

	it( 'reflects the open state and the unread count in its name', () => {
		const launcher = mountLauncher( config );
		launcher.setUnread( 3 );
		expect( launcher.button ).toHaveAccessibleName(
			'Open chat, 3 unread messages'
		);
		launcher.setOpen( true );
		expect( launcher.button ).toHaveAccessibleName( 'Close chat' );
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
