import '@testing-library/jest-dom';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { BridgeError } from '../../api';
import type { WpMediaFrame } from '../../global';
import { advisorRecord, stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import AdvisorsScreen from '.';

const LEA = advisorRecord( '12', 'Léa', {
	email: 'lea@example.test',
	messageCount: 3,
} );
const SELF = advisorRecord( '7', 'Camille', { email: 'camille@example.test' } );

const list = ( advisors = [ SELF, LEA ], granted = 2, quota = 5 ) => ( {
	advisors,
	licences: { granted, quota },
} );

/** A Notice's text (wp.a11y also speaks it into a live region). */
const inNotice = ( text: string | RegExp ) =>
	screen.findByText( text, { selector: '.components-notice__content' } );

function setup( over: Parameters< typeof stubApi >[ 0 ] = {} ) {
	const api = stubApi( {
		syncAdvisors: jest.fn().mockResolvedValue( list() ),
		getAdvisors: jest.fn().mockResolvedValue( list() ),
		...over,
	} );
	renderWithServices( <AdvisorsScreen />, { api, canManage: true } );
	return api;
}

describe( 'AdvisorsScreen', () => {
	afterEach( () => {
		delete window.wp;
	} );

	it( 'syncs WordPress’s users when it opens, and shows the manager and the licence count', async () => {
		const api = setup();
		expect( await screen.findByText( 'Léa' ) ).toBeInTheDocument();
		expect( api.syncAdvisors ).toHaveBeenCalledTimes( 1 );
		expect( api.getAdvisors ).not.toHaveBeenCalled();
		expect(
			screen.getByText(
				'Site manager: you hold the licences of this site and grant them to your collaborators.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( '2 of 5 licences granted' )
		).toBeInTheDocument();
		expect( screen.getByText( 'lea@example.test' ) ).toBeInTheDocument();
		expect( screen.getByText( /3 messages/ ) ).toBeInTheDocument();
		// The manager's own card says so.
		expect( screen.getByText( 'You' ) ).toBeInTheDocument();
	} );

	it( 'falls back to the bridge’s list when WordPress cannot sync, and says so', async () => {
		const api = setup( {
			syncAdvisors: jest
				.fn()
				.mockRejectedValue(
					new BridgeError(
						502,
						'handoff_chat_bridge_refused',
						'The chat server refused the list.'
					)
				),
		} );
		expect( await screen.findByText( 'Léa' ) ).toBeInTheDocument();
		expect( api.getAdvisors ).toHaveBeenCalledTimes( 1 );
		expect(
			await inNotice(
				/WordPress could not send its users to the chat server \(The chat server refused the list\.\)/
			)
		).toBeInTheDocument();
		fireEvent.click( screen.getByRole( 'button', { name: 'Sync again' } ) );
		expect( api.syncAdvisors ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'shows an error with Retry when nothing can be read, then the empty state', async () => {
		const syncAdvisors = jest
			.fn()
			.mockRejectedValueOnce( new Error( 'WordPress is down.' ) )
			.mockResolvedValue( list( [], 0 ) );
		setup( {
			syncAdvisors,
			getAdvisors: jest
				.fn()
				.mockRejectedValue( new Error( 'The bridge is down.' ) ),
		} );
		expect( await inNotice( 'The bridge is down.' ) ).toBeInTheDocument();
		fireEvent.click( screen.getByRole( 'button', { name: 'Retry' } ) );
		expect(
			await screen.findByText(
				'Nobody can answer conversations yet. Invite a collaborator above.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( '0 of 5 licences granted' )
		).toBeInTheDocument();
	} );

	it( 'invites a collaborator and reads the list again', async () => {
		const api = setup( {
			inviteAdvisor: jest.fn().mockResolvedValue( {
				advisor: advisorRecord( '15', 'Max' ),
				user: {
					id: '15',
					displayName: 'Max',
					email: 'max@example.test',
				},
				created: true,
			} ),
		} );
		await screen.findByText( 'Léa' );
		fireEvent.change( screen.getByLabelText( 'Email address' ), {
			target: { value: ' max@example.test ' },
		} );
		fireEvent.change( screen.getByLabelText( 'Name (optional)' ), {
			target: { value: 'Max' },
		} );
		fireEvent.click( screen.getByRole( 'button', { name: 'Invite' } ) );
		expect(
			await inNotice(
				'Max now has an account: WordPress emailed max@example.test a link to choose a password. They can answer conversations once signed in.'
			)
		).toBeInTheDocument();
		expect( api.inviteAdvisor ).toHaveBeenCalledWith( {
			email: 'max@example.test',
			name: 'Max',
		} );
		expect( api.getAdvisors ).toHaveBeenCalledTimes( 1 );
		expect( screen.getByLabelText( 'Email address' ) ).toHaveValue( '' );
	} );

	it( 'says why an invitation was refused (409: already an advisor)', async () => {
		setup( {
			inviteAdvisor: jest
				.fn()
				.mockRejectedValue(
					new BridgeError(
						409,
						'handoff_chat_already_advisor',
						'lea@example.test can already answer conversations.'
					)
				),
		} );
		await screen.findByText( 'Léa' );
		fireEvent.change( screen.getByLabelText( 'Email address' ), {
			target: { value: 'lea@example.test' },
		} );
		fireEvent.click( screen.getByRole( 'button', { name: 'Invite' } ) );
		expect(
			await inNotice(
				'lea@example.test can already answer conversations.'
			)
		).toBeInTheDocument();
		expect( screen.getByLabelText( 'Email address' ) ).toHaveValue(
			'lea@example.test'
		);
	} );

	it( 'removes the ability to answer after a confirmation', async () => {
		const getAdvisors = jest.fn().mockResolvedValue( list( [ SELF ], 1 ) );
		const api = setup( { getAdvisors } );
		await screen.findByText( 'Léa' );
		const removeButtons = screen.getAllByRole( 'button', {
			name: 'Remove',
		} );
		fireEvent.click( removeButtons[ 1 ] );
		expect(
			screen.getByText( /Léa will no longer be able to answer/ )
		).toBeInTheDocument();
		fireEvent.click( screen.getByRole( 'button', { name: 'Cancel' } ) );
		expect( api.removeAdvisor ).not.toHaveBeenCalled();

		fireEvent.click( removeButtons[ 1 ] );
		const dialog = screen.getByRole( 'dialog' );
		fireEvent.click(
			dialog.querySelector( '.is-destructive' ) as HTMLElement
		);
		expect(
			await inNotice( 'Léa can no longer answer conversations.' )
		).toBeInTheDocument();
		expect( api.removeAdvisor ).toHaveBeenCalledWith( '12' );
		await waitFor( () =>
			expect( screen.queryByText( 'Léa' ) ).not.toBeInTheDocument()
		);
		expect(
			screen.getByText( '1 of 5 licences granted' )
		).toBeInTheDocument();
	} );

	it( 'warns a manager who removes themselves', async () => {
		setup();
		await screen.findByText( 'Léa' );
		fireEvent.click(
			screen.getAllByRole( 'button', { name: 'Remove' } )[ 0 ]
		);
		expect(
			screen.getByText( /This is you: you will no longer be able/ )
		).toBeInTheDocument();
	} );

	it( 'picks an avatar in the media library, and goes back to Gravatar', async () => {
		let onSelect = () => undefined as unknown;
		const frame: WpMediaFrame = {
			on: ( _e, cb ) => {
				onSelect = cb;
			},
			open: jest.fn(),
			state: () => ( {
				get: () => ( {
					first: () => ( {
						toJSON: () => ( {
							id: 42,
							url: 'https://x.test/a.png',
						} ),
					} ),
				} ),
			} ),
		};
		const media = jest.fn( () => frame );
		window.wp = { media };
		const api = setup( {
			// WordPress synced the new avatar to the bridge: the list read after it has it.
			getAdvisors: jest
				.fn()
				.mockResolvedValue(
					list( [
						SELF,
						{ ...LEA, avatar: 'https://example.test/lea.png' },
					] )
				),
			setAdvisorAvatar: jest
				.fn()
				.mockResolvedValueOnce( 'https://example.test/lea.png' )
				.mockResolvedValue( null ),
		} );
		await screen.findByText( 'Léa' );
		fireEvent.click(
			screen.getAllByRole( 'button', { name: 'Choose a picture' } )[ 1 ]
		);
		expect( media ).toHaveBeenCalledWith(
			expect.objectContaining( {
				title: 'Picture of Léa',
				library: { type: 'image' },
				multiple: false,
			} )
		);
		expect( frame.open ).toHaveBeenCalled();
		await act( async () => {
			onSelect();
		} );
		expect( api.setAdvisorAvatar ).toHaveBeenCalledWith( '12', 42 );
		await waitFor( () =>
			expect(
				screen.getByRole( 'img', { name: 'Léa' } )
			).toHaveAttribute( 'src', 'https://example.test/lea.png' )
		);

		fireEvent.click(
			screen.getByRole( 'button', { name: 'Remove picture' } )
		);
		await waitFor( () =>
			expect( api.setAdvisorAvatar ).toHaveBeenLastCalledWith(
				'12',
				null
			)
		);
	} );

	it( 'tells non-managers the page is not theirs, without asking anything', async () => {
		const api = stubApi();
		renderWithServices( <AdvisorsScreen />, { api } );
		expect(
			await inNotice( 'Only the site’s managers can manage advisors.' )
		).toBeInTheDocument();
		expect( api.syncAdvisors ).not.toHaveBeenCalled();
	} );
} );
