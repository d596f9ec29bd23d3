import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/dom';
import { flush } from '../test-utils/fake-realtime';
import {
	openPanel,
	png,
	posts,
	resetPage,
	sent,
} from '../test-utils/chat-fixtures';

const choose = ( dialog: HTMLElement, files: File[] ) => {
	const picker =
		dialog.querySelector< HTMLInputElement >( 'input[type=file]' )!;
	Object.defineProperty( picker, 'files', {
		value: files,
		configurable: true,
	} );
	fireEvent.change( picker );
};

beforeEach( resetPage );

describe( 'images', () => {
	beforeEach( () => {
		let n = 0;
		URL.createObjectURL = jest.fn(
			() => `blob:https://site.test/${ ++n }`
		);
		URL.revokeObjectURL = jest.fn();
	} );

	const tray = ( dialog: HTMLElement ) =>
		within( dialog ).queryByRole( 'list', { name: 'Images to send' } );
	/**
	 * The images waiting in the composer, by name.
	 * @param dialog The panel.
	 */
	const waiting = ( dialog: HTMLElement ) =>
		Array.from(
			dialog.querySelectorAll( '.handoff-chat-attachment' ),
			( li ) => li.textContent
		);

	it( 'shows a chosen image in the composer, then sends it with its caption as one message', async () => {
		const { bridge, dialog, input } = await openPanel();
		const attach = within( dialog ).getByRole( 'button', {
			name: 'Send an image',
		} );
		const picker =
			dialog.querySelector< HTMLInputElement >( 'input[type=file]' )!;
		const click = jest
			.spyOn( picker, 'click' )
			.mockImplementation( () => undefined );
		fireEvent.click( attach );
		expect( click ).toHaveBeenCalled();
		expect( picker.accept ).toBe(
			'image/png,image/jpeg,image/gif,image/webp'
		);
		const send = within( dialog ).getByRole( 'button', { name: 'Send' } );
		expect( send ).toBeDisabled();

		choose( dialog, [ png( 'receipt.png' ) ] );
		// A preview, not a send: thumbnail, name, remove button; the field takes the caption.
		const list = tray( dialog )!;
		expect( list ).toBeVisible();
		expect(
			within( list )
				.getByText( 'receipt.png' )
				.closest( 'li' )!
				.querySelector( 'img' )
		).toHaveAttribute( 'src', 'blob:https://site.test/1' );
		expect(
			within( list ).getByRole( 'button', { name: 'Remove receipt.png' } )
		).toBeVisible();
		expect( input ).toHaveFocus();
		expect( input ).toHaveAttribute( 'placeholder', 'Add a caption…' );
		expect( send ).toBeEnabled();
		expect(
			within( dialog ).getByText(
				'1 image ready to send. Add a caption if you like, then send.'
			)
		).toBeInTheDocument();
		await flush();
		expect( sent( bridge ) ).toHaveLength( 0 );

		fireEvent.change( input, { target: { value: '  My receipt  ' } } );
		fireEvent.keyDown( input, { key: 'Enter' } );
		expect( waiting( dialog ) ).toEqual( [] );
		expect(
			dialog.querySelector( '.handoff-chat-composer__attachments' )
		).not.toBeVisible();
		expect( input ).toHaveValue( '' );
		expect( input ).toHaveAttribute( 'placeholder', 'Type your message…' );
		expect( within( dialog ).getByText( 'Sending…' ) ).toBeInTheDocument();
		await flush();
		expect( posts( bridge, '/uploads' ) ).toHaveLength( 1 );
		const sends = posts( bridge, '/messages' );
		expect( sends.map( ( c ) => c.body.text ) ).toEqual( [ 'My receipt' ] );
		const log = within( screen.getByRole( 'log' ) );
		const img = log.getByRole( 'img', { name: 'Image' } );
		expect( img ).toHaveAttribute(
			'src',
			`https://bridge.test/v1/uploads/${ sends[ 0 ].body.uploadId }`
		);
		// The caption shows under the image, in the same bubble.
		expect( img.closest( '.handoff-chat-msg__bubble' ) ).toHaveTextContent(
			'My receipt'
		);
		expect(
			log.getByRole( 'link', { name: 'Image (opens in a new tab)' } )
		).toHaveAttribute( 'target', '_blank' );
		expect( URL.revokeObjectURL ).toHaveBeenCalledWith(
			'blob:https://site.test/1'
		);
	} );

	it( 'lets the visitor remove an image before sending, by keyboard, focus staying in the composer', async () => {
		const { bridge, dialog, input } = await openPanel();
		choose( dialog, [ png( 'a.png' ), png( 'b.png' ) ] );
		expect( waiting( dialog ) ).toEqual( [ 'a.png', 'b.png' ] );
		const removeA = within( dialog ).getByRole( 'button', {
			name: 'Remove a.png',
		} );
		removeA.focus();
		fireEvent.click( removeA );
		expect( waiting( dialog ) ).toEqual( [ 'b.png' ] );
		const removeB = within( dialog ).getByRole( 'button', {
			name: 'Remove b.png',
		} );
		expect( removeB ).toHaveFocus();
		expect(
			within( dialog ).getByText( 'a.png removed.' )
		).toBeInTheDocument();
		fireEvent.click( removeB );
		expect( waiting( dialog ) ).toEqual( [] );
		expect( input ).toHaveFocus();
		expect( input ).toHaveAttribute( 'placeholder', 'Type your message…' );
		expect(
			within( dialog ).getByRole( 'button', { name: 'Send' } )
		).toBeDisabled();
		fireEvent.keyDown( input, { key: 'Enter' } );
		await flush();
		expect( sent( bridge ) ).toHaveLength( 0 );
		expect( URL.revokeObjectURL ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'explains a refused file by its name, as text, and uploads nothing', async () => {
		const { bridge, dialog } = await openPanel();
		const hostile = '<img src=x onerror="window.__pwned=5">.svg';
		choose( dialog, [ png( hostile, 10, 'image/svg+xml' ) ] );
		await flush();
		expect(
			within( dialog ).getByText(
				`${ hostile } cannot be sent: only PNG, JPEG, GIF and WebP images are accepted.`
			)
		).toBeVisible();
		expect( dialog.querySelectorAll( 'img' ) ).toHaveLength( 0 );
		expect( waiting( dialog ) ).toEqual( [] );
		expect( ( window as any ).__pwned ).toBeUndefined();

		choose( dialog, [ png( 'huge.png', 5 * 1024 * 1024 + 1 ) ] );
		expect(
			within( dialog ).getByText(
				'huge.png is too large: images are limited to 5 MB.'
			)
		).toBeVisible();
		expect( sent( bridge ) ).toHaveLength( 0 );
	} );

	it( 'explains an image the bridge refuses after Send, and keeps the caption with it', async () => {
		const { bridge, dialog, input, say } = await openPanel();
		await say( 'hello' );
		bridge.failNext( {
			status: 413,
			code: 'too_large',
			message: 'Images are limited to 5 MB.',
		} );
		choose( dialog, [ png( 'big.png' ) ] );
		fireEvent.change( input, { target: { value: 'The invoice' } } );
		fireEvent.submit( input.form! );
		await flush();
		const log = within( screen.getByRole( 'log' ) );
		expect(
			log.getByText( 'Not sent: images are limited to 5 MB.' )
		).toBeVisible();
		expect( log.getByText( 'The invoice' ) ).toBeVisible();
		expect(
			posts( bridge, '/messages' ).filter( ( c ) => c.body.uploadId )
		).toHaveLength( 0 );
	} );

	it( 'takes a pasted screenshot, but leaves pasted text alone', async () => {
		const { bridge, dialog, input } = await openPanel();
		const text = fireEvent.paste( input, {
			clipboardData: {
				types: [ 'text/plain', 'Files' ],
				files: [ png() ],
				items: [],
			},
		} );
		expect( text ).toBe( true ); // Not prevented: the text is pasted.
		expect( waiting( dialog ) ).toEqual( [] );
		const shot = fireEvent.paste( input, {
			clipboardData: {
				types: [ 'Files' ],
				files: [ png( 'image.png' ) ],
				items: [],
			},
		} );
		expect( shot ).toBe( false );
		expect( waiting( dialog ) ).toEqual( [ 'image.png' ] );
		fireEvent.submit( input.form! );
		await flush();
		expect( posts( bridge, '/uploads' ) ).toHaveLength( 1 );
		// No caption: the message carries the image alone.
		expect( posts( bridge, '/messages' )[ 0 ].body ).not.toHaveProperty(
			'text'
		);
	} );

	it( 'takes dropped files, with a hint while dragging; the caption goes with the last', async () => {
		const { bridge, dialog, input } = await openPanel();
		const dataTransfer = {
			types: [ 'Files' ],
			files: [ png(), png( 'b.gif', 10, 'image/gif' ) ],
			items: [],
		};
		fireEvent.dragEnter( dialog, { dataTransfer } );
		expect(
			within( dialog ).getByText( 'Drop an image to send it' )
		).toBeVisible();
		fireEvent.drop( dialog, { dataTransfer } );
		expect(
			within( dialog ).queryByText( 'Drop an image to send it' )
		).not.toBeVisible();
		expect( waiting( dialog ) ).toEqual( [ 'cat.png', 'b.gif' ] );
		expect(
			within( dialog ).getByText(
				'2 images ready to send. Add a caption if you like, then send.'
			)
		).toBeInTheDocument();
		fireEvent.change( input, { target: { value: 'Both sides' } } );
		fireEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Send' } )
		);
		await flush();
		expect( posts( bridge, '/uploads' ) ).toHaveLength( 2 );
		expect(
			posts( bridge, '/messages' ).map( ( c ) => c.body.text )
		).toEqual( [ undefined, 'Both sides' ] );
	} );
} );

describe( 'typing', () => {
	it( 'tells the bridge while the visitor types, once per 2 s', async () => {
		const { bridge, input, say } = await openPanel();
		await say( 'hello' );
		for ( const value of [ 'a', 'ab', 'abc' ] ) {
			fireEvent.input( input, { target: { value } } );
		}
		await flush();
		expect( posts( bridge, '/typing' ) ).toHaveLength( 1 );
	} );

	it( 'shows "… is typing" until the advisor’s message arrives', async () => {
		const { bridge, rt, dialog, say } = await openPanel();
		await say( 'hello' );
		rt.state.handlers!.onTyping( {
			conversationId: 'c1',
			by: 'advisor',
			name: 'Camille',
		} );
		const bubble = dialog.querySelector( '.handoff-chat-typing' )!;
		expect( bubble ).toBeVisible();
		expect( bubble ).toHaveTextContent( 'Camille is typing…' );
		expect(
			dialog.querySelector( '[aria-live].handoff-chat-sr-only' )
		).toHaveTextContent( 'Camille is typing…' );
		rt.state.handlers!.onMessage(
			bridge.addAdvisorMessage( 'c1', 'Here I am' )
		);
		expect( bubble ).not.toBeVisible();
	} );
} );

describe( 'events and presence', () => {
	it( 'draws assignment lines, closes, and brings the composer back on reopen', async () => {
		const { bridge, rt, dialog, input, say } = await openPanel();
		await say( 'hello' );
		const actor = { id: '7', name: 'Camille' };
		for ( const event of [
			{ type: 'take' as const, advisor: actor },
			{ type: 'assign' as const, actor, assignee: null },
			{ type: 'close' as const, actor },
		] ) {
			rt.state.handlers!.onMessage( bridge.advise( 'c1', event ) );
		}
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		const log = within( screen.getByRole( 'log' ) );
		expect(
			log.getByText( 'Camille joined the conversation.' )
		).toBeVisible();
		expect(
			log.getByText( 'The advisor has left the conversation.' )
		).toBeVisible();
		expect( input ).not.toBeVisible();
		expect(
			within( dialog ).getByRole( 'button', {
				name: 'Start a new conversation',
			} )
		).toBeVisible();

		rt.state.handlers!.onMessage(
			bridge.advise( 'c1', { type: 'reopen', actor } )
		);
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		expect(
			log.getByText( 'This conversation has been reopened.' )
		).toBeVisible();
		expect( input ).toBeVisible();
		// The bridge's English event lines give way to the widget's translations.
		expect(
			log.queryByText( 'Conversation closed by Camille.' )
		).toBeNull();
	} );

	it( 'shows the advisor’s avatar beside their joined line and the first of their messages', async () => {
		const { bridge, rt, dialog, say } = await openPanel();
		await say( 'hello' );
		const avatar = 'https://cdn.test/avatars/camille.png';
		const camille = { id: '1', name: 'Camille Martin', avatar };
		rt.state.handlers!.onMessage(
			bridge.advise( 'c1', { type: 'take', advisor: camille } )
		);
		for ( const text of [ 'Hello', 'How can I help?' ] ) {
			rt.state.handlers!.onMessage(
				bridge.addAdvisorMessage( 'c1', text, camille.name, avatar )
			);
		}
		await say( 'A question' );
		rt.state.handlers!.onMessage(
			bridge.addAdvisorMessage( 'c1', 'Sure', camille.name, avatar )
		);
		const badges = Array.from(
			dialog.querySelectorAll< HTMLElement >( '.handoff-chat-avatar' )
		);
		const rows = badges.map( ( b ) => b.closest( 'li' )!.textContent );
		expect( rows ).toEqual( [
			'Camille Martin joined the conversation.',
			expect.stringMatching( /^Camille MartinHello/ ),
			expect.stringMatching( /^Camille MartinSure/ ),
		] );
		for ( const badge of badges ) {
			expect( badge.querySelector( 'img' ) ).toHaveAttribute(
				'src',
				avatar
			);
		}
		// The picture does not load: initials, and the name is still the text.
		badges[ 1 ]
			.querySelector( 'img' )!
			.dispatchEvent( new Event( 'error' ) );
		expect( badges[ 1 ] ).toHaveClass( 'is-initials' );
		expect( badges[ 1 ] ).toHaveAttribute( 'data-initials', 'CM' );
		const author = badges[ 1 ].parentElement!;
		expect( author ).toHaveClass( 'handoff-chat-msg__author' );
		expect( author.textContent ).toBe( 'Camille Martin' );
		expect( author ).toBeVisible();
	} );

	it( 'holds the visitor channel while open, and leaves it on close and on page hide', async () => {
		const { rt, panel, say } = await openPanel();
		await say( 'hello' );
		expect( rt.state.present ).toBe( 'private-visitor-site_1-v1' );
		panel.close();
		expect( rt.state.present ).toBeNull();
		panel.open();
		expect( rt.state.present ).toBe( 'private-visitor-site_1-v1' );
		window.dispatchEvent( new Event( 'pagehide' ) );
		expect( rt.state.present ).toBeNull();
		window.dispatchEvent( new Event( 'pageshow' ) );
		expect( rt.state.present ).toBe( 'private-visitor-site_1-v1' );
		panel.destroy();
	} );
} );

describe( 'read receipts and the badge', () => {
	it( 'sends a receipt for what is on screen and badges only what came later, across a reload', async () => {
		const first = await openPanel();
		await first.say( 'hello' );
		first.rt.state.handlers!.onMessage(
			first.bridge.addAdvisorMessage( 'c1', 'Seen reply' )
		);
		// Once the receipt's debounce is over: waited for, not slept through.
		await waitFor(
			() =>
				expect(
					posts( first.bridge, '/read' ).map( ( c ) => c.body )
				).toEqual( [ { seq: 2 } ] ),
			{ timeout: 10_000 }
		);
		first.panel.destroy();

		// Between pages, an advisor writes; the bridge's receipt is left out to test storage alone.
		first.bridge.addAdvisorMessage( 'c1', 'Between pages' );
		first.bridge.conversations[ 0 ].visitorLastReadSeq = 0;
		// The next page, in a background tab: the panel loads but nothing is seen.
		document.body.innerHTML = '';
		sessionStorage.clear();
		const visibility = jest
			.spyOn( document, 'visibilityState', 'get' )
			.mockReturnValue( 'hidden' );
		const next = await openPanel( { bridge: first.bridge } );
		next.panel.close();
		visibility.mockRestore();
		next.rt.state.handlers!.onMessage(
			next.bridge.addAdvisorMessage( 'c1', 'New reply' )
		);
		expect( posts( next.bridge, '/read' ) ).toHaveLength( 1 );
		expect( next.launcher.button ).toHaveAccessibleName(
			'Open chat, 2 unread messages'
		);
	} );
} );
