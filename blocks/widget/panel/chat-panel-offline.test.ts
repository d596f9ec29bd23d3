/**
 * Reply by email in the panel, against the fake bridge: outside opening hours or with nobody
 * available, a live chat shows the offline form at once (its own lazily loaded module), checks
 * the email, and starts the conversation with the question; a live chat that found nobody
 * offers the answer by email; a resume link opens its conversation in a new browser.
 */
import '@testing-library/jest-dom';
import { fireEvent, within } from '@testing-library/dom';
import { openPanel, posts, resetPage } from '../test-utils/chat-fixtures';
import { fakeBridge } from '../test-utils/fake-bridge';
import { flush } from '../test-utils/fake-realtime';
import { storageKeys } from '../chat/storage';

beforeEach( () => {
	resetPage();
	window.history.replaceState( null, '', '/shop/' );
	document.documentElement.lang = 'fr-FR';
} );

/** A bridge whose site is closed now, open again on Monday at 9 (UTC). */
function closedBridge() {
	const bridge = fakeBridge();
	bridge.availability = {
		open: false,
		advisorsAvailable: false,
		nextOpenAt: '2030-01-07T09:00:00.000Z',
		replyByEmail: true,
	};
	return bridge;
}

const field = ( dialog: HTMLElement, name: string ) =>
	within( dialog ).getByRole< HTMLInputElement >( 'textbox', { name } );

