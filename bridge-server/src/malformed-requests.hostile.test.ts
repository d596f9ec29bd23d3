/**
 * Malformed requests get a clear 4xx in the usual error shape, never `500 internal`:
 * each body is sent raw (node:http, so headers such as Content-Encoding and broken bytes
 * reach the bridge as written), on anonymous routes and authenticated ones alike.
 */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { waitFor } from './test-utils/harness';
import { setUpBridge } from './test-utils/set-up-bridge';

const { h, c } = setUpBridge();

interface Answer {
	status: number;
	body: any;
}

/** One request with exactly these headers and bytes (Content-Length added unless given). */
function raw(
	method: string,
	path: string,
	headers: Record< string, string >,
	body: Buffer | string
): Promise< Answer > {
	const bytes = typeof body === 'string' ? Buffer.from( body ) : body;
	return new Promise( ( resolve, reject ) => {
		const req = request(
			`${ h.url }${ path }`,
			{
				method,
				headers: {
					'Content-Length': String( bytes.length ),
					...headers,
				},
			},
			( res ) => {
				const chunks: Buffer[] = [];
				res.on( 'data', ( d ) => chunks.push( d ) );
				res.on( 'end', () => {
					const text = Buffer.concat( chunks ).toString( 'utf8' );
					resolve( {
						status: res.statusCode ?? 0,
						body: text ? JSON.parse( text ) : null,
					} );
				} );
			}
		);
		req.on( 'error', reject );
		req.end( bytes );
	} );
}

const visitors = () => `/v1/sites/${ h.site.id }/visitors`;
const json = { 'Content-Type': 'application/json' };
const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

function expectError( a: Answer, status: number, code: string ) {
	expect( { status: a.status, code: a.body?.error?.code } ).toEqual( {
		status,
		code,
	} );
	expect( a.body.error.message ).toEqual( expect.any( String ) );
}

let errors: jest.SpyInstance;
beforeEach( () => {
	errors = jest.spyOn( h.ctx.log, 'error' );
} );
afterEach( () => {
	const calls = errors.mock.calls;
	errors.mockRestore();
	// A malformed request is the client's mistake: nothing is logged as an unhandled error.
	expect( calls ).toEqual( [] );
} );

describe( 'anonymous routes', () => {
	it( 'refuses JSON in an unknown or non-UTF charset with 415', async () => {
		for ( const charset of [ 'latin1', 'x-klingon', 'koi8-r' ] ) {
			expectError(
				await raw(
					'POST',
					visitors(),
					{
						'Content-Type': `application/json; charset=${ charset }`,
					},
					'{}'
				),
				415,
				'unsupported_charset'
			);
		}
	} );

	it( 'refuses an unknown Content-Encoding with 415', async () => {
		for ( const encoding of [ 'compress', 'x-snappy', 'gzip, deflate' ] ) {
			expectError(
				await raw(
					'POST',
					visitors(),
					{ ...json, 'Content-Encoding': encoding },
					'{}'
				),
				415,
				'unsupported_encoding'
			);
		}
	} );

	it( 'reads gzip, and refuses broken gzip (400) and a gzip bomb past the limit (413)', async () => {
		const ok = await raw(
			'POST',
			visitors(),
			{ ...json, 'Content-Encoding': 'gzip' },
			gzipSync( '{}' )
		);
		expect( ok.status ).toBe( 201 );
		expectError(
			await raw(
				'POST',
				visitors(),
				{ ...json, 'Content-Encoding': 'gzip' },
				Buffer.from( 'not gzip at all' )
			),
			400,
			'malformed_body'
		);
		// 60 kB on the wire, 10 MB once inflated: refused while inflating.
		const bomb = gzipSync(
			'{"token":"' + 'a'.repeat( 10 * 1024 * 1024 ) + '"}'
		);
		expectError(
			await raw(
				'POST',
				'/v1/conversations',
				{ ...json, 'Content-Encoding': 'gzip' },
				bomb
			),
			413,
			'too_large'
		);
	} );

	it( 'refuses a form with more parameters than the limit (413) or in another charset (415)', async () => {
		const many = Array.from(
			{ length: 1001 },
			( _, i ) => `p${ i }=1`
		).join( '&' );
		expectError(
			await raw( 'POST', '/v1/realtime/auth', form, many ),
			413,
			'too_many_parameters'
		);
		expectError(
			await raw(
				'POST',
				'/v1/realtime/auth',
				{
					'Content-Type':
						'application/x-www-form-urlencoded; charset=latin1',
				},
				'socket_id=1.2&channel_name=x'
			),
			415,
			'unsupported_charset'
		);
	} );

	it( 'refuses truncated or invalid JSON with 400', async () => {
		for ( const body of [
			'{"token":',
			'{ not json',
			'"a string"',
			'{"a":1}}',
			Buffer.from( [ 0x7b, 0xff, 0xfe, 0x7d ] ),
		] ) {
			expectError(
				await raw( 'POST', visitors(), json, body ),
				400,
				'malformed_body'
			);
		}
		// The widget's preflight-free text/plain JSON is held to the same rule.
		expectError(
			await raw(
				'POST',
				visitors(),
				{ 'Content-Type': 'text/plain' },
				'{"token"'
			),
			400,
			'malformed_body'
		);
	} );

	it( 'refuses deeply nested JSON as bad input, not a crash', async () => {
		const deep = '['.repeat( 30000 ) + ']'.repeat( 30000 );
		const a = await raw( 'POST', visitors(), json, deep );
		expect( a.status ).toBe( 400 );
		expect( a.body.error.code ).toEqual( expect.any( String ) );
	} );

	it( 'refuses a body larger than the limit with 413', async () => {
		expectError(
			await raw(
				'POST',
				visitors(),
				json,
				JSON.stringify( { token: 'a'.repeat( 70 * 1024 ) } )
			),
			413,
			'too_large'
		);
		const many = Array.from(
			{ length: 900 },
			( _, i ) => `p${ i }=${ 'x'.repeat( 20 ) }`
		).join( '&' );
		expectError(
			await raw( 'POST', '/v1/realtime/auth', form, many ),
			413,
			'too_large'
		);
	} );

	it( 'refuses a body of a type the route does not read with 415', async () => {
		for ( const [ path, type ] of [
			[ visitors(), 'application/xml' ],
			[ visitors(), 'application/x-www-form-urlencoded' ],
			[ '/v1/conversations', 'text/plain' ],
			[ '/v1/conversations', 'multipart/form-data; boundary=x' ],
		] ) {
			expectError(
				await raw( 'POST', path, { 'Content-Type': type }, '{}' ),
				415,
				'unsupported_media_type'
			);
		}
		// No Content-Type at all is no JSON either.
		expectError(
			await raw( 'POST', visitors(), {}, '{}' ),
			415,
			'unsupported_media_type'
		);
	} );
} );

