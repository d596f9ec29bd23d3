/**
 * Connecting WordPress with a one-time code (POST /v1/connect) and WordPress's own site record
 * (GET/PUT /v1/site, POST /v1/site/secret), through createApp() on sqlite3 with an injected clock.
 */
import { createHash, createHmac } from 'node:crypto';
import {
	connectKey,
	formatCode,
	parseCode,
	signResponse,
} from '../auth/connect-code';
import { signRequest } from '../auth/signed-request';
import { signedHeaders } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

let nowMs = Date.parse( '2026-12-05T12:00:00Z' );
const { h } = setUpBridge(
	// Loopback is exempt by default; the limit is part of what is tested.
	{ RATE_LIMIT_EXEMPT_IPS: 'none', RATE_LIMIT_CONNECT_PER_MINUTE: '1000' },
	{ services: { clock: () => nowMs } }
);

const seconds = () => String( Math.floor( nowMs / 1000 ) );

/** What WordPress sends: the code id in clear, the body signed with the code's key. */
function exchangeRequest(
	code: string,
	opts: {
		url?: string;
		timestamp?: string;
		tamper?: ( body: string ) => string;
	} = {}
) {
	const parsed = parseCode( code )!;
	const key = connectKey( parsed );
	const body = JSON.stringify( {
		code: parsed.id,
		url: opts.url ?? 'https://shop.example.com',
		locale: 'fr_FR',
	} );
	const timestamp = opts.timestamp ?? seconds();
	const signature = signRequest( key, {
		method: 'POST',
		path: '/v1/connect',
		timestamp,
		body,
	} );
	return {
		key,
		signature,
		send: () =>
			fetch( `${ parsed.bridgeUrl }/v1/connect`, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'X-Handoff-Timestamp': timestamp,
					'X-Handoff-Signature': signature,
				},
				body: opts.tamper ? opts.tamper( body ) : body,
			} ),
	};
}

const issue = ( ttlHours?: number ) =>
	h.ctx.services.connect.issue( h.site.id, h.url, ttlHours );

const errorCode = async ( res: Response ) =>
	( ( await res.json() ) as { error: { code: string } } ).error.code;

it( 'formats a code that carries the bridge URL, survives sloppy pasting and refuses a typo', async () => {
	const { code } = await issue();
	expect( code ).toMatch(
		/^hc1_[0-9a-z]+_[0-9a-z]{10}_[0-9a-z]{26}_[0-9a-z]{4}$/
	);
	expect( parseCode( code )!.bridgeUrl ).toBe( h.url );
	// Upper case, line breaks and look-alike letters read back the same.
	const sloppy = ` ${ code.slice( 0, 20 ).toUpperCase() }\n${ code.slice( 20 ) } `;
	expect( parseCode( sloppy ) ).toEqual( parseCode( code ) );
	const parsed = parseCode( code )!;
	const withOh = formatCode( { ...parsed, id: '0' + parsed.id.slice( 1 ) } );
	expect( parseCode( withOh.replace( /_0/, '_O' ) )?.id ).toBe(
		'0' + parsed.id.slice( 1 )
	);
	// One character changed, or one missing: the checksum refuses it.
	const i = code.length - 12;
	const typo =
		code.slice( 0, i ) +
		( code[ i ] === 'a' ? 'b' : 'a' ) +
		code.slice( i + 1 );
	expect( parseCode( typo ) ).toBeNull();
	expect( parseCode( code.slice( 0, -1 ) ) ).toBeNull();
	expect( parseCode( 'site_0123456789abcdef' ) ).toBeNull();
} );

