import '@testing-library/jest-dom';
import {
	act,
	fireEvent,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import { BridgeError, NOT_CONFIGURED } from '../../api';
import { conversation, inboxPage, stubApi } from '../../test-utils/fixtures';
import { fakeRealtime, renderWithServices } from '../../test-utils/render';
import InboxScreen from '.';

const INBOX = 'private-inbox-site_test';

describe( 'InboxScreen', () => {
	beforeEach( () =>
		window.history.replaceState(
			null,
			'',
			'/wp-admin/admin.php?page=handoff-chat'
		)
	);

	it( 'lists conversations with their preview and the counts of each tab', async () => {
		const api = stubApi( {
			listInbox: jest.fn().mockResolvedValue(
				inboxPage(
					[
						conversation( 'c_2', {
							lastMessagePreview: 'Do you ship to Lyon?',
						} ),
						conversation( 'c_1', {
							state: 'live',
							lastMessagePreview: 'Thanks!',
							lastMessageAuthorType: 'advisor',
						} ),
					],
					{ counts: { live: 2, closed: 14, bot: 3 } }
				)
			),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );

		const list = await screen.findByRole( 'list', { name: 'Live chat' } );
		const items = within( list ).getAllByRole( 'button' );
		expect( items ).toHaveLength( 2 );
		expect( items[ 0 ] ).toHaveTextContent( 'Do you ship to Lyon?' );
		expect( items[ 0 ] ).toHaveTextContent( 'Waiting' );
		expect( items[ 1 ] ).toHaveTextContent( 'Advisor: Thanks!' );
		expect( items[ 1 ] ).toHaveTextContent( 'Live' );
		expect( items[ 0 ] ).toHaveTextContent( /Visitor [0-9A-F]{4}/ );

		expect(
			screen.getByRole( 'tab', { name: 'Live chat 2' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		expect(
			screen.getByRole( 'tab', { name: 'Closed 14' } )
		).toHaveAttribute( 'aria-selected', 'false' );
		expect(
			screen.getByRole( 'tab', { name: 'Chatbot 3' } )
		).toBeInTheDocument();
		expect( api.listInbox ).toHaveBeenCalledWith( {
			list: 'live',
			filter: 'all',
			limit: 30,
		} );
	} );

	it( 'asks for the list and the menu count once on opening, again after a resubscription', async () => {
		const realtime = fakeRealtime();
		const api = stubApi();
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		await screen.findByText( 'No conversations here yet.' );
		// The inbox channel comes with /me; pusher-js then reports the subscription.
		await waitFor( () => expect( realtime.channels() ).toContain( INBOX ) );
		act( () => realtime.resync( INBOX ) );
		await act( async () => undefined );
		expect( api.listInbox ).toHaveBeenCalledTimes( 1 );
		expect( api.getSummary ).toHaveBeenCalledTimes( 1 );
		// A reconnection may have missed events: both are read again.
		act( () => realtime.resync( INBOX ) );
		await waitFor( () =>
			expect( api.listInbox ).toHaveBeenCalledTimes( 2 )
		);
		expect( api.getSummary ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'switches tabs and filters', async () => {
		const api = stubApi();
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );
		await screen.findByText( 'No conversations here yet.' );
		fireEvent.click( screen.getByRole( 'tab', { name: /Closed/ } ) );
		await waitFor( () =>
			expect( api.listInbox ).toHaveBeenLastCalledWith( {
				list: 'closed',
				filter: 'all',
				limit: 30,
			} )
		);
		fireEvent.change( screen.getByRole( 'combobox', { name: 'Show' } ), {
			target: { value: 'mine' },
		} );
		await waitFor( () =>
			expect( api.listInbox ).toHaveBeenLastCalledWith( {
				list: 'closed',
				filter: 'mine',
				limit: 30,
			} )
		);
		expect(
			await screen.findByText( 'No conversations match this filter.' )
		).toBeInTheDocument();
	} );

	it( 'opens a conversation, marks it current and puts it in the URL', async () => {
		const api = stubApi( {
			listInbox: jest
				.fn()
				.mockResolvedValue( inboxPage( [ conversation( 'c_1' ) ] ) ),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );
		const item = await screen.findByRole( 'button', {
			name: /hello from c_1/,
		} );
		fireEvent.click( item );
		expect( item ).toHaveAttribute( 'aria-current', 'true' );
		expect( window.location.search ).toContain( 'conversation=c_1' );
		expect(
			await screen.findByRole( 'textbox', { name: 'Reply' } )
		).toBeInTheDocument();
		await waitFor( () =>
			expect( api.getConversation ).toHaveBeenCalledWith( 'c_1' )
		);
	} );

	it( 'drops a deleted conversation from the list and closes it when open', async () => {
		const realtime = fakeRealtime();
		const api = stubApi( {
			listInbox: jest
				.fn()
				.mockResolvedValue(
					inboxPage( [
						conversation( 'c_1' ),
						conversation( 'c_2' ),
					] )
				),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		fireEvent.click(
			await screen.findByRole( 'button', { name: /hello from c_1/ } )
		);
		expect(
			await screen.findByRole( 'textbox', { name: 'Reply' } )
		).toBeInTheDocument();
		act( () =>
			realtime.emit( INBOX, 'conversation-deleted', {
				conversationId: 'c_1',
			} )
		);
		expect(
			screen.queryByRole( 'button', { name: /hello from c_1/ } )
		).not.toBeInTheDocument();
		expect(
			screen.queryByRole( 'textbox', { name: 'Reply' } )
		).not.toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: /hello from c_2/ } )
		).toBeInTheDocument();
	} );

	it( 'moves a conversation to the top when the inbox channel says it changed', async () => {
		const realtime = fakeRealtime();
		const a = conversation( 'c_a', {
			updatedAt: '2025-01-01T10:00:00.000Z',
			lastMessagePreview: 'first',
		} );
		const b = conversation( 'c_b', {
			updatedAt: '2025-01-01T10:05:00.000Z',
			lastMessagePreview: 'second',
		} );
		const api = stubApi( {
			listInbox: jest.fn().mockResolvedValue( inboxPage( [ b, a ] ) ),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		await screen.findByText( 'first' );
		act( () =>
			realtime.emit( INBOX, 'conversation-updated', {
				conversation: {
					...a,
					updatedAt: '2025-01-01T10:10:00.000Z',
					lastMessagePreview: 'a new question',
				},
			} )
		);
		const buttons = within(
			screen.getByRole( 'list', { name: 'Live chat' } )
		).getAllByRole( 'button' );
		expect( buttons[ 0 ] ).toHaveTextContent( 'a new question' );
		act( () =>
			realtime.emit( INBOX, 'conversation-created', {
				conversation: conversation( 'c_new', {
					updatedAt: '2025-01-01T10:11:00.000Z',
					lastMessagePreview: null,
				} ),
			} )
		);
		expect(
			within(
				screen.getByRole( 'list', { name: 'Live chat' } )
			).getAllByRole( 'button' )
		).toHaveLength( 3 );
	} );

	it( 'renames visitors and reloads the settings when a manager saves a new template elsewhere', async () => {
		const realtime = fakeRealtime();
		const listInbox = jest
			.fn()
			.mockResolvedValueOnce(
				inboxPage( [
					conversation( 'c_1', { visitorName: 'Inès (Dupain)' } ),
				] )
			)
			.mockResolvedValue(
				inboxPage( [
					conversation( 'c_1', { visitorName: 'Client Dupain' } ),
				] )
			);
		// The open conversation's own copy keeps the old name: the list's new one wins.
		const api = stubApi( {
			listInbox,
			getConversation: jest
				.fn()
				.mockResolvedValue(
					conversation( 'c_1', { visitorName: 'Inès (Dupain)' } )
				),
		} );
		window.history.replaceState(
			null,
			'',
			'/wp-admin/admin.php?page=handoff-chat&conversation=c_1'
		);
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		expect(
			await screen.findByRole( 'heading', { name: 'Inès (Dupain)' } )
		).toBeInTheDocument();
		await waitFor( () => expect( api.getConversation ).toHaveBeenCalled() );
		const settingsReads = ( api.getSettings as jest.Mock ).mock.calls
			.length;
		act( () =>
			realtime.emit( INBOX, 'settings-updated', {
				updatedAt: '2025-01-01T10:00:00.000Z',
			} )
		);
		expect(
			await screen.findByRole( 'heading', { name: 'Client Dupain' } )
		).toBeInTheDocument();
		expect( screen.queryByText( 'Inès (Dupain)' ) ).toBeNull();
		expect( api.getSettings ).toHaveBeenCalledTimes( settingsReads + 1 );
	} );

	it( 'asks to configure the plugin when WordPress answers 503', async () => {
		const api = stubApi( {
			listInbox: jest
				.fn()
				.mockRejectedValue(
					new BridgeError( 503, NOT_CONFIGURED, 'Not configured.' )
				),
		} );
		renderWithServices(
			<InboxScreen settingsUrl="/wp-admin/admin.php?page=handoff-chat-settings" />,
			{ api }
		);
		expect(
			await screen.findByRole( 'link', { name: 'Open the settings' } )
		).toHaveAttribute(
			'href',
			'/wp-admin/admin.php?page=handoff-chat-settings'
		);
		expect( screen.queryByRole( 'tablist' ) ).not.toBeInTheDocument();
	} );
} );
