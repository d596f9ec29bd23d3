import type { ChatItem } from '../chat/message-store';
import { item, options } from '../test-utils/message-items';
import { renderMessage } from './message-view';

describe( 'images and events from the inbox', () => {
	const bridge = { ...options, bridgeUrl: 'https://bridge.test' };
	const upload = ( over: Partial< ChatItem > = {} ) =>
		item( {
			kind: 'image',
			text: '',
			meta: {
				image: {
					url: '/v1/uploads/0123456789abcdef0123456789abcdef',
					alt: '',
					width: 640,
					height: 480,
				},
			},
			...over,
		} );

	it( 'resolves uploads against the bridge, lazily, opening full size in a new tab', () => {
		for ( const authorType of [ 'advisor', 'visitor' ] as const ) {
			const li = renderMessage(
				upload( { authorType } ),
				undefined,
				bridge
			);
			const img = li.querySelector( 'img' )!;
			const src =
				'https://bridge.test/v1/uploads/0123456789abcdef0123456789abcdef';
			expect( img.getAttribute( 'src' ) ).toBe( src );
			expect( img.getAttribute( 'loading' ) ).toBe( 'lazy' );
			expect( img.alt ).toBe( 'Image' );
			expect( img.width ).toBe( 640 );
			const a = li.querySelector( 'a' )!;
			expect( a.getAttribute( 'href' ) ).toBe( src );
			expect( a.target ).toBe( '_blank' );
			expect( a.rel ).toBe( 'noopener noreferrer' );
			expect( a.textContent ).toBe( '(opens in a new tab)' );
		}
	} );

	it( 'refuses image URLs that leave http(s) or the bridge', () => {
		for ( const url of [
			'//evil.example/x.png',
			'javascript:alert(1)',
			'data:image/svg+xml,<svg onload=alert(1)>',
			'/\tevil.example/x.png',
		] ) {
			const li = renderMessage(
				upload( {
					text: 'caption',
					meta: { image: { url, alt: '' } },
				} ),
				undefined,
				bridge
			);
			expect( li.querySelector( 'img, a' ) ).toBeNull();
			expect( li.textContent ).toContain( 'caption' );
		}
	} );

	it( 'keeps hostile alt text and file names as text or attributes', () => {
		const hostile = '"><img src=x onerror="window.__pwned=4">';
		const sent = renderMessage(
			upload( {
				meta: { image: { url: '/v1/uploads/x', alt: hostile } },
			} ),
			undefined,
			bridge
		);
		document.body.appendChild( sent );
		expect( sent.querySelectorAll( 'img' ) ).toHaveLength( 1 );
		expect( sent.querySelector( 'img' )!.alt ).toBe( hostile );
		// A pending image without a preview shows its file name, as text.
		const pending = renderMessage(
			upload( {
				authorType: 'visitor',
				status: 'sending',
				meta: { image: { url: '', alt: hostile + '.png' } },
			} ),
			undefined,
			bridge
		);
		document.body.appendChild( pending );
		expect( pending.querySelector( 'img' ) ).toBeNull();
		expect( pending.textContent ).toContain( hostile + '.png' );
		expect( ( window as any ).__pwned ).toBeUndefined();
		sent.remove();
		pending.remove();
	} );

	it( "shows a pending image's own preview, without a link", () => {
		const li = renderMessage(
			upload( {
				authorType: 'visitor',
				status: 'sending',
				preview: 'blob:https://shop.example/1234',
			} ),
			undefined,
			bridge
		);
		expect( li.querySelector( 'img' )!.getAttribute( 'src' ) ).toBe(
			'blob:https://shop.example/1234'
		);
		expect( li.querySelector( 'a' ) ).toBeNull();
		expect( li.classList ).toContain( 'is-sending' );
	} );

	it.each( [
		[ 'too-large', 'failed', 'Not sent: images are limited to 5 MB.' ],
		[
			'rate-limited',
			'failed',
			'Not sent: too many images in a short time. Try again in a minute.',
		],
		[
			'not-image',
			'rejected',
			'Not sent: only PNG, JPEG, GIF and WebP images can be sent.',
		],
	] as const )( 'explains %s', ( problem, status, text ) => {
		const li = renderMessage(
			upload( {
				authorType: 'visitor',
				clientId: 'c-1',
				status,
				problem,
				error: 'English from the bridge',
			} ),
			undefined,
			bridge
		);
		expect(
			li.querySelector( '.handoff-chat-msg__status' )!.textContent
		).toBe( text );
	} );

	it.each( [
		[
			{
				event: 'assigned',
				assignee: { id: '7', name: '<i>Camille</i>' },
			},
			'<i>Camille</i> joined the conversation.',
		],
		[
			{ event: 'assigned', assignee: { id: '7', name: null } },
			'An advisor joined the conversation.',
		],
		[
			{ event: 'unassigned', actor: { id: '7', name: 'Camille' } },
			'The advisor has left the conversation.',
		],
		[
			{ event: 'closed', actor: { id: '7', name: 'Camille' } },
			'This conversation has been closed.',
		],
		[
			{ event: 'reopened', actor: { id: '7', name: 'Camille' } },
			'This conversation has been reopened.',
		],
	] as const )( 'draws %p as a centred line', ( meta, text ) => {
		const li = renderMessage(
			item( {
				kind: 'event',
				authorType: 'system',
				authorName: null,
				text: 'English fallback',
				meta,
			} ),
			undefined,
			options
		);
		expect( li.classList ).toContain( 'handoff-chat-msg--system' );
		expect( li.querySelector( 'i' ) ).toBeNull();
		expect( li.textContent ).toBe( text );
	} );
} );
