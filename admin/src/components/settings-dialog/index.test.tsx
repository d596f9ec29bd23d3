import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DEFAULT_HOURS } from '@handoff-chat/contracts';
import { BridgeError } from '../../api';
import { SettingsForm, sampleValues } from '.';

const INITIAL = {
	pseudonymTemplate: '{{PRENOM}} ({{SOCIETE}})',
	cannedResponses: [ { id: 'r1', shortcut: 'hello', text: 'Hello!' } ],
	ratingEnabled: true,
	retentionDays: 0,
	hours: DEFAULT_HOURS,
};

function setup( onSave = jest.fn().mockResolvedValue( undefined ) ) {
	const onClose = jest.fn();
	render(
		<SettingsForm
			initial={ INITIAL }
			onSave={ onSave }
			onClose={ onClose }
		/>
	);
	return { onSave, onClose };
}

describe( 'Inbox settings', () => {
	it( 'previews the pseudonym template live, as the bridge renders it', () => {
		setup();
		const field = screen.getByRole( 'textbox', { name: 'Name template' } );
		expect( screen.getByText( 'Léa (Acme)' ) ).toBeInTheDocument();
		fireEvent.change( field, { target: { value: '{{NOM}}, {{VILLE}}' } } );
		expect( screen.getByText( 'Martin, Ville' ) ).toBeInTheDocument();
		// Stray braces: explained, and nothing can be saved.
		fireEvent.change( field, { target: { value: '{PRENOM}' } } );
		expect(
			screen.getByText( /Use \{\{VARIABLE\}\} with an UPPER_CASE name/ )
		).toBeInTheDocument();
		expect( screen.getByRole( 'button', { name: 'Save' } ) ).toBeDisabled();
		expect( sampleValues( [ 'CODE_POSTAL' ] ) ).toEqual( {
			CODE_POSTAL: 'Code postal',
		} );
	} );

	it( 'inserts a variable from the {…} picker at the cursor', async () => {
		setup();
		const field = screen.getByRole( 'textbox', {
			name: 'Name template',
		} ) as HTMLInputElement;
		fireEvent.change( field, { target: { value: 'Client ' } } );
		field.setSelectionRange( 7, 7 );
		fireEvent.click(
			screen.getByRole( 'button', {
				name: 'Insert a variable in "Name template"',
			} )
		);
		fireEvent.click(
			await screen.findByRole( 'menuitem', { name: '{{EMAIL}}' } )
		);
		expect( field ).toHaveValue( 'Client {{EMAIL}}' );
		expect(
			screen.getByText( 'Client lea@example.com' )
		).toBeInTheDocument();
	} );

	it( 'adds, edits and deletes canned responses, checks shortcuts, and saves both', async () => {
		const { onSave, onClose } = setup();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Add a canned response' } )
		);
		const shortcuts = screen.getAllByRole( 'textbox', {
			name: 'Shortcut',
		} );
		const texts = screen.getAllByRole( 'textbox', { name: 'Response' } );
		fireEvent.change( shortcuts[ 1 ], { target: { value: 'hello' } } );
		fireEvent.change( texts[ 1 ], {
			target: { value: 'We ship to Europe.' },
		} );
		expect(
			screen.getAllByText( 'Another response has this shortcut.' )
		).toHaveLength( 2 );
		expect( screen.getByRole( 'button', { name: 'Save' } ) ).toBeDisabled();
		fireEvent.change( shortcuts[ 1 ], { target: { value: 'Ship' } } );
		expect( shortcuts[ 1 ] ).toHaveValue( 'ship' );
		fireEvent.change( texts[ 0 ], { target: { value: 'Hello there!' } } );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Delete /hello' } )
		);
		fireEvent.click( screen.getByRole( 'button', { name: 'Save' } ) );
		await waitFor( () => expect( onClose ).toHaveBeenCalled() );
		expect( onSave ).toHaveBeenCalledWith( {
			pseudonymTemplate: '{{PRENOM}} ({{SOCIETE}})',
			cannedResponses: [
				{
					id: expect.stringMatching( /^r-[A-Za-z0-9-]+$/ ),
					shortcut: 'ship',
					text: 'We ship to Europe.',
				},
			],
			ratingEnabled: true,
			retentionDays: 0,
			hours: DEFAULT_HOURS,
		} );
	} );

	it( 'turns the rating at close off and on', async () => {
		const { onSave, onClose } = setup();
		const box = screen.getByRole( 'checkbox', {
			name: 'Ask visitors to rate the conversation when it is closed',
		} );
		expect( box ).toBeChecked();
		fireEvent.click( box );
		fireEvent.click( screen.getByRole( 'button', { name: 'Save' } ) );
		await waitFor( () => expect( onClose ).toHaveBeenCalled() );
		expect( onSave ).toHaveBeenCalledWith(
			expect.objectContaining( { ratingEnabled: false } )
		);
	} );

	it( 'saves the retention in whole days, refusing anything else', async () => {
		const { onSave, onClose } = setup();
		const days = screen.getByRole( 'spinbutton', {
			name: 'Delete closed conversations after (days)',
		} );
		const save = screen.getByRole( 'button', { name: 'Save' } );
		for ( const bad of [ '-1', '2.5', '3651' ] ) {
			fireEvent.change( days, { target: { value: bad } } );
			expect(
				screen.getByText( 'A whole number of days, from 0 to 3650.' )
			).toBeInTheDocument();
			expect( save ).toBeDisabled();
		}
		fireEvent.change( days, { target: { value: '45' } } );
		fireEvent.click( save );
		await waitFor( () => expect( onClose ).toHaveBeenCalled() );
		expect( onSave ).toHaveBeenCalledWith(
			expect.objectContaining( { retentionDays: 45 } )
		);
	} );

	it( 'shows the bridge’s refusal and stays open', async () => {
		const { onClose } = setup(
			jest
				.fn()
				.mockRejectedValue(
					new BridgeError(
						403,
						'forbidden',
						'You are not allowed to do this.'
					)
				)
		);
		fireEvent.click( screen.getByRole( 'button', { name: 'Save' } ) );
		expect(
			await screen.findByText( 'You are not allowed to do this.', {
				selector: '.components-notice__content',
			} )
		).toBeInTheDocument();
		expect( onClose ).not.toHaveBeenCalled();
	} );
} );
