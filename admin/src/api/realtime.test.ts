import { BRIDGE, fakeBridge, json } from '../test-utils/fake-bridge';
import { BridgeError } from './errors';
import { realtimeApi } from './realtime';

describe( 'realtime api', () => {
	it( "reads the realtime config of the token's site", async () => {
		const { transport, fetch } = fakeBridge();
		fetch.mockImplementation( () => json( 200, { realtime: {} } ) );
		await realtimeApi( transport ).getRealtimeConfig();
		expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/sites/site_abc1/config`
		);
	} );

	it( 'authorises channels for pusher-js with a fresh token and the right body', async () => {
		const { transport, fetch } = fakeBridge();
		const api = realtimeApi( transport );
		fetch.mockImplementation( () => json( 200, { auth: 'key:sig' } ) );
		const callback = jest.fn();
		api.channelAuthorizer(
			{ socketId: '123.456', channelName: 'private-inbox-site_abc1' },
			callback
		);
		await new Promise( ( r ) => setTimeout( r, 0 ) );
		expect( callback ).toHaveBeenCalledWith( null, { auth: 'key:sig' } );
		expect( fetch.mock.calls[ 0 ][ 0 ] ).toBe(
			`${ BRIDGE }/v1/realtime/auth`
		);
		expect(
			JSON.parse(
				String( ( fetch.mock.calls[ 0 ][ 1 ] as RequestInit ).body )
			)
		).toEqual( {
			socket_id: '123.456',
			channel_name: 'private-inbox-site_abc1',
		} );

		fetch.mockImplementation( () =>
			json( 403, {
				error: { code: 'forbidden', message: 'Not your conversation.' },
			} )
		);
		const refused = jest.fn();
		api.channelAuthorizer(
			{
				socketId: '123.456',
				channelName: 'private-conversation-site_abc1-c_9',
			},
			refused
		);
		await new Promise( ( r ) => setTimeout( r, 0 ) );
		expect( refused.mock.calls[ 0 ][ 0 ] ).toBeInstanceOf( BridgeError );
		expect( refused.mock.calls[ 0 ][ 1 ] ).toBeNull();
	} );
} );
