import '@testing-library/jest-dom';
import {
	act,
	fireEvent,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import type { VisitorDetailsResponse } from '@handoff-chat/contracts';
import { BridgeError } from '../../api';
import { conversation, stubApi } from '../../test-utils/fixtures';
import { fakeRealtime, renderWithServices } from '../../test-utils/render';
import VisitorPanel from '../visitor-panel';

const details = (
	variables: VisitorDetailsResponse[ 'variables' ],
	over: Partial< VisitorDetailsResponse > = {}
): VisitorDetailsResponse => ( {
	visitor: {
		id: 'v_c_1',
		firstSeenAt: '2025-01-01T09:00:00.000Z',
		lastSeenAt: '2025-01-02T09:00:00.000Z',
		sessions: 3,
		userAgent:
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
		online: true,
	},
	variables,
	variablesHidden: false,
	...over,
} );

const LEA = {
	name: 'PRENOM',
	value: 'Léa',
	updatedAt: '2025-01-01T10:00:00.000Z',
};

const renderPanel = (
	api: ReturnType< typeof stubApi >,
	realtime = fakeRealtime()
) =>
	renderWithServices(
		<VisitorPanel
			id="panel"
			conversation={ conversation( 'c_1' ) }
			online
		/>,
		{ api, realtime }
	);

describe( 'VisitorVariables (in the visitor panel)', () => {
	it( "lists the visitor's variables and reads them again when the conversation is updated", async () => {
		const api = stubApi( {
			getVisitor: jest
				.fn()
				.mockResolvedValueOnce( details( [ LEA ] ) )
				.mockResolvedValue(
					details( [
						LEA,
						{
							name: 'SOCIETE',
							value: '<b>Acme</b>',
							updatedAt: '2025-01-01T10:01:00.000Z',
						},
					] )
				),
		} );
		const realtime = fakeRealtime();
		renderPanel( api, realtime );
		const section = screen.getByRole( 'region', {
			name: 'Visitor variables',
		} );
		expect(
			await within( section ).findByText( 'Léa' )
		).toBeInTheDocument();
		expect( api.getVisitor ).toHaveBeenCalledWith( 'c_1' );
		// The panel: browser parsed from the user agent, sessions, presence.
		expect( screen.getByText( 'Safari on iOS' ) ).toBeInTheDocument();
		expect( screen.getByText( '3' ) ).toBeInTheDocument();
		expect( screen.getByText( 'Online now' ) ).toBeInTheDocument();
		expect( screen.getByRole( 'link', { name: /Shop/ } ) ).toHaveAttribute(
			'href',
			'https://example.test/shop/'
		);

		const calls = api.getVisitor.mock.calls.length;
		const updated = conversation( 'c_1', {
			updatedAt: '2025-01-01T10:01:00.000Z',
		} );
		act( () => {
			// Both channels announce the same update: one more read.
			realtime.emit(
				'private-conversation-site_test-c_1',
				'conversation-updated',
				{ conversation: updated }
			);
			realtime.emit( 'private-inbox-site_test', 'conversation-updated', {
				conversation: updated,
			} );
			// Another conversation's update is not ours.
			realtime.emit( 'private-inbox-site_test', 'conversation-updated', {
				conversation: conversation( 'c_2', {
					updatedAt: '2025-01-01T10:02:00.000Z',
				} ),
			} );
		} );
		// Hostile values stay text.
		expect(
			await within( section ).findByText( '<b>Acme</b>' )
		).toBeInTheDocument();
		expect( section.querySelector( 'b' ) ).toBeNull();
		await waitFor( () =>
			expect( api.getVisitor ).toHaveBeenCalledTimes( calls + 1 )
		);
	} );

	it( 'says when nothing was captured', async () => {
		renderPanel( stubApi() );
		expect(
			await screen.findByText( 'Nothing captured yet.' )
		).toBeInTheDocument();
	} );

	it( 'adds a variable with a validated UPPER_CASE name, edits and deletes one', async () => {
		const putVariables = jest
			.fn()
			.mockResolvedValueOnce( [
				LEA,
				{ name: 'EMAIL', value: 'lea@example.com', updatedAt: 'x' },
			] )
			.mockResolvedValueOnce( [ { ...LEA, value: 'Léa M.' } ] )
			.mockResolvedValueOnce( [] );
		const api = stubApi( {
			getVisitor: jest.fn().mockResolvedValue( details( [ LEA ] ) ),
			putVariables,
		} );
		renderPanel( api );
		const section = await screen.findByRole( 'region', {
			name: 'Visitor variables',
		} );
		await within( section ).findByText( 'Léa' );

		const name = within( section ).getByRole( 'textbox', { name: 'Name' } );
		const value = within( section ).getByRole( 'textbox', {
			name: 'Value',
		} );
		const add = within( section ).getByRole( 'button', { name: 'Add' } );
		fireEvent.change( name, { target: { value: '9lives' } } );
		fireEvent.change( value, { target: { value: 'x' } } );
		expect(
			within( section ).getByText( /Use UPPER_CASE letters/ )
		).toBeInTheDocument();
		expect( add ).toBeDisabled();
		// Typed in lower case with a space: normalised.
		fireEvent.change( name, { target: { value: 'e mail' } } );
		expect( add ).toBeEnabled();
		fireEvent.change( name, { target: { value: 'email' } } );
		fireEvent.change( value, { target: { value: 'lea@example.com' } } );
		fireEvent.click( add );
		await within( section ).findByText( 'lea@example.com' );
		expect( putVariables ).toHaveBeenLastCalledWith( 'c_1', {
			EMAIL: 'lea@example.com',
		} );

		fireEvent.click(
			within( section ).getByRole( 'button', { name: 'Edit PRENOM' } )
		);
		const edit = within( section ).getByRole( 'textbox', {
			name: 'Value of PRENOM',
		} );
		fireEvent.change( edit, { target: { value: 'Léa M.' } } );
		fireEvent.click(
			within( section ).getByRole( 'button', { name: 'Save' } )
		);
		await within( section ).findByText( 'Léa M.' );
		expect( putVariables ).toHaveBeenLastCalledWith( 'c_1', {
			PRENOM: 'Léa M.',
		} );

		fireEvent.click(
			within( section ).getByRole( 'button', { name: 'Delete PRENOM' } )
		);
		fireEvent.click(
			within( screen.getByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Delete',
			} )
		);
		await within( section ).findByText( 'Nothing captured yet.' );
		expect( putVariables ).toHaveBeenLastCalledWith( 'c_1', {
			PRENOM: null,
		} );
	} );

	it( 'shows the bridge’s refusal inline, and the licence note when variables are hidden', async () => {
		const api = stubApi( {
			getVisitor: jest.fn().mockResolvedValue( details( [ LEA ] ) ),
			putVariables: jest
				.fn()
				.mockRejectedValue(
					new BridgeError(
						400,
						'bad_request',
						'values are limited to 500 characters'
					)
				),
		} );
		renderPanel( api );
		const section = await screen.findByRole( 'region', {
			name: 'Visitor variables',
		} );
		fireEvent.change(
			within( section ).getByRole( 'textbox', { name: 'Name' } ),
			{
				target: { value: 'NOTE' },
			}
		);
		fireEvent.change(
			within( section ).getByRole( 'textbox', { name: 'Value' } ),
			{
				target: { value: 'long' },
			}
		);
		fireEvent.click(
			within( section ).getByRole( 'button', { name: 'Add' } )
		);
		expect(
			await within( section ).findByRole( 'alert' )
		).toHaveTextContent( 'values are limited to 500 characters' );
	} );

	it( 'hides the variables without a licence', async () => {
		renderPanel(
			stubApi( {
				getVisitor: jest
					.fn()
					.mockResolvedValue(
						details( [], { variablesHidden: true } )
					),
			} )
		);
		expect(
			await screen.findByText(
				'A licence is needed to see names and notes.'
			)
		).toBeInTheDocument();
		expect( screen.queryByRole( 'textbox', { name: 'Name' } ) ).toBeNull();
	} );
} );

describe( 'a known customer’s variables', () => {
	it( 'shows what WordPress vouched for as verified, with no way to edit or delete it', async () => {
		const api = stubApi( {
			getVisitor: jest.fn().mockResolvedValue(
				details( [
					LEA,
					{
						name: 'WP_EMAIL',
						value: 'camille@example.com',
						updatedAt: '2025-01-01T10:00:00.000Z',
					},
				] )
			),
		} );
		renderPanel( api );
		const email = ( await screen.findByText( 'WP_EMAIL' ) ).parentElement!;
		expect(
			within( email ).getByText( 'camille@example.com' )
		).toBeInTheDocument();
		expect(
			within( email ).getByText( 'Verified by WordPress' )
		).toBeInTheDocument();
		expect( within( email ).queryByRole( 'button' ) ).toBeNull();
		// The bot's own variables stay editable.
		expect(
			screen.getByRole( 'button', { name: 'Edit PRENOM' } )
		).toBeInTheDocument();
	} );
} );
