import '@testing-library/jest-dom';
import { fireEvent, screen, within } from '@testing-library/dom';
import type { WidgetConfig } from '../config';
import { fakeBridge } from '../test-utils/fake-bridge';
import { flush, fakeRealtime } from '../test-utils/fake-realtime';
import {
	openPanel,
	resetPage,
	widgetConfig,
	type FakeBridge,
} from '../test-utils/chat-fixtures';
import { mountLauncher } from '../launcher';
import { createChatPanel, prepareChatPanel } from './chat-panel';
import { SALES_FLOW } from '../test-utils/sales-flow';

/**
 * Opens the panel on the `sales` bot (test-utils/sales-flow.ts); an advisor is online, so a
 * transfer waits for them.
 * @param over Config fields to change.
 */
function openBotPanel( over: Partial< WidgetConfig > = {} ) {
	const bridge = fakeBridge();
	bridge.addFlow( SALES_FLOW );
	bridge.setAdvisorsOnline( true );
	return openPanel( {
		config: { mode: 'bot', flowId: 'sales', ...over },
		bridge,
	} );
}

const actions = ( bridge: FakeBridge ) =>
	bridge.calls
		.filter( ( c ) => c.path.endsWith( '/actions' ) )
		.map( ( c ) => c.body );
const group = ( dialog: HTMLElement ) =>
	within( dialog ).queryAllByRole( 'group', { name: 'Suggested answers' } );

beforeEach( resetPage );

