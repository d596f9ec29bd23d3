import { BridgeError } from '../api';
import { cannedQueryAt, filterCanned, insertCanned } from './canned';
import { highlightParts, snippetAround } from './highlight';
import { mergeRealtime } from './inbox-list';
import { licenceMissingFrom } from './licence';
import { initialsOf, visitorDisplayName, visitorPseudonym } from './pseudonym';
import { describeUserAgent } from './user-agent';
import { conversation } from '../test-utils/fixtures';

const CANNED = [
	{ id: 'a', shortcut: 'hello', text: 'Hello! How can I help?' },
	{ id: 'b', shortcut: 'hours', text: 'We are open 9–18.' },
	{ id: 'c', shortcut: 'ship', text: 'We ship to all of Europe.' },
];

describe( 'canned responses', () => {
	it( 'finds the /query before the caret, at the start or after a space only', () => {
		expect( cannedQueryAt( '/he', 3 ) ).toEqual( {
			query: 'he',
			start: 0,
		} );
		expect( cannedQueryAt( 'Hi /Ho', 6 ) ).toEqual( {
			query: 'ho',
			start: 3,
		} );
		expect( cannedQueryAt( 'and/or', 6 ) ).toBeNull();
		expect( cannedQueryAt( 'http://x', 8 ) ).toBeNull();
		expect( cannedQueryAt( '/he llo', 7 ) ).toBeNull();
	} );

	it( 'filters by shortcut (prefix first) and inserts the text in place of /query', () => {
		expect( filterCanned( CANNED, 'h' ).map( ( r ) => r.id ) ).toEqual( [
			'a',
			'b',
			'c',
		] );
		// Shortcuts starting with it first, then texts containing it ("How can I help").
		expect( filterCanned( CANNED, 'ho' ).map( ( r ) => r.id ) ).toEqual( [
			'b',
			'a',
		] );
		expect( filterCanned( CANNED, 'europe' ).map( ( r ) => r.id ) ).toEqual(
			[ 'c' ]
		);
		const at = cannedQueryAt( 'Sure. /ho thanks', 9 )!;
		expect(
			insertCanned( 'Sure. /ho thanks', at, 9, CANNED[ 1 ].text )
		).toEqual( {
			value: 'Sure. We are open 9–18. thanks',
			caret: 23,
		} );
	} );
} );

describe( 'search highlight', () => {
	it( 'splits around every match, case-insensitively, keeping the text', () => {
		expect( highlightParts( 'Lyon or lyon?', 'LYON' ) ).toEqual( [
			{ text: 'Lyon', match: true },
			{ text: ' or ', match: false },
			{ text: 'lyon', match: true },
			{ text: '?', match: false },
		] );
		expect( highlightParts( 'abc', '' ) ).toEqual( [
			{ text: 'abc', match: false },
		] );
	} );

	it( 'folds accents like the search index, marking the original characters', () => {
		expect(
			highlightParts( 'Je veux ÊTRE rappelé', 'etre rappele' )
		).toEqual( [
			{ text: 'Je veux ', match: false },
			{ text: 'ÊTRE rappelé', match: true },
		] );
		// Decomposed accents (e + combining acute) and astral characters keep their places.
		expect( highlightParts( '😀 Cafe\u0301 café', 'CAFÉ' ) ).toEqual( [
			{ text: '😀 ', match: false },
			{ text: 'Cafe\u0301', match: true },
			{ text: ' ', match: false },
			{ text: 'café', match: true },
		] );
		const long = `${ 'a'.repeat( 200 ) } Éloïse ${ 'b'.repeat( 200 ) }`;
		expect( snippetAround( long, 'eloise', 20 ) ).toContain( 'Éloïse' );
	} );

	it( 'cuts a snippet around the first match', () => {
		const long = `${ 'a'.repeat( 200 ) } needle ${ 'b'.repeat( 200 ) }`;
		const s = snippetAround( long, 'needle', 20 );
		expect( s.startsWith( '…' ) && s.endsWith( '…' ) ).toBe( true );
		expect( s ).toContain( 'needle' );
		expect( s.length ).toBeLessThan( 60 );
		expect( snippetAround( 'short one', 'one' ) ).toBe( 'short one' );
	} );
} );

