import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import { inboxConversation } from '../../test-utils/fixtures';
import ConversationListItem from '.';

function row( over: Parameters< typeof inboxConversation >[ 1 ] ) {
	render(
		<ConversationListItem
			conversation={ inboxConversation( 'c_1', over ) }
			selected={ false }
			online={ false }
			now={ Date.parse( '2025-01-01T10:05:00.000Z' ) }
			onSelect={ () => undefined }
		/>
	);
	return screen.getByRole( 'button' );
}

describe( 'ConversationListItem preview', () => {
	it.each( [
		[ 'an image without caption', '', 'image', 'Image' ],
		[
			'an image with its caption',
			'My receipt',
			'image',
			'Image: My receipt',
		],
		[ 'a text', 'Do you ship to Lyon?', 'text', 'Do you ship to Lyon?' ],
		// An older bridge's payload: "📷" and no kind.
		[ 'an older bridge’s image', '📷', undefined, 'Image' ],
	] as const )( 'says what %s was', ( _, preview, kind, expected ) => {
		const item = row( {
			lastMessagePreview: preview,
			lastMessageKind: kind,
		} );
		const shown = item.querySelector(
			'.handoff-chat-item__preview'
		) as HTMLElement;
		expect( shown.textContent ).toBe( expected );
	} );

	it( 'names who wrote it, as before', () => {
		const item = row( {
			lastMessagePreview: '',
			lastMessageKind: 'image',
			lastMessageAuthorType: 'advisor',
		} );
		expect(
			item.querySelector( '.handoff-chat-item__preview' )?.textContent
		).toBe( 'Advisor: Image' );
	} );

	it( 'says when there is no message yet', () => {
		const item = row( { lastMessagePreview: null } );
		expect(
			item.querySelector( '.handoff-chat-item__preview' )
		).toHaveTextContent( 'No messages yet' );
	} );
} );