it( 'exchanges a code once for the site id and a fresh secret, signed with the code key, and records the URL', async () => {
	const before = ( await h.ctx.services.sites.get( h.site.id ) )!.secret;
	const { code } = await issue();
	const req = exchangeRequest( code, { url: 'https://shop.example.com/' } );
	const res = await req.send();
	expect( res.status ).toBe( 200 );
	const text = await res.text();
	const body = JSON.parse( text );
	expect( body ).toEqual( {
		siteId: h.site.id,
		name: 'Test site',
		url: 'https://shop.example.com',
		secret: expect.stringMatching( /^[0-9a-f]{64}$/ ),
	} );
	expect( body.secret ).not.toBe( before );
	// WordPress checks the answer came from the bridge that holds the code.
	expect( res.headers.get( 'x-handoff-signature' ) ).toBe(
		signResponse( req.key, req.signature, text )
	);
	const site = ( await h.ctx.services.sites.get( h.site.id ) )!;
	expect( site.secret ).toBe( body.secret );
	expect( site.url ).toBe( 'https://shop.example.com' );
	// The new secret signs WordPress's calls; the old one no longer does.
	const fresh = { id: h.site.id, secret: body.secret };
	const get = await fetch( `${ h.url }/v1/site`, {
		headers: signedHeaders( fresh, 'GET', '/v1/site' ),
	} );
	expect( get.status ).toBe( 200 );
	expect( await get.json() ).toEqual( {
		siteId: h.site.id,
		name: 'Test site',
		url: 'https://shop.example.com',
	} );
	const stale = await fetch( `${ h.url }/v1/site`, {
		headers: signedHeaders(
			{ id: h.site.id, secret: before },
			'GET',
			'/v1/site'
		),
	} );
	expect( stale.status ).toBe( 401 );
	// The code itself is not stored, only its key.
	const row = await h.ctx
		.db( 'connect_codes' )
		.where( { id: parseCode( code )!.id } )
		.first();
	expect( JSON.stringify( row ) ).not.toContain( parseCode( code )!.secret );
	expect( row ).toMatchObject( {
		used_url: 'https://shop.example.com',
		used_locale: 'fr_FR',
	} );
	h.site.secret = body.secret;
} );

it( 'refuses a used code, a replayed request, an unknown code and a tampered body, each with its own error', async () => {
	const { code } = await issue();
	const req = exchangeRequest( code );
	expect( ( await req.send() ).status ).toBe( 200 );
	// The same request again (a replay), and a new request with the same code.
	const replay = await req.send();
	expect( replay.status ).toBe( 409 );
	expect( await errorCode( replay ) ).toBe( 'connect_code_used' );
	expect( await errorCode( await exchangeRequest( code ).send() ) ).toBe(
		'connect_code_used'
	);

	// A request captured before the code was used, replayed outside the signature window.
	const fresh = ( await issue() ).code;
	const old = exchangeRequest( fresh, {
		timestamp: String( Number( seconds() ) - 301 ),
	} );
	const late = await old.send();
	expect( late.status ).toBe( 401 );
	expect( await errorCode( late ) ).toBe( 'connect_request_expired' );

	// The URL changed on the way: the signature no longer matches, and nothing is stored.
	const tampered = await exchangeRequest( fresh, {
		tamper: ( b ) => b.replace( 'shop.example.com', 'evil.example.com' ),
	} ).send();
	expect( tampered.status ).toBe( 401 );
	expect( await errorCode( tampered ) ).toBe( 'connect_signature_invalid' );
	// A guessed secret part (the id is right, the key is not).
	const parsed = parseCode( fresh )!;
	const guessed = formatCode( { ...parsed, secret: 'a'.repeat( 26 ) } );
	expect( await errorCode( await exchangeRequest( guessed ).send() ) ).toBe(
		'connect_signature_invalid'
	);
	// Still unused after all that: the genuine request works.
	expect( ( await exchangeRequest( fresh ).send() ).status ).toBe( 200 );

	const unknown = formatCode( { ...parsed, id: 'zzzzzzzzzz' } );
	const res = await exchangeRequest( unknown ).send();
	expect( res.status ).toBe( 404 );
	expect( await errorCode( res ) ).toBe( 'connect_code_unknown' );

	const unsigned = await fetch( `${ h.url }/v1/connect`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify( { code: parsed.id, url: 'https://a.example' } ),
	} );
	expect( unsigned.status ).toBe( 401 );
	const badUrl = await exchangeRequest( ( await issue() ).code, {
		url: 'javascript:alert(1)',
	} ).send();
	expect( badUrl.status ).toBe( 400 );
} );