describe( 'names', () => {
	it( 'uses visitorName when the bridge sent one, else the stable pseudonym', () => {
		expect(
			visitorDisplayName( {
				visitorId: 'v_1',
				visitorName: 'Léa (Acme)',
			} )
		).toBe( 'Léa (Acme)' );
		expect(
			visitorDisplayName( { visitorId: 'v_1', visitorName: null } )
		).toBe( visitorPseudonym( 'v_1' ) );
		expect(
			visitorDisplayName( { visitorId: 'v_1', visitorName: '  ' } )
		).toBe( visitorPseudonym( 'v_1' ) );
		expect( initialsOf( 'Camille Martin' ) ).toBe( 'CM' );
		expect( initialsOf( 'léa (Acme)' ) ).toBe( 'LA' );
	} );

	it( 'reads browsers as "Chrome on Android"', () => {
		expect(
			describeUserAgent(
				'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
			)
		).toBe( 'Chrome on Android' );
		expect(
			describeUserAgent(
				'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0'
			)
		).toBe( 'Edge on Windows' );
		expect(
			describeUserAgent(
				'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0'
			)
		).toBe( 'Firefox on macOS' );
		expect( describeUserAgent( 'curl/8.0' ) ).toBeNull();
		expect( describeUserAgent( null ) ).toBeNull();
	} );
} );

describe( 'licence gate', () => {
	it( 'reads the bridge’s answers, nothing else', () => {
		expect( licenceMissingFrom( { variablesHidden: true } ) ).toBe( true );
		expect( licenceMissingFrom( { variablesHidden: false } ) ).toBe(
			false
		);
		expect( licenceMissingFrom( { hidden: true } ) ).toBe( true );
		expect(
			licenceMissingFrom(
				new BridgeError(
					403,
					'forbidden',
					'Notes need an advisor licence.'
				)
			)
		).toBe( true );
		expect(
			licenceMissingFrom( new BridgeError( 409, 'conflict', 'x' ) )
		).toBeNull();
		expect( licenceMissingFrom( new Error( 'x' ) ) ).toBeNull();
		expect( licenceMissingFrom( null ) ).toBeNull();
	} );
} );

describe( 'mergeRealtime', () => {
	const held = {
		...conversation( 'c_1', {
			lastSeq: 3,
			state: 'live',
			assignedAdvisorId: '7',
		} ),
		visitorName: 'Léa',
		unread: false,
		unanswered: false,
		assignedAdvisor: { id: '7', name: 'Camille', avatar: null },
	};

	it( 'keeps advisor-only fields and follows the colour codes of a new visitor message', () => {
		const next = mergeRealtime(
			held,
			conversation( 'c_1', {
				lastSeq: 4,
				state: 'live',
				assignedAdvisorId: '7',
				unanswered: true,
			} ),
			null
		);
		expect( next ).toMatchObject( {
			visitorName: 'Léa',
			unread: true,
			unanswered: true,
			assignedAdvisor: { id: '7' },
		} );
		// The open conversation is being read.
		expect(
			mergeRealtime(
				held,
				conversation( 'c_1', { lastSeq: 4, state: 'live' } ),
				'c_1'
			).unread
		).toBe( false );
	} );

	it( 'takes the orange ring from the bridge’s payload: an answer or the bot clears it', () => {
		const waiting = { ...held, unanswered: true };
		for ( const payload of [
			{ lastSeq: 4, lastMessageAuthorType: 'advisor' as const },
			{ lastSeq: 5, state: 'bot' as const },
		] ) {
			expect(
				mergeRealtime(
					waiting,
					conversation( 'c_1', { ...payload, unanswered: false } ),
					'c_1'
				).unanswered
			).toBe( false );
		}
	} );

	it( 'drops the old assignee’s face on a reassignment', () => {
		expect(
			mergeRealtime(
				held,
				conversation( 'c_1', { assignedAdvisorId: '9', lastSeq: 3 } ),
				null
			).assignedAdvisor
		).toBeNull();
	} );
} );
