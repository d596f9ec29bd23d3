import '@testing-library/jest-dom';
import {
	act,
	fireEvent,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import {
	inboxConversation,
	inboxPage,
	message,
	stubApi,
} from '../../test-utils/fixtures';
import { fakeRealtime, renderWithServices } from '../../test-utils/render';
import { beep } from '../../utils/beep';
import InboxScreen from '.';

jest.mock( '../../utils/beep', () => ( { beep: jest.fn() } ) );

const INBOX = 'private-inbox-site_test';

describe( 'InboxScreen: menu count, sound, notifications, colleagues, settings', () => {
	beforeEach( () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/admin.php?page=handoff-chat'
		);
		window.localStorage.clear();
		( beep as jest.Mock ).mockClear();
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
					inboxPage( [
						inboxConversation( 'c_1' ),
						inboxConversation( 'c_2' ),
					] )
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
