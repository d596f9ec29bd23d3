import '@testing-library/jest-dom';
import {
	act,
	fireEvent,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import {
	advisorRecord,
	inboxConversation,
	inboxPage,
	selfResponse,
	stubApi,
} from '../../test-utils/fixtures';
import { fakeRealtime, renderWithServices } from '../../test-utils/render';
import InboxScreen from '.';

const INBOX = 'private-inbox-site_test';
const OWN = 'private-advisor-site_test-7';
const NO_LICENCE =
	'You have no Live chat premium licence: visitors are anonymised and notes are hidden.';

describe( 'InboxScreen: the licence and reach /v1/advisors/me gives', () => {
	beforeEach( () =>
		window.history.replaceState(
			null,
			'',
			'/wp-admin/admin.php?page=handoff-chat'
		)
	);

	it( 'listens to the inbox channel the bridge names, not the site’s', async () => {
		const realtime = fakeRealtime();
		const api = stubApi( {
			getSelf: jest.fn().mockResolvedValue(
				selfResponse(
					{
						pages: {
							mode: 'some',
							pages: [],
							prefixes: [ '/shop/' ],
						},
					},
					OWN
				)
			),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		await waitFor( () => expect( realtime.channels() ).toContain( OWN ) );
		expect( realtime.channels() ).not.toContain( INBOX );

		act( () =>
			realtime.emit( OWN, 'conversation-created', {
				conversation: inboxConversation( 'c_9', {
					lastMessagePreview: 'Do you have it in blue?',
				} ),
			} )
		);
		expect(
			await screen.findByText( 'Do you have it in blue?' )
		).toBeInTheDocument();
	} );

	it( 'falls back to the site’s inbox channel when /me cannot be read', async () => {
		const realtime = fakeRealtime();
		const api = stubApi( {
			getSelf: jest.fn().mockRejectedValue( new Error( 'Not found.' ) ),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		await waitFor( () => expect( realtime.channels() ).toContain( INBOX ) );
	} );

	it( 'hides the Chatbot tab from an advisor who does not see those conversations', async () => {
		const api = stubApi( {
			getSelf: jest
				.fn()
				.mockResolvedValue(
					selfResponse( { showBotConversations: false }, OWN )
				),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );
		await waitFor( () =>
			expect(
				screen.queryByRole( 'tab', { name: /Chatbot/ } )
			).not.toBeInTheDocument()
		);
		const tabs = within( screen.getByRole( 'tablist' ) ).getAllByRole(
			'tab'
		);
		expect( tabs.map( ( t ) => t.textContent ) ).toEqual( [
			'Live chat0',
			'Closed0',
		] );
	} );

	it( 'leaves the Chatbot list when it is taken away while shown', async () => {
		const realtime = fakeRealtime();
		const api = stubApi( {
			getSelf: jest
				.fn()
				.mockResolvedValueOnce( selfResponse() )
				.mockResolvedValue(
					selfResponse( { showBotConversations: false }, OWN )
				),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		await waitFor( () => expect( realtime.channels() ).toContain( INBOX ) );
		fireEvent.click( screen.getByRole( 'tab', { name: /Chatbot/ } ) );
		expect( api.listInbox ).toHaveBeenLastCalledWith(
			expect.objectContaining( { list: 'bot' } )
		);

		act( () =>
			realtime.emit( INBOX, 'advisors-updated', { advisorId: '7' } )
		);
		await waitFor( () =>
			expect(
				screen.getByRole( 'tab', { name: /Live chat/ } )
			).toHaveAttribute( 'aria-selected', 'true' )
		);
		expect(
			screen.queryByRole( 'tab', { name: /Chatbot/ } )
		).not.toBeInTheDocument();
		expect( api.listInbox ).toHaveBeenLastCalledWith(
			expect.objectContaining( { list: 'live' } )
		);
	} );

	it( 'says why names and notes are hidden and who grants licences', async () => {
		const api = stubApi( {
			getSelf: jest
				.fn()
				.mockResolvedValue( selfResponse( { licensed: false } ) ),
		} );
		renderWithServices( <InboxScreen settingsUrl="" />, { api } );
		const notice = await screen.findByRole( 'status' );
		expect( notice ).toHaveTextContent( NO_LICENCE );
		expect( notice ).toHaveTextContent(
			'Ask your site manager for a licence (Conversations → Advisors).'
		);
	} );

	it( 'links managers to the Advisors page to grant licences', async () => {
		const api = stubApi( {
			getSelf: jest
				.fn()
				.mockResolvedValue( selfResponse( { licensed: false } ) ),
		} );
		renderWithServices(
			<InboxScreen
				settingsUrl=""
				advisorsUrl="/wp-admin/admin.php?page=handoff-chat-advisors"
			/>,
			{ api, canManage: true }
		);
		expect(
			await screen.findByRole( 'link', {
				name: 'Grant licences in Conversations → Advisors.',
			} )
		).toHaveAttribute(
			'href',
			'/wp-admin/admin.php?page=handoff-chat-advisors'
		);
	} );

	it( 'follows a revoked licence at once: new token, /me again, its channel, lists and the open conversation read again', async () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/admin.php?page=handoff-chat&conversation=c_1'
		);
		const realtime = fakeRealtime();
		const getSelf = jest
			.fn()
			.mockResolvedValueOnce( selfResponse() )
			.mockResolvedValue( selfResponse( { licensed: false }, OWN ) );
		const listInbox = jest
			.fn()
			.mockResolvedValueOnce(
				inboxPage( [
					inboxConversation( 'c_1', { visitorName: 'Léa Martin' } ),
				] )
			)
			.mockResolvedValue(
				inboxPage( [
					inboxConversation( 'c_1', { visitorName: null } ),
				] )
			);
		const api = stubApi( { getSelf, listInbox } );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		expect( await screen.findAllByText( 'Léa Martin' ) ).not.toHaveLength(
			0
		);
		await waitFor( () => expect( realtime.channels() ).toContain( INBOX ) );
		expect( screen.queryByText( NO_LICENCE ) ).not.toBeInTheDocument();
		const summaries = api.getSummary.mock.calls.length;
		await waitFor( () => expect( api.listMessages ).toHaveBeenCalled() );
		// A fresh read starts from the first message.
		const fromStart = () =>
			api.listMessages.mock.calls.filter( ( c ) => c[ 1 ] === 0 ).length;
		const reads = fromStart();

		act( () =>
			realtime.emit( INBOX, 'advisors-updated', { advisorId: '7' } )
		);

		await waitFor( () =>
			expect( screen.queryAllByText( 'Léa Martin' ) ).toHaveLength( 0 )
		);
		expect( api.dropToken ).toHaveBeenCalledTimes( 1 );
		expect( getSelf ).toHaveBeenCalledTimes( 2 );
		expect( screen.getByRole( 'status' ) ).toHaveTextContent( NO_LICENCE );
		expect( realtime.channels() ).toContain( OWN );
		expect( realtime.channels() ).not.toContain( INBOX );
		expect( api.getSummary.mock.calls.length ).toBeGreaterThan( summaries );
		// The open conversation is read afresh: notes it held are gone with the licence.
		await waitFor( () => expect( fromStart() ).toBeGreaterThan( reads ) );
	} );

	it( 'reads the advisors again when someone else changed, without a new token', async () => {
		const realtime = fakeRealtime();
		const listAdvisors = jest
			.fn()
			.mockResolvedValue( [ advisorRecord( '12', 'Max' ) ] );
		const api = stubApi( { listAdvisors } );
		renderWithServices( <InboxScreen settingsUrl="" />, { api, realtime } );
		await waitFor( () => expect( realtime.channels() ).toContain( INBOX ) );
		expect( listAdvisors ).toHaveBeenCalledTimes( 1 );

		act( () => {
			// A sync names everyone it changed: one read for all of them.
			realtime.emit( INBOX, 'advisors-updated', { advisorId: '12' } );
			realtime.emit( INBOX, 'advisors-updated', { advisorId: '13' } );
		} );
		// After the 500 ms that gather a burst.
		await waitFor(
			() => expect( listAdvisors ).toHaveBeenCalledTimes( 2 ),
			{ timeout: 3000 }
		);
		expect( api.dropToken ).not.toHaveBeenCalled();
		expect( api.getSelf ).toHaveBeenCalledTimes( 1 );
	} );
} );