describe( 'the offline form', () => {
	it( 'shows at once outside opening hours, refuses a bad email, and starts the conversation with the question', async () => {
		const bridge = closedBridge();
		const { dialog } = await openPanel( { bridge } );
		expect(
			await within( dialog ).findByText( 'We’re away right now' )
		).toBeVisible();
		expect(
			within( dialog ).getByText( /^Back on .*7 janvier/ )
		).toBeVisible();
		expect( bridge.calls.map( ( c ) => c.method + ' ' + c.path ) ).toEqual(
			[
				'POST /v1/sites/site_1/visitors',
				'GET /v1/availability?pageUrl=' +
					encodeURIComponent( 'http://localhost/shop/' ),
			]
		);
		// The composer and the introduction give way to the form.
		expect( dialog ).toHaveClass( 'is-offline' );

		const question = field( dialog, 'Your question' );
		const email = field( dialog, 'Your email' );
		fireEvent.change( question, {
			target: { value: '  Do you ship to Lyon?  ' },
		} );
		fireEvent.change( email, { target: { value: 'lea@example' } } );
		// An input method's Enter (Safari reports keyCode 229) confirms a word, as in the composer.
		fireEvent.keyDown( question, { key: 'Enter', keyCode: 229 } );
		fireEvent.keyDown( question, { key: 'Enter', shiftKey: true } );
		await flush();
		expect(
			within( dialog ).queryByText(
				'Please enter a valid email address.'
			)
		).toBeNull();
		// Enter sends.
		fireEvent.keyDown( question, { key: 'Enter' } );
		await flush();
		expect(
			within( dialog ).getByText( 'Please enter a valid email address.' )
		).toBeVisible();
		expect( email ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( posts( bridge, '/v1/conversations' ) ).toEqual( [] );

		fireEvent.change( email, { target: { value: 'lea@example.com' } } );
		fireEvent.submit( email.form! );
		await flush();
		expect( posts( bridge, '/v1/conversations' )[ 0 ].body ).toMatchObject(
			{
				mode: 'live',
				locale: 'fr-FR',
				offline: {
					question: 'Do you ship to Lyon?',
					email: 'lea@example.com',
				},
			}
		);
		expect(
			await within( dialog ).findByText(
				'We’ll reply to lea@example.com by email.'
			)
		).toBeVisible();
		expect(
			within( dialog ).getByText( 'Do you ship to Lyon?' )
		).toBeVisible();
		expect( dialog ).not.toHaveClass( 'is-offline' );
		expect(
			within( dialog ).queryByRole( 'textbox', { name: 'Your question' } )
		).toBeNull();
	} );

	it( 'shows the bridge’s refusal of the email at the field', async () => {
		const bridge = closedBridge();
		const { dialog } = await openPanel( { bridge } );
		await within( dialog ).findByText( 'We’re away right now' );
		fireEvent.change( field( dialog, 'Your question' ), {
			target: { value: 'Hello?' },
		} );
		const email = field( dialog, 'Your email' );
		fireEvent.change( email, { target: { value: 'lea@example.com' } } );
		bridge.failNext( {
			status: 400,
			code: 'bad_request',
			message: 'offline.email: a valid email address',
		} );
		fireEvent.submit( email.form! );
		await flush();
		expect(
			within( dialog ).getByText( 'Please enter a valid email address.' )
		).toBeVisible();
		expect( email ).toHaveFocus();
		expect( bridge.conversations ).toHaveLength( 0 );
	} );

	it( 'within opening hours with nobody available, says so at once, lets the visitor write, then offers the answer by email', async () => {
		const bridge = fakeBridge();
		bridge.availability = {
			open: true,
			advisorsAvailable: false,
			nextOpenAt: null,
			replyByEmail: true,
		};
		const { dialog, say } = await openPanel( { bridge } );
		expect(
			await within( dialog ).findByText( 'Nobody is available right now' )
		).toBeVisible();
		// Someone may be back in minutes: the chat stays as it is.
		expect( dialog ).not.toHaveClass( 'is-offline' );
		expect(
			within( dialog ).queryByRole( 'textbox', { name: 'Your question' } )
		).toBeNull();
		await say( 'Anybody there?' );
		expect( bridge.conversations[ 0 ].state ).toBe( 'waiting' );
		fireEvent.click(
			await within( dialog ).findByRole( 'button', {
				name: 'Get the answer by email',
			} )
		);
		const email = field( dialog, 'Your email' );
		fireEvent.change( email, { target: { value: 'lea@example.com' } } );
		fireEvent.submit( email.form! );
		expect(
			await within( dialog ).findByText(
				'We’ll reply to lea@example.com by email.'
			)
		).toBeVisible();
		expect( bridge.conversations[ 0 ].replyEmail ).toBe(
			'lea@example.com'
		);
	} );

	it( 'no longer offers email once an advisor has taken the conversation', async () => {
		const bridge = fakeBridge();
		bridge.availability = {
			open: true,
			advisorsAvailable: false,
			nextOpenAt: null,
			replyByEmail: true,
		};
		const { dialog, say, rt } = await openPanel( { bridge } );
		await within( dialog ).findByText( 'Nobody is available right now' );
		await say( 'Anybody there?' );
		await within( dialog ).findByRole( 'button', {
			name: 'Get the answer by email',
		} );
		rt.state.handlers!.onMessage(
			bridge.addAdvisorMessage( 'c1', 'Hello, I am here.' )
		);
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		await flush();
		expect( bridge.conversations[ 0 ].state ).toBe( 'live' );
		expect(
			within( dialog ).queryByRole( 'button', {
				name: 'Get the answer by email',
			} )
		).toBeNull();
	} );

	it( 'leaves the live chat as it was when somebody is available', async () => {
		const bridge = fakeBridge();
		const { dialog, input } = await openPanel( { bridge } );
		await flush();
		expect(
			bridge.calls.some( ( c ) =>
				c.path.startsWith( '/v1/availability' )
			)
		).toBe( true );
		expect( within( dialog ).queryByText( 'Your question' ) ).toBeNull();
		expect( dialog ).not.toHaveClass( 'is-offline' );
		expect( input ).toBeVisible();
	} );

	it( 'offers the answer by email in a live chat that found nobody', async () => {
		const bridge = fakeBridge();
		const { dialog, say, rt } = await openPanel( { bridge } );
		await say( 'Anybody there?' );
		expect(
			within( dialog ).queryByRole( 'button', {
				name: 'Get the answer by email',
			} )
		).toBeNull();
		// The transfer's fallback: nobody online to take it.
		rt.state.handlers!.onConversation( {
			...bridge.conversations[ 0 ],
			handoff: 'no_advisor',
		} );
		fireEvent.click(
			await within( dialog ).findByRole( 'button', {
				name: 'Get the answer by email',
			} )
		);
		const email = field( dialog, 'Your email' );
		expect( email ).toHaveFocus();
		fireEvent.change( email, { target: { value: 'not an email' } } );
		fireEvent.submit( email.form! );
		await flush();
		expect(
			within( dialog ).getByText( 'Please enter a valid email address.' )
		).toBeVisible();
		expect( posts( bridge, '/reply-by-email' ) ).toEqual( [] );
		fireEvent.change( email, { target: { value: 'lea@example.com' } } );
		fireEvent.submit( email.form! );
		expect(
			await within( dialog ).findByText(
				'We’ll reply to lea@example.com by email.'
			)
		).toBeVisible();
		expect( posts( bridge, '/c1/reply-by-email' )[ 0 ].body ).toEqual( {
			email: 'lea@example.com',
		} );
	} );
} );

describe( 'the resume link', () => {
	it( 'opens the conversation of the link in a new browser, and drops the fragment', async () => {
		const bridge = fakeBridge();
		// Earlier, in another browser: a conversation the advisor answered.
		const first = await openPanel( { bridge } );
		await first.say( 'Do you ship to Lyon?' );
		bridge.addAdvisorMessage( 'c1', 'Yes, in two days.' );
		const token = bridge.resumeToken( 'c1' );
		resetPage();
		window.history.replaceState(
			null,
			'',
			'/shop/#handoff-chat-resume=' + token
		);
		bridge.calls.length = 0;

		const { dialog } = await openPanel( { bridge } );
		expect(
			await within( dialog ).findByText( 'Yes, in two days.' )
		).toBeVisible();
		expect(
			within( dialog ).getByText( 'Do you ship to Lyon?' )
		).toBeVisible();
		expect( bridge.calls[ 0 ] ).toMatchObject( {
			method: 'POST',
			path: '/v1/sites/site_1/visitors',
			body: { resume: token },
		} );
		expect( window.location.hash ).toBe( '' );
		expect( window.location.pathname ).toBe( '/shop/' );
		expect(
			JSON.parse(
				localStorage.getItem( storageKeys.session( 'site_1' ) )!
			).visitorId
		).toBe( bridge.conversations[ 0 ].visitorId );
	} );

	it( 'says an expired link is no longer valid, and starts as usual', async () => {
		const bridge = fakeBridge();
		const first = await openPanel( { bridge } );
		await first.say( 'Hello' );
		resetPage();
		window.history.replaceState(
			null,
			'',
			'/shop/#handoff-chat-resume=' + bridge.resumeToken( 'c1', true )
		);
		const { dialog, input } = await openPanel( { bridge } );
		expect(
			await within( dialog ).findByText(
				'This link to your conversation has expired or is not valid. You can write to us here.'
			)
		).toBeVisible();
		expect( within( dialog ).queryByText( 'Hello' ) ).toBeNull();
		expect( input ).toBeVisible();
		expect( window.location.hash ).toBe( '' );
	} );
} );
