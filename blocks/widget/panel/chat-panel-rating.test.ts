/**
 * Rating at close, in the panel against the fake bridge: a closed conversation asks for
 * 1–5 stars and an optional comment (its own lazily loaded module), once; a site that
 * turned ratings off asks nothing.
 */
import '@testing-library/jest-dom';
import { fireEvent, screen, within } from '@testing-library/dom';
import { openPanel, posts } from '../test-utils/chat-fixtures';
import { flush } from '../test-utils/fake-realtime';

beforeEach( () => {
	document.body.innerHTML = '';
	sessionStorage.clear();
	localStorage.clear();
} );

/** A live chat the advisor closed, as the visitor's panel hears it. */
async function closedChat( ratingEnabled = true ) {
	const ctx = await openPanel();
	ctx.bridge.ratingEnabled = ratingEnabled;
	await ctx.say( 'hello' );
	const { bridge, rt } = ctx;
	rt.state.handlers!.onMessage( bridge.close( 'c1' ) );
	rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
	await flush();
	return ctx;
}

describe( 'rating at close', () => {
	it( 'asks the visitor to rate the closed conversation with stars and a comment, and sends it once', async () => {
		const { dialog, bridge } = await closedChat();
		const stars = await within( dialog ).findByRole( 'group', {
			name: 'How was this conversation?',
		} );
		const buttons = within( stars ).getAllByRole( 'button' );
		expect(
			buttons.map( ( b ) => b.getAttribute( 'aria-label' ) )
		).toEqual( [
			'1 out of 5',
			'2 out of 5',
			'3 out of 5',
			'4 out of 5',
			'5 out of 5',
		] );
		const send = within( dialog ).getByRole< HTMLButtonElement >(
			'button',
			{
				name: 'Send my rating',
			}
		);
		expect( send ).toBeDisabled();

		// Keyboard: the arrows move along the stars and choose.
		fireEvent.click( buttons[ 2 ] );
		fireEvent.keyDown( buttons[ 2 ], { key: 'ArrowRight' } );
		expect( buttons[ 3 ] ).toHaveFocus();
		expect( buttons[ 3 ] ).toHaveAttribute( 'aria-pressed', 'true' );
		expect( buttons[ 2 ] ).toHaveAttribute( 'aria-pressed', 'false' );

		fireEvent.change(
			within( dialog ).getByRole( 'textbox', {
				name: 'Add a comment (optional)',
			} ),
			{ target: { value: ' Very helpful ' } }
		);
		fireEvent.submit( send.form! );
		expect(
			await within( dialog ).findByText(
				'You rated this conversation 4 out of 5.'
			)
		).toBeVisible();
		expect( posts( bridge, '/rating' ).map( ( c ) => c.body ) ).toEqual( [
			{ score: 4, comment: 'Very helpful' },
		] );
		expect( bridge.conversations[ 0 ].rating ).toMatchObject( {
			score: 4,
			comment: 'Very helpful',
		} );
		// The next conversation can still be started below.
		expect(
			within( dialog ).getByRole< HTMLButtonElement >( 'button', {
				name: 'Start a new conversation',
			} )
		).toBeVisible();
	} );

	it( 'asks nothing when the site turned ratings off', async () => {
		const { dialog, bridge } = await closedChat( false );
		await flush();
		expect(
			bridge.calls.filter( ( c ) => c.path.endsWith( '/rating' ) )
		).toHaveLength( 1 ); // the GET that says it is off
		expect(
			within( dialog ).queryByRole( 'group', {
				name: 'How was this conversation?',
			} )
		).toBeNull();
		expect( posts( bridge, '/rating' ) ).toEqual( [] );
	} );

	it( 'says so when sending fails, and lets the visitor try again', async () => {
		const { dialog, bridge } = await closedChat();
		const stars = await within( dialog ).findByRole( 'group', {
			name: 'How was this conversation?',
		} );
		fireEvent.click(
			within( stars ).getByRole( 'button', { name: '5 out of 5' } )
		);
		bridge.failNext( 'network' );
		const send = screen.getByRole< HTMLButtonElement >( 'button', {
			name: 'Send my rating',
		} );
		fireEvent.submit( send.form! );
		expect(
			await screen.findByText(
				'Your rating could not be sent. Please try again.'
			)
		).toBeVisible();
		expect( send ).toBeEnabled();
		fireEvent.submit( send.form! );
		expect(
			await screen.findByText( 'You rated this conversation 5 out of 5.' )
		).toBeVisible();
	} );
} );
