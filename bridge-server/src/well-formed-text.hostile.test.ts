/**
 * Text is stored exactly as sent or refused: a lone UTF-16 surrogate or a NUL anywhere in a
 * body (sent as the JSON escape, the way a buggy client would), bytes that are not UTF-8, or a
 * query parameter that is not UTF-8 get a 400 naming the field, and nothing is stored; every
 * well-formed string, however odd, reads back unchanged.
 */
import { advisorToken } from './test-utils/harness';
import { newClientId } from './test-utils/chat';
import { setUpBridge } from './test-utils/set-up-bridge';
import { findMalformedQuery, findMalformedText } from './well-formed-text';

const { h, c } = setUpBridge();

async function liveChat() {
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	return { ...v, id };
}

/** POST with the JSON text exactly as written (escapes included), or raw bytes. */
function post( path: string, token: string | null, body: string | Buffer ) {
	return fetch( h.url + path, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			...( token ? { Authorization: `Bearer ${ token }` } : {} ),
		},
		body,
	} ).then( async ( r ) => ( {
		status: r.status,
		body: ( await r.json() ) as any,
	} ) );
}

const stored = async ( token: string, id: string ) =>
	(
		await c.call( 'GET', `/v1/conversations/${ id }/messages?after=0`, {
			token,
		} )
	).body.messages as { text: string }[];

function expectRefused(
	a: { status: number; body: any },
	path: string,
	what: RegExp
) {
	expect( a.status ).toBe( 400 );
	expect( a.body.error.code ).toBe( 'bad_request' );
	expect( a.body.error.message ).toMatch(
		new RegExp( `^${ path.replace( /\./g, '\\.' ) }: ` )
	);
	expect( a.body.error.message ).toMatch( what );
	expect( a.body.error.details ).toEqual( [
		{ path, message: expect.any( String ) },
	] );
}

const SURROGATE = /lone UTF-16 surrogate/;

it( 'refuses a message with a lone surrogate or a NUL, naming the field, and stores nothing', async () => {
	const v = await liveChat();
	const path = `/v1/conversations/${ v.id }/messages`;
	for ( const text of [
		'\\ud800',
		'Hi \\ud83d there',
		'\\udc00 low first',
		'end \\udbff',
		'\\ude00\\ud83d reversed pair',
	] ) {
		expectRefused(
			await post(
				path,
				v.token,
				`{"clientId":"${ newClientId() }","text":"${ text }"}`
			),
			'text',
			SURROGATE
		);
	}
	expectRefused(
		await post(
			path,
			v.token,
			`{"clientId":"${ newClientId() }","text":"a\\u0000b"}`
		),
		'text',
		/NUL/
	);
	// Bytes that are not UTF-8 would be decoded to U+FFFD: refused as a malformed body.
	const bytes = await post(
		path,
		v.token,
		Buffer.concat( [
			Buffer.from( `{"clientId":"${ newClientId() }","text":"caf` ),
			Buffer.from( [ 0xe9 ] ),
			Buffer.from( '"}' ),
		] )
	);
	expect( bytes.status ).toBe( 400 );
	expect( bytes.body.error ).toEqual( {
		code: 'malformed_body',
		message: 'The body is not valid UTF-8.',
	} );
	expect( await stored( v.token, v.id ) ).toEqual( [] );
} );

it( 'names nested fields and keys, on anonymous routes too', async () => {
	expectRefused(
		await post(
			`/v1/sites/${ h.site.id }/visitors`,
			null,
			'{"token":"\\udfff"}'
		),
		'token',
		SURROGATE
	);
	const v = await liveChat();
	const anna = await advisorToken( h.site, '31' );
	const put = ( body: string ) =>
		fetch( `${ h.url }/v1/conversations/${ v.id }/variables`, {
			method: 'PUT',
			headers: {
				'Content-Type': 'application/json',
				Authorization: `Bearer ${ anna }`,
			},
			body,
		} ).then( async ( r ) => ( {
			status: r.status,
			body: await r.json(),
		} ) );
	expectRefused(
		await put( '{"variables":{"city":"Par\\ud800is"}}' ),
		'variables.city',
		SURROGATE
	);
	expectRefused(
		await put( '{"variables":{"ci\\udc00ty":"Paris"}}' ),
		'variables.ci\udc00ty',
		SURROGATE
	);
	const vars = await c.call( 'GET', `/v1/conversations/${ v.id }/variables`, {
		token: anna,
	} );
	expect( vars.body.variables ).toEqual( [] );
} );

