/**
 * Naughty strings (a bounded list in the spirit of the "Big List of Naughty Strings"): sent as
 * a visitor's and an advisor's message text, as a visitor variable (hence the visitor's name
 * in the inbox), then read back through the API byte for byte — not escaped, not normalised,
 * not interpreted. Template syntax in what a visitor types is never expanded, neither in the
 * message nor when the bot or the pseudonym template interpolates it as a variable.
 * (Lone surrogates and NUL are refused, not stored: well-formed-text.hostile.test.ts.)
 */
import { renderPseudonym } from '@handoff-chat/contracts';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const NAUGHTY: Array< [ string, string ] > = [
	[ 'RTL override', 'abc\u202Egnp.exe' ],
	[ 'LTR/RTL marks and isolates', '\u200Fשלום\u200E \u2067x\u2069' ],
	[ 'Arabic with tashkeel', 'مَرْحَبًا بِالْعَالَمِ' ],
	[ 'zero-width space, joiner, non-joiner', 'a\u200Bb\u200Dc\u200Cd' ],
	[ 'BOM and word joiner inside', '\uFEFFstart\u2060end' ],
	[
		'combining marks (zalgo)',
		'Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319a\u0300\u0301\u0302lgo',
	],
	[ 'decomposed é (NFD, not normalised)', 'cafe\u0301' ],
	[ 'precomposed é (NFC)', 'caf\u00E9' ],
	[ 'emoji ZWJ family', '👨\u200D👩\u200D👧\u200D👦' ],
	[ 'emoji skin tone and flag', '👍🏽 🇫🇷 🏳️‍🌈' ],
	[ 'astral plane (math, CJK ext B)', '𝕳𝖊𝖑𝖑𝖔 𠜎𠜱' ],
	[ 'very long word', 'x'.repeat( 3990 ) ],
	[ 'SQL injection', "'; DROP TABLE messages; --" ],
	[ 'SQL union', "1' UNION SELECT secret FROM sites WHERE '1'='1" ],
	[ 'SQL LIKE wildcards', '%_%\\' ],
	[ 'HTML script', '<script>alert(1)</script>' ],
	[ 'HTML img onerror', '<img src=x onerror=alert(1)>' ],
	[ 'HTML entities', '&lt;b&gt; &amp;amp; &#x3C;' ],
	[ 'javascript URL', 'javascript:alert(document.cookie)' ],
	[ 'JSON breaking', '"}],"admin":true,{"' ],
	[ 'backslashes and escapes', '\\u0000 \\n \\" \\\\' ],
	[ 'template syntax', '{{PRENOM}}' ],
	[ 'template syntax with spaces', '{{ SOCIETE }} and {{EMAIL}}' ],
	[ 'other template languages', '${7*7} #{7*7} <%= 7*7 %> {% raw %}' ],
	[ 'format strings', '%s %d %n %x %1$s {0} %%' ],
	[ 'CRLF inside', 'line 1\r\nline 2\rline 3\nline 4' ],
	[ 'header injection', 'x\r\nSet-Cookie: admin=1' ],
	[ 'tabs and vertical tab', 'a\tb\u000Bc\u000Cd' ],
	[ 'C0 and C1 controls', 'bell\u0007 esc\u001B[31m del\u007F nel\u0085' ],
	[ 'line and paragraph separators', 'a\u2028b\u2029c' ],
	[ 'non-characters', 'a\uFFFE\uFFFFb' ],
	[ 'replacement character (sent as such)', '\uFFFD' ],
	[ 'private use', '\uE000\uF8FF' ],
	[ 'fullwidth and homoglyphs', 'ｐａｙｐａｌ раураl' ],
	[ 'numbers that are not', '1e309 -0 NaN Infinity 0x1F' ],
	[ 'JS reserved words', 'undefined null __proto__ constructor' ],
	[ 'prototype pollution', '{"__proto__":{"admin":true}}' ],
	[ 'path traversal', '../../../../etc/passwd' ],
	[ 'markdown link', '[click](javascript:alert(1)) **bold**' ],
	[ 'outer whitespace kept in messages', '  padded  ' ],
];

const { h, c } = setUpBridge();
let manager: string;
let visitor: { visitorId: string; token: string };
let conversationId: string;

const bytes = ( s: string ) => Buffer.from( s, 'utf8' ).toString( 'hex' );

