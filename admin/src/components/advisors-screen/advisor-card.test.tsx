import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { AdvisorRecord } from '@handoff-chat/contracts';
import { BridgeError } from '../../api';
import { advisorRecord, stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import AdvisorsScreen from '.';

const QUOTA_FULL =
	'All 5 licences of this site are in use: revoke one first, or raise the quota.';

/** The screen with one collaborator, Léa; `patchAdvisor` answers as the bridge would. */
function setup(
	over: Partial< AdvisorRecord > = {},
	patch?: jest.Mock,
	granted = 4
) {
	let lea = advisorRecord( '12', 'Léa', {
		displayName: 'Léa Martin',
		email: 'lea@example.test',
		licensed: false,
		lastActiveAt: new Date( Date.now() - 2 * 3600_000 ).toISOString(),
		...over,
	} );
	let licences = { granted, quota: 5 };
	const answer = () => ( { advisors: [ lea ], licences } );
	const patchAdvisor =
		patch ??
		jest.fn( ( _id: string, body: Partial< AdvisorRecord > ) => {
			if (
				body.licensed !== undefined &&
				body.licensed !== lea.licensed
			) {
				licences = {
					...licences,
					granted: licences.granted + ( body.licensed ? 1 : -1 ),
				};
			}
			lea = { ...lea, ...body };
			if ( body.visibleName !== undefined ) {
				lea.name = body.visibleName ?? lea.displayName;
			}
			return Promise.resolve( { advisor: lea, licences } );
		} );
	const api = stubApi( {
		syncAdvisors: jest.fn( () => Promise.resolve( answer() ) ),
		getAdvisors: jest.fn( () => Promise.resolve( answer() ) ),
		patchAdvisor,
	} );
	renderWithServices( <AdvisorsScreen />, { api, canManage: true } );
	return api;
}

const licenceToggle = () =>
	screen.getByRole( 'checkbox', { name: 'Live chat premium' } );

describe( 'AdvisorCard', () => {
	it( 'shows who they are: name, email, last activity, messages', async () => {
		setup( { messageCount: 1 } );
		expect(
			await screen.findByRole( 'heading', { name: 'Léa' } )
		).toBeInTheDocument();
		expect( screen.getByText( 'lea@example.test' ) ).toBeInTheDocument();
		expect(
			screen.getByText( 'Last active 2 hours ago' )
		).toBeInTheDocument();
		expect( screen.getByText( /1 message$/ ) ).toBeInTheDocument();
	} );

	it( 'grants a licence and the count follows', async () => {
		const api = setup();
		await screen.findByText( '4 of 5 licences granted' );
		expect( licenceToggle() ).not.toBeChecked();
		fireEvent.click( licenceToggle() );
		await waitFor( () => expect( licenceToggle() ).toBeChecked() );
		expect( api.patchAdvisor ).toHaveBeenCalledWith( '12', {
			licensed: true,
		} );
		expect(
			screen.getByText( '5 of 5 licences granted' )
		).toBeInTheDocument();
		// Read again after the change: the bridge's count is the one shown.
		await waitFor( () => expect( api.getAdvisors ).toHaveBeenCalled() );
	} );

	it( 'shows the bridge’s refusal when the quota is full, and keeps what is being typed', async () => {
		const patch = jest
			.fn()
			.mockRejectedValue(
				new BridgeError( 409, 'quota_full', QUOTA_FULL )
			);
		setup( {}, patch, 5 );
		await screen.findByText( '5 of 5 licences granted' );
		const name = screen.getByLabelText( 'Name shown to visitors' );
		fireEvent.change( name, { target: { value: 'Léa from Sales' } } );
		fireEvent.click( licenceToggle() );
		expect(
			await screen.findByText( QUOTA_FULL, {
				selector: '.components-notice__content',
			} )
		).toBeInTheDocument();
		expect( licenceToggle() ).not.toBeChecked();
		expect( name ).toHaveValue( 'Léa from Sales' );
		expect( patch ).toHaveBeenCalledWith( '12', { licensed: true } );
	} );

	it( 'turns the Chatbot list on and off', async () => {
		const api = setup( { showBotConversations: true } );
		const toggle = await screen.findByRole( 'checkbox', {
			name: 'Show conversations where the chatbot has the hand',
		} );
		expect( toggle ).toBeChecked();
		fireEvent.click( toggle );
		await waitFor( () => expect( toggle ).not.toBeChecked() );
		expect( api.patchAdvisor ).toHaveBeenCalledWith( '12', {
			showBotConversations: false,
		} );
	} );

	it( 'edits the name visitors see, with the WordPress name as the hint and the default', async () => {
		const api = setup();
		const name = await screen.findByLabelText( 'Name shown to visitors' );
		expect( name ).toHaveAttribute( 'placeholder', 'Léa Martin' );
		expect(
			screen.getByText( 'Empty: their WordPress name, “Léa Martin”.' )
		).toBeInTheDocument();

		fireEvent.change( name, { target: { value: ' Léa (Sales) ' } } );
		fireEvent.keyDown( name, { key: 'Enter' } );
		fireEvent.blur( name );
		await waitFor( () =>
			expect(
				screen.getByRole( 'heading', { name: 'Léa (Sales)' } )
			).toBeInTheDocument()
		);
		// Enter then blur: one save.
		expect( api.patchAdvisor ).toHaveBeenCalledTimes( 1 );
		expect( api.patchAdvisor ).toHaveBeenCalledWith( '12', {
			visibleName: 'Léa (Sales)',
		} );

		fireEvent.change( name, { target: { value: '' } } );
		fireEvent.blur( name );
		await waitFor( () =>
			expect( api.patchAdvisor ).toHaveBeenLastCalledWith( '12', {
				visibleName: null,
			} )
		);
	} );

	it( 'sets a capacity, empty for unlimited, and explains a wrong one at the field', async () => {
		const api = setup();
		const capacity = await screen.findByLabelText(
			'Simultaneous live conversations'
		);
		expect( capacity ).toHaveValue( null );
		expect( capacity ).toHaveAttribute( 'placeholder', 'Unlimited' );

		fireEvent.change( capacity, { target: { value: '0' } } );
		fireEvent.blur( capacity );
		expect(
			screen.getByText(
				'Enter a whole number from 1 to 1000, or leave it empty for no limit.'
			)
		).toBeInTheDocument();
		expect( api.patchAdvisor ).not.toHaveBeenCalled();

		fireEvent.change( capacity, { target: { value: '3' } } );
		fireEvent.blur( capacity );
		await waitFor( () =>
			expect( api.patchAdvisor ).toHaveBeenCalledWith( '12', {
				capacity: 3,
			} )
		);
		await waitFor( () => expect( capacity ).toHaveValue( 3 ) );

		fireEvent.change( capacity, { target: { value: '' } } );
		fireEvent.blur( capacity );
		await waitFor( () =>
			expect( api.patchAdvisor ).toHaveBeenLastCalledWith( '12', {
				capacity: null,
			} )
		);
	} );

	it( 'shows the bridge’s message for a refused capacity at the field', async () => {
		const patch = jest.fn().mockRejectedValue(
			new BridgeError( 400, 'bad_request', 'capacity: Too big', [
				{
					path: 'capacity',
					message: 'Number must be less than or equal to 1000',
				},
			] )
		);
		setup( {}, patch );
		const capacity = await screen.findByLabelText(
			'Simultaneous live conversations'
		);
		fireEvent.change( capacity, { target: { value: '12' } } );
		fireEvent.blur( capacity );
		expect(
			await screen.findByText(
				'Number must be less than or equal to 1000'
			)
		).toBeInTheDocument();
	} );
} );
