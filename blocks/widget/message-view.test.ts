import type { ChatItem } from './message-store';
import { renderMessage } from './message-view';

const item = ( over: Partial< ChatItem > = {} ): ChatItem => ( {
	key: 'm:1',
	id: 'm1',
	seq: 1,
	clientId: null,
	kind: 'text',
	authorType: 'advisor',
	authorName: 'Camille',
	text: 'Hello',
	createdAt: '2025-03-12T14:05:00.000Z',
	status: 'sent',
	...over,
} );

const options = {
	now: new Date( '2025-03-12T15:00:00Z' ),
	locale: 'en-GB',
	onRetry: jest.fn(),
	onDiscard: jest.fn(),
};

describe( 'renderMessage', () => {
	it( 'renders hostile text as text, never as markup', () => {
		const hostile =
			'<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
		const li = renderMessage(
			item( { text: hostile, authorName: '<b>Eve</b>' } ),
			undefined,
			options
		);
		document.body.appendChild( li );
		expect( li.querySelector( 'img, script, b' ) ).toBeNull();
		expect(
			li.querySelector( '.handoff-chat-msg__bubble' )!.textContent
		).toBe( hostile );
		expect(
			li.querySelector( '.handoff-chat-msg__author' )!.textContent
		).toBe( '<b>Eve</b>' );
		expect( ( window as any ).__pwned ).toBeUndefined();
		li.remove();
	} );

	it( 'links http(s) URLs safely and nothing else', () => {
		const li = renderMessage(
			item( {
				text: 'See https://example.com/a?b=1 or javascript:alert(1)',
			} ),
			undefined,
			options
		);
		const links = li.querySelectorAll( 'a' );
		expect( links ).toHaveLength( 1 );
		expect( links[ 0 ].getAttribute( 'href' ) ).toBe(
			'https://example.com/a?b=1'
		);
		expect( links[ 0 ].rel ).toBe( 'noopener nofollow ugc' );
		expect( links[ 0 ].target ).toBe( '_blank' );
		expect(
			li.querySelector( '.handoff-chat-msg__bubble' )!.textContent
		).toBe( 'See https://example.com/a?b=1 or javascript:alert(1)' );
	} );

	it( 'puts the visitor on the right and names advisors on the left', () => {
		const mine = renderMessage(
			item( { authorType: 'visitor', authorName: null } ),
			undefined,
			options
		);
		expect( mine.classList ).toContain( 'handoff-chat-msg--mine' );
		expect( mine.querySelector( '.handoff-chat-msg__author' ) ).toBeNull();
		const theirs = renderMessage( item(), undefined, options );
		expect( theirs.classList ).toContain( 'handoff-chat-msg--theirs' );
		expect(
			theirs.querySelector( '.handoff-chat-msg__author' )!.textContent
		).toBe( 'Camille' );
		// The second message of a run does not repeat the visible name.
		const next = renderMessage( item( { key: 'm:2' } ), item(), options );
		expect( next.querySelector( '.handoff-chat-msg__author' ) ).toBeNull();
		expect( next.classList ).toContain( 'is-continued' );
	} );

	it( 'shows a timestamp', () => {
		const time = renderMessage( item(), undefined, options ).querySelector(
			'time'
		)!;
		expect( time.dateTime ).toBe( '2025-03-12T14:05:00.000Z' );
		expect( time.textContent ).toMatch( /\d{1,2}:\d{2}/ );
	} );

	it( 'shows sending, failed (with Retry) and refused states', () => {
		const base = {
			authorType: 'visitor' as const,
			authorName: null,
			id: null,
			seq: null,
			clientId: 'abcdefgh',
		};
		const sending = renderMessage(
			item( { ...base, status: 'sending' } ),
			undefined,
			options
		);
		expect( sending.textContent ).toContain( 'Sending…' );

		const failed = renderMessage(
			item( { ...base, status: 'failed' } ),
			undefined,
			options
		);
		expect( failed.textContent ).toContain( 'Not sent.' );
		failed.querySelector( 'button' )!.click();
		expect( options.onRetry ).toHaveBeenCalledWith( 'abcdefgh' );

		const refused = renderMessage(
			item( {
				...base,
				status: 'rejected',
				error: 'Too many messages.',
			} ),
			undefined,
			options
		);
		expect( refused.textContent ).toContain(
			'Not sent: Too many messages.'
		);
	} );
} );
