import '@testing-library/jest-dom';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Message } from '@handoff-chat/contracts';
import { BridgeError } from '../../api';
import { LicenceContext } from '../../data/use-licence';
import { conversation, message, stubApi } from '../../test-utils/fixtures';
import { LicenceProviderForTest } from '../../test-utils/licence';
import { fakeRealtime, renderWithServices } from '../../test-utils/render';
import ConversationPane from '.';

const INBOX = 'private-inbox-site_test';
const CHANNEL = 'private-conversation-site_test-c_1';

const advisorMsg = ( seq: number, over: Partial< Message > = {} ): Message =>
	message( seq, {
		author: { type: 'advisor', id: '7', name: 'Camille' },
		...over,
	} );

function pane(
	props: Partial< Parameters< typeof ConversationPane >[ 0 ] > = {}
) {
	return (
		<ConversationPane
			conversationId="c_1"
			initial={ conversation( 'c_1', { state: 'live' } ) }
			onBack={ jest.fn() }
			{ ...props }
		/>
	);
}

describe( 'ConversationPane: notes, images, history, signals', () => {
	it( 'the note switch turns the box yellow and posts to notes with a clientId', async () => {
		const addNote = jest.fn(
			( _id: string, body: { clientId: string; text: string } ) =>
				Promise.resolve(
					advisorMsg( 1, {
						kind: 'note',
						clientId: body.clientId,
						text: body.text,
					} )
				)
		);
		const api = stubApi( { addNote } );
		renderWithServices( pane(), { api } );
		await screen.findByText( 'No messages yet.' );

		const toggle = screen.getByRole( 'checkbox', { name: 'Leave a note' } );
		const form = screen
			.getByRole( 'textbox', { name: 'Reply' } )
			.closest( 'form' )!;
		expect( form ).not.toHaveClass( 'is-note' );
		fireEvent.click( toggle );
		expect( form ).toHaveClass( 'is-note' );
		const box = screen.getByRole( 'textbox', { name: 'Note' } );
		expect(
			screen.getByRole( 'button', { name: 'Add note' } )
		).toBeInTheDocument();
		fireEvent.change( box, { target: { value: 'VIP: be nice' } } );
		fireEvent.keyDown( box, { key: 'Enter' } );

		await waitFor( () => expect( addNote ).toHaveBeenCalled() );
		expect( addNote.mock.calls[ 0 ][ 1 ] ).toEqual( {
			clientId: expect.stringMatching( /^[A-Za-z0-9_-]{8,64}$/ ),
			text: 'VIP: be nice',
		} );
		expect( api.sendMessage ).not.toHaveBeenCalled();
		// Never typing signals while writing a note.
		expect( api.sendTyping ).not.toHaveBeenCalled();
		const note = await screen.findByText( 'VIP: be nice' );
		expect( note.closest( 'li' ) ).toHaveClass( 'is-note' );
	} );

	it( 'hides the note switch, with the reason, once the bridge refuses notes (no licence)', async () => {
		const api = stubApi( {
			addNote: jest
				.fn()
				.mockRejectedValue(
					new BridgeError(
						403,
						'forbidden',
						'Notes need an advisor licence.'
					)
				),
		} );
		renderWithServices(
			<LicenceProviderForTest>{ pane() }</LicenceProviderForTest>,
			{ api }
		);
		await screen.findByText( 'No messages yet.' );
		fireEvent.click(
			screen.getByRole( 'checkbox', { name: 'Leave a note' } )
		);
		const box = screen.getByRole( 'textbox', { name: 'Note' } );
		fireEvent.change( box, { target: { value: 'x' } } );
		fireEvent.keyDown( box, { key: 'Enter' } );
		expect(
			await screen.findByText(
				'A licence is needed to see names and notes.'
			)
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'checkbox', { name: 'Leave a note' } )
		).toBeNull();
		expect(
			screen.getByRole( 'textbox', { name: 'Reply' } )
		).toBeInTheDocument();
	} );

	it( 'without a licence from the start: no note switch', async () => {
		renderWithServices(
			<LicenceContext.Provider
				value={ { licensed: false, report: jest.fn() } }
			>
				{ pane() }
			</LicenceContext.Provider>,
			{ api: stubApi() }
		);
		await screen.findByText( 'No messages yet.' );
		expect(
			screen.queryByRole( 'checkbox', { name: 'Leave a note' } )
		).toBeNull();
		expect(
			screen.getByText( 'A licence is needed to see names and notes.' )
		).toBeInTheDocument();
	} );

	it( 'uploads an image, then sends { clientId, uploadId }, and shows it from the bridge', async () => {
		const uploadImage = jest.fn().mockResolvedValue( {
			id: '0123456789abcdef0123456789abcdef',
			url: '/v1/uploads/0123456789abcdef0123456789abcdef',
			type: 'image/png',
			bytes: 3,
		} );
		const sendMessage = jest.fn( ( _id, body ) =>
			Promise.resolve(
				advisorMsg( 1, {
					kind: 'image',
					clientId: body.clientId,
					text: '',
					meta: {
						image: {
							url: '/v1/uploads/0123456789abcdef0123456789abcdef',
							alt: '',
						},
					},
				} )
			)
		);
		const api = stubApi( { uploadImage, sendMessage } );
		const { container } = renderWithServices( pane(), { api } );
		await screen.findByText( 'No messages yet.' );
		const png = new File( [ 'png' ], 'map.png', { type: 'image/png' } );
		fireEvent.change( container.querySelector( 'input[type=file]' )!, {
			target: { files: [ png ] },
		} );
		fireEvent.click( screen.getByRole( 'button', { name: 'Send' } ) );
		await waitFor( () => expect( sendMessage ).toHaveBeenCalled() );
		expect( uploadImage ).toHaveBeenCalledWith( png, 'map.png' );
		expect( sendMessage.mock.calls[ 0 ][ 1 ] ).toEqual( {
			clientId: expect.any( String ),
			uploadId: '0123456789abcdef0123456789abcdef',
		} );
		await waitFor( () =>
			expect(
				container.querySelector(
					'.handoff-chat-message.is-advisor img'
				)
			).toHaveAttribute(
				'src',
				'https://bridge.test/v1/uploads/0123456789abcdef0123456789abcdef'
			)
		);
	} );

	it( 'opens a long history on its latest page and reads older ones with before=', async () => {
		const page = ( from: number, to: number ) =>
			Array.from( { length: to - from + 1 }, ( _, i ) =>
				message( from + i )
			);
		const listMessagesBefore = jest
			.fn()
			.mockResolvedValueOnce( {
				messages: page( 4901, 5000 ),
				lastSeq: 5000,
				hasMore: true,
			} )
			.mockResolvedValueOnce( {
				messages: page( 4801, 4900 ),
				lastSeq: 5000,
				hasMore: true,
			} )
			.mockResolvedValue( {
				messages: [],
				lastSeq: 5000,
				hasMore: false,
			} );
		const listMessages = jest.fn().mockResolvedValue( {
			messages: [],
			lastSeq: 5000,
			hasMore: false,
		} );
		const api = stubApi( { listMessagesBefore, listMessages } );
		renderWithServices(
			pane( {
				initial: conversation( 'c_1', {
					state: 'live',
					lastSeq: 5000,
				} ),
			} ),
			{ api }
		);
		await screen.findByText( 'message 5000' );
		expect( listMessagesBefore ).toHaveBeenCalledWith( 'c_1', 5001, 100 );
		expect( listMessages ).toHaveBeenCalledWith( 'c_1', 5000 );
		// jsdom lays nothing out: the history never fills the view, so older pages load
		// at once (in a browser, when scrolled near the top or from "Load older messages").
		await waitFor( () =>
			expect( listMessagesBefore ).toHaveBeenLastCalledWith(
				'c_1',
				4901,
				100
			)
		);
		await screen.findByText( 'message 4900' );
		// Still a window, not the whole history.
		expect(
			document.querySelectorAll( '.handoff-chat-message' ).length
		).toBeLessThanOrEqual( 240 );
	} );

	it( 'says "Seen" under the last reply the visitor read, and shows the visitor typing', async () => {
		jest.useFakeTimers();
		const realtime = fakeRealtime();
		const api = stubApi( {
			listMessages: jest.fn().mockResolvedValue( {
				messages: [
					message( 1 ),
					advisorMsg( 2, { text: 'Hello!' } ),
					advisorMsg( 3, { text: 'Anything else?' } ),
				],
				lastSeq: 3,
				hasMore: false,
			} ),
		} );
		renderWithServices(
			pane( {
				initial: conversation( 'c_1', {
					state: 'live',
					lastSeq: 3,
					visitorLastReadSeq: 2,
				} ),
			} ),
			{ api, realtime }
		);
		await screen.findByText( 'Anything else?' );
		expect( screen.queryByText( 'Seen' ) ).toBeNull();
		act( () =>
			realtime.emit( CHANNEL, 'conversation-updated', {
				conversation: conversation( 'c_1', {
					state: 'live',
					lastSeq: 3,
					visitorLastReadSeq: 3,
					updatedAt: '2025-01-01T10:00:00.000Z',
				} ),
			} )
		);
		const seen = screen.getByText( 'Seen' );
		expect( seen.closest( 'li' ) ).toHaveTextContent( 'Anything else?' );

		act( () =>
			realtime.emit( INBOX, 'typing', {
				conversationId: 'c_2',
				by: 'visitor',
			} )
		);
		expect( screen.queryByText( 'Visitor is typing…' ) ).toBeNull();
		act( () =>
			realtime.emit( INBOX, 'typing', {
				conversationId: 'c_1',
				by: 'visitor',
			} )
		);
		expect( screen.getByText( 'Visitor is typing…' ) ).toBeInTheDocument();
		act( () => jest.advanceTimersByTime( 4100 ) );
		expect( screen.queryByText( 'Visitor is typing…' ) ).toBeNull();
		jest.useRealTimers();
	} );

	it( 'sends typing at most every 2 s while the advisor types a reply', async () => {
		const api = stubApi();
		renderWithServices( pane(), { api } );
		const box = await screen.findByRole( 'textbox', { name: 'Reply' } );
		const now = jest.spyOn( Date, 'now' ).mockReturnValue( 1_000_000 );
		fireEvent.change( box, { target: { value: 'H' } } );
		fireEvent.change( box, { target: { value: 'He' } } );
		fireEvent.change( box, { target: { value: 'Hel' } } );
		expect( api.sendTyping ).toHaveBeenCalledTimes( 1 );
		now.mockReturnValue( 1_002_100 );
		fireEvent.change( box, { target: { value: 'Hell' } } );
		expect( api.sendTyping ).toHaveBeenCalledTimes( 2 );
		expect( api.sendTyping ).toHaveBeenCalledWith( 'c_1' );
		now.mockRestore();
	} );

	it( 'marks what is on screen read (debounced PATCH read)', async () => {
		jest.useFakeTimers();
		const onRead = jest.fn();
		const patchConversation = jest
			.fn()
			.mockResolvedValue( conversation( 'c_1' ) );
		const api = stubApi( {
			patchConversation,
			listMessages: jest.fn().mockResolvedValue( {
				messages: [ message( 1 ), message( 2 ) ],
				lastSeq: 2,
				hasMore: false,
			} ),
		} );
		renderWithServices(
			pane( {
				initial: {
					...conversation( 'c_1', { lastSeq: 2 } ),
					unread: true,
					lastReadSeq: 0,
				},
				onRead,
			} ),
			{ api }
		);
		await act( async () => {
			await Promise.resolve();
		} );
		await screen.findByText( 'message 2' );
		expect( patchConversation ).not.toHaveBeenCalled();
		await act( async () => {
			jest.advanceTimersByTime( 900 );
		} );
		expect( patchConversation ).toHaveBeenCalledWith( 'c_1', {
			type: 'read',
			seq: 2,
		} );
		expect( patchConversation ).toHaveBeenCalledTimes( 1 );
		await waitFor( () =>
			expect( onRead ).toHaveBeenCalledWith( 'c_1', 2 )
		);
		jest.useRealTimers();
	} );
} );
