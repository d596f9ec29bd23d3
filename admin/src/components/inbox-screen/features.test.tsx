import '@testing-library/jest-dom';
import {
	act,
	fireEvent,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import type { Conversation } from '@handoff-chat/contracts';
import {
	conversation,
	inboxConversation,
	inboxPage,
	message,
	stubApi,
} from '../../test-utils/fixtures';
import { fakeRealtime, renderWithServices } from '../../test-utils/render';
import { beep } from '../../utils/beep';
import InboxScreen from '.';

jest.mock( '../../utils/beep', () => ( { beep: jest.fn() } ) );

function many( n: number ) {
	return Array.from( { length: n }, ( _, i ) =>
		inboxConversation( `c_${ i }`, {
			lastMessagePreview: `question ${ i }`,
		} )
	);
}

describe( 'InboxScreen features', () => {
	beforeEach( () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/admin.php?page=handoff-chat'
		);
		window.localStorage.clear();
		( beep as jest.Mock ).mockClear();
	} );

	it( 'windows a long list: a few rows in the DOM, the length announced, more pages near the end', async () => {
		const api = stubApi( {
			listInbox: jest
				.fn()
				.mockResolvedValueOnce( {
					...inboxPage( many( 1000 ) ),
					nextCursor: 'cursor-1',
					counts: { live: 100_000, closed: 0, bot: 0 },
				} )
				.mockResolvedValue( inboxPage( [] ) ),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );
		const list = await screen.findByRole( 'list', { name: 'Live chat' } );
		const rows = within( list ).getAllByRole( 'listitem' );
		expect( rows.length ).toBeLessThan( 30 );
		expect( rows[ 0 ] ).toHaveAttribute( 'aria-setsize', '1000' );
		expect( rows[ 0 ] ).toHaveAttribute( 'aria-posinset', '1' );
		expect(
			screen.getByRole( 'tab', { name: 'Live chat 100000' } )
		).toBeInTheDocument();
		// Not near the end yet: no second page.
		expect( api.listInbox ).toHaveBeenCalledTimes( 1 );

		// Keyboard: End jumps to the last row, rendering it.
		const first = within( rows[ 0 ] ).getByRole( 'button' );
		first.focus();
		fireEvent.keyDown( first, { key: 'End' } );
		await waitFor( () =>
			expect( first.ownerDocument.activeElement ).toHaveTextContent(
				'question 999'
			)
		);
		await waitFor( () =>
			expect( api.listInbox ).toHaveBeenCalledWith( {
				list: 'live',
				filter: 'all',
				cursor: 'cursor-1',
				limit: 30,
			} )
		);
	} );

	it( 'shows the colour codes: green dot when online (polled), orange ring when unanswered, green when unread', async () => {
		const api = stubApi( {
			listInbox: jest.fn().mockResolvedValue(
				inboxPage( [
					inboxConversation( 'c_1', {
						unread: true,
						unanswered: true,
						lastMessagePreview: 'help?',
					} ),
					inboxConversation( 'c_2', {
						lastMessagePreview: 'thanks',
					} ),
				] )
			),
			getOnlineVisitors: jest.fn().mockResolvedValue( [ 'v_c_2' ] ),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );
		const a = await screen.findByRole( 'button', { name: /help\?/ } );
		const b = screen.getByRole( 'button', { name: /thanks/ } );
		expect( a ).toHaveClass( 'is-unread' );
		expect( a.querySelector( '.handoff-chat-avatar' ) ).toHaveClass(
			'is-unanswered'
		);
		expect( a ).toHaveTextContent( 'Unread' );
		expect( b ).not.toHaveClass( 'is-unread' );
		await waitFor( () =>
			expect( b.querySelector( '.handoff-chat-avatar' ) ).toHaveClass(
				'is-online'
			)
		);
		expect( a.querySelector( '.handoff-chat-avatar' ) ).not.toHaveClass(
			'is-online'
		);
		expect( b ).toHaveTextContent( 'Online' );
	} );

	it( 'keeps the open conversation’s orange ring in step with its row: a reply or the bot clears both', async () => {
		const realtime = fakeRealtime();
		const held = inboxConversation( 'c_1', {
			unanswered: true,
			lastMessagePreview: 'help?',
		} );
		const api = stubApi( {
			listInbox: jest.fn().mockResolvedValue( inboxPage( [ held ] ) ),
			getConversation: jest.fn().mockResolvedValue( held ),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		const row = await screen.findByRole( 'button', { name: /help\?/ } );
		fireEvent.click( row );
		const ring = () => ( {
			row: row
				.querySelector( '.handoff-chat-avatar' )!
				.classList.contains( 'is-unanswered' ),
			header: document
				.querySelector(
					'.handoff-chat-conversation-header .handoff-chat-avatar'
				)!
				.classList.contains( 'is-unanswered' ),
		} );
		await waitFor( () => expect( api.getConversation ).toHaveBeenCalled() );
		await screen.findByText( 'No messages yet.' );
		expect( ring() ).toEqual( { row: true, header: true } );

		// The conversation as the bridge publishes it after each write, on both channels the pane hears.
		let seq = 1;
		const publish = ( over: Partial< Conversation > ) => {
			seq++;
			const c = conversation( 'c_1', {
				lastSeq: seq,
				updatedAt: `2025-01-01T10:0${ seq }:00.000Z`,
				...over,
			} );
			act( () => {
				for ( const channel of [
					'private-inbox-site_test',
					'private-conversation-site_test-c_1',
				] ) {
					realtime.emit( channel, 'conversation-updated', {
						conversation: c,
					} );
				}
			} );
		};
		publish( {
			state: 'live',
			lastMessageAuthorType: 'advisor',
			unanswered: false,
		} );
		expect( ring() ).toEqual( { row: false, header: false } );
		publish( {
			state: 'live',
			lastMessageAuthorType: 'visitor',
			unanswered: true,
		} );
		expect( ring() ).toEqual( { row: true, header: true } );
		publish( {
			state: 'bot',
			lastMessageAuthorType: 'bot',
			unanswered: false,
		} );
		// Back to the bot: the row leaves the Live chat list, the header clears.
		expect( ring().header ).toBe( false );
		await act( async () => {} );
	} );

	it( 'unread → read: opening the conversation PATCHes read and clears the highlight', async () => {
		const api = stubApi( {
			listInbox: jest.fn().mockResolvedValue(
				inboxPage( [
					inboxConversation( 'c_1', {
						unread: true,
						lastSeq: 1,
						lastMessagePreview: 'help?',
					} ),
				] )
			),
			listMessages: jest.fn().mockResolvedValue( {
				messages: [ message( 1 ) ],
				lastSeq: 1,
				hasMore: false,
			} ),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );
		const row = await screen.findByRole( 'button', { name: /help\?/ } );
		expect( row ).toHaveClass( 'is-unread' );
		fireEvent.click( row );
		await waitFor(
			() =>
				expect( api.patchConversation ).toHaveBeenCalledWith( 'c_1', {
					type: 'read',
					seq: 1,
				} ),
			{ timeout: 3000 }
		);
		await waitFor( () =>
			expect(
				screen.getByRole( 'button', { name: /help\?/ } )
			).not.toHaveClass( 'is-unread' )
		);
	} );

	it( 'keyboard shortcuts: Alt+↓/↑ move between conversations, Alt+N note, Alt+C close', async () => {
		const api = stubApi( {
			listInbox: jest
				.fn()
				.mockResolvedValue(
					inboxPage( [
						inboxConversation( 'c_1', { state: 'live' } ),
						inboxConversation( 'c_2', { state: 'live' } ),
					] )
				),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );
		await screen.findByRole( 'button', { name: /hello from c_1/ } );
		fireEvent.keyDown( document, {
			key: 'ArrowDown',
			code: 'ArrowDown',
			altKey: true,
		} );
		expect( window.location.search ).toContain( 'conversation=c_1' );
		fireEvent.keyDown( document, {
			key: 'ArrowDown',
			code: 'ArrowDown',
			altKey: true,
		} );
		expect( window.location.search ).toContain( 'conversation=c_2' );
		fireEvent.keyDown( document, {
			key: 'ArrowUp',
			code: 'ArrowUp',
			altKey: true,
		} );
		expect( window.location.search ).toContain( 'conversation=c_1' );

		await screen.findByRole( 'textbox', { name: 'Reply' } );
		// macOS types "ç" with Alt+C: the physical key counts.
		fireEvent.keyDown( document, { key: '¬', code: 'KeyN', altKey: true } );
		expect(
			screen.getByRole( 'checkbox', { name: 'Leave a note' } )
		).toBeChecked();
		fireEvent.keyDown( document, { key: 'ç', code: 'KeyC', altKey: true } );
		expect(
			await screen.findByRole( 'dialog', {
				name: 'Close this conversation?',
			} )
		).toBeInTheDocument();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Close conversation' } )
		);
		await waitFor( () =>
			expect( api.patchConversation ).toHaveBeenCalledWith( 'c_1', {
				type: 'close',
			} )
		);

		// The help popover lists them.
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Keyboard shortcuts' } )
		);
		expect(
			await screen.findByText( 'Next conversation' )
		).toBeInTheDocument();
		expect( screen.getByText( 'Alt+C' ) ).toBeInTheDocument();
	} );

	it( 'searches every conversation, marks the match as text, and opens a result', async () => {
		const hostile =
			'<img src=x onerror="window.__pwned=1"> shipping to Lyon?';
		const api = stubApi( {
			search: jest.fn().mockResolvedValue( {
				results: [
					{
						conversation: inboxConversation( 'c_9', {
							visitorName: 'Léa (Acme)',
						} ),
						message: message( 4, {
							conversationId: 'c_9',
							text: hostile,
						} ),
					},
				],
				nextCursor: null,
			} ),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );
		await screen.findByText( 'No conversations here yet.' );
		fireEvent.change(
			screen.getByRole( 'searchbox', { name: 'Search conversations' } ),
			{
				target: { value: 'lyon' },
			}
		);
		const results = await screen.findByRole( 'list', {
			name: 'Search results',
		} );
		expect( api.search ).toHaveBeenCalledWith( 'lyon' );
		expect( within( results ).getByText( 'Lyon' ).tagName ).toBe( 'MARK' );
		expect( results ).toHaveTextContent( hostile );
		expect( results.querySelector( 'img' ) ).toBeNull();
		expect( screen.queryByRole( 'tablist' ) ).toBeNull();
		fireEvent.click(
			within( results ).getByRole( 'button', { name: /Léa \(Acme\)/ } )
		);
		expect( window.location.search ).toContain( 'conversation=c_9' );
		await waitFor( () =>
			expect( api.getConversation ).toHaveBeenCalledWith( 'c_9' )
		);
	} );
} );
