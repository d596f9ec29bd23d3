import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { BridgeError } from '../../api';
import { conversation, stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import ConversationHeader from '.';

function setup( canManage: boolean, overrides = {} ) {
	const api = stubApi( overrides );
	const onDeleted = jest.fn();
	renderWithServices(
		<ConversationHeader
			conversation={ conversation( 'c_1', { state: 'closed' } ) }
			headingId="h"
			online={ false }
			advisors={ [] }
			onBack={ jest.fn() }
			onChange={ jest.fn() }
			panelOpen={ false }
			panelId="panel"
			onTogglePanel={ jest.fn() }
			onDeleted={ onDeleted }
		/>,
		{ api, canManage }
	);
	return { api, onDeleted };
}

describe( 'Managers’ conversation menu', () => {
	it( 'is not offered to advisors who do not manage the site', () => {
		setup( false );
		expect(
			screen.queryByRole( 'button', { name: 'More actions' } )
		).not.toBeInTheDocument();
	} );

	it( 'deletes the conversation after a confirmation', async () => {
		const { api, onDeleted } = setup( true );
		const open = () => {
			fireEvent.click(
				screen.getByRole( 'button', { name: 'More actions' } )
			);
			fireEvent.click(
				screen.getByRole( 'menuitem', {
					name: 'Delete conversation…',
				} )
			);
			return screen.getByRole( 'dialog', {
				name: 'Delete this conversation?',
			} );
		};
		fireEvent.click(
			within( open() ).getByRole( 'button', { name: 'Cancel' } )
		);
		expect( api.deleteConversation ).not.toHaveBeenCalled();

		fireEvent.click(
			within( open() ).getByRole( 'button', {
				name: 'Delete conversation',
			} )
		);
		await waitFor( () => expect( onDeleted ).toHaveBeenCalled() );
		expect( api.deleteConversation ).toHaveBeenCalledWith( 'c_1' );
	} );

	it( 'shows the bridge’s refusal and keeps the conversation', async () => {
		const { onDeleted } = setup( true, {
			deleteConversation: jest
				.fn()
				.mockRejectedValue(
					new BridgeError(
						403,
						'forbidden',
						'Only site managers may delete conversations or download transcripts.'
					)
				),
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'More actions' } )
		);
		fireEvent.click(
			screen.getByRole( 'menuitem', { name: 'Delete conversation…' } )
		);
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Delete conversation' } )
		);
		expect(
			await screen.findByText(
				'Only site managers may delete conversations or download transcripts.',
				{ selector: '.components-notice__content' }
			)
		).toBeInTheDocument();
		expect( onDeleted ).not.toHaveBeenCalled();
	} );

	it( 'downloads the transcript in the format picked', async () => {
		const created = jest.fn().mockReturnValue( 'blob:transcript' );
		const clicked = jest
			.spyOn( HTMLAnchorElement.prototype, 'click' )
			.mockImplementation( function ( this: HTMLAnchorElement ) {
				expect( this.download ).toBe( 'conversation-c1.txt' );
				expect( this.href ).toBe( 'blob:transcript' );
			} );
		Object.assign( URL, {
			createObjectURL: created,
			revokeObjectURL: jest.fn(),
		} );
		const { api } = setup( true );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'More actions' } )
		);
		fireEvent.click(
			screen.getByRole( 'menuitem', { name: 'Transcript as CSV' } )
		);
		await waitFor( () => expect( clicked ).toHaveBeenCalled() );
		expect( api.downloadTranscript ).toHaveBeenCalledWith( 'c_1', 'csv' );
		clicked.mockRestore();
	} );
} );
