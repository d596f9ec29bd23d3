import { BridgeError, parseRetryAfter, retryAfterOf } from './errors';
import { createTransport, type FetchLike } from './transport';

const answer = (
	status: number,
	body?: unknown,
	statusText = '',
	headers: Record< string, string > = {}
) =>
	( {
		ok: status >= 200 && status < 300,
		status,
		statusText,
		headers: new Headers( headers ),
		json: async () => {
			if ( body === undefined ) {
				throw new SyntaxError( 'Unexpected end of JSON input' );
			}
			return body;
		},
	} ) as Response;

function recorder( response: Response | ( () => Promise< Response > ) ) {
	const calls: Array< { url: string; init: RequestInit } > = [];
	const fetch: FetchLike = ( url, init ) => {
		calls.push( { url, init } );
		return typeof response === 'function'
			? response()
			: Promise.resolve( response );
	};
	return { calls, fetch };
}

const failure = ( p: Promise< unknown > ) =>
	p.then(
		() => {
			throw new Error( 'expected a failure' );
		},
		( e: unknown ) => e as BridgeError
	);

describe( 'createTransport', () => {
	it( 'sends JSON with a bearer token, no cookies, and returns status and data', async () => {
		const { calls, fetch } = recorder( answer( 201, { ok: 1 } ) );
		const request = createTransport( {
			baseUrl: 'https://bridge.test/',
			fetch,
		} );
		const res = await request< { ok: number } >( '/v1/things', {
			token: 'tok',
			body: { a: 1 },
			headers: { 'If-None-Match': '*' },
		} );
		expect( res ).toEqual( { status: 201, data: { ok: 1 } } );
		expect( calls[ 0 ].url ).toBe( 'https://bridge.test/v1/things' );
		expect( calls[ 0 ].init ).toMatchObject( {
			method: 'POST',
			body: '{"a":1}',
			credentials: 'omit',
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
				Authorization: 'Bearer tok',
				'If-None-Match': '*',
			},
		} );
	} );

	it( 'GETs without a body or token, and takes full URLs without a base', async () => {
		const { calls, fetch } = recorder( answer( 200, [] ) );
		await createTransport( { fetch } )( 'https://b.test/v1/x' );
		expect( calls[ 0 ].url ).toBe( 'https://b.test/v1/x' );
		expect( calls[ 0 ].init.method ).toBe( 'GET' );
		expect( calls[ 0 ].init.body ).toBeUndefined();
		expect( calls[ 0 ].init.headers ).toEqual( {
			Accept: 'application/json',
		} );
	} );

	it( 'sends FormData as is, letting the browser set the multipart type', async () => {
		const { calls, fetch } = recorder( answer( 201, {} ) );
		const form = new FormData();
		form.append( 'file', new Blob( [ 'x' ] ), 'x.png' );
		await createTransport( { fetch } )( '/v1/uploads', { body: form } );
		expect( calls[ 0 ].init.body ).toBe( form );
		expect( calls[ 0 ].init.headers ).not.toHaveProperty( 'Content-Type' );
	} );

	it( 'reads an empty answer (204) as null data', async () => {
		const { fetch } = recorder( answer( 204 ) );
		await expect(
			createTransport( { fetch } )( '/v1/flows/a', { method: 'DELETE' } )
		).resolves.toEqual( { status: 204, data: null } );
	} );

	it( 'throws the bridge’s error body as a BridgeError', async () => {
		const { fetch } = recorder(
			answer( 409, {
				error: {
					code: 'conflict',
					message: 'Closed.',
					details: [ 1 ],
				},
			} )
		);
		const e = await failure( createTransport( { fetch } )( '/v1/x' ) );
		expect( e ).toBeInstanceOf( BridgeError );
		expect( [ e.status, e.code, e.message, e.details ] ).toEqual( [
			409,
			'conflict',
			'Closed.',
			[ 1 ],
		] );
	} );

	it( 'keeps a 429’s Retry-After (seconds or a date) with the error', async () => {
		const limited = {
			error: { code: 'rate_limited', message: 'Too many messages.' },
		};
		const seconds = createTransport( {
			fetch: recorder(
				answer( 429, limited, 'Too Many Requests', {
					'Retry-After': '7',
				} )
			).fetch,
		} );
		const e = await failure( seconds( '/v1/x', { body: {} } ) );
		expect( e ).toMatchObject( {
			status: 429,
			code: 'rate_limited',
			retryAfterMs: 7000,
		} );
		expect( retryAfterOf( e ) ).toBe( 7000 );

		const none = createTransport( {
			fetch: recorder( answer( 429, limited ) ).fetch,
		} );
		expect(
			retryAfterOf( await failure( none( '/v1/x', { body: {} } ) ) )
		).toBeUndefined();

		const now = Date.parse( 'Sat, 05 Dec 2026 10:00:00 GMT' );
		expect( parseRetryAfter( 'Sat, 05 Dec 2026 10:00:30 GMT', now ) ).toBe(
			30_000
		);
		expect( parseRetryAfter( 'Sat, 05 Dec 2026 09:00:00 GMT', now ) ).toBe(
			0
		);
		expect( parseRetryAfter( 'soon', now ) ).toBeUndefined();
		expect( parseRetryAfter( '-3', now ) ).toBeUndefined();
	} );

	it( 'explains an answer without an error body by its status', async () => {
		const { fetch } = recorder( answer( 502, undefined, 'Bad Gateway' ) );
		const e = await failure( createTransport( { fetch } )( '/v1/x' ) );
		expect( [ e.status, e.code, e.message ] ).toEqual( [
			502,
			'http_502',
			'Bad Gateway',
		] );
		const described = await failure(
			createTransport( {
				fetch,
				describe: ( status ) => `Erreur ${ status }`,
			} )( '/v1/x' )
		);
		expect( described.message ).toBe( 'Erreur 502' );
	} );

	it( 'turns a network failure into status 0', async () => {
		const { fetch } = recorder( () =>
			Promise.reject( new TypeError( 'Failed to fetch' ) )
		);
		const e = await failure( createTransport( { fetch } )( '/v1/x' ) );
		expect( [ e.status, e.code, e.message ] ).toEqual( [
			0,
			'network',
			'Failed to fetch',
		] );
		const described = await failure(
			createTransport( {
				fetch,
				describe: ( status ) => ( status ? '' : 'Unreachable.' ),
			} )( '/v1/x' )
		);
		expect( described.message ).toBe( 'Unreachable.' );
	} );

	/** A fetch that only ends when its signal aborts. */
	const hanging: FetchLike = ( _url, init ) =>
		new Promise( ( _resolve, reject ) => {
			const abort = () =>
				reject( new DOMException( 'Aborted', 'AbortError' ) );
			if ( init.signal!.aborted ) {
				abort(); // As fetch does with a signal aborted already.
			}
			init.signal!.addEventListener( 'abort', abort );
		} );

	it( 'gives up after the timeout (status 0, code timeout)', async () => {
		jest.useFakeTimers();
		try {
			const request = createTransport( {
				fetch: hanging,
				timeoutMs: 1000,
			} );
			const pending = failure( request( '/v1/x' ) );
			const longer = failure( request( '/v1/y', { timeoutMs: 5000 } ) );
			jest.advanceTimersByTime( 1000 );
			const e = await pending;
			expect( [ e.status, e.code ] ).toEqual( [ 0, 'timeout' ] );
			jest.advanceTimersByTime( 4000 );
			expect( ( await longer ).code ).toBe( 'timeout' );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'stops when the caller aborts (status 0, code aborted)', async () => {
		const request = createTransport( { fetch: hanging } );
		const controller = new AbortController();
		const pending = failure(
			request( '/v1/x', { signal: controller.signal } )
		);
		controller.abort();
		expect( ( await pending ).code ).toBe( 'aborted' );
		const again = await failure(
			request( '/v1/x', { signal: controller.signal } )
		);
		expect( [ again.status, again.code ] ).toEqual( [ 0, 'aborted' ] );
	} );
} );
