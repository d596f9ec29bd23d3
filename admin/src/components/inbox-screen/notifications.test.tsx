import '@testing-library/jest-dom';
import {
	act,
	fireEvent,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import type { Conversation, Message } from '@handoff-chat/contracts';
import {
	advisor,
	conversation,
	inboxConversation,
	inboxPage,
	message,
	stubApi,
} from '../../test-utils/fixtures';
import {
	fakeRealtime,
	renderWithServices,
	type FakeRealtime,
} from '../../test-utils/render';
import { beep } from '../../utils/beep';
import InboxScreen from '.';

jest.mock( '../../utils/beep', () => ( { beep: jest.fn() } ) );

const INBOX = 'private-inbox-site_test';

const visitorSays = ( seq: number, conversationId: string, text?: string ) =>
	message( seq, {
		conversationId,
		id: `m_${ conversationId }_${ seq }`,
		...( text ? { text } : {} ),
	} );

/** One write as the bridge publishes it on the inbox channel: its messages, then the conversation. */
function write(
	realtime: FakeRealtime,
	id: string,
	messages: Message[],
	over: Partial< Conversation > = {}
) {
	const lastSeq = messages[ messages.length - 1 ].seq;
	act( () => {
		for ( const m of messages ) {
			realtime.emit( INBOX, 'message-created', { message: m } );
		}
		realtime.emit( INBOX, 'conversation-updated', {
			conversation: conversation( id, {
				lastSeq,
				updatedAt: `2025-01-01T10:${ String( lastSeq ).padStart(
					2,
					'0'
				) }:00.000Z`,
				...over,
			} ),
		} );
	} );
}

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

	afterEach( () => {
		// A failed test leaves nothing behind for the next one.
		jest.restoreAllMocks();
		document.getElementById( 'toplevel_page_handoff-chat' )?.remove();
		delete ( window as { Notification?: unknown } ).Notification;
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
		jest.spyOn( document, 'hasFocus' ).mockReturnValue( true );
		write( realtime, 'c_1', [ visitorSays( 2, 'c_1' ) ] );
		expect( beep ).not.toHaveBeenCalled();
		write( realtime, 'c_2', [ visitorSays( 2, 'c_2' ) ] );
		expect( beep ).toHaveBeenCalledTimes( 1 );
		// The same write delivered twice: told once.
		write( realtime, 'c_2', [ visitorSays( 2, 'c_2' ) ] );
		expect( beep ).toHaveBeenCalledTimes( 1 );

		// Muted: remembered, and silent.
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Notification settings' } )
		);
		const sound = screen.getByRole( 'checkbox', { name: 'Sound' } );
		expect( sound ).toBeChecked();
		fireEvent.click( sound );
		expect( sound ).not.toBeChecked();
		expect( window.localStorage.getItem( 'handoff-chat:muted' ) ).toBe(
			'1'
		);
		write( realtime, 'c_2', [ visitorSays( 3, 'c_2' ) ] );
		expect( beep ).toHaveBeenCalledTimes( 1 );
		// The open conversation catches up on its new message before the test ends.
		await waitFor( () =>
			expect( api.listMessages.mock.calls.length ).toBeGreaterThanOrEqual(
				2
			)
		);
		await act( async () => {} );
	} );

	it( 'notifies when a conversation needs a human: silent with the chatbot unless asked, distinct words for the queue, live messages to the assignee', async () => {
		const shown: Array< { title: string; body: string } > = [];
		const Notification = Object.assign(
			jest.fn( function ( title: string, o: { body: string } ) {
				shown.push( { title, body: o.body } );
			} ),
			{ permission: 'granted', requestPermission: jest.fn() }
		);
		Object.defineProperty( window, 'Notification', {
			value: Notification,
			configurable: true,
			writable: true,
		} );
		const realtime = fakeRealtime();
		const api = stubApi( {
			listInbox: jest.fn().mockResolvedValue(
				inboxPage( [
					inboxConversation( 'c_1', {
						visitorName: 'Léa Martin',
					} ),
				] )
			),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		await screen.findByRole( 'button', { name: /Léa Martin/ } );
		const bot = { mode: 'bot' as const, flowId: 'demo' };

		// The chatbot phase: first name, company, a button press — nothing.
		write( realtime, 'c_1', [ visitorSays( 2, 'c_1', 'Léa' ) ], {
			state: 'bot',
			...bot,
		} );
		write( realtime, 'c_1', [ visitorSays( 4, 'c_1', 'Acme' ) ], {
			state: 'bot',
			...bot,
		} );
		expect( shown ).toEqual( [] );
		expect( beep ).not.toHaveBeenCalled();

		// The bot hands over: the queue's own words.
		write(
			realtime,
			'c_1',
			[
				visitorSays( 6, 'c_1', 'Talk to an advisor' ),
				message( 7, {
					conversationId: 'c_1',
					id: 'm_c_1_7',
					kind: 'event',
					author: { type: 'system', id: null, name: null },
					meta: { event: 'transferred' },
				} ),
			],
			{ state: 'waiting', ...bot }
		);
		expect( shown ).toEqual( [
			{
				title: 'Léa Martin is waiting for an advisor',
				body: 'Talk to an advisor',
			},
		] );
		expect( beep ).toHaveBeenCalledTimes( 1 );

		// Live with a colleague: not mine. Live with me: mine.
		write( realtime, 'c_1', [ visitorSays( 8, 'c_1', 'Hello?' ) ], {
			state: 'live',
			assignedAdvisorId: '9',
			...bot,
		} );
		expect( shown ).toHaveLength( 1 );
		write( realtime, 'c_1', [ visitorSays( 9, 'c_1', 'Anyone?' ) ], {
			state: 'live',
			assignedAdvisorId: advisor.id,
			...bot,
		} );
		expect( shown[ 1 ] ).toEqual( {
			title: 'New message from Léa Martin',
			body: 'Anyone?',
		} );

		// Back with the bot; the advisor asks to follow chatbot conversations too.
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Notification settings' } )
		);
		const follow = screen.getByRole( 'checkbox', {
			name: 'Also notify me about conversations with the chatbot',
		} );
		expect( follow ).not.toBeChecked();
		fireEvent.click( follow );
		expect(
			window.localStorage.getItem(
				`handoff-chat:notify-bot:${ advisor.id }`
			)
		).toBe( '1' );
		write( realtime, 'c_1', [ visitorSays( 11, 'c_1', 'Prices' ) ], {
			state: 'bot',
			...bot,
		} );
		expect( shown[ 2 ] ).toEqual( {
			title: 'Léa Martin replied to the chatbot',
			body: 'Prices',
		} );
		expect( beep ).toHaveBeenCalledTimes( 3 );
		await act( async () => {} );
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
