/**
 * POST /v1/sites/self/check-notify: the bridge pings the calling site's notify URL now and says
 * how it went. A local HTTP server stands in for WordPress and checks the signature as the
 * plugin does; it answers as told by the test (the plugin's JSON, a 401, a page).
 */
import { freePort } from '../test-utils/built-bridge';
import {
	startFakeWordPress,
	type SignedCall,
} from '../test-utils/fake-wordpress';
import { client, signedHeaders } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import type { Site } from '../services/sites';

const { h } = setUpBridge();
let wp: Awaited< ReturnType< typeof startFakeWordPress > >;
let wpUrl: string;
let received: SignedCall[];
/** How WordPress answers the next call. */
let answer: 'plugin' | 'page' | 'error' = 'plugin';
let secrets: Map< string, string >;

beforeAll( async () => {
	secrets = new Map();
	wp = await startFakeWordPress(
		( id ) => secrets.get( id ),
		( call, res ) => {
			if ( ! call.verified ) {
				res.writeHead( 401 ).end( '{"code":"rest_forbidden"}' );
			} else if ( answer === 'page' ) {
				res.writeHead( 200 ).end( '<html>home page</html>' );
			} else if ( answer === 'error' ) {
				res.writeHead( 500 ).end( '{}' );
			} else {
				res.writeHead( 200 ).end( '{"duplicate":false,"ping":true}' );
			}
		}
	);
	wpUrl = wp.url;
	received = wp.received;
} );
afterAll( () => wp.close() );
beforeEach( () => {
	answer = 'plugin';
	received.length = 0;
} );

async function site( url: string | null, knownToWordPress = true ) {
	const s = await h.ctx.services.sites.create( { name: 'WP', url } );
	if ( knownToWordPress ) {
		secrets.set( s.id, s.secret );
	}
	return s;
}

const PATH = '/v1/sites/self/check-notify';
const TOKEN = 'abcDEF0123456789xyz';

function check( s: Site, body: unknown = { token: TOKEN } ) {
	const raw = JSON.stringify( body );
	return client( h.url )( 'POST', PATH, {
		raw,
		headers: signedHeaders( s, 'POST', PATH, raw ),
	} );
}

it( 'pings the site, signed, with the token, and reports the delivery', async () => {
	const s = await site( wpUrl + '/' );
	const res = await check( s );
	expect( res.status ).toBe( 200 );
	expect( res.body ).toEqual( {
		delivered: true,
		url: wpUrl + '/?rest_route=/handoff-chat/v1/notify',
		status: 200,
		failure: null,
		error: null,
		bridgeVersion: expect.stringMatching( /^\d+\.\d+\.\d+/ ),
	} );
	expect( received ).toEqual( [
		{
			path: '/?rest_route=/handoff-chat/v1/notify',
			body: { type: 'ping', token: TOKEN },
			verified: true,
			site: s.id,
		},
	] );
	// Nothing queued: a check is never retried later.
	expect(
		await h.ctx.db( 'notification_outbox' ).where( { site_id: s.id } )
	).toEqual( [] );
} );

it( 'says the URL is unknown when the site record has none', async () => {
	const res = await check( await site( null ) );
	expect( res.body ).toMatchObject( {
		delivered: false,
		url: null,
		status: null,
		failure: 'no_url',
	} );
	expect( received ).toEqual( [] );
} );

it( 'says WordPress could not be reached, with the network cause', async () => {
	// A port nothing listens on.
	const port = await freePort();
	const res = await check( await site( `http://127.0.0.1:${ port }` ) );
	expect( res.body ).toMatchObject( {
		delivered: false,
		status: null,
		failure: 'unreachable',
		error: expect.stringContaining( 'ECONNREFUSED' ),
	} );
} );

it( 'says WordPress refused the signature (another secret there)', async () => {
	const res = await check( await site( wpUrl, false ) );
	expect( res.body ).toMatchObject( {
		delivered: false,
		status: 401,
		failure: 'signature_refused',
		error: 'WordPress answered 401',
	} );
} );

it( 'does not count a page answering 200, nor a server error, as a delivery', async () => {
	const s = await site( wpUrl );
	answer = 'page';
	expect( ( await check( s ) ).body ).toMatchObject( {
		delivered: false,
		status: 200,
		failure: 'not_acknowledged',
	} );
	answer = 'error';
	expect( ( await check( s ) ).body ).toMatchObject( {
		delivered: false,
		status: 500,
		failure: 'http_error',
	} );
} );

it( 'is for WordPress only: unsigned 401, a bad token 400', async () => {
	const s = await site( wpUrl );
	const unsigned = await client( h.url )( 'POST', PATH, {
		body: { token: TOKEN },
	} );
	expect( unsigned.status ).toBe( 401 );
	const bad = await check( s, { token: 'short' } );
	expect( bad.status ).toBe( 400 );
	expect( bad.body.error.message ).toMatch( /token/ );
	expect( received ).toEqual( [] );
} );
