/**
 * The consent step (config.consent, Settings → Privacy): the launcher asks before the chat
 * starts, and nothing reaches the bridge before the visitor agrees — no visitor session
 * prepared on hover, no panel created, no fetch to the bridge. The answer is remembered.
 */
import '@testing-library/jest-dom';
import { fireEvent, screen, within } from '@testing-library/dom';
import { mountLauncher, type PanelModule } from './launcher';
import { widgetConfig } from './test-utils/chat-fixtures';
import { flush } from './test-utils/fake-realtime';

const consent = {
	text: 'Our chat keeps your messages. Do you agree?',
	policyUrl: 'https://shop.example/privacy-policy/',
	policyLabel: 'Read our privacy policy',
	agree: 'I agree',
	decline: 'Not now',
};
const config = widgetConfig( { consent } );

function fakeModule() {
	let open = false;
	const panel = {
		open: jest.fn( () => {
			open = true;
		} ),
		close: jest.fn( () => {
			open = false;
		} ),
		isOpen: () => open,
	};
	const mod = {
		createChatPanel: jest.fn( () => panel ),
		prepareChatPanel: jest.fn(),
	};
	return { mod: mod as unknown as PanelModule, raw: mod, panel };
}

let fetchSpy: jest.Mock;
beforeEach( () => {
	document.body.innerHTML = '';
	sessionStorage.clear();
	localStorage.clear();
	fetchSpy = jest.fn( () => Promise.reject( new Error( 'offline' ) ) );
	( globalThis as any ).fetch = fetchSpy;
} );

const bridgeCalls = () =>
	fetchSpy.mock.calls.filter( ( [ url ] ) =>
		String( url ).startsWith( config.bridgeUrl )
	);

describe( 'the consent step', () => {
	it( 'asks before the chat starts, sends nothing to the bridge until the visitor agrees, then opens the chat', async () => {
		const { mod, raw, panel } = fakeModule();
		const launcher = mountLauncher( config, async () => mod );
		fireEvent.pointerEnter( launcher.button );
		fireEvent.focus( launcher.button );
		await flush();
		// The chunk may come (from the site), but no visitor session is prepared on the bridge.
		expect( raw.prepareChatPanel ).not.toHaveBeenCalled();

		fireEvent.click( launcher.button );
		await flush();
		const box = screen.getByRole( 'dialog', { name: consent.text } );
		expect( launcher.button ).toHaveAttribute( 'aria-expanded', 'true' );
		expect(
			within( box ).getByRole( 'link', {
				name: 'Read our privacy policy',
			} )
		).toHaveAttribute( 'href', consent.policyUrl );
		const agree = within( box ).getByRole( 'button', { name: 'I agree' } );
		expect( agree ).toHaveFocus();
		expect( raw.createChatPanel ).not.toHaveBeenCalled();
		expect( raw.prepareChatPanel ).not.toHaveBeenCalled();
		expect( bridgeCalls() ).toEqual( [] );

		fireEvent.click( agree );
		await flush();
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect( raw.prepareChatPanel ).toHaveBeenCalledTimes( 1 );
		expect( raw.createChatPanel ).toHaveBeenCalledTimes( 1 );
		expect( panel.open ).toHaveBeenCalledWith( true );
		expect( localStorage.getItem( 'handoff-chat:site_1:consent' ) ).toBe(
			'1'
		);
	} );

	it( 'is asked once per browser: the next page opens the chat at once', async () => {
		localStorage.setItem( 'handoff-chat:site_1:consent', '1' );
		const { mod, raw, panel } = fakeModule();
		const launcher = mountLauncher( config, async () => mod );
		fireEvent.click( launcher.button );
		await flush();
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect( raw.prepareChatPanel ).toHaveBeenCalledTimes( 1 );
		expect( panel.open ).toHaveBeenCalled();
	} );

	it( 'closes on "Not now", Escape or the launcher, giving focus back, and asks again next time', async () => {
		const { mod, raw } = fakeModule();
		const launcher = mountLauncher( config, async () => mod );
		fireEvent.click( launcher.button );
		await flush();
		fireEvent.click( screen.getByRole( 'button', { name: 'Not now' } ) );
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect( launcher.button ).toHaveFocus();
		expect( launcher.button ).toHaveAttribute( 'aria-expanded', 'false' );

		fireEvent.click( launcher.button );
		await flush();
		fireEvent.keyDown( screen.getByRole( 'button', { name: 'I agree' } ), {
			key: 'Escape',
		} );
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();

		fireEvent.click( launcher.button );
		await flush();
		expect( screen.getByRole( 'dialog' ) ).toBeVisible();
		fireEvent.click( launcher.button );
		await flush();
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect( raw.createChatPanel ).not.toHaveBeenCalled();
		expect( raw.prepareChatPanel ).not.toHaveBeenCalled();
		expect(
			localStorage.getItem( 'handoff-chat:site_1:consent' )
		).toBeNull();
		expect( bridgeCalls() ).toEqual( [] );
	} );

	it( 'opens the chat with no step when the site asks no consent', async () => {
		const { mod, raw } = fakeModule();
		const launcher = mountLauncher( widgetConfig(), async () => mod );
		fireEvent.click( launcher.button );
		await flush();
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect( raw.createChatPanel ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'asks first when a resume link opens the page, and hands the link to the chat only after', async () => {
		window.history.replaceState(
			null,
			'',
			'/#handoff-chat-resume=hcr1.abc.def'
		);
		try {
			const { mod, raw, panel } = fakeModule();
			mountLauncher( config, async () => mod );
			await flush();
			// The link opens the chat, which asks first: nothing goes to the bridge meanwhile.
			expect(
				screen.getByRole( 'dialog', { name: consent.text } )
			).toBeVisible();
			expect( raw.createChatPanel ).not.toHaveBeenCalled();
			expect( bridgeCalls() ).toEqual( [] );

			fireEvent.click(
				screen.getByRole( 'button', { name: 'I agree' } )
			);
			await flush();
			expect( raw.createChatPanel ).toHaveBeenCalledWith(
				expect.objectContaining( { resume: 'hcr1.abc.def' } )
			);
			expect( panel.open ).toHaveBeenCalled();
			// The link's visitor comes first: no session is prepared for whoever this browser was.
			expect( raw.prepareChatPanel ).not.toHaveBeenCalled();
		} finally {
			window.history.replaceState( null, '', '/' );
		}
	} );
} );