it( 'refuses a code past its expiry (injected clock), and the CLI default lifetime is 24 hours', async () => {
	const short = await issue( 1 );
	const day = await issue();
	expect( Date.parse( day.expiresAt ) - nowMs ).toBe( 24 * 3600_000 );
	nowMs += 3600_000 + 1000;
	try {
		const res = await exchangeRequest( short.code ).send();
		expect( res.status ).toBe( 410 );
		expect( await errorCode( res ) ).toBe( 'connect_code_expired' );
		expect( ( await exchangeRequest( day.code ).send() ).status ).toBe(
			200
		);
	} finally {
		nowMs -= 3600_000 + 1000;
	}
} );

it( 'lets exactly one of two simultaneous exchanges of a code win', async () => {
	for ( let round = 0; round < 5; round++ ) {
		const { code } = await issue();
		const a = exchangeRequest( code, { url: 'https://a.example.com' } );
		const b = exchangeRequest( code, { url: 'https://b.example.com' } );
		const answers = await Promise.all( [ a.send(), b.send() ] );
		const statuses = answers.map( ( r ) => r.status ).sort();
		expect( statuses ).toEqual( [ 200, 409 ] );
		const winner = ( await answers
			.find( ( r ) => r.status === 200 )!
			.json() ) as { secret: string };
		// The secret the winner got is the one the bridge holds.
		expect( ( await h.ctx.services.sites.get( h.site.id ) )!.secret ).toBe(
			winner.secret
		);
		h.site.secret = winner.secret;
	}
} );

it( 'lets WordPress change its address and rotate its secret with signed calls; the answer is signed with the old secret', async () => {
	const put = await fetch( `${ h.url }/v1/site`, {
		method: 'PUT',
		headers: {
			'Content-Type': 'application/json',
			...signedHeaders(
				h.site,
				'PUT',
				'/v1/site',
				'{"url":"https://new.example.com/"}'
			),
		},
		body: '{"url":"https://new.example.com/"}',
	} );
	expect( put.status ).toBe( 200 );
	expect( ( ( await put.json() ) as { url: string } ).url ).toBe(
		'https://new.example.com'
	);

	const old = h.site.secret;
	const headers = signedHeaders( h.site, 'POST', '/v1/site/secret' );
	const res = await fetch( `${ h.url }/v1/site/secret`, {
		method: 'POST',
		headers,
	} );
	expect( res.status ).toBe( 200 );
	const text = await res.text();
	const { secret } = JSON.parse( text );
	expect( secret ).toMatch( /^[0-9a-f]{64}$/ );
	// Spelled out here, so the test also pins the format WordPress implements.
	const bodyHash = createHash( 'sha256' ).update( text ).digest( 'hex' );
	expect( res.headers.get( 'x-handoff-signature' ) ).toBe(
		createHmac( 'sha256', old )
			.update(
				`RESPONSE\n${ headers[ 'X-Handoff-Signature' ] }\n${ bodyHash }`
			)
			.digest( 'hex' )
	);
	const again = await fetch( `${ h.url }/v1/site/secret`, {
		method: 'POST',
		headers: signedHeaders(
			{ id: h.site.id, secret: old },
			'POST',
			'/v1/site/secret'
		),
	} );
	expect( again.status ).toBe( 401 );
	h.site.secret = secret;
	// Visitors' and advisors' tokens cannot call these.
	const anon = await fetch( `${ h.url }/v1/site` );
	expect( anon.status ).toBe( 401 );
} );

it( 'limits exchanges per IP', async () => {
	const { startBridge } = await import( '../test-utils/harness' );
	const b = await startBridge( {
		RATE_LIMIT_EXEMPT_IPS: 'none',
		RATE_LIMIT_CONNECT_PER_MINUTE: '2',
	} );
	try {
		const statuses: number[] = [];
		for ( let i = 0; i < 3; i++ ) {
			const res = await fetch( `${ b.url }/v1/connect`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: '{"code":"0123456789","url":"https://a.example"}',
			} );
			statuses.push( res.status );
			if ( res.status === 429 ) {
				expect( await errorCode( res ) ).toBe( 'rate_limited' );
			}
		}
		expect( statuses ).toEqual( [ 401, 401, 429 ] );
	} finally {
		await b.close();
	}
} );