beforeAll( async () => {
	manager = await advisorToken( h.site, '1', { manage: true } );
	visitor = await c.visitor();
	conversationId = ( await c.start( visitor.token, { mode: 'live' } ) ).body
		.conversation.id;
} );

it( 'has a bounded list of distinct, well-formed entries', () => {
	expect( NAUGHTY.length ).toBe( 40 );
	expect( new Set( NAUGHTY.map( ( [ , s ] ) => s ) ).size ).toBe( 40 );
	for ( const [ , s ] of NAUGHTY ) {
		// Well-formed: survives a UTF-8 round trip (no lone surrogate).
		expect( Buffer.from( s, 'utf8' ).toString( 'utf8' ) ).toBe( s );
	}
} );

it.each( NAUGHTY )(
	'%s: stored and read back byte for byte as message text, both ways',
	async ( _label, text ) => {
		const sent = await c.say( visitor.token, conversationId, text );
		expect( sent.status ).toBe( 201 );
		expect( bytes( sent.body.message.text ) ).toBe( bytes( text ) );
		const reply = await c.say( manager, conversationId, text );
		expect( reply.status ).toBe( 201 );

		for ( const token of [ visitor.token, manager ] ) {
			const read = await c.messages(
				token,
				conversationId,
				sent.body.message.seq - 1
			);
			const mine = read.filter( ( m ) =>
				[ sent.body.message.id, reply.body.message.id ].includes( m.id )
			);
			expect( mine.map( ( m ) => bytes( m.text ?? '' ) ) ).toEqual( [
				bytes( text ),
				bytes( text ),
			] );
		}
	}
);

it.each( NAUGHTY.filter( ( [ , s ] ) => s.length <= 500 ) )(
	'%s: stored as a variable (trimmed, as documented) and shown as the visitor name unchanged',
	async ( _label, value ) => {
		const put = await c.call(
			'PUT',
			`/v1/conversations/${ conversationId }/variables`,
			{ token: manager, body: { variables: { PRENOM: value } } }
		);
		expect( put.status ).toBe( 200 );
		const stored = value.trim();
		for ( const token of [ visitor.token, manager ] ) {
			const vars = await c.call(
				'GET',
				`/v1/conversations/${ conversationId }/variables`,
				{ token }
			);
			const prenom = vars.body.variables.find(
				( v: any ) => v.name === 'PRENOM'
			);
			expect( bytes( prenom.value ) ).toBe( bytes( stored ) );
		}
		// The default template `{{PRENOM}} ({{SOCIETE}})`, rendered once: no escaping, no second pass.
		const conv = await c.conversation( manager, conversationId );
		expect( conv.visitorName ).toBe(
			renderPseudonym( '{{PRENOM}} ({{SOCIETE}})', { PRENOM: stored } )
		);
		if ( stored.includes( '{{' ) ) {
			expect( conv.visitorName ).toContain( stored );
		}
	}
);

it( 'never expands template syntax a visitor typed: in the message, in the bot’s answer or in the visitor name', async () => {
	const v = await c.visitor();
	const started = await c.start( v.token );
	expect( started.status ).toBe( 201 );
	const id = started.body.conversation.id;
	// EMAIL already known, so a second interpolation pass would show it.
	const set = await c.call( 'PUT', `/v1/conversations/${ id }/variables`, {
		token: manager,
		body: { variables: { EMAIL: 'x@example.com' } },
	} );
	expect( set.status ).toBe( 200 );
	// The demo flow asks the first name first: the visitor answers with a placeholder.
	const answer = await c.say( v.token, id, '{{SOCIETE}} {{EMAIL}}' );
	expect( answer.status ).toBe( 201 );
	expect( answer.body.message.text ).toBe( '{{SOCIETE}} {{EMAIL}}' );
	expect( ( await c.say( v.token, id, 'ACME' ) ).status ).toBe( 201 );

	const messages = await c.messages( v.token, id );
	const thanks = messages.find( ( m ) => m.text?.startsWith( 'Merci ' ) );
	expect( thanks?.text ).toBe(
		'Merci {{SOCIETE}} {{EMAIL}} ! / Thanks {{SOCIETE}} {{EMAIL}}!'
	);
	expect( JSON.stringify( messages ) ).not.toContain( 'x@example.com' );
	const conv = await c.conversation( manager, id );
	expect( conv.visitorName ).toBe( '{{SOCIETE}} {{EMAIL}} (ACME)' );
} );
