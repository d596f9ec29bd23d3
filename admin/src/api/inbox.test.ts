import { BRIDGE, fakeBridge, json } from '../test-utils/fake-bridge';
import { inboxApi } from './inbox';

describe( 'inbox api', () => {
	it( 'builds inbox and search queries', async () => {
		const { transport, fetch } = fakeBridge();
		const api = inboxApi( transport );
		fetch.mockImplementation( () => json( 200, {} ) );
		await api.listInbox( {
			list: 'closed',
			filter: 'mine',
			cursor: 'abc=',
			limit: 30,
		} );
		await api.listInbox( { list: 'live', filter: 'all' } );
		await api.search( 'Lyon & co', 'cur' );
		await api.search( 'x' );
		expect( fetch.mock.calls.map( ( c ) => c[ 0 ] ) ).toEqual( [
			`${ BRIDGE }/v1/inbox?list=closed&filter=mine&cursor=abc%3D&limit=30`,
			`${ BRIDGE }/v1/inbox?list=live&filter=all`,
			`${ BRIDGE }/v1/search?q=Lyon+%26+co&cursor=cur`,
			`${ BRIDGE }/v1/search?q=x`,
		] );
	} );

	it( 'reads the summary and who is online', async () => {
		const { transport, fetch } = fakeBridge();
		const api = inboxApi( transport );
		fetch.mockImplementation( ( url: string ) =>
			url.endsWith( '/online' )
				? json( 200, { visitorIds: [ 'v_1' ] } )
				: json( 200, { toHandle: 3 } )
		);
		expect( await api.getSummary() ).toMatchObject( { toHandle: 3 } );
		expect( await api.getOnlineVisitors() ).toEqual( [ 'v_1' ] );
		expect( fetch.mock.calls.map( ( c ) => c[ 0 ] ) ).toEqual( [
			`${ BRIDGE }/v1/inbox/summary`,
			`${ BRIDGE }/v1/inbox/online`,
		] );
	} );
} );