it( 'matches the fixed vector the WordPress tests check too (plugin/tests/bridge/ConnectionTest.php)', () => {
	const code = formatCode( {
		bridgeUrl: 'https://chat.example.com:8443/bridge',
		id: 'abcdefgh12',
		secret: '0123456789abcdefghjkmnpqrs',
	} );
	expect( code ).toBe(
		'hc1_d1t78w3k78qjyrv8c5t2wsbrc5pq0v355shpyv9t70t38csfc9s6js37cm_abcdefgh12_0123456789abcdefghjkmnpqrs_bd5d'
	);
	const key = connectKey( parseCode( code )! );
	expect( key ).toBe(
		'8544a381255545834725e07a1f2650e7fefe9832f83a6bbdff2e1c4fc049cfc8'
	);
	const sig = signRequest( key, {
		method: 'POST',
		path: '/v1/connect',
		timestamp: '1764936000',
		body: '{"code":"abcdefgh12","url":"https://shop.example.com","locale":"fr_FR"}',
	} );
	expect( sig ).toBe(
		'49634cc01b1cd296b667b86dae0f00fa9f287f0f73f3d0e6e0e729c17da82dd0'
	);
	expect(
		signResponse(
			key,
			sig,
			`{"siteId":"site_0011223344556677","name":"Shop","url":"https://shop.example.com","secret":"${ 'ab'.repeat(
				32
			) }"}`
		)
	).toBe(
		'518ce00a786792db2e3b404231adf54e81dd72ace1f90c968158ff33ffd85f01'
	);
} );

it( 'keeps returning visitors across a reconnection, not across a rotation (a possibly leaked secret)', async () => {
	const open = ( token?: string ) =>
		fetch( `${ h.url }/v1/sites/${ h.site.id }/visitors`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify( token ? { token } : {} ),
		} ).then( async ( r ) => ( {
			status: r.status,
			body: ( await r.json() ) as { visitorId: string; token: string },
		} ) );
	const visitor = await open();
	expect( visitor.status ).toBe( 201 );

	// Reconnected with a code: the old token is refused on calls, but refreshes to the same visitor.
	const res = await exchangeRequest( ( await issue() ).code ).send();
	h.site.secret = ( ( await res.json() ) as { secret: string } ).secret;
	const stale = await fetch( `${ h.url }/v1/conversations/current`, {
		headers: { Authorization: `Bearer ${ visitor.body.token }` },
	} );
	expect( stale.status ).toBe( 401 );
	const again = await open( visitor.body.token );
	expect( again.status ).toBe( 200 );
	expect( again.body.visitorId ).toBe( visitor.body.visitorId );

	// Rotated: the replaced secret proves nothing any more.
	const rotated = await fetch( `${ h.url }/v1/site/secret`, {
		method: 'POST',
		headers: signedHeaders( h.site, 'POST', '/v1/site/secret' ),
	} );
	h.site.secret = ( ( await rotated.json() ) as { secret: string } ).secret;
	const after = await open( again.body.token );
	expect( after.status ).toBe( 201 );
	expect( after.body.visitorId ).not.toBe( visitor.body.visitorId );
} );

it( 'forgets codes a month past their expiry when it issues a new one', async () => {
	const old = parseCode( ( await issue( 1 ) ).code )!.id;
	const start = nowMs;
	nowMs += 31 * 86400_000;
	try {
		const fresh = parseCode( ( await issue() ).code )!.id;
		const ids = ( await h.ctx.db( 'connect_codes' ).select( 'id' ) ).map(
			( r: { id: string } ) => r.id
		);
		expect( ids ).toContain( fresh );
		expect( ids ).not.toContain( old );
	} finally {
		nowMs = start;
	}
} );
