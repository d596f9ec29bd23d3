/**
 * Known customers: the widget asks WordPress (identityUrl, with the login cookie) for a signed
 * identity whenever it needs a visitor session, sends it to the bridge once, and a logged-in
 * customer new to a browser finds the conversation they have on another device.
 */
import { flush } from '../test-utils/fake-realtime';
import {
	posts,
	resetPage,
	setupController as setup,
} from '../test-utils/chat-fixtures';

const IDENTITY_URL =
	'https://shop.example/wp-admin/admin-ajax.php?action=handoff_chat_identity';

/** The site's identity endpoint, as admin-ajax answers for this visitor. */
function site( answer: () => { token: string | null } | 'down' ) {
	const asked: Array< { url: string; init: RequestInit | undefined } > = [];
	global.fetch = jest.fn( async ( url: any, init?: RequestInit ) => {
		asked.push( { url: String( url ), init } );
		const a = answer();
		if ( a === 'down' ) {
			throw new TypeError( 'Failed to fetch' );
		}
		return { ok: true, json: async () => a } as Response;
	} ) as typeof fetch;
	return asked;
}

const originalFetch = global.fetch;
beforeEach( resetPage );
afterEach( () => {
	global.fetch = originalFetch;
} );

it( 'sends a logged-in customer’s identity, and finds their conversation on a second browser', async () => {
	let n = 0;
	// A new identity each time (single use): user 42, jti n.
	const asked = site( () => ( { token: `customer:42:${ ++n }` } ) );
	const first = setup( { config: { identityUrl: IDENTITY_URL } } );
	await first.controller.start();
	first.controller.send( 'Where is my order?' );
	await flush();
	const [ created ] = posts( first.bridge, '/visitors' );
	expect( created.body ).toEqual( { identity: 'customer:42:1' } );
	expect( asked[ 0 ].url ).toBe( IDENTITY_URL );
	expect( asked[ 0 ].init ).toMatchObject( {
		credentials: 'same-origin',
		cache: 'no-store',
	} );
	expect( first.bridge.conversations ).toHaveLength( 1 );

	// Another browser: nothing stored, the same user logged in.
	resetPage();
	const second = setup( {
		bridge: first.bridge,
		config: { identityUrl: IDENTITY_URL },
	} );
	await second.controller.start();
	await flush();
	expect(
		second.controller.getState().messages.map( ( m ) => m.text )
	).toEqual( [ 'Where is my order?' ] );
	// Its own identity, fetched anew: one is never used twice.
	const later = posts( first.bridge, '/visitors' ).slice( 1 );
	expect( later ).toHaveLength( 1 );
	expect( later[ 0 ].body.identity ).toMatch( /^customer:42:/ );
	expect( later[ 0 ].body.identity ).not.toBe( created.body.identity );
	expect( first.bridge.conversations ).toHaveLength( 1 );
} );

it( 'stays anonymous when logged out or when the site cannot say, without asking the bridge early', async () => {
	const asked = site( () => ( { token: null } ) );
	const { bridge, controller } = setup( {
		config: { identityUrl: IDENTITY_URL },
	} );
	await controller.start();
	// Live chat: a new anonymous visitor costs the bridge nothing until their first message.
	expect( bridge.calls ).toEqual( [] );
	controller.send( 'hello' );
	await flush();
	expect( posts( bridge, '/visitors' )[ 0 ].body ).toEqual( {} );
	expect( asked.length ).toBeGreaterThan( 0 );

	resetPage();
	site( () => 'down' );
	const down = setup( { config: { identityUrl: IDENTITY_URL } } );
	await down.controller.start();
	down.controller.send( 'hello' );
	await flush();
	expect( posts( down.bridge, '/visitors' )[ 0 ].body ).toEqual( {} );
	expect( down.controller.getState().phase ).toBe( 'ready' );
} );

it( 'never asks WordPress when the widget has no identity URL', async () => {
	const asked = site( () => ( { token: 'customer:1:1' } ) );
	const { bridge, controller } = setup();
	controller.send( 'hello' );
	await flush();
	expect( asked ).toEqual( [] );
	expect( posts( bridge, '/visitors' )[ 0 ].body ).toEqual( {} );
} );
