import '@testing-library/jest-dom';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Message } from '@handoff-chat/contracts';
import { BridgeError, type HandoffApi } from '../../api';
import {
	conversation,
	message,
	messagesPage,
	stubApi,
} from '../../test-utils/fixtures';
import {
	type FakeRealtime,
	fakeRealtime,
	renderWithServices,
} from '../../test-utils/render';
import type { InboxItem } from '../../utils/inbox-list';
import ConversationPane from '.';

const CHANNEL = 'private-conversation-site_test-c_1';

function reply( box: HTMLElement, text: string ) {
	fireEvent.change( box, { target: { value: text } } );
	fireEvent.keyDown( box, { key: 'Enter' } );
}

/** The pane on conversation c_1, as the list hands it over. */
function renderPane(
	services: { api: HandoffApi; realtime?: FakeRealtime },
	over: Partial< InboxItem > = {}
) {
	return renderWithServices(
		<ConversationPane
			conversationId="c_1"
			initial={ conversation( 'c_1', over ) }
			onBack={ jest.fn() }
		/>,
		services
	);
}

/** listMessages: `first` on the first read, `then` on every later one. */
const pages = ( first: Message[], then: Message[] ) =>
	jest
		.fn()
		.mockResolvedValueOnce( messagesPage( first ) )
		.mockResolvedValue( messagesPage( then ) );

const advisorMessage = (
	seq: number,
	clientId: string,
	text: string
): Message =>
	message( seq, {
		clientId,
		text,
		author: { type: 'advisor', id: '7', name: 'Camille' },
	} );

