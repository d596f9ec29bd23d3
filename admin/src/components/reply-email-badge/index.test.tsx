/**
 * "Reply by email" in the inbox: the badge in the list and the header when the visitor left
 * an address, and the reply box saying the reply will be emailed while they are away.
 */
import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import {
	conversation,
	inboxConversation,
	stubApi,
} from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import ConversationHeader from '../conversation-header';
import ConversationListItem from '../conversation-list-item';
import ReplyBox from '../reply-box';

const listItem = ( replyEmail: string | null ) =>
	render(
		<ConversationListItem
			conversation={ inboxConversation( 'c_1', { replyEmail } ) }
			selected={ false }
			online={ false }
			now={ Date.parse( '2025-01-01T10:05:00.000Z' ) }
			onSelect={ () => undefined }
		/>
	);

describe( 'Reply by email in the inbox', () => {
	it( 'flags the conversation in the list when the visitor left an email', () => {
		listItem( 'lea@example.com' );
		const row = screen.getByRole( 'button' );
		expect( row ).toHaveTextContent( 'Reply by email' );
		expect(
			row.querySelector( '.handoff-chat-reply-email' )
		).toHaveAttribute(
			'title',
			'Replies are emailed to lea@example.com while the visitor is away.'
		);
	} );

	it( 'shows nothing of it without an email', () => {
		listItem( null );
		expect( screen.getByRole( 'button' ) ).not.toHaveTextContent(
			'Reply by email'
		);
	} );

	it( 'names the address in the conversation’s header', () => {
		renderWithServices(
			<ConversationHeader
				conversation={ conversation( 'c_1', {
					replyEmail: 'lea@example.com',
				} ) }
				headingId="h"
				online={ false }
				advisors={ [] }
				onBack={ jest.fn() }
				onChange={ jest.fn() }
				panelOpen={ false }
				panelId="panel"
				onTogglePanel={ jest.fn() }
			/>,
			{ api: stubApi() }
		);
		expect( screen.getByText( 'Reply by email' ) ).toBeVisible();
		expect( screen.getByText( 'lea@example.com' ) ).toBeVisible();
	} );

	it( 'tells the advisor their reply will be emailed, but not their notes', () => {
		render(
			<ReplyBox
				id="r"
				onSend={ jest.fn() }
				onSendNote={ jest.fn() }
				onNoteChange={ jest.fn() }
				emailTo="lea@example.com"
			/>
		);
		const hint =
			'The visitor is away: your reply will be emailed to lea@example.com.';
		expect( screen.getByText( hint ) ).toBeVisible();
	} );

	it( 'says nothing of email in note mode or without an address', () => {
		const { rerender } = render(
			<ReplyBox
				id="r"
				onSend={ jest.fn() }
				onSendNote={ jest.fn() }
				note
				emailTo="lea@example.com"
			/>
		);
		expect( screen.queryByText( /will be emailed/ ) ).toBeNull();
		rerender( <ReplyBox id="r" onSend={ jest.fn() } emailTo={ null } /> );
		expect( screen.queryByText( /will be emailed/ ) ).toBeNull();
	} );
} );
