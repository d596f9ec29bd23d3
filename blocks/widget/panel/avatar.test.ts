/**
 * The advisor's face in the visitor's panel: beside the name of the first message of each
 * run of an advisor's messages and beside "… joined the conversation", as a lazily loaded
 * picture with alt="", or their initials (no picture, an unsafe URL, a picture that fails).
 * The name always stays the row's text.
 */
import { item, options } from '../test-utils/message-items';
import { advisorAvatar } from './avatar';
import { renderMessage } from './message-view';

const PICTURE = 'https://cdn.test/avatars/camille.png';

const avatarOf = ( li: HTMLElement ) =>
	li.querySelector< HTMLElement >( '.handoff-chat-avatar' );

describe( 'advisorAvatar', () => {
	it( 'shows a safe picture, decorative and loaded lazily', () => {
		const badge = advisorAvatar( 'Camille Martin', PICTURE );
		const img = badge.querySelector( 'img' )!;
		expect( img.getAttribute( 'src' ) ).toBe( PICTURE );
		expect( img.getAttribute( 'alt' ) ).toBe( '' );
		expect( img.getAttribute( 'loading' ) ).toBe( 'lazy' );
		expect( img.getAttribute( 'referrerpolicy' ) ).toBe( 'no-referrer' );
		expect( badge.getAttribute( 'aria-hidden' ) ).toBe( 'true' );
		expect( badge.classList ).not.toContain( 'is-initials' );
		expect( badge.textContent ).toBe( '' );
	} );

	it.each( [
		[ 'absent', undefined ],
		[ 'null', null ],
		[ 'empty', '' ],
		[ 'javascript:', 'javascript:alert(1)' ],
		[ 'data:', 'data:image/svg+xml,<svg onload=alert(1)>' ],
		[ 'protocol-relative', '//evil.test/a.png' ],
		[ 'a path', '/wp-content/a.png' ],
	] )( 'falls back to initials when the avatar is %s', ( _, url ) => {
		const badge = advisorAvatar( 'Camille Martin', url );
		expect( badge.querySelector( 'img' ) ).toBeNull();
		expect( badge.classList ).toContain( 'is-initials' );
		expect( badge.dataset.initials ).toBe( 'CM' );
		// Drawn by CSS: the initials never become text of the row.
		expect( badge.textContent ).toBe( '' );
	} );

	it( 'falls back to initials when the picture fails to load', () => {
		const badge = advisorAvatar( 'léa', PICTURE );
		badge.querySelector( 'img' )!.dispatchEvent( new Event( 'error' ) );
		expect( badge.querySelector( 'img' ) ).toBeNull();
		expect( badge.classList ).toContain( 'is-initials' );
		expect( badge.dataset.initials ).toBe( 'L' );
	} );
} );

describe( 'advisor avatars in the log', () => {
	it( 'puts the avatar beside the name of the first message of a run only', () => {
		const first = item( { meta: { avatar: PICTURE } } );
		const li = renderMessage( first, undefined, options );
		const author = li.querySelector( '.handoff-chat-msg__author' )!;
		expect( avatarOf( li )!.parentElement ).toBe( author );
		expect( author.firstElementChild ).toBe( avatarOf( li ) );
		expect( author.textContent ).toBe( 'Camille' );
		expect( avatarOf( li )!.querySelector( 'img' )!.src ).toBe( PICTURE );

		const next = renderMessage(
			item( { key: 'm:2', id: 'm2', meta: { avatar: PICTURE } } ),
			first,
			options
		);
		expect( avatarOf( next ) ).toBeNull();
	} );

	it( 'shows initials for an advisor without an avatar, and none for the visitor or the bot', () => {
		const li = renderMessage( item(), undefined, options );
		expect( avatarOf( li )!.dataset.initials ).toBe( 'C' );
		expect( avatarOf( li )!.querySelector( 'img' ) ).toBeNull();
		for ( const authorType of [ 'visitor', 'bot' ] as const ) {
			const other = renderMessage(
				item( {
					authorType,
					authorName: null,
					meta: { avatar: PICTURE },
				} ),
				undefined,
				options
			);
			expect( avatarOf( other ) ).toBeNull();
		}
	} );

	it( 'puts the avatar beside "… joined the conversation", the panel’s line or the bridge’s', () => {
		const event = { kind: 'event' as const, authorType: 'system' as const };
		const joined = renderMessage(
			item( {
				...event,
				authorName: null,
				text: '',
				joinedName: 'Camille',
				joinedAvatar: PICTURE,
			} ),
			undefined,
			options
		);
		const assigned = renderMessage(
			item( {
				...event,
				authorName: null,
				text: 'Camille joined',
				meta: {
					event: 'assigned',
					assignee: { id: '7', name: 'Camille', avatar: PICTURE },
				},
			} ),
			undefined,
			options
		);
		for ( const li of [ joined, assigned ] ) {
			const line = li.querySelector( '.handoff-chat-msg__event' )!;
			expect( line.firstElementChild ).toBe( avatarOf( li ) );
			expect( avatarOf( li )!.querySelector( 'img' )!.alt ).toBe( '' );
			expect( li.textContent ).toBe( 'Camille joined the conversation.' );
		}
	} );

	it( 'draws initials on a joined line without an avatar, and no avatar without a name', () => {
		const event = {
			kind: 'event' as const,
			authorType: 'system' as const,
			authorName: null,
		};
		const joined = renderMessage(
			item( { ...event, text: '', joinedName: 'Camille Martin' } ),
			undefined,
			options
		);
		expect( avatarOf( joined )!.dataset.initials ).toBe( 'CM' );
		const nameless = renderMessage(
			item( {
				...event,
				text: 'An advisor joined',
				meta: {
					event: 'assigned',
					assignee: { id: '7', name: null, avatar: PICTURE },
				},
			} ),
			undefined,
			options
		);
		expect( nameless.textContent ).toBe(
			'An advisor joined the conversation.'
		);
		expect( avatarOf( nameless ) ).toBeNull();
		const closed = renderMessage(
			item( { ...event, text: 'Closed', meta: { event: 'closed' } } ),
			undefined,
			options
		);
		expect( avatarOf( closed ) ).toBeNull();
	} );
} );
