/**
 * helmet's headers on the bridge's answers (security-headers.ts), with the widget's
 * cross-origin use intact: CORS on the API, uploaded images embeddable by other origins.
 */
import { setUpBridge } from '../test-utils/set-up-bridge';
import { png } from '../test-utils/images';

const { h, c } = setUpBridge();

const ORIGIN = 'https://shop.example';

/** The headers every answer carries, API or error. */
const API_HEADERS = {
	'content-security-policy': "default-src 'none';frame-ancestors 'none'",
	'cross-origin-resource-policy': 'same-origin',
	'cross-origin-opener-policy': 'same-origin',
	'strict-transport-security': 'max-age=31536000; includeSubDomains',
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'no-referrer',
	'x-permitted-cross-domain-policies': 'none',
	'x-powered-by': null,
};

const pick = ( headers: Headers, names: string[] ) =>
	Object.fromEntries( names.map( ( n ) => [ n, headers.get( n ) ] ) );

it( 'sends the security headers on answers and errors, CORS unchanged', async () => {
	for ( const [ method, p, status ] of [
		[ 'GET', '/healthz', 200 ],
		[ 'GET', `/v1/sites/${ h.site.id }/config`, 200 ],
		[ 'GET', '/v1/conversations/current', 401 ],
		[ 'GET', '/v1/nothing-here', 404 ],
	] as const ) {
		const res = await fetch( h.url + p, {
			method,
			headers: { Origin: ORIGIN },
		} );
		expect( res.status ).toBe( status );
		expect( pick( res.headers, Object.keys( API_HEADERS ) ) ).toEqual(
			API_HEADERS
		);
		// The widget on another origin still reads the answer.
		expect( res.headers.get( 'access-control-allow-origin' ) ).toBe( '*' );
	}
	const preflight = await fetch( `${ h.url }/v1/conversations`, {
		method: 'OPTIONS',
		headers: {
			Origin: ORIGIN,
			'Access-Control-Request-Method': 'POST',
			'Access-Control-Request-Headers': 'authorization,content-type',
		},
	} );
	expect( preflight.status ).toBe( 204 );
	expect(
		pick( preflight.headers, [
			'access-control-allow-origin',
			'access-control-allow-headers',
		] )
	).toEqual( {
		'access-control-allow-origin': '*',
		'access-control-allow-headers':
			'Authorization,Content-Type,If-None-Match',
	} );
} );

it( 'serves uploaded images embeddable from other origins, still inert', async () => {
	const v = await c.visitor();
	const up = await c.upload( v.token, png( 2, 2 ) );
	expect( up.status ).toBe( 201 );
	// As an <img> on the site's page loads it: no-cors, from another origin.
	const served = await fetch( h.url + up.body.upload.url, {
		headers: { Origin: ORIGIN },
	} );
	expect( served.status ).toBe( 200 );
	expect(
		pick( served.headers, [
			'content-type',
			'cross-origin-resource-policy',
			'content-security-policy',
			'x-content-type-options',
			'x-frame-options',
			'access-control-allow-origin',
		] )
	).toEqual( {
		'content-type': 'image/png',
		'cross-origin-resource-policy': 'cross-origin',
		'content-security-policy': "default-src 'none'",
		'x-content-type-options': 'nosniff',
		'x-frame-options': 'DENY',
		'access-control-allow-origin': '*',
	} );
} );
