import {
	authOf,
	BRIDGE,
	fakeBridge,
	json,
	requestsOf,
	response,
} from '../test-utils/fake-bridge';
import { conversationsApi } from './conversations';

function setup() {
	const bridge = fakeBridge();
	return { ...bridge, api: conversationsApi( bridge.transport ) };
}

describe( 'conversations api', () => {
	it( 'reads a conversation and the messages after a seq', async () => {
		const { api, fetch } = setup();
		fetch
			.mockImplementationOnce( () =>
				json( 200, { conversation: { id: 'c 1' } } )
			)
			.mockImplementationOnce( () =>
				json( 200, { messages: [], lastSeq: 0, hasMore: false } )
			);
		expect( await api.getConversation( 'c 1' ) ).toEqual( { id: 'c 1' } );
		expect( await api.listMessages( 'c_1', 4 ) ).toEqual( {
			messages: [],
			lastSeq: 0,
			hasMore: false,
		} );
		expect( fetch.mock.calls.map( ( c ) => c[ 0 ] ) ).toEqual( [
			`${ BRIDGE }/v1/conversations/c%201`,
			`${ BRIDGE }/v1/conversations/c_1/messages?after=4&limit=200`,
		] );
	} );

	it( 'sends a message as JSON and answers the stored message', async () => {
		const { api, fetch } = setup();
		fetch.mockImplementation( () =>
			json( 201, { message: { id: 'm_1' } } )
		);
		expect(
			await api.sendMessage( 'c_1', {
				clientId: 'client-0001',
				text: 'Hi',
			} )
		).toEqual( { id: 'm_1' } );
		expect( requestsOf( fetch ) ).toEqual( [
			[
				`${ BRIDGE }/v1/conversations/c_1/messages`,
				'POST',
				'{"clientId":"client-0001","text":"Hi"}',
			],
		] );
	} );

	it( 'sends notes, patches, reads older history and typing', async () => {
		const { api, fetch } = setup();
		fetch.mockImplementation( () =>
			json( 200, {
				message: { id: 'm_1' },
				conversation: { id: 'c_1' },
				messages: [],
				lastSeq: 0,
				hasMore: false,
			} )
		);
		await api.addNote( 'c_1', {
			clientId: 'client-0001',
			text: 'VIP',
		} );
		await api.patchConversation( 'c_1', {
			type: 'assign',
			advisorId: null,
		} );
		await api.listMessagesBefore( 'c_1', 5001 );
		await api.sendTyping( 'c_1' );
		expect( requestsOf( fetch ) ).toEqual( [
			[
				`${ BRIDGE }/v1/conversations/c_1/notes`,
				'POST',
				'{"clientId":"client-0001","text":"VIP"}',
			],
			[
				`${ BRIDGE }/v1/conversations/c_1`,
				'PATCH',
				'{"type":"assign","advisorId":null}',
			],
			[
				`${ BRIDGE }/v1/conversations/c_1/messages?before=5001&limit=100`,
				'GET',
				null,
			],
			[ `${ BRIDGE }/v1/conversations/c_1/typing`, 'POST', '{}' ],
		] );
	} );

	it( 'downloads a transcript with the advisor token, and explains a refusal', async () => {
		const { api, fetch } = setup();
		fetch
			.mockResolvedValueOnce( {
				ok: true,
				status: 200,
				blob: () => Promise.resolve( 'csv bytes' ),
			} )
			.mockImplementationOnce( () =>
				json( 403, {
					error: {
						code: 'forbidden',
						message:
							'Only site managers may delete conversations or download transcripts.',
					},
				} )
			);
		expect( await api.downloadTranscript( 'c_1', 'csv' ) ).toEqual( {
			blob: 'csv bytes',
			filename: 'conversation-c_1.csv',
		} );
		expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/conversations/c_1/transcript?format=csv`
		);
		expect( authOf( fetch.mock.calls[ 0 ] ) ).toBe( 'Bearer token-1' );
		await expect( api.downloadTranscript( 'c_1', 'text' ) ).rejects.toThrow(
			'Only site managers may delete conversations or download transcripts.'
		);
	} );

	it( 'deletes a conversation', async () => {
		const { api, fetch } = setup();
		fetch.mockImplementation( () => response( 204, '' ) );
		await api.deleteConversation( 'c_1' );
		expect( requestsOf( fetch )[ 0 ].slice( 0, 2 ) ).toEqual( [
			`${ BRIDGE }/v1/conversations/c_1`,
			'DELETE',
		] );
	} );
} );
