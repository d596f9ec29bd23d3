import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { BridgeError } from '../../api';
import {
	advisorRecord,
	conversation,
	stubApi,
} from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import type { InboxItem } from '../../utils/inbox-list';
import ConversationHeader from '.';

const COLLEAGUES = [
	advisorRecord( '7', 'Camille', {
		avatar: 'https://example.test/camille.png',
	} ),
	advisorRecord( '9', 'Noé', { away: true } ),
	advisorRecord( '11', 'Sam', { licensed: false } ),
];

const header = ( c: InboxItem, onChange: jest.Mock ) => (
	<ConversationHeader
		conversation={ c }
		headingId="h"
		online={ false }
		advisors={ COLLEAGUES }
		onBack={ jest.fn() }
		onChange={ onChange }
		panelOpen={ false }
		panelId="panel"
		onTogglePanel={ jest.fn() }
	/>
);

function setup( c: InboxItem, patch: jest.Mock ) {
	const api = stubApi( { patchConversation: patch } );
	const onChange = jest.fn();
	const view = renderWithServices( header( c, onChange ), { api } );
	return { api, onChange, ...view };
}

describe( 'ConversationHeader', () => {
	it( 'shows the visitor’s rating of a closed conversation, with their comment', () => {
		setup(
			conversation( 'c_1', {
				state: 'closed',
				rating: {
					score: 4,
					comment: 'Quick and kind',
					ratedAt: '2025-01-01T10:04:00.000Z',
				},
			} ),
			jest.fn()
		);
		expect(
			screen.getByText( 'Rated 4/5 — “Quick and kind”' )
		).toBeInTheDocument();
	} );

	it( 'asks before closing, then PATCHes close', async () => {
		const closed = { ...conversation( 'c_1', { state: 'closed' } ) };
		const patch = jest.fn().mockResolvedValue( closed );
		const { onChange } = setup(
			conversation( 'c_1', { state: 'live' } ),
			patch
		);

		fireEvent.click( screen.getByRole( 'button', { name: 'Close' } ) );
		const dialog = screen.getByRole( 'dialog', {
			name: 'Close this conversation?',
		} );
		fireEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Cancel' } )
		);
		expect( patch ).not.toHaveBeenCalled();

		fireEvent.click( screen.getByRole( 'button', { name: 'Close' } ) );
		fireEvent.click(
			within( screen.getByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Close conversation',
			} )
		);
		expect( patch ).toHaveBeenCalledWith( 'c_1', { type: 'close' } );
		await waitFor( () =>
			expect( onChange ).toHaveBeenCalledWith( closed )
		);
	} );

	it( 'offers no Take to an advisor without a licence', () => {
		renderWithServices(
			<ConversationHeader
				conversation={ conversation( 'c_1', { state: 'waiting' } ) }
				headingId="h"
				online={ false }
				advisors={ COLLEAGUES }
				onBack={ jest.fn() }
				onChange={ jest.fn() }
				panelOpen={ false }
				panelId="panel"
				onTogglePanel={ jest.fn() }
				canTake={ false }
			/>,
			{ api: stubApi( {} ) }
		);
		expect( screen.queryByRole( 'button', { name: 'Take' } ) ).toBeNull();
	} );

	it( 'reopens a closed conversation', async () => {
		const patch = jest
			.fn()
			.mockResolvedValue( conversation( 'c_1', { state: 'waiting' } ) );
		setup( conversation( 'c_1', { state: 'closed' } ), patch );
		expect( screen.queryByRole( 'button', { name: 'Close' } ) ).toBeNull();
		expect( screen.queryByRole( 'button', { name: 'Take' } ) ).toBeNull();
		fireEvent.click( screen.getByRole( 'button', { name: 'Reopen' } ) );
		expect( patch ).toHaveBeenCalledWith( 'c_1', { type: 'reopen' } );
		await waitFor( () =>
			expect(
				screen.getByRole( 'button', { name: 'Reopen' } )
			).toBeEnabled()
		);
	} );

	it( 'takes an unassigned conversation, and shows a 409 inline', async () => {
		const patch = jest
			.fn()
			.mockRejectedValueOnce(
				new BridgeError(
					409,
					'conflict',
					'This conversation is closed. Reopen it first.'
				)
			)
			.mockResolvedValue( {
				...conversation( 'c_1', {
					state: 'live',
					assignedAdvisorId: '7',
				} ),
				assignedAdvisor: { id: '7', name: 'Camille', avatar: null },
			} );
		const { onChange } = setup( conversation( 'c_1' ), patch );
		fireEvent.click( screen.getByRole( 'button', { name: 'Take' } ) );
		expect( patch ).toHaveBeenCalledWith( 'c_1', { type: 'take' } );
		expect(
			await screen.findByText(
				'This conversation is closed. Reopen it first.',
				{
					selector: '.components-notice__content',
				}
			)
		).toBeInTheDocument();
		fireEvent.click( screen.getByRole( 'button', { name: 'Take' } ) );
		await waitFor( () => expect( onChange ).toHaveBeenCalled() );
		expect( document.querySelector( '.components-notice' ) ).toBeNull();
	} );

	it( 'reassigns to a colleague and shows their avatar top right', async () => {
		const after: InboxItem = {
			...conversation( 'c_1', { state: 'live', assignedAdvisorId: '9' } ),
			assignedAdvisor: { id: '9', name: 'Noé', avatar: null },
		};
		const patch = jest.fn().mockResolvedValue( after );
		const { onChange, rerender } = setup(
			{
				...conversation( 'c_1', {
					state: 'live',
					assignedAdvisorId: '7',
				} ),
				assignedAdvisor: {
					id: '7',
					name: 'Camille',
					avatar: 'https://example.test/camille.png',
				},
			},
			patch
		);
		expect(
			screen.getByRole( 'img', { name: 'Assigned to Camille' } )
		).toHaveAttribute( 'src', 'https://example.test/camille.png' );
		fireEvent.click( screen.getByRole( 'button', { name: 'Reassign' } ) );
		// Colleagues without a licence cannot be chosen.
		expect(
			await screen.findByRole( 'menuitemradio', { name: /Sam/ } )
		).toHaveAttribute( 'aria-disabled', 'true' );
		expect(
			screen.getByRole( 'menuitemradio', { name: /Camille/ } )
		).toHaveAttribute( 'aria-checked', 'true' );
		// A colleague switched away is marked, and can still be chosen.
		const noe = screen.getByRole( 'menuitemradio', { name: /Noé/ } );
		expect( noe ).toHaveTextContent( 'Away' );
		expect( noe ).not.toHaveAttribute( 'aria-disabled', 'true' );
		expect(
			screen.getByRole( 'menuitemradio', { name: /Camille/ } )
		).not.toHaveTextContent( 'Away' );
		fireEvent.click( noe );
		expect( patch ).toHaveBeenCalledWith( 'c_1', {
			type: 'assign',
			advisorId: '9',
		} );
		await waitFor( () => expect( onChange ).toHaveBeenCalledWith( after ) );

		rerender( header( after, onChange ) );
		expect(
			screen.getByRole( 'img', { name: 'Assigned to Noé' } )
		).toHaveTextContent( 'N' );
		fireEvent.click( screen.getByRole( 'button', { name: 'Reassign' } ) );
		fireEvent.click(
			await screen.findByRole( 'menuitem', { name: 'Unassign' } )
		);
		expect( patch ).toHaveBeenLastCalledWith( 'c_1', {
			type: 'assign',
			advisorId: null,
		} );
		await waitFor( () =>
			expect(
				screen.queryByRole( 'menuitem', { name: 'Unassign' } )
			).toBeNull()
		);
		await waitFor( () =>
			expect(
				screen.getByRole( 'button', { name: 'Reassign' } )
			).toBeEnabled()
		);
	} );

	it( 'names the visitor with visitorName, as text', () => {
		setup(
			{
				...conversation( 'c_1' ),
				visitorName: '<img src=x onerror=alert(1)> Léa',
				visitorOnline: true,
				unanswered: true,
			},
			jest.fn()
		);
		expect( screen.getByRole( 'heading', { level: 2 } ) ).toHaveTextContent(
			'<img src=x onerror=alert(1)> Léa'
		);
		expect( document.querySelector( 'img[src=x]' ) ).toBeNull();
		expect(
			screen.getByText( 'Waiting for an answer' )
		).toBeInTheDocument();
	} );
} );
