import '@testing-library/jest-dom';
import { fireEvent, screen, within } from '@testing-library/dom';
import { flush } from '../test-utils/fake-realtime';
import { openPanel, posts, resetPage, sent } from '../test-utils/chat-fixtures';

beforeEach( resetPage );

/**
 * What WordPress's wp-emoji.js would turn into images: its MutationObserver (childList,
 * subtree) parses the element holding each added text node, or the added element, and
 * twemoji skips only the elements *below* that root carrying `wp-exclude-emoji`.
 */
function watchLikeWpEmoji() {
	const found: string[] = [];
	const grab = ( root: Node ) => {
		for ( const child of Array.from( root.childNodes ) ) {
			if ( child instanceof Text ) {
				if ( /\p{Extended_Pictographic}/u.test( child.data ) ) {
					found.push( child.data );
				}
			} else if (
				child instanceof Element &&
				! child.classList.contains( 'wp-exclude-emoji' )
			) {
				grab( child );
			}
		}
	};
	const read = ( records: MutationRecord[] ) => {
		for ( const record of records ) {
			for ( const node of Array.from( record.addedNodes ) ) {
				const root = node instanceof Text ? node.parentNode : node;
				if ( root?.isConnected ) {
					grab( root );
				}
			}
		}
	};
	const observer = new MutationObserver( read );
	observer.observe( document.body, { childList: true, subtree: true } );
	return {
		parsed: () => {
			read( observer.takeRecords() );
			observer.disconnect();
			return found;
		},
	};
}