it( 'takes a body cut off by a client that left as the client’s doing, not an internal error', async () => {
	const info = jest.spyOn( h.ctx.log, 'info' );
	try {
		await new Promise< void >( ( resolve ) => {
			const req = request( `${ h.url }${ visitors() }`, {
				method: 'POST',
				headers: { ...json, 'Content-Length': '1000' },
			} );
			req.on( 'error', () => undefined );
			req.write( '{"token":"', () => {
				req.destroy();
				resolve();
			} );
		} );
		await waitFor(
			() =>
				info.mock.calls.find(
					( [ msg ] ) => msg === 'request aborted by its client'
				),
			5000,
			'the aborted request to be handled'
		);
	} finally {
		info.mockRestore();
	}
} );

it( 'refuses a path parameter that is not valid percent-encoding with 400', async () => {
	for ( const path of [ '/v1/uploads/%E0%A4%A', '/v1/conversations/%zz' ] ) {
		expectError( await raw( 'GET', path, {}, '' ), 400, 'bad_request' );
	}
} );

describe( 'authenticated routes', () => {
	it( 'answers the same errors on a send, and stores nothing', async () => {
		const v = await c.visitor();
		const id = ( await c.start( v.token, { mode: 'live' } ) ).body
			.conversation.id as string;
		const path = `/v1/conversations/${ id }/messages`;
		const auth = { Authorization: `Bearer ${ v.token }` };
		const body = JSON.stringify( {
			clientId: 'c-malformed-1',
			text: 'Hello',
		} );
		const cases: [
			Record< string, string >,
			string | Buffer,
			number,
			string,
		][] = [
			[
				{ 'Content-Type': 'application/json; charset=latin1' },
				body,
				415,
				'unsupported_charset',
			],
			[
				{ ...json, 'Content-Encoding': 'x-unknown' },
				body,
				415,
				'unsupported_encoding',
			],
			[ json, body.slice( 0, -3 ), 400, 'malformed_body' ],
			[
				form,
				'clientId=c-malformed-1&text=Hello',
				415,
				'unsupported_media_type',
			],
			[
				{ 'Content-Type': 'text/plain' },
				body,
				415,
				'unsupported_media_type',
			],
			[
				json,
				JSON.stringify( {
					clientId: 'c-malformed-1',
					text: 'a'.repeat( 70000 ),
				} ),
				413,
				'too_large',
			],
		];
		for ( const [ headers, bytes, status, code ] of cases ) {
			expectError(
				await raw( 'POST', path, { ...auth, ...headers }, bytes ),
				status,
				code
			);
		}
		const read = await c.call( 'GET', `${ path }?after=0`, {
			token: v.token,
		} );
		expect( read.status ).toBe( 200 );
		expect( read.body.messages ).toEqual( [] );
	} );

	it( 'still accepts the well-formed bodies', async () => {
		const v = await c.visitor();
		const id = ( await c.start( v.token, { mode: 'live' } ) ).body
			.conversation.id as string;
		const sent = await raw(
			'POST',
			`/v1/conversations/${ id }/messages`,
			{
				'Content-Type': 'application/json; charset=utf-8',
				Authorization: `Bearer ${ v.token }`,
			},
			JSON.stringify( { clientId: 'c-well-formed-1', text: 'Hello' } )
		);
		expect( sent.status ).toBe( 201 );
		// An empty body with a JSON type is no body.
		const empty = await raw(
			'POST',
			'/v1/conversations',
			{ ...json, Authorization: `Bearer ${ v.token }` },
			''
		);
		expect( empty.status ).not.toBe( 415 );
		expect( empty.status ).toBeLessThan( 500 );
	} );
} );