describe( 'chat panel with the bot', () => {
	it( 'gets the visitor ready on hover: the click costs one call, whose answer draws the greeting', async () => {
		const bridge = fakeBridge();
		bridge.addFlow( SALES_FLOW );
		const rt = fakeRealtime();
		const realFetch = global.fetch;
		// The panel's own bridge client, as on a page.
		global.fetch = bridge.fetch as typeof fetch;
		try {
			const launcher = mountLauncher(
				widgetConfig( { mode: 'bot', flowId: 'sales' } ),
				async () => ( {
					prepareChatPanel,
					createChatPanel: ( o ) =>
						createChatPanel( {
							...o,
							realtime: rt.factory,
							pollMs: 0,
						} ),
				} )
			);
			const calls = () =>
				bridge.calls
					.splice( 0 )
					.map( ( c ) => `${ c.method } ${ c.path }` );
			fireEvent.pointerEnter( launcher.button );
			await flush();
			expect( calls() ).toEqual( [
				expect.stringMatching( /^POST \/v1\/sites\/[^/]+\/visitors$/ ),
			] );
			fireEvent.click( launcher.button );
			await flush();
			expect( screen.getByText( 'How can I help?' ) ).toBeVisible();
			expect( calls() ).toEqual( [ 'POST /v1/conversations' ] );
		} finally {
			global.fetch = realFetch;
		}
	} );

	it( 'greets at once with quick replies under the bot’s bubble', async () => {
		const { dialog } = await openBotPanel();
		expect( screen.getByText( 'Hello!' ) ).toBeVisible();
		expect( screen.getByText( 'How can I help?' ) ).toBeVisible();
		expect( screen.queryByText( 'Hi there!' ) ).not.toBeVisible();
		expect(
			dialog.querySelector( '.handoff-chat-typing' )
		).not.toBeVisible();
		const [ replies ] = group( dialog );
		expect(
			within( replies ).getByRole( 'button', { name: 'Opening hours' } )
		).toBeEnabled();
		expect(
			within( replies ).getByRole( 'link', {
				name: 'Our site (opens in a new tab)',
			} )
		).toHaveAttribute( 'rel', 'noopener noreferrer' );
		expect(
			screen.getByRole( 'button', { name: 'Talk to a human' } )
		).toBeVisible();
		expect(
			screen.queryByRole( 'button', { name: 'Back to chatbot' } )
		).toBeNull();
	} );

	it( 'sends a press, then offers only the newest step’s buttons', async () => {
		const { bridge, dialog } = await openBotPanel();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Opening hours' } )
		);
		expect(
			within( dialog ).getByRole( 'textbox', {
				name: 'Type your message',
			} )
		).toHaveFocus();
		await flush();
		expect( actions( bridge ) ).toEqual( [
			expect.objectContaining( {
				type: 'button',
				stepId: 'choices',
				buttonId: 'hours',
			} ),
		] );
		expect( screen.getByText( 'We open at 9.' ) ).toBeVisible();
		const groups = group( dialog );
		expect( groups ).toHaveLength( 1 );
		expect( groups[ 0 ].closest( 'li' ) ).toHaveTextContent(
			'Anything else?'
		);
		// The visitor's choice reads as their reply.
		expect(
			screen.getByText( 'Opening hours', {
				selector: '.handoff-chat-msg--mine *',
			} )
		).toBeVisible();
	} );

	it( 'turns the composer into an email field, hints once at a wrong answer, never blocks', async () => {
		const { bridge, dialog } = await openBotPanel();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Leave my email' } )
		);
		await flush();
		const textarea = dialog.querySelector( 'textarea' )!;
		const email = within( dialog ).getByRole( 'textbox', {
			name: 'Your answer',
		} );
		expect( textarea ).not.toBeVisible();
		expect( email ).toHaveFocus();
		expect( email ).toHaveAttribute( 'type', 'email' );
		expect( email ).toHaveAttribute( 'inputmode', 'email' );
		expect( email ).toHaveAttribute( 'autocomplete', 'email' );
		expect( email ).toHaveAttribute( 'placeholder', 'Your email' );

		const sends = () =>
			bridge.calls.filter(
				( c ) => c.path.endsWith( '/messages' ) && c.method === 'POST'
			);
		fireEvent.change( email, { target: { value: 'ana@example' } } );
		fireEvent.submit( email.closest( 'form' )! );
		await flush();
		expect( sends() ).toHaveLength( 0 );
		expect( email ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( email ).toHaveAccessibleDescription(
			'This does not look like an email address. Send it again to keep it as it is.'
		);
		// Sent as it is the second time: the bridge decides (and re-asks).
		fireEvent.submit( email.closest( 'form' )! );
		await flush();
		expect( sends().map( ( c ) => c.body.text ) ).toEqual( [
			'ana@example',
		] );
		expect( email ).not.toHaveAttribute( 'aria-invalid' );

		fireEvent.change( email, { target: { value: ' ana@example.com ' } } );
		fireEvent.submit( email.closest( 'form' )! );
		await flush();
		expect( sends().map( ( c ) => c.body.text ) ).toEqual( [
			'ana@example',
			'ana@example.com',
		] );
	} );

	it( 'hands over to a human and back, following the conversation’s state', async () => {
		const { bridge, rt, dialog } = await openBotPanel();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Talk to a human' } )
		);
		await flush();
		expect( actions( bridge ) ).toEqual( [
			{ type: 'request_human', clientId: expect.any( String ) },
		] );
		expect(
			screen.getByText( 'You asked to talk to a human.' )
		).toBeVisible();
		expect(
			screen.getByText( 'You are being transferred to an advisor.' )
		).toBeVisible();
		expect( screen.getByText( 'Waiting for an advisor…' ) ).toBeVisible();
		expect(
			screen.queryByRole( 'button', { name: 'Talk to a human' } )
		).toBeNull();
		expect( group( dialog ) ).toHaveLength( 0 );

		// An advisor answers: realtime says so; the state comes from the bridge.
		const c = bridge.conversations[ 0 ];
		rt.state.handlers!.onMessage(
			bridge.addAdvisorMessage( c.id, 'Bonjour !', 'Camille' )
		);
		rt.state.handlers!.onConversation( { ...c } );
		await flush();
		expect(
			screen.getByText( 'Camille joined the conversation.' )
		).toBeVisible();
		expect(
			screen.getByText( 'You are chatting with Camille' )
		).toBeVisible();
		expect(
			screen.queryByText( 'Waiting for an advisor…' )
		).not.toBeVisible();

		fireEvent.click(
			screen.getByRole( 'button', { name: 'Retour au robot' } )
		);
		await flush();
		expect( screen.getByText( 'Back to the chatbot.' ) ).toBeVisible();
		expect( screen.getByText( 'Welcome back!' ) ).toBeVisible();
		expect(
			screen.getByRole( 'button', { name: 'Talk to a human' } )
		).toBeVisible();
		expect( group( dialog ) ).toHaveLength( 1 );
	} );

	it( 'says nobody is online rather than "waiting", then that the answer comes by email', async () => {
		const bridge = fakeBridge();
		bridge.addFlow( SALES_FLOW ); // Nobody online: the transfer's fallback asks for an email.
		const { dialog } = await openPanel( {
			config: { mode: 'bot', flowId: 'sales' },
			bridge,
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Talk to a human' } )
		);
		await flush();
		expect(
			screen.getByText( 'No advisor is available right now.' )
		).toBeVisible();
		expect(
			screen.queryByText( 'Waiting for an advisor…' )
		).not.toBeInTheDocument();
		// The bot asks for the email itself: no second way to give it (panel/offline.ts).
		await flush();
		expect(
			within( dialog ).queryByRole( 'button', {
				name: 'Get the answer by email',
			} )
		).toBeNull();

		const email = within( dialog ).getByRole( 'textbox', {
			name: 'Your answer',
		} );
		fireEvent.change( email, { target: { value: 'ana@example.com' } } );
		fireEvent.submit( email.closest( 'form' )! );
		await flush();
		expect( bridge.conversations[ 0 ].handoff ).toBe( 'email_left' );
		expect(
			screen.getByText( 'We’ll answer you by email.' )
		).toBeVisible();
		expect(
			screen.queryByText( 'No advisor is available right now.' )
		).not.toBeInTheDocument();
		// The header agrees: no promise of an answer "right here" only.
		expect(
			screen.queryByText( 'We reply right here, as soon as we can.' )
		).not.toBeInTheDocument();
		expect(
			screen.getByText( 'We’ll answer here or by email.' )
		).toBeVisible();
	} );

	it( 'offers no handoff controls in live chat only', async () => {
		const { say } = await openBotPanel( { mode: 'live' } );
		await say( 'Hi' );
		expect( screen.getByText( 'Waiting for an advisor…' ) ).toBeVisible();
		expect(
			screen.queryByRole( 'button', { name: /human|chatbot/i } )
		).toBeNull();
	} );

	it( 'on a site without a default flow (a new site), offers live chat: the introduction, and nothing started before the first message', async () => {
		const bridge = fakeBridge();
		bridge.flows.clear();
		const { dialog, say } = await openPanel( {
			config: { mode: 'bot', flowId: '' },
			bridge,
		} );
		expect(
			within( dialog ).getByText(
				'Ask us anything. Write your message below and we will answer here.'
			)
		).toBeVisible();
		expect( bridge.conversations ).toHaveLength( 0 );
		await say( 'Do you deliver on Sundays?' );
		expect( bridge.conversations ).toHaveLength( 1 );
		expect( bridge.conversations[ 0 ] ).toMatchObject( {
			mode: 'live',
			state: 'waiting',
		} );
		expect(
			within( dialog ).getByText( 'Do you deliver on Sundays?' )
		).toBeVisible();
		expect(
			bridge.calls
				.filter( ( c ) => c.path === '/v1/conversations' )
				.map( ( c ) => ( c.body as { mode: string } ).mode )
		).toEqual( [ 'bot', 'live' ] );
	} );
} );
