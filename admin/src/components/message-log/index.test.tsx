import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { message } from '../../test-utils/fixtures';
import MessageLog from '.';

const noop = () => undefined;

type LogProps = ComponentProps< typeof MessageLog >;

/** The log with nothing pending and no-op callbacks, unless a test says otherwise. */
function Log( props: Partial< LogProps > & Pick< LogProps, 'messages' > ) {
	return (
		<MessageLog
			pending={ [] }
			onRetry={ noop }
			onDiscard={ noop }
			{ ...props }
		/>
	);
}

/** `count` visitor messages, from seq `from`. */
const history = ( count: number, from = 1 ) =>
	Array.from( { length: count }, ( _, i ) => message( i + from ) );

describe( 'MessageLog', () => {
	it( 'renders hostile text literally, never as HTML', () => {
		const hostile =
			'<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
		const { container } = render(
			<Log messages={ [ message( 1, { text: hostile } ) ] } />
		);
		expect( screen.getByText( hostile ) ).toBeInTheDocument();
		expect( container.querySelector( 'img, script, b' ) ).toBeNull();
		expect(
			( window as unknown as { __pwned?: number } ).__pwned
		).toBeUndefined();
	} );

	it( 'is a log, in seq order, with authors styled by role', () => {
		render(
			<Log
				messages={ [
					message( 1, { text: 'Hi' } ),
					message( 2, {
						text: 'Hello, Camille here',
						author: { type: 'advisor', id: '7', name: 'Camille' },
					} ),
					message( 3, {
						text: 'Check the order',
						kind: 'note',
						author: { type: 'advisor', id: '7', name: 'Camille' },
					} ),
					message( 4, {
						text: 'How can I help?',
						author: { type: 'bot', id: null, name: null },
					} ),
				] }
			/>
		);
		const log = screen.getByRole( 'log', { name: 'Messages' } );
		const items = within( log ).getAllByRole( 'listitem' );
		expect( items.map( ( li ) => li.className ) ).toEqual( [
			'handoff-chat-message is-visitor',
			'handoff-chat-message is-advisor',
			'handoff-chat-message is-note',
			'handoff-chat-message is-bot',
		] );
		expect(
			within( items[ 1 ] ).getByText( 'Camille' )
		).toBeInTheDocument();
		expect( within( items[ 2 ] ).getByText( 'Note' ) ).toBeInTheDocument();
	} );

	it( 'hides the pending copy of a reply the bridge confirmed', () => {
		render(
			<Log
				messages={ [
					message( 1, {
						clientId: 'client-1',
						text: 'Sent',
						author: { type: 'advisor', id: '7', name: 'C' },
					} ),
				] }
				pending={ [
					{
						clientId: 'client-1',
						text: 'Sent',
						status: 'sending',
						createdAt: '',
					},
					{
						clientId: 'client-2',
						text: 'Later',
						status: 'sending',
						createdAt: '',
					},
				] }
			/>
		);
		expect( screen.getAllByText( 'Sent' ) ).toHaveLength( 1 );
		expect( screen.getByText( 'Sending…' ) ).toBeInTheDocument();
	} );
} );

describe( 'MessageLog windowing and receipts', () => {
	const advisorAt = ( seq: number ) =>
		message( seq, {
			text: `reply ${ seq }`,
			author: { type: 'advisor', id: '7', name: 'Camille' },
		} );

	it( 'keeps a 5,000-message history to a window of the latest ones', () => {
		const { container } = render( <Log messages={ history( 5000 ) } /> );
		const items = container.querySelectorAll( '.handoff-chat-message' );
		expect( items.length ).toBe( 120 );
		expect( items[ items.length - 1 ] ).toHaveTextContent( 'message 5000' );
		expect( items[ 0 ] ).toHaveTextContent( 'message 4881' );
	} );

	it( 'reveals older held messages when scrolled to the top, and asks for older pages', () => {
		const onLoadOlder = jest.fn();
		const { container } = render(
			<Log
				messages={ history( 300, 101 ) }
				hasOlder
				onLoadOlder={ onLoadOlder }
			/>
		);
		const log = screen.getByRole( 'log' );
		// jsdom has no layout: pretend there is plenty to scroll.
		Object.defineProperty( log, 'scrollHeight', {
			value: 10_000,
			configurable: true,
		} );
		Object.defineProperty( log, 'clientHeight', {
			value: 500,
			configurable: true,
		} );
		log.scrollTop = 0;
		fireEvent.scroll( log );
		expect(
			container.querySelectorAll( '.handoff-chat-message' )
		).toHaveLength( 180 );
		fireEvent.scroll( log );
		fireEvent.scroll( log );
		expect(
			container.querySelector( '.handoff-chat-message' )
		).toHaveTextContent( 'message 101' );
		// Reading up: the DOM stays bounded, and the latest are one click away.
		expect(
			container.querySelectorAll( '.handoff-chat-message' ).length
		).toBeLessThanOrEqual( 240 );
		expect(
			screen.getByRole( 'button', {
				name: 'Jump to the latest messages',
			} )
		).toBeInTheDocument();
		fireEvent.scroll( log );
		expect( onLoadOlder ).toHaveBeenCalled();
	} );

	it( 'says "Seen" under the advisor’s last reply once the visitor read it', () => {
		const props = {
			messages: [
				message( 1 ),
				advisorAt( 2 ),
				advisorAt( 3 ),
				message( 4, {
					kind: 'event',
					author: { type: 'system', id: null, name: null },
					meta: {
						event: 'assigned',
						assignee: { id: '7', name: 'Camille' },
						actor: { id: '7', name: 'Camille' },
					},
				} ),
			],
		};
		const { rerender } = render(
			<Log { ...props } visitorLastReadSeq={ 2 } />
		);
		expect( screen.queryByText( 'Seen' ) ).toBeNull();
		rerender( <Log { ...props } visitorLastReadSeq={ 3 } /> );
		expect( screen.getByText( 'Seen' ).closest( 'li' ) ).toHaveTextContent(
			'reply 3'
		);
		expect(
			screen.getByText( 'Camille took the conversation' )
		).toBeInTheDocument();
	} );

	it( 'names the visitor with the name it is given', () => {
		render(
			<Log messages={ [ message( 1 ) ] } visitorName="Léa (Acme)" />
		);
		expect( screen.getByText( 'Léa (Acme)' ) ).toBeInTheDocument();
	} );
} );
