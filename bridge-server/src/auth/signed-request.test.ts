/** WordPress's signed server-to-server calls, through createApp() on sqlite3. */
import { DEMO_FLOW } from '@handoff-chat/contracts';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import type { Site } from '../services/sites';
import {
	SIGNATURE_HEADER,
	signRequest,
	SITE_HEADER,
	TIMESTAMP_HEADER,
} from './signed-request';

const { h } = setUpBridge();
let other: Site;

beforeAll( async () => {
	other = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Other site',
	} );
} );

interface SignedOptions {
	/** Sent as the body (JSON text). */
	body?: string;
	/** Signed instead of `body` (tampering). */
	signedBody?: string;
	/** Signed instead of the request path/method. */
	signedPath?: string;
	signedMethod?: string;
	secret?: string;
	siteId?: string;
	timestamp?: number;
	omit?: string;
	headers?: Record< string, string >;
	contentType?: string;
}

/** Calls the bridge as plugin/includes/bridge/class-bridge-client.php does. */
async function signed( method: string, path: string, o: SignedOptions = {} ) {
	const site = o.siteId ?? h.site.id;
	const timestamp = String( o.timestamp ?? Math.floor( Date.now() / 1000 ) );
	const signature = signRequest( o.secret ?? h.site.secret, {
		method: o.signedMethod ?? method,
		path: o.signedPath ?? path,
		timestamp,
		body: o.signedBody ?? o.body ?? '',
	} );
	const headers: Record< string, string > = {
		[ SITE_HEADER ]: site,
		[ TIMESTAMP_HEADER ]: timestamp,
		[ SIGNATURE_HEADER ]: signature,
		...( o.body !== undefined
			? { 'Content-Type': o.contentType ?? 'application/json' }
			: {} ),
		...o.headers,
	};
	if ( o.omit ) {
		delete headers[ o.omit ];
	}
	const res = await fetch( h.url + path, { method, headers, body: o.body } );
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse( text ) : null };
}

const now = () => Math.floor( Date.now() / 1000 );

it( 'lets WordPress read the flows of its own site', async () => {
	const list = await signed( 'GET', '/v1/flows' );
	expect( list.status ).toBe( 200 );
	expect( list.body.flows ).toEqual( [
		expect.objectContaining( { id: 'demo', mode: 'bot' } ),
	] );

	const one = await signed( 'GET', '/v1/flows/demo' );
	expect( one.status ).toBe( 200 );
	expect( one.body.flow ).toEqual( DEMO_FLOW );
	// The query string is part of what is signed.
	expect(
		( await signed( 'GET', '/v1/flows/demo?fields=all' ) ).status
	).toBe( 200 );
	expect( ( await signed( 'GET', '/v1/flows/nope' ) ).status ).toBe( 404 );
} );

it( 'accepts timestamps within five minutes either way, and nothing older or newer', async () => {
	expect(
		( await signed( 'GET', '/v1/flows', { timestamp: now() - 290 } ) )
			.status
	).toBe( 200 );
	expect(
		( await signed( 'GET', '/v1/flows', { timestamp: now() + 290 } ) )
			.status
	).toBe( 200 );
	const stale = await signed( 'GET', '/v1/flows', {
		timestamp: now() - 301,
	} );
	expect( stale.status ).toBe( 401 );
	expect( stale.body.error ).toEqual( {
		code: 'unauthorized',
		message: expect.stringMatching( /expired/ ),
	} );
	expect(
		( await signed( 'GET', '/v1/flows', { timestamp: now() + 301 } ) )
			.status
	).toBe( 401 );
	const garbled = await signed( 'GET', '/v1/flows', {
		headers: { [ TIMESTAMP_HEADER ]: '17e8' },
	} );
	expect( garbled.status ).toBe( 401 );
} );

it( 'refuses a wrong secret, another site, an unknown site and missing headers with 401', async () => {
	const wrong = await signed( 'GET', '/v1/flows', {
		secret: 'not-the-secret-0123456789abcdef0123456789',
	} );
	expect( wrong.status ).toBe( 401 );
	expect( wrong.body.error.message ).toBe( 'Invalid signature.' );
	// Signed with this site's secret but claiming another site.
	expect(
		( await signed( 'GET', '/v1/flows', { siteId: other.id } ) ).status
	).toBe( 401 );
	expect(
		( await signed( 'GET', '/v1/flows', { siteId: 'site_unknown00' } ) )
			.status
	).toBe( 401 );
	expect(
		( await signed( 'GET', '/v1/flows', { siteId: '../etc' } ) ).status
	).toBe( 401 );
	for ( const header of [
		SITE_HEADER,
		TIMESTAMP_HEADER,
		SIGNATURE_HEADER,
	] ) {
		const missing = await signed( 'GET', '/v1/flows', { omit: header } );
		expect( missing.status ).toBe( 401 );
		expect( missing.body.error.code ).toBe( 'unauthorized' );
	}
	expect(
		(
			await signed( 'GET', '/v1/flows', {
				headers: { [ SIGNATURE_HEADER ]: 'abc' },
			} )
		).status
	).toBe( 401 );
} );

