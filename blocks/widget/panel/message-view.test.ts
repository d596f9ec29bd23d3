import type { ChatItem } from '../chat/message-store';
import { item, options } from '../test-utils/message-items';
import { renderMessage } from './message-view';

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

	it.each( [
		[ 'g:i a', 'en_US', '2:05 pm' ],
		[ 'H:i', 'fr_FR', '14:05' ],
		[ 'G \\h i', 'fr_FR', '14 h 05' ],
	] )(
		'writes the time in WordPress’s format %s',
		( timeFormat, locale, expected ) => {
			const time = renderMessage( item(), undefined, {
				...options,
				now: new Date( '2025-03-12T15:00:00Z' ),
				timeFormat,
				locale,
				timeZone: 'UTC',
			} ).querySelector( 'time' )!;
			// The fixture is at 14:05 UTC.
			expect( time.textContent ).toBe( expected );
		}
	);

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

		// A failure that may be retried keeps its technical cause to itself.
		const failed = renderMessage(
			item( { ...base, status: 'failed', error: 'Failed to fetch' } ),
			undefined,
			options
		);
		expect( failed.textContent ).toContain( 'Not sent.' );
		expect( failed.textContent ).not.toContain( 'Failed to fetch' );
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
		const remove = refused.querySelector( 'button' )!;
		expect( remove.textContent ).toBe( 'Remove' );
		remove.click();
		expect( options.onDiscard ).toHaveBeenCalledWith( 'abcdefgh' );
	} );
} );

describe( 'bot steps', () => {
	const bot = ( over: Partial< ChatItem > = {} ) =>
		item( { authorType: 'bot', authorName: null, ...over } );
	const buttons = [
		{ id: 'hours', label: 'Opening hours' },
		{ id: 'evil', label: '<img src=x onerror="window.__pwned=3">' },
		{ id: 'site', label: 'Our site', url: 'https://example.com/' },
		{ id: 'js', label: 'Trap', url: 'javascript:alert(1)' },
	];

	it( 'renders the latest step’s quick replies as buttons and links, labels as text', () => {
		const onPress = jest.fn();
		const li = renderMessage(
			bot( {
				text: 'How can I help?',
				meta: { stepId: 'choices', buttons },
				quickReplies: 'active',
			} ),
			undefined,
			{ ...options, onPress }
		);
		document.body.appendChild( li );
		const group = li.querySelector( '[role="group"]' )!;
		expect( group.getAttribute( 'aria-label' ) ).toBe(
			'Suggested answers'
		);
		const pressables = group.querySelectorAll( 'button' );
		expect(
			Array.from( pressables ).map( ( b ) => b.textContent )
		).toEqual( [ 'Opening hours', buttons[ 1 ].label ] );
		expect( li.querySelector( 'img' ) ).toBeNull();
		expect( ( window as any ).__pwned ).toBeUndefined();
		pressables[ 0 ].click();
		expect( onPress ).toHaveBeenCalledWith( 'm1', 'hours' );

		const links = group.querySelectorAll( 'a' );
		expect( links ).toHaveLength( 1 ); // javascript: is dropped
		expect( links[ 0 ].getAttribute( 'href' ) ).toBe(
			'https://example.com/'
		);
		expect( links[ 0 ].target ).toBe( '_blank' );
		expect( links[ 0 ].rel ).toBe( 'noopener noreferrer' );
		expect( links[ 0 ].textContent ).toBe( 'Our site(opens in a new tab)' );
		li.remove();
	} );

	it( 'shows no buttons on older steps and disables them while a press is sent', () => {
		const meta = { stepId: 'choices', buttons };
		const old = renderMessage( bot( { meta } ), undefined, options );
		expect( old.querySelector( 'button, a' ) ).toBeNull();
		expect( old.textContent ).toContain( 'Hello' );
		const busy = renderMessage(
			bot( { meta, quickReplies: 'busy' } ),
			undefined,
			options
		);
		busy.querySelectorAll( 'button' ).forEach( ( b ) =>
			expect( b.disabled ).toBe( true )
		);
	} );

	it( 'renders images lazily with their alt text, and only from safe URLs', () => {
		const image = ( url: string ) =>
			renderMessage(
				bot( {
					kind: 'image',
					text: 'Our shop',
					meta: { stepId: 'pic', image: { url, alt: 'Our shop' } },
				} ),
				undefined,
				options
			);
		const img = image( 'https://cdn.example/shop.jpg' ).querySelector(
			'img'
		)!;
		expect( img.getAttribute( 'src' ) ).toBe(
			'https://cdn.example/shop.jpg'
		);
		expect( img.alt ).toBe( 'Our shop' );
		expect( img.getAttribute( 'loading' ) ).toBe( 'lazy' );
		for ( const bad of [
			'javascript:alert(1)',
			'//evil.example/x.png',
			'data:image/png;base64,AAAA',
		] ) {
			const li = image( bad );
			expect( li.querySelector( 'img' ) ).toBeNull();
			expect( li.textContent ).toContain( 'Our shop' );
		}
	} );

	it.each( [
		[ 'human_requested', 'You asked to talk to a human.' ],
		[ 'transferred', 'You are being transferred to an advisor.' ],
		[ 'back_to_bot', 'Back to the chatbot.' ],
		[ 'closed', 'This conversation has been closed.' ],
		[ 'reopened', 'This conversation has been reopened.' ],
	] as const )(
		'translates the %s event into a centred line',
		( event, text ) => {
			const li = renderMessage(
				item( {
					kind: 'event',
					authorType: 'system',
					text: 'English text from the bridge',
					meta: { event },
				} ),
				undefined,
				options
			);
			expect( li.classList ).toContain( 'handoff-chat-msg--event' );
			expect( li.textContent ).toBe( text );
		}
	);

	it( 'says who joined, as text', () => {
		const li = renderMessage(
			item( {
				kind: 'event',
				authorType: 'system',
				text: '',
				joinedName: '<b>Camille</b>',
			} ),
			undefined,
			options
		);
		expect( li.querySelector( 'b' ) ).toBeNull();
		expect( li.textContent ).toBe(
			'<b>Camille</b> joined the conversation.'
		);
	} );
} );
