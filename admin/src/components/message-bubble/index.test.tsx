import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import type { Message } from '@handoff-chat/contracts';
import { message } from '../../test-utils/fixtures';
import { setClockSettings } from '../../utils/relative-time';
import MessageLog from '../message-log';

const BOT = { type: 'bot', id: null, name: null } as const;
const SYSTEM = { type: 'system', id: null, name: null } as const;
const noop = () => undefined;

const renderLog = ( messages: Message[] ) =>
	render(
		<MessageLog
			messages={ messages }
			pending={ [] }
			onRetry={ noop }
			onDiscard={ noop }
		/>
	);

describe( 'bot content in the conversation', () => {
	it( 'marks bot messages, shows offered buttons as chips and the question asked', () => {
		renderLog( [
			message( 1, {
				author: BOT,
				text: 'How can I help?',
				meta: {
					stepId: 'choices',
					buttons: [
						{ id: 'a', label: 'Opening hours' },
						{
							id: 'b',
							label: 'Docs',
							url: 'https://example.test/docs',
						},
					],
				},
			} ),
			message( 2, {
				author: BOT,
				text: 'Your email?',
				meta: {
					question: { variable: 'EMAIL', answerType: 'email' },
					invalid: true,
				},
			} ),
			message( 3, {
				text: 'Opening hours',
				meta: { pressed: { stepId: 'choices', buttonId: 'a' } },
			} ),
		] );
		const [ first, second, third ] = screen
			.getAllByRole( 'listitem' )
			.filter( ( li ) =>
				li.classList.contains( 'handoff-chat-message' )
			);
		expect( first ).toHaveClass( 'is-bot' );
		expect( within( first ).getByText( 'Bot' ) ).toBeInTheDocument();
		expect(
			first.querySelector( 'svg.handoff-chat-message__avatar' )
		).not.toBeNull();
		const chips = within( first ).getByRole( 'list', {
			name: 'Quick replies offered',
		} );
		expect(
			within( chips )
				.getAllByRole( 'listitem' )
				.map( ( li ) => li.textContent )
		).toEqual( [ 'Opening hours', 'Docs ↗(link)' ] );
		// Read-only: nothing to click.
		expect( within( chips ).queryByRole( 'button' ) ).toBeNull();
		expect( within( chips ).queryByRole( 'link' ) ).toBeNull();
		expect(
			within( second ).getByText(
				/Asked again: the answer was not valid\. Expects: Email address, kept in \{\{EMAIL\}\}/
			)
		).toBeInTheDocument();
		expect( third ).toHaveClass( 'is-visitor' );
		expect(
			within( third ).getByText( 'Pressed a button' )
		).toBeInTheDocument();
	} );

	it( 'renders events as centred, translated lines and notes in yellow with a label', () => {
		renderLog( [
			message( 1, {
				kind: 'event',
				text: 'Talk to a human',
				meta: { event: 'human_requested' },
			} ),
			message( 2, {
				author: SYSTEM,
				kind: 'event',
				text: 'Transferred to an advisor.',
				meta: { event: 'transferred' },
			} ),
			message( 3, {
				kind: 'event',
				text: 'Retour',
				meta: { event: 'back_to_bot' },
			} ),
			message( 4, {
				author: BOT,
				kind: 'note',
				text: 'Léa from Acme asks for a human',
			} ),
		] );
		const items = screen.getAllByRole( 'listitem' );
		expect(
			items
				.slice( 0, 3 )
				.map( ( li ) => [
					li.className,
					li.querySelector( '.handoff-chat-message__event' )
						?.textContent,
				] )
		).toEqual( [
			[
				'handoff-chat-message is-system',
				'The visitor asked for a human',
			],
			[ 'handoff-chat-message is-system', 'Transferred to an advisor' ],
			[ 'handoff-chat-message is-system', 'Back to the chatbot' ],
		] );
		expect( items[ 3 ] ).toHaveClass( 'is-note' );
		expect( within( items[ 3 ] ).getByText( 'Note' ) ).toBeInTheDocument();
		expect( within( items[ 3 ] ).getByText( 'Bot' ) ).toBeInTheDocument();
	} );

	it( 'shows the caption a visitor sent with an image, under it', () => {
		renderLog( [
			message( 1, {
				kind: 'image',
				text: 'My receipt',
				meta: {
					image: {
						url: 'https://bridge.example.test/v1/uploads/abc',
						alt: 'My receipt',
					},
				},
			} ),
		] );
		const img = screen.getByRole( 'img', { name: 'My receipt' } );
		const bubble = img.closest( '.handoff-chat-message__bubble' )!;
		expect(
			within( bubble as HTMLElement ).getByText( 'My receipt' )
		).toHaveClass( 'handoff-chat-message__text' );
	} );

	it( 'shows images from http(s) or this site only', () => {
		renderLog( [
			message( 1, {
				author: BOT,
				kind: 'image',
				text: 'A map',
				meta: {
					image: {
						url: 'https://cdn.example.test/map.png',
						alt: 'A map',
					},
				},
			} ),
			message( 2, {
				author: BOT,
				kind: 'image',
				text: 'Logo',
				meta: {
					image: { url: '/wp-content/uploads/logo.png', alt: 'Logo' },
				},
			} ),
			message( 3, {
				author: BOT,
				kind: 'image',
				text: 'x',
				meta: { image: { url: 'javascript:alert(1)', alt: 'x' } },
			} ),
			message( 4, {
				author: BOT,
				kind: 'image',
				text: 'y',
				meta: {
					image: {
						url: 'data:image/svg+xml,<svg onload=alert(1)>',
						alt: 'y',
					},
				},
			} ),
		] );
		const imgs = screen
			.getAllByRole( 'img' )
			.filter( ( i ) => i.tagName === 'IMG' );
		expect(
			imgs.map( ( i ) => [
				i.getAttribute( 'src' ),
				i.getAttribute( 'alt' ),
			] )
		).toEqual( [
			[ 'https://cdn.example.test/map.png', 'A map' ],
			[
				`${ window.location.origin }/wp-content/uploads/logo.png`,
				'Logo',
			],
		] );
		expect(
			screen.getAllByText(
				/Image not shown: its address is not allowed\./
			)
		).toHaveLength( 2 );
	} );

	it( 'keeps hostile text as text: buttons, notes, question variables, alt', () => {
		const hostile = '<img src=x onerror="window.__pwned=1"><b>x</b>';
		const { container } = renderLog( [
			message( 1, {
				author: BOT,
				text: hostile,
				meta: {
					buttons: [
						{ id: 'a', label: hostile, url: 'javascript:alert(1)' },
					],
					question: { variable: hostile, answerType: 'text' },
				},
			} ),
			message( 2, { author: BOT, kind: 'note', text: hostile } ),
			message( 3, {
				kind: 'event',
				text: hostile,
				meta: { event: 'closed' },
			} ),
			message( 4, {
				author: BOT,
				kind: 'image',
				text: hostile,
				meta: { image: { url: 'https://x.test/a.png', alt: hostile } },
			} ),
		] );
		expect( screen.getAllByText( hostile ).length ).toBeGreaterThanOrEqual(
			3
		);
		expect( container.querySelectorAll( 'b, script' ) ).toHaveLength( 0 );
		expect( container.querySelectorAll( 'img' ) ).toHaveLength( 1 );
		expect( container.querySelector( 'img' ) ).toHaveAttribute(
			'alt',
			hostile
		);
		expect( container.querySelector( 'a' ) ).toBeNull();
		expect(
			( window as unknown as { __pwned?: number } ).__pwned
		).toBeUndefined();
	} );
} );

describe( 'message times', () => {
	afterEach( () => setClockSettings( {} ) );

	it.each( [
		// The fixture's message 1 is at 10:01 UTC on 1 January 2025: another day.
		[ 'G \\h i', 'fr_FR', '1 janv., 10 h 01' ],
		[ 'g:i a', 'en_US', 'Jan 1, 10:01 am' ],
		[ 'H:i', 'en_GB', '1 Jan, 10:01' ],
	] )(
		'follow WordPress’s time format %s in %s',
		( timeFormat, locale, expected ) => {
			setClockSettings( { timeFormat, locale, timeZone: 'UTC' } );
			renderLog( [ message( 1 ) ] );
			const time = screen
				.getByText( 'message 1' )
				.closest( 'li' )!
				.querySelector( 'time' )!;
			expect( time.textContent ).toBe( expected );
			expect( time.getAttribute( 'title' ) ).toContain(
				expected.split( ', ' )[ 1 ]
			);
		}
	);
} );