it( 'refuses a query parameter that is not UTF-8 or holds a NUL, naming it', async () => {
	const anna = await advisorToken( h.site, '32' );
	for ( const [ q, what ] of [
		[ '%ED%A0%80abc', /UTF-8/ ], // a lone surrogate as CESU-8
		[ 'caf%E9', /UTF-8/ ], // Latin-1
		[ 'ab%00c', /NUL/ ],
	] as const ) {
		expectRefused(
			await c.call( 'GET', `/v1/search?q=${ q }`, { token: anna } ),
			'q',
			what
		);
	}
	const ok = await c.call(
		'GET',
		`/v1/search?q=${ encodeURIComponent( 'café 👩‍👩‍👧' ) }`,
		{ token: anna }
	);
	expect( ok.status ).toBe( 200 );
} );

it( 'stores and reads back astral characters and naughty strings unchanged', async () => {
	const naughty = [
		'👩‍👩‍👧‍👦 family (ZWJ sequence) and 🏳️‍🌈',
		'𝕳𝖆𝖓𝖉𝖔𝖋𝖋 𠜎𠜱 astral planes',
		'\u200f\u202eRTL override\u202c and mark \u200e',
		'zero\u200bwidth\u200cnon\u200djoiner\u2060',
		'<script>alert(1)</script><img src=x onerror=alert(2)>',
		"'; DROP TABLE messages; --",
		'\ufeffBOM first, then line\u2028and paragraph\u2029separators',
		'Zalgo: Z̸̢̛̳̤̈́ͅa̵̡͖̓l̶̹̈g̷̣̈́o̴̟͝',
		'tab\tnew\nline\rreturn \u0001\u001f\u007f controls',
		'e\u0301 (decomposed) vs \u00e9 (composed)',
		'\uffff\ufffe non-characters, \ufffd replacement',
		'{{name}} ${ x } %s %n',
	];
	const v = await liveChat();
	for ( const text of naughty ) {
		const sent = await c.say( v.token, v.id, text );
		expect( sent.status ).toBe( 201 );
		expect( sent.body.message.text ).toBe( text );
	}
	expect( ( await stored( v.token, v.id ) ).map( ( m ) => m.text ) ).toEqual(
		naughty
	);
} );

it( 'cuts the inbox preview without splitting an emoji', async () => {
	const v = await liveChat();
	// 139 letters, then an emoji across the preview's 140-unit limit.
	const text = 'a'.repeat( 139 ) + '😀 and more';
	expect( ( await c.say( v.token, v.id, text ) ).status ).toBe( 201 );
	const anna = await advisorToken( h.site, '33' );
	const conversation = await c.conversation( anna, v.id );
	expect( conversation.lastMessagePreview ).toBe( 'a'.repeat( 139 ) );
	expect( ( await stored( v.token, v.id ) )[ 0 ].text ).toBe( text );
} );

describe( 'the checks themselves', () => {
	it( 'finds the first malformed string by path, keys included, at any depth', () => {
		expect(
			findMalformedText( { a: [ 'ok', { b: 'x\ud800' } ] } )
		).toEqual( {
			path: 'a.1.b',
			message: expect.stringMatching( SURROGATE ),
		} );
		expect( findMalformedText( '\udc00' ) ).toEqual( {
			path: '',
			message: expect.stringMatching( SURROGATE ),
		} );
		expect( findMalformedText( { 'k\0': 1 } )?.path ).toBe( 'k\0' );
		expect(
			findMalformedText( {
				a: '😀',
				b: [ 1, null, true, '\ud83d\ude00' ],
			} )
		).toBeNull();
		let deep: unknown = 'x\ud800';
		for ( let i = 0; i < 100000; i++ ) {
			deep = [ deep ];
		}
		expect( findMalformedText( deep )?.message ).toMatch( SURROGATE );
	} );

	it( 'reads queries byte by byte', () => {
		expect( findMalformedQuery( 'q=%F0%9F%98%80&after=1' ) ).toBeNull();
		expect( findMalformedQuery( 'a=1&q=%ED%B0%80' )?.path ).toBe( 'q' );
		expect( findMalformedQuery( 'x%00=1' )?.message ).toMatch( /NUL/ );
		expect( findMalformedQuery( 'q=100%&r=%zz' ) ).toBeNull();
	} );
} );
