import { DEMO_FLOW } from '@handoff-chat/contracts';
import { BRIDGE, fakeBridge, json } from '../test-utils/fake-bridge';
import { BridgeError, flowIssuesOf } from './errors';
import { flowsApi } from './flows';

function setup() {
	const bridge = fakeBridge();
	return { ...bridge, api: flowsApi( bridge.transport ) };
}

describe( 'flows api', () => {
	it( 'lists, reads, puts and deletes flows (204 has no body)', async () => {
		const { api, fetch } = setup();
		fetch
			.mockImplementationOnce( () =>
				json( 200, { flows: [ { id: 'demo' } ] } )
			)
			.mockImplementationOnce( () =>
				json( 200, {
					flow: DEMO_FLOW,
					createdAt: 'a',
					updatedAt: 'b',
				} )
			)
			.mockImplementationOnce( () =>
				json( 200, {
					flow: DEMO_FLOW,
					createdAt: 'a',
					updatedAt: 'c',
				} )
			)
			.mockImplementationOnce( () =>
				Promise.resolve( {
					ok: true,
					status: 204,
					json: () => Promise.reject( new Error( 'no body' ) ),
				} )
			);
		expect( await api.listFlows() ).toEqual( [ { id: 'demo' } ] );
		expect( ( await api.getFlow( 'demo' ) ).flow.id ).toBe( 'demo' );
		expect( ( await api.putFlow( DEMO_FLOW ) ).updatedAt ).toBe( 'c' );
		await expect( api.deleteFlow( 'old flow' ) ).resolves.toBeUndefined();

		expect(
			fetch.mock.calls.map( ( c ) => [ c[ 0 ], c[ 1 ].method ?? 'GET' ] )
		).toEqual( [
			[ `${ BRIDGE }/v1/flows`, 'GET' ],
			[ `${ BRIDGE }/v1/flows/demo`, 'GET' ],
			[ `${ BRIDGE }/v1/flows/demo`, 'PUT' ],
			[ `${ BRIDGE }/v1/flows/old%20flow`, 'DELETE' ],
		] );
		expect( JSON.parse( fetch.mock.calls[ 2 ][ 1 ].body ) ).toEqual(
			DEMO_FLOW
		);
		// A plain save replaces: no precondition.
		expect(
			fetch.mock.calls[ 2 ][ 1 ].headers[ 'If-None-Match' ]
		).toBeUndefined();
	} );

	it( 'creates a flow only if its id is free, with the token kept', async () => {
		const { api, fetch } = setup();
		fetch.mockImplementation( () =>
			json( 201, { flow: DEMO_FLOW, createdAt: 'a', updatedAt: 'a' } )
		);
		await api.putFlow( DEMO_FLOW, { create: true } );
		const headers = fetch.mock.calls.at( -1 )[ 1 ].headers;
		expect( headers[ 'If-None-Match' ] ).toBe( '*' );
		expect( headers.Authorization ).toMatch( /^Bearer / );
		expect( headers[ 'Content-Type' ] ).toBe( 'application/json' );
	} );

	it( "keeps the bridge's error details: a flow's issues on a 400", async () => {
		const { api, fetch } = setup();
		const details = [
			{
				path: 'sequences.1.steps.0.then',
				message: 'unknown sequence "x"',
			},
			{ nonsense: true },
		];
		fetch.mockImplementation( () =>
			json( 400, {
				error: {
					code: 'bad_request',
					message: 'The flow has 1 problem',
					details,
				},
			} )
		);
		const e = await api.putFlow( DEMO_FLOW ).catch( ( x ) => x );
		expect( e ).toBeInstanceOf( BridgeError );
		expect( e.status ).toBe( 400 );
		expect( flowIssuesOf( e ) ).toEqual( [ details[ 0 ] ] );
	} );
} );