describe( 'ConversationPane', () => {
	it( 'shows the conversation and its messages', async () => {
		const api = stubApi( {
			listMessages: jest
				.fn()
				.mockResolvedValue(
					messagesPage( [
						message( 1, { text: 'Do you ship to Lyon?' } ),
					] )
				),
		} );
		renderPane( { api } );
		expect(
			await screen.findByText( 'Do you ship to Lyon?' )
		).toBeInTheDocument();
		expect( screen.getByRole( 'heading', { level: 2 } ) ).toHaveTextContent(
			/^Visitor [0-9A-F]{4}$/
		);
		expect( screen.getByRole( 'link', { name: /Shop/ } ) ).toHaveAttribute(
			'href',
			'https://example.test/shop/'
		);
		expect( api.listMessages ).toHaveBeenCalledWith( 'c_1', 0 );
	} );

	it( 'shows "Sending…", then "Not sent" with the reason, and retries with the same clientId', async () => {
		let n = 0;
		const api = stubApi( {
			sendMessage: jest
				.fn()
				.mockRejectedValueOnce(
					new BridgeError(
						0,
						'network',
						'The chat server cannot be reached.'
					)
				)
				.mockImplementationOnce( ( _id, body ) =>
					Promise.resolve(
						advisorMessage( 1, body.clientId, body.text )
					)
				),
		} );
		renderPane( { api } );
		await screen.findByText( 'No messages yet.' );

		reply(
			screen.getByRole( 'textbox', { name: 'Reply' } ),
			`Yes we do ${ ++n }`
		);
		expect( screen.getByText( 'Sending…' ) ).toBeInTheDocument();
		expect( await screen.findByText( 'Not sent' ) ).toBeInTheDocument();
		expect(
			screen.getByText( /The chat server cannot be reached\./ )
		).toBeInTheDocument();

		fireEvent.click( screen.getByRole( 'button', { name: 'Retry' } ) );
		await waitFor( () =>
			expect( screen.queryByText( 'Not sent' ) ).not.toBeInTheDocument()
		);
		expect( screen.getAllByText( 'Yes we do 1' ) ).toHaveLength( 1 );

		const [ first, second ] = api.sendMessage.mock.calls;
		expect( second[ 1 ].clientId ).toBe( first[ 1 ].clientId );
		expect( first[ 1 ].clientId ).toMatch( /^[A-Za-z0-9_-]{8,64}$/ );
	} );

	it( 'shows the bridge’s message when the conversation is closed', async () => {
		const api = stubApi( {
			sendMessage: jest
				.fn()
				.mockRejectedValue(
					new BridgeError(
						409,
						'conflict',
						'This conversation is closed. Reopen it to reply.'
					)
				),
		} );
		renderPane( { api }, { state: 'closed' } );
		expect(
			screen.getByText( 'This conversation is closed.' )
		).toBeInTheDocument();
		reply( screen.getByRole( 'textbox', { name: 'Reply' } ), 'Hello?' );
		expect(
			await screen.findByText(
				/This conversation is closed\. Reopen it to reply\./
			)
		).toBeInTheDocument();
	} );

	it( 'merges realtime messages by id and catches up over HTTP on a seq gap', async () => {
		const realtime = fakeRealtime();
		const listMessages = pages(
			[ message( 1 ) ],
			[ message( 3 ), message( 4 ) ]
		);
		const api = stubApi( { listMessages } );
		renderPane( { api, realtime } );
		await screen.findByText( 'message 1' );
		expect( realtime.channels() ).toEqual(
			expect.arrayContaining( [ CHANNEL, 'private-inbox-site_test' ] )
		);

		// The next message arrives twice (conversation and inbox channels): shown once.
		act( () => {
			realtime.emit( CHANNEL, 'message-created', {
				message: message( 2 ),
			} );
			realtime.emit( 'private-inbox-site_test', 'message-created', {
				message: message( 2 ),
			} );
		} );
		expect( screen.getAllByText( 'message 2' ) ).toHaveLength( 1 );

		// seq 4 without 3: fetch after=2 instead of showing a hole.
		act( () =>
			realtime.emit( CHANNEL, 'message-created', {
				message: message( 4 ),
			} )
		);
		await screen.findByText( 'message 3' );
		expect( listMessages ).toHaveBeenLastCalledWith( 'c_1', 2 );
		expect( screen.getAllByText( 'message 4' ) ).toHaveLength( 1 );
		const texts = Array.from(
			document.querySelectorAll( '.handoff-chat-message__text' )
		).map( ( p ) => p.textContent );
		expect( texts ).toEqual( [
			'message 1',
			'message 2',
			'message 3',
			'message 4',
		] );
	} );

	it( 'fetches a note when the inbox channel only hints at it', async () => {
		const realtime = fakeRealtime();
		const listMessages = pages(
			[ message( 1 ) ],
			[
				message( 2, {
					kind: 'note',
					text: 'VIP customer',
					author: { type: 'bot', id: null, name: null },
				} ),
			]
		);
		renderPane( { api: stubApi( { listMessages } ), realtime } );
		await screen.findByText( 'message 1' );
		act( () => {
			// Another conversation's note is not ours.
			realtime.emit( 'private-inbox-site_test', 'message-created', {
				conversationId: 'c_2',
				messageId: 'm_9',
				seq: 9,
				kind: 'note',
			} );
		} );
		expect( listMessages ).toHaveBeenCalledTimes( 1 );
		act( () => {
			realtime.emit( 'private-inbox-site_test', 'message-created', {
				conversationId: 'c_1',
				messageId: 'm_2',
				seq: 2,
				kind: 'note',
			} );
		} );
		const note = await screen.findByText( 'VIP customer' );
		expect( note.closest( 'li' ) ).toHaveClass( 'is-note' );
		expect( listMessages ).toHaveBeenLastCalledWith( 'c_1', 1 );
	} );

	it( 'refetches after each (re)subscription', async () => {
		const realtime = fakeRealtime();
		const api = stubApi();
		renderPane( { api, realtime } );
		await screen.findByText( 'No messages yet.' );
		const before = api.listMessages.mock.calls.length;
		act( () => realtime.resync( CHANNEL ) );
		await waitFor( () =>
			expect( api.listMessages.mock.calls.length ).toBeGreaterThan(
				before
			)
		);
	} );
} );