it( 'gives each site only its own flows', async () => {
	const manager = await advisorToken( h.site, '1', { manage: true } );
	const put = await fetch( `${ h.url }/v1/flows/faq`, {
		method: 'PUT',
		headers: {
			Authorization: `Bearer ${ manager }`,
			'Content-Type': 'application/json',
		},
		body: JSON.stringify( { ...DEMO_FLOW, id: 'faq', name: 'FAQ' } ),
	} );
	expect( put.status ).toBe( 201 );
	const mine = await signed( 'GET', '/v1/flows' );
	expect( mine.body.flows.map( ( f: { id: string } ) => f.id ) ).toEqual( [
		'demo',
		'faq',
	] );
	const theirs = await signed( 'GET', '/v1/flows', {
		siteId: other.id,
		secret: other.secret,
	} );
	expect( theirs.status ).toBe( 200 );
	expect( theirs.body.flows.map( ( f: { id: string } ) => f.id ) ).toEqual( [
		'demo',
	] );
	expect(
		(
			await signed( 'GET', '/v1/flows/faq', {
				siteId: other.id,
				secret: other.secret,
			} )
		).status
	).toBe( 404 );
} );

it( 'signs the method, the path with its query and the exact body', async () => {
	expect(
		( await signed( 'GET', '/v1/flows/demo', { signedPath: '/v1/flows' } ) )
			.status
	).toBe( 401 );
	expect(
		(
			await signed( 'GET', '/v1/flows?a=2', {
				signedPath: '/v1/flows?a=1',
			} )
		).status
	).toBe( 401 );
	expect(
		( await signed( 'GET', '/v1/flows', { signedMethod: 'POST' } ) ).status
	).toBe( 401 );

	// Writes stay with `manage` advisors: a valid signature gets 403 ...
	const body = JSON.stringify( {
		...DEMO_FLOW,
		id: 'wp',
		name: 'From WordPress',
	} );
	const valid = await signed( 'PUT', '/v1/flows/wp', { body } );
	expect( valid.status ).toBe( 403 );
	expect( valid.body.error.code ).toBe( 'forbidden' );
	// ... and one whose body was changed on the way, or re-serialised, gets 401.
	const tampered = await signed( 'PUT', '/v1/flows/wp', {
		body,
		signedBody: body.replace( 'From', 'Via' ),
	} );
	expect( tampered.status ).toBe( 401 );
	const reformatted = await signed( 'PUT', '/v1/flows/wp', {
		body: body + ' ',
		signedBody: body,
	} );
	expect( reformatted.status ).toBe( 401 );
	// A body no parser keeps cannot be checked: refused before any route runs.
	const form = await signed( 'DELETE', '/v1/flows/wp', {
		body: 'x=1',
		signedBody: '',
		contentType: 'text/plain',
	} );
	expect( form.status ).toBe( 415 );
	expect( form.body.error.code ).toBe( 'unsupported_media_type' );
} );

it( 'refuses a request carrying both a bearer token and a signature', async () => {
	const advisor = await advisorToken( h.site, '2' );
	const both = await signed( 'GET', '/v1/flows', {
		headers: { Authorization: `Bearer ${ advisor }` },
	} );
	expect( both.status ).toBe( 401 );
	expect( both.body.error.message ).toMatch( /not both/ );
} );

it( 'keeps WordPress out of visitor and advisor routes (403)', async () => {
	expect( ( await signed( 'GET', '/v1/inbox' ) ).status ).toBe( 403 );
	expect(
		( await signed( 'POST', '/v1/conversations', { body: '{}' } ) ).status
	).toBe( 403 );
	expect(
		( await signed( 'GET', '/v1/conversations/current' ) ).status
	).toBe( 403 );
	expect(
		(
			await signed( 'POST', '/v1/realtime/auth', {
				body: '{"socket_id":"1.2","channel_name":"x"}',
			} )
		).status
	).toBe( 403 );
	expect( ( await signed( 'DELETE', '/v1/flows/demo' ) ).status ).toBe( 403 );
} );
