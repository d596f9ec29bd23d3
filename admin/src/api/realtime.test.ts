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

	it( 'authorises channels with the advisor token and the body pusher-js expects', async () => {
		const { transport, fetch } = fakeBridge();
		const api = realtimeApi( transport );
		fetch.mockImplementation( () => json( 200, { auth: 'key:sig' } ) );
		await expect(
			api.authorizeChannel( '123.456', 'private-inbox-site_abc1' )
		).resolves.toEqual( { auth: 'key:sig' } );
		const [ url, init ] = fetch.mock.calls[ 0 ];
		expect( url ).toBe( `${ BRIDGE }/v1/realtime/auth` );
		expect( init.headers.Authorization ).toBe( 'Bearer token-1' );
		expect( JSON.parse( String( init.body ) ) ).toEqual( {
			socket_id: '123.456',
			channel_name: 'private-inbox-site_abc1',
		} );

		fetch.mockImplementation( () =>
			json( 403, {
				error: { code: 'forbidden', message: 'Not your conversation.' },
			} )
		);
		await expect(
			api.authorizeChannel(
				'123.456',
				'private-conversation-site_abc1-c_9'
			)
		).rejects.toBeInstanceOf( BridgeError );
	} );
} );