describe( 'chat panel', () => {
	it( 'opens with the input focused and remembers it is open', async () => {
		const { input, launcher } = await openPanel();
		expect( input ).toHaveFocus();
		expect( launcher.button ).toHaveAttribute( 'aria-expanded', 'true' );
		expect( sessionStorage.getItem( 'handoff-chat:site_1:open' ) ).toBe(
			'1'
		);
		expect( screen.getByRole( 'log' ) ).toHaveAttribute(
			'aria-live',
			'polite'
		);
	} );

	it( 'sends on Enter, keeps Shift+Enter for a new line and never sends an empty message', async () => {
		const { bridge, input } = await openPanel();
		fireEvent.keyDown( input, { key: 'Enter' } );
		fireEvent.change( input, { target: { value: '   ' } } );
		fireEvent.keyDown( input, { key: 'Enter' } );
		await flush();
		expect( sent( bridge ) ).toHaveLength( 0 );

		fireEvent.change( input, { target: { value: 'Line one' } } );
		fireEvent.keyDown( input, { key: 'Enter', shiftKey: true } );
		await flush();
		expect( sent( bridge ) ).toHaveLength( 0 );

		fireEvent.keyDown( input, { key: 'Enter' } );
		expect( input ).toHaveValue( '' );
		expect( screen.getByText( 'Line one' ) ).toBeInTheDocument();
		expect( screen.getByText( 'Sending…' ) ).toBeInTheDocument();
		await flush();
		expect( posts( bridge, '/messages' ) ).toHaveLength( 1 );
		expect( screen.queryByText( 'Sending…' ) ).toBeNull();
	} );

	it( 'offers Retry after a network failure and resends with the same clientId', async () => {
		const { bridge, input } = await openPanel();
		bridge.failNext( 'network' );
		fireEvent.change( input, { target: { value: 'Are you there?' } } );
		fireEvent.submit( input.form! );
		await flush();
		expect( screen.getByText( 'Not sent.' ) ).toBeInTheDocument();
		fireEvent.click( screen.getByRole( 'button', { name: 'Retry' } ) );
		await flush();
		expect( screen.queryByText( 'Not sent.' ) ).toBeNull();
		// The first attempt failed before any conversation existed; the retry created it and sent once.
		expect( posts( bridge, '/messages' ) ).toHaveLength( 1 );
		expect( screen.getAllByText( 'Are you there?' ) ).toHaveLength( 1 );
	} );

	it( 'renders hostile text from the other side as text', async () => {
		const { bridge, rt, input, dialog } = await openPanel();
		fireEvent.change( input, { target: { value: 'hi' } } );
		fireEvent.submit( input.form! );
		await flush();
		const hostile = '<img src=x onerror="window.__pwned=1">';
		rt.state.handlers!.onMessage(
			bridge.addAdvisorMessage( 'c1', hostile, '<i>Mallory</i>' )
		);
		await flush();
		expect(
			dialog.querySelector( '.handoff-chat-log img, .handoff-chat-log i' )
		).toBeNull();
		expect( screen.getByText( hostile ) ).toBeInTheDocument();
		expect( screen.getByText( '<i>Mallory</i>' ) ).toBeInTheDocument();
		expect( ( window as any ).__pwned ).toBeUndefined();
	} );

	it( 'keeps the page’s emoji replacement out of everything it draws', async () => {
		const { bridge, rt, input, dialog, launcher } = await openPanel();
		fireEvent.change( input, { target: { value: 'Bonjour 👋' } } );
		fireEvent.submit( input.form! );
		await flush();
		rt.state.handlers!.onMessage(
			bridge.addAdvisorMessage( 'c1', 'Hello 🌻', 'Camille' )
		);
		await flush();
		// WordPress's wp-emoji.js checks the class on the elements below each inserted node
		// (a row, the panel): every element must carry it, not only the widget's root.
		expect( launcher.root ).toHaveClass( 'wp-exclude-emoji' );
		const unmarked = Array.from(
			dialog.querySelectorAll( '*:not(svg):not(svg *)' )
		).filter( ( node ) => ! node.classList.contains( 'wp-exclude-emoji' ) );
		expect( dialog ).toHaveClass( 'wp-exclude-emoji' );
		expect( unmarked ).toEqual( [] );
		expect( screen.getByText( 'Hello 🌻' ) ).toBeInTheDocument();
	} );

	it( 'changes its lines in place, so the emoji script never parses an advisor’s name', async () => {
		const emoji = watchLikeWpEmoji();
		const { bridge, rt, say } = await openPanel();
		await say( 'hello' );
		rt.state.handlers!.onTyping( {
			conversationId: 'c1',
			by: 'advisor',
			name: 'Zoé 🌸',
		} );
		rt.state.handlers!.onMessage(
			bridge.addAdvisorMessage( 'c1', 'Bonjour 👋', 'Zoé 🌸' )
		);
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		await flush();
		expect(
			screen.getByText( 'You are chatting with Zoé 🌸' )
		).toBeVisible();
		expect( screen.getByText( 'Bonjour 👋' ) ).toBeVisible();
		expect( emoji.parsed() ).toEqual( [] );
	} );

	it( 'closes on Escape and gives focus back to the launcher', async () => {
		const { input, launcher, dialog } = await openPanel();
		fireEvent.keyDown( input, { key: 'Escape' } );
		expect( dialog ).not.toBeVisible();
		expect( launcher.button ).toHaveFocus();
		expect(
			sessionStorage.getItem( 'handoff-chat:site_1:open' )
		).toBeNull();
	} );

	it( 'shows a closed conversation and lets the visitor start a new one', async () => {
		const { bridge, rt, input } = await openPanel();
		fireEvent.change( input, { target: { value: 'hi' } } );
		fireEvent.submit( input.form! );
		await flush();
		rt.state.handlers!.onMessage( bridge.close( 'c1' ) );
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		// Said once, in the log where it happened; no reply box.
		expect(
			screen.getAllByText( 'This conversation has been closed.' )
		).toHaveLength( 1 );
		expect(
			within( screen.getByRole( 'log' ) ).getByText(
				'This conversation has been closed.'
			)
		).toBeVisible();
		expect( input ).not.toBeVisible();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Start a new conversation' } )
		);
		expect( input ).toBeVisible();
		expect( input ).toHaveFocus();
		expect( screen.queryByText( 'hi' ) ).toBeNull();
	} );

	it( 'says when realtime is reconnecting', async () => {
		const { input, rt } = await openPanel();
		fireEvent.change( input, { target: { value: 'hi' } } );
		fireEvent.submit( input.form! );
		await flush();
		rt.state.handlers!.onStatus( 'reconnecting' );
		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'Reconnecting…'
		);
		rt.state.handlers!.onStatus( 'connected' );
		expect(
			screen.getByRole( 'status', { hidden: true } )
		).not.toBeVisible();
	} );

	it( 'counts unread replies on the launcher while closed', async () => {
		const { bridge, rt, input, panel, launcher } = await openPanel();
		fireEvent.change( input, { target: { value: 'hi' } } );
		fireEvent.submit( input.form! );
		await flush();
		panel.close();
		rt.state.handlers!.onMessage(
			bridge.addAdvisorMessage( 'c1', 'Yes we do' )
		);
		expect( launcher.button ).toHaveAccessibleName(
			'Open chat, 1 unread message'
		);
		panel.open();
		expect( launcher.button ).toHaveAccessibleName( 'Close chat' );
	} );
} );

describe( 'chat panel times', () => {
	it( 'writes message times in WordPress’s time format from the block config', async () => {
		const { input, dialog } = await openPanel( {
			config: { timeFormat: 'G \\h i', locale: 'fr_FR' },
		} );
		fireEvent.change( input, { target: { value: 'Bonjour' } } );
		fireEvent.submit( input.form! );
		await flush();
		const time = dialog.querySelector( '.handoff-chat-msg__time' )!;
		// "14 h 05": only the site's format writes it so; Intl alone says "14:05".
		expect( time.textContent ).toMatch( /^\d{1,2} h \d{2}$/ );
	} );
} );
