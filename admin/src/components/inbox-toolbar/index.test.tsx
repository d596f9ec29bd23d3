import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { NotifierState } from '../../data/use-notifier';
import InboxToolbar from '.';

const notifier: NotifierState = {
	muted: false,
	setMuted: jest.fn(),
	botToo: false,
	setBotToo: jest.fn(),
	permission: 'granted',
	requestPermission: jest.fn(),
};

function renderToolbar( botConversations = true ) {
	return render(
		<InboxToolbar
			colleagues={ [] }
			notifier={ notifier }
			canManage={ false }
			onOpenSettings={ jest.fn() }
			botConversations={ botConversations }
		/>
	);
}

describe( 'InboxToolbar', () => {
	it( 'closes the keyboard shortcuts on Escape and gives focus back to their button', async () => {
		renderToolbar();
		const button = screen.getByRole( 'button', {
			name: 'Keyboard shortcuts',
		} );
		button.focus();
		fireEvent.click( button );
		const heading = await screen.findByRole( 'heading', {
			name: 'Keyboard shortcuts',
		} );
		// Escape goes where the focus is: it must be in the popover for the popover to hear it.
		await waitFor( () =>
			expect( heading.closest( '.components-popover' ) ).toContainElement(
				button.ownerDocument.activeElement as HTMLElement
			)
		);
		fireEvent.keyDown( button.ownerDocument.activeElement!, {
			key: 'Escape',
		} );
		await waitFor( () =>
			expect(
				screen.queryByRole( 'heading', { name: 'Keyboard shortcuts' } )
			).toBeNull()
		);
		expect( button ).toHaveFocus();
		expect( button ).toHaveAttribute( 'aria-expanded', 'false' );
	} );

	it( 'offers the chatbot notifications only to advisors who see the Chatbot list', () => {
		const { unmount } = renderToolbar();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Notification settings' } )
		);
		fireEvent.click(
			screen.getByRole( 'checkbox', {
				name: 'Also notify me about conversations with the chatbot',
			} )
		);
		expect( notifier.setBotToo ).toHaveBeenCalledWith( true );
		unmount();
		renderToolbar( false );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Notification settings' } )
		);
		expect(
			screen.getByRole( 'checkbox', { name: 'Sound' } )
		).toBeChecked();
		expect(
			screen.queryByRole( 'checkbox', {
				name: 'Also notify me about conversations with the chatbot',
			} )
		).toBeNull();
	} );
} );
