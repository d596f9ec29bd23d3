/** The visitor's "Seen": how far the advisors have read, under the visitor's last message. */
import '@testing-library/jest-dom';
import { within } from '@testing-library/dom';
import { flush } from '../test-utils/fake-realtime';
import { openPanel, resetPage } from '../test-utils/chat-fixtures';

beforeEach( resetPage );

/**
 * The row of the message showing `text`.
 * @param dialog The panel.
 * @param text   The message's text.
 */
const rowOf = ( dialog: HTMLElement, text: string ) =>
	within( dialog ).getByText( text ).closest( 'li' )!;

/**
 * The rows that say "Seen", by their message's text.
 * @param dialog The panel.
 */
const seenRows = ( dialog: HTMLElement ) =>
	within( dialog )
		.queryAllByText( 'Seen' )
		.map(
			( s ) =>
				s.closest( 'li' )!.querySelector( '.handoff-chat-msg__bubble' )!
					.textContent
		);

it( 'says "Seen" under the visitor’s last message once an advisor has read it, live and after a reload', async () => {
	const { bridge, rt, dialog, say, panel } = await openPanel();
	await say( 'Hello' );
	await say( 'Anyone there?' );
	expect( seenRows( dialog ) ).toEqual( [] );

	// Camille opens the conversation in the inbox: read up to the first message only.
	rt.state.handlers!.onAdvisorsRead( bridge.advisorRead( 'c1', 1 )! );
	expect( seenRows( dialog ) ).toEqual( [] );
	// Then to the end: "Seen" under the last message only, as words in its status line.
	rt.state.handlers!.onAdvisorsRead( bridge.advisorRead( 'c1', 99 )! );
	expect( seenRows( dialog ) ).toEqual( [ 'Anyone there?' ] );
	expect(
		within( rowOf( dialog, 'Anyone there?' ) ).getByText( 'Seen' )
	).toBeVisible();
	// An event for another conversation (a stale channel) changes nothing.
	rt.state.handlers!.onAdvisorsRead( {
		conversationId: 'c0',
		advisorsLastReadSeq: 0,
	} );
	expect( seenRows( dialog ) ).toEqual( [ 'Anyone there?' ] );

	// A new message is not read yet.
	await say( 'It is about my order' );
	expect( seenRows( dialog ) ).toEqual( [] );

	// Replying reads it: the reply's conversation-updated says so.
	const reply = bridge.addAdvisorMessage( 'c1', 'Hi! Which order?' );
	rt.state.handlers!.onMessage( reply );
	rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
	await flush();
	expect( seenRows( dialog ) ).toEqual( [ 'It is about my order' ] );
	// An older payload (written before the reply) does not take it back.
	rt.state.handlers!.onConversation( {
		...bridge.conversations[ 0 ],
		advisorsLastReadSeq: 2,
	} );
	expect( seenRows( dialog ) ).toEqual( [ 'It is about my order' ] );

	// The next page shows it from the bridge's answer alone.
	panel.destroy();
	document.body.innerHTML = '';
	const next = await openPanel( { bridge } );
	expect( seenRows( next.dialog ) ).toEqual( [ 'It is about my order' ] );
} );
