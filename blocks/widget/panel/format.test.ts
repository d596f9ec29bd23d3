import type { ChatItem } from '../chat/message-store';
import { continuesRun, linkify } from './format';

describe( 'linkify', () => {
	it( 'leaves plain text alone', () => {
		expect( linkify( 'Hello there' ) ).toEqual( [
			{ type: 'text', text: 'Hello there' },
		] );
	} );

	it( 'turns http and https URLs into links and keeps trailing punctuation outside', () => {
		expect(
			linkify( 'See https://example.com/a?b=1. Or http://x.org!' )
		).toEqual( [
			{ type: 'text', text: 'See ' },
			{
				type: 'link',
				text: 'https://example.com/a?b=1',
				href: 'https://example.com/a?b=1',
			},
			{ type: 'text', text: '. Or ' },
			{ type: 'link', text: 'http://x.org', href: 'http://x.org/' },
			{ type: 'text', text: '!' },
		] );
	} );

	it( 'keeps a closing parenthesis that belongs to the URL', () => {
		const [ , link ] = linkify(
			'wiki https://en.wikipedia.org/wiki/Lyon_(city)'
		);
		expect( link ).toMatchObject( {
			type: 'link',
			text: 'https://en.wikipedia.org/wiki/Lyon_(city)',
		} );
	} );

	it( 'never links other schemes', () => {
		for ( const text of [
			'javascript:alert(1)',
			'data:text/html,<b>x</b>',
			'ftp://x.org',
			'vbscript:x',
		] ) {
			expect( linkify( text ).every( ( s ) => s.type === 'text' ) ).toBe(
				true
			);
		}
	} );

	it( 'does not let markup-like characters into a link', () => {
		const segments = linkify(
			'https://a.example/"><img src=x onerror=alert(1)>'
		);
		expect( segments[ 0 ] ).toEqual( {
			type: 'link',
			text: 'https://a.example/',
			href: 'https://a.example/',
		} );
		expect( segments.map( ( s ) => s.text ).join( '' ) ).toBe(
			'https://a.example/"><img src=x onerror=alert(1)>'
		);
	} );
} );

describe( 'continuesRun', () => {
	const item = ( over: Partial< ChatItem > ): ChatItem => ( {
		key: 'k',
		id: 'm',
		seq: 1,
		clientId: null,
		kind: 'text',
		authorType: 'advisor',
		authorName: 'Camille',
		text: 't',
		createdAt: '',
		status: 'sent',
		...over,
	} );

	it( 'groups consecutive messages by the same author only', () => {
		expect( continuesRun( undefined, item( {} ) ) ).toBe( false );
		expect( continuesRun( item( {} ), item( {} ) ) ).toBe( true );
		expect(
			continuesRun( item( {} ), item( { authorName: 'Sam' } ) )
		).toBe( false );
		expect(
			continuesRun( item( { authorType: 'visitor' } ), item( {} ) )
		).toBe( false );
	} );
} );
