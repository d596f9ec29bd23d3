import '@testing-library/jest-dom';
import {
	act,
	fireEvent,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import type { InboxConversation } from '@handoff-chat/contracts';
import {
	conversation,
	inboxPage,
	message,
	stubApi,
} from '../../test-utils/fixtures';
import { fakeRealtime, renderWithServices } from '../../test-utils/render';
import { beep } from '../../utils/beep';
import InboxScreen from '.';

jest.mock( '../../utils/beep', () => ( { beep: jest.fn() } ) );

const INBOX = 'private-inbox-site_test';

const item = (
	id: string,
	over: Partial< InboxConversation > = {}
): InboxConversation => ( {
	...conversation( id ),
	visitorLastReadSeq: 0,
	unread: false,
	unanswered: false,
	lastReadSeq: 0,
	assignedAdvisor: null,
	visitorName: null,
	visitorOnline: false,
	...over,
} );

function many( n: number ) {
	return Array.from( { length: n }, ( _, i ) =>
		item( `c_${ i }`, { lastMessagePreview: `question ${ i }` } )
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
					item( 'c_1', {
						unread: true,
						unanswered: true,
						lastMessagePreview: 'help?',
					} ),
					item( 'c_2', { lastMessagePreview: 'thanks' } ),
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

	it( 'unread → read: opening the conversation PATCHes read and clears the highlight', async () => {
		const api = stubApi( {
			listInbox: jest.fn().mockResolvedValue(
				inboxPage( [
					item( 'c_1', {
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
						item( 'c_1', { state: 'live' } ),
						item( 'c_2', { state: 'live' } ),
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
						conversation: item( 'c_9', {
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

	it( 'keeps the menu count live and beeps for visitor messages outside the open conversation', async () => {
		document.body.insertAdjacentHTML(
			'afterbegin',
			'<div id="toplevel_page_handoff-chat"><a><div class="wp-menu-name">Conversations</div></a></div>'
		);
		const realtime = fakeRealtime();
		const api = stubApi( {
			getSummary: jest.fn().mockResolvedValue( { toHandle: 2 } ),
			listInbox: jest
				.fn()
				.mockResolvedValue(
					inboxPage( [ item( 'c_1' ), item( 'c_2' ) ] )
				),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		await waitFor( () =>
			expect( document.querySelector( '.awaiting-mod' ) ).toHaveClass(
				'count-2'
			)
		);
		act( () => realtime.emit( INBOX, 'inbox-summary', { toHandle: 5 } ) );
		expect( document.querySelector( '.pending-count' ) ).toHaveTextContent(
			'5'
		);

		fireEvent.click(
			await screen.findByRole( 'button', { name: /hello from c_1/ } )
		);
		await screen.findByText( 'No messages yet.' );
		const focus = jest
			.spyOn( document, 'hasFocus' )
			.mockReturnValue( true );
		act( () =>
			realtime.emit( INBOX, 'message-created', {
				message: message( 2, { conversationId: 'c_1', id: 'm_a' } ),
			} )
		);
		expect( beep ).not.toHaveBeenCalled();
		act( () =>
			realtime.emit( INBOX, 'message-created', {
				message: message( 2, { conversationId: 'c_2', id: 'm_b' } ),
			} )
		);
		expect( beep ).toHaveBeenCalledTimes( 1 );
		// The same message on a second delivery: once.
		act( () =>
			realtime.emit( INBOX, 'message-created', {
				message: message( 2, { conversationId: 'c_2', id: 'm_b' } ),
			} )
		);
		expect( beep ).toHaveBeenCalledTimes( 1 );

		// Muted: remembered, and silent.
		const sound = screen.getByRole( 'checkbox', { name: 'Sound' } );
		expect( sound ).toBeChecked();
		fireEvent.click( sound );
		expect( sound ).not.toBeChecked();
		expect( window.localStorage.getItem( 'handoff-chat:muted' ) ).toBe(
			'1'
		);
		act( () =>
			realtime.emit( INBOX, 'message-created', {
				message: message( 3, { conversationId: 'c_2', id: 'm_c' } ),
			} )
		);
		expect( beep ).toHaveBeenCalledTimes( 1 );
		// The open conversation catches up on its new message before the test ends.
		await waitFor( () =>
			expect( api.listMessages ).toHaveBeenCalledTimes( 2 )
		);
		await act( async () => {} );
		focus.mockRestore();
		document.getElementById( 'toplevel_page_handoff-chat' )?.remove();
	} );

	it( 'asks for notification permission only from its button, and shows colleagues online', async () => {
		const requestPermission = jest.fn().mockResolvedValue( 'granted' );
		const Notification = Object.assign( jest.fn(), {
			permission: 'default',
			requestPermission,
		} );
		Object.defineProperty( window, 'Notification', {
			value: Notification,
			configurable: true,
			writable: true,
		} );
		const realtime = fakeRealtime();
		renderWithServices( <InboxScreen settingsUrl="" />, {
			api: stubApi(),
			realtime,
		} );
		await screen.findByText( 'No conversations here yet.' );
		expect( requestPermission ).not.toHaveBeenCalled();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Enable notifications' } )
		);
		expect( requestPermission ).toHaveBeenCalled();
		await waitFor( () =>
			expect(
				screen.queryByRole( 'button', { name: 'Enable notifications' } )
			).toBeNull()
		);

		act( () =>
			realtime.emit(
				'presence-advisors-site_test',
				'pusher:subscription_succeeded',
				{
					members: {
						7: { name: 'Camille', avatar: '' },
						9: {
							name: 'Noé',
							avatar: 'https://example.test/n.png',
						},
					},
				}
			)
		);
		const online = screen.getByRole( 'list', { name: 'Advisors online' } );
		expect(
			within( online ).getByRole( 'img', { name: 'Noé' } )
		).toHaveAttribute( 'src', 'https://example.test/n.png' );
		act( () =>
			realtime.emit(
				'presence-advisors-site_test',
				'pusher:member_removed',
				{ id: '9', info: {} }
			)
		);
		expect(
			within( online ).queryByRole( 'img', { name: 'Noé' } )
		).toBeNull();
		delete ( window as { Notification?: unknown } ).Notification;
	} );

	it( 'shows the settings gear to site managers only', async () => {
		const { unmount } = renderWithServices(
			<InboxScreen settingsUrl="" />,
			{ api: stubApi() }
		);
		await screen.findByText( 'No conversations here yet.' );
		expect(
			screen.queryByRole( 'button', { name: 'Inbox settings' } )
		).toBeNull();
		unmount();
		renderWithServices( <InboxScreen settingsUrl="" />, {
			api: stubApi(),
			canManage: true,
		} );
		await screen.findByText( 'No conversations here yet.' );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Inbox settings' } )
		);
		expect(
			await screen.findByRole( 'dialog', { name: 'Inbox settings' } )
		).toBeInTheDocument();
	} );
} );
