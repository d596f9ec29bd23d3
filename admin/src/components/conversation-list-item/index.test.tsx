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

describe( 'ConversationListItem rating', () => {
	it( 'shows the visitor’s rating as a small badge, named for screen readers', () => {
		const item = row( {
			state: 'closed',
			rating: {
				score: 4,
				comment: 'Quick and kind',
				ratedAt: '2025-01-01T10:04:00.000Z',
			},
		} );
		const badge = item.querySelector(
			'.handoff-chat-rating-badge'
		) as HTMLElement;
		expect( badge ).toHaveTextContent( '★ 4' );
		expect( badge ).toHaveAttribute(
			'title',
			'Rated 4/5 — Quick and kind'
		);
		expect( screen.getByText( 'Rated 4/5' ) ).toHaveClass(
			'screen-reader-text'
		);
	} );

	it( 'shows no badge before a rating', () => {
		const item = row( { state: 'closed', rating: null } );
		expect( item.querySelector( '.handoff-chat-rating-badge' ) ).toBeNull();
	} );
} );
