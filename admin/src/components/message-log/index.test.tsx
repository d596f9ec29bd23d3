import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import { message } from '../../test-utils/fixtures';
import MessageLog from '.';

const noop = () => undefined;

describe( 'MessageLog', () => {
	it( 'renders hostile text literally, never as HTML', () => {
		const hostile =
			'<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
		const { container } = render(
			<MessageLog
				messages={ [ message( 1, { text: hostile } ) ] }
				pending={ [] }
				onRetry={ noop }
				onDiscard={ noop }
			/>
		);
		expect( screen.getByText( hostile ) ).toBeInTheDocument();
		expect( container.querySelector( 'img, script, b' ) ).toBeNull();
		expect(
			( window as unknown as { __pwned?: number } ).__pwned
		).toBeUndefined();
	} );

	it( 'is a log, in seq order, with authors styled by role', () => {
		render(
			<MessageLog
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
				pending={ [] }
				onRetry={ noop }
				onDiscard={ noop }
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
			<MessageLog
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
						error: null,
						createdAt: '',
					},
					{
						clientId: 'client-2',
						text: 'Later',
						status: 'sending',
						error: null,
						createdAt: '',
					},
				] }
				onRetry={ noop }
				onDiscard={ noop }
			/>
		);
		expect( screen.getAllByText( 'Sent' ) ).toHaveLength( 1 );
		expect( screen.getByText( 'Sending…' ) ).toBeInTheDocument();
	} );
} );
