import '@testing-library/jest-dom';
import {
	act,
	configure,
	fireEvent,
	screen,
	waitFor,
	within,
} from '@testing-library/react';
import { DEMO_FLOW, type Flow } from '@handoff-chat/contracts';
import { BridgeError } from '../../api';
import { stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import { fieldDomId } from '../../utils/flow-issues';
import FlowEditor from '.';

const field = ( path: string ) =>
	document.getElementById( fieldDomId( path ) ) as HTMLInputElement;
/** A sequence's or a step's card, by its issue path. */
const card = ( path: string ) =>
	document.getElementById( fieldDomId( path ) ) as HTMLElement;
const issuesId = ( path: string ) => `${ fieldDomId( path ) }-issues`;

/** The messages shown under a field, once the delayed check has run. */
const issuesOf = ( path: string ) =>
	waitFor( () => {
		const el = document.getElementById( issuesId( path ) );
		expect( el ).not.toBeNull();
		return el as HTMLElement;
	} );

/** The demo flow, opened in the editor and loaded. */
async function setup( over: Parameters< typeof stubApi >[ 0 ] = {} ) {
	const api = stubApi( {
		getFlow: jest.fn().mockResolvedValue( {
			flow: DEMO_FLOW,
			createdAt: '2025-01-01T10:00:00.000Z',
			updatedAt: '2025-01-01T10:00:00.000Z',
		} ),
		putFlow: jest
			.fn()
			.mockImplementation( ( flow: Flow ) =>
				Promise.resolve( { flow, createdAt: 'x', updatedAt: 'y' } )
			),
		...over,
	} );
	const onBack = jest.fn();
	renderWithServices( <FlowEditor flowId="demo" onBack={ onBack } />, {
		api,
	} );
	await screen.findByDisplayValue( 'Démo / Demo' );
	return { api, onBack };
}

const saveButton = () => screen.getByRole( 'button', { name: 'Save' } );
// Disabled buttons stay focusable (accessibleWhenDisabled): aria-disabled, not disabled.
const isOff = ( el: HTMLElement ) =>
	el.getAttribute( 'aria-disabled' ) === 'true' ||
	( el as HTMLButtonElement ).disabled;

// The whole demo flow's forms render in jsdom: slower than the other component tests,
// and a save re-renders them all before its notice shows (over 1 s on a busy machine).
jest.setTimeout( 30_000 );
configure( { asyncUtilTimeout: 5_000 } );

describe( 'FlowEditor', () => {
	it( 'shows problems beside their field and in a summary, and saves once they are fixed', async () => {
		const { api } = await setup();
		expect( isOff( saveButton() ) ).toBe( true );

		const hello = field( 'sequences.0.steps.0.text' );
		expect( hello ).toHaveValue( 'Bonjour ! 👋 / Hello! 👋' );
		fireEvent.change( hello, { target: { value: '   ' } } );
		expect( screen.getByText( 'Unsaved changes' ) ).toBeInTheDocument();

		// In place, once the delayed check ran.
		const issues = await issuesOf( 'sequences.0.steps.0.text' );
		expect( issues ).toHaveTextContent( 'This cannot be empty.' );
		expect( hello ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( hello.getAttribute( 'aria-describedby' ) ).toContain(
			issues.id
		);
		expect( isOff( saveButton() ) ).toBe( true );

		// The summary links to the field.
		const summary = document.querySelector(
			'.handoff-chat-issues-summary'
		) as HTMLElement;
		expect( summary ).toHaveTextContent(
			'1 problem to fix before saving:'
		);
		fireEvent.click(
			within( summary ).getByRole( 'button', {
				name: 'Sequence “Accueil / Welcome”, step 1 (Text)',
			} )
		);
		expect( hello ).toHaveFocus();

		fireEvent.change( hello, { target: { value: 'Salut !' } } );
		await waitFor( () => expect( isOff( saveButton() ) ).toBe( false ) );
		expect(
			document.querySelector( '.handoff-chat-issues-summary' )
		).toBeNull();
		fireEvent.click( saveButton() );
		await screen.findByText( 'Flow saved. New conversations use it now.' );
		expect( api.putFlow ).toHaveBeenCalledTimes( 1 );
		expect(
			api.putFlow.mock.calls[ 0 ][ 0 ].sequences[ 0 ].steps[ 0 ]
		).toEqual( {
			id: 'hello',
			type: 'text',
			text: 'Salut !',
		} );
		expect( screen.getByText( 'All changes saved' ) ).toBeInTheDocument();
		expect( isOff( saveButton() ) ).toBe( true );
	} );

	it( "shows the bridge's issues (400 error.details) the same way", async () => {
		const { api } = await setup( {
			putFlow: jest.fn().mockRejectedValue(
				new BridgeError(
					400,
					'bad_request',
					'The flow has 1 problem: sequences.1.name: must not be empty',
					[
						{
							path: 'sequences.1.name',
							message: 'must not be empty',
						},
					]
				)
			),
		} );
		fireEvent.change( field( 'name' ), { target: { value: 'Demo flow' } } );
		await waitFor( () => expect( isOff( saveButton() ) ).toBe( false ) );
		fireEvent.click( saveButton() );
		await screen.findByText(
			/The flow was not saved: The flow has 1 problem/
		);
		expect( api.putFlow ).toHaveBeenCalled();
		expect(
			document.getElementById( issuesId( 'sequences.1.name' ) )
		).toHaveTextContent( 'This cannot be empty.' );
		expect(
			document.querySelector( '.handoff-chat-issues-summary' )
		).toHaveTextContent( '1 problem to fix before saving:' );
	} );

	it( 'warns before leaving with unsaved changes', async () => {
		const { onBack } = await setup();
		const clean = new Event( 'beforeunload', { cancelable: true } );
		window.dispatchEvent( clean );
		expect( clean.defaultPrevented ).toBe( false );

		fireEvent.change( field( 'name' ), { target: { value: 'Changed' } } );
		const dirty = new Event( 'beforeunload', { cancelable: true } );
		window.dispatchEvent( dirty );
		expect( dirty.defaultPrevented ).toBe( true );

		fireEvent.click( screen.getByRole( 'button', { name: 'All flows' } ) );
		expect( onBack ).not.toHaveBeenCalled();
		fireEvent.click(
			await screen.findByRole( 'button', { name: 'Leave' } )
		);
		expect( onBack ).toHaveBeenCalled();
	} );

	it( 'adds a step from the type menu, moves and deletes it', async () => {
		await setup();
		const menu = card( 'sequences.1' );
		fireEvent.click(
			within( menu ).getByRole( 'button', { name: 'Add a step' } )
		);
		fireEvent.click(
			await screen.findByRole( 'menuitem', { name: /^Question/ } )
		);

		const step = card( 'sequences.1.steps.1' );
		expect(
			within( step ).getByRole( 'heading', { name: '2 Question' } )
		).toBeInTheDocument();
		// Empty texts are problems until filled in.
		await waitFor( () =>
			expect(
				within( step ).getByText( '2 problems' )
			).toBeInTheDocument()
		);

		// The variable name is kept in the schema's form.
		fireEvent.change( field( 'sequences.1.steps.1.variable' ), {
			target: { value: 'téléphone' },
		} );
		expect( field( 'sequences.1.steps.1.variable' ) ).toHaveValue(
			'TELEPHONE'
		);

		fireEvent.click(
			within( step ).getByRole( 'button', { name: 'Move step up' } )
		);
		const moved = card( 'sequences.1.steps.0' );
		expect(
			within( moved ).getByRole( 'heading', { name: '1 Question' } )
		).toBeInTheDocument();

		fireEvent.click(
			within( moved ).getByRole( 'button', { name: 'Step actions' } )
		);
		fireEvent.click(
			await screen.findByRole( 'menuitem', { name: 'Delete step' } )
		);
		expect(
			document.getElementById( fieldDomId( 'sequences.1.steps.1' ) )
		).toBeNull();
		expect(
			within( card( 'sequences.1.steps.0' ) ).getByRole( 'heading', {
				name: '1 Buttons',
			} )
		).toBeInTheDocument();
	} );

	it( 'inserts a variable at the cursor with the {…} picker', async () => {
		await setup();
		const thanks = field( 'sequences.0.steps.3.text' );
		fireEvent.change( thanks, { target: { value: 'Merci  !' } } );
		thanks.setSelectionRange( 6, 6 );

		const thanksCard = card( 'sequences.0.steps.3' );
		fireEvent.click(
			within( thanksCard ).getByRole( 'button', {
				name: 'Insert a variable in "Message"',
			} )
		);
		const picker = await screen.findByRole( 'menuitem', {
			name: '{{SOCIETE}}',
		} );
		// The flow's own variables are offered.
		expect(
			screen.getByRole( 'menuitem', { name: '{{PRENOM}}' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'menuitem', { name: '{{EMAIL}}' } )
		).toBeInTheDocument();
		fireEvent.click( picker );
		expect( thanks ).toHaveValue( 'Merci {{SOCIETE}} !' );
		await waitFor( () => expect( thanks ).toHaveFocus() );
		expect( thanks.selectionStart ).toBe( 17 );

		// Any other name can be typed.
		fireEvent.click(
			within( thanksCard ).getByRole( 'button', {
				name: 'Insert a variable in "Message"',
			} )
		);
		fireEvent.change( await screen.findByLabelText( 'Other variable' ), {
			target: { value: 'ville' },
		} );
		await act( async () => {
			fireEvent.click( screen.getByRole( 'button', { name: 'Insert' } ) );
		} );
		expect( thanks ).toHaveValue( 'Merci {{SOCIETE}}{{VILLE}} !' );
	} );

	it( 'deletes a sequence after listing what leads to it', async () => {
		await setup();
		const human = card( 'sequences.4' );
		fireEvent.click(
			within( human ).getByRole( 'button', { name: 'Sequence actions' } )
		);
		fireEvent.click(
			await screen.findByRole( 'menuitem', { name: 'Delete sequence' } )
		);
		const dialog = await screen.findByRole( 'dialog' );
		expect(
			within( dialog ).getByText( 'Sequence “Menu”, step 1 (Buttons)' )
		).toBeInTheDocument();
		fireEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Delete' } )
		);
		expect(
			document.getElementById( fieldDomId( 'sequences.4' ) )
		).toBeNull();
		const issues = await issuesOf(
			'sequences.1.steps.0.buttons.2.action.sequence'
		);
		expect( issues ).toHaveTextContent(
			'There is no sequence "human": choose another one.'
		);
		expect( isOff( saveButton() ) ).toBe( true );
	} );

	it( "changes a sequence's id and the steps that lead there follow", async () => {
		const { api } = await setup();
		const menu = card( 'sequences.1' );
		fireEvent.click(
			within( menu ).getByRole( 'button', { name: 'Change' } )
		);
		fireEvent.change( within( menu ).getByLabelText( 'Sequence ID' ), {
			target: { value: 'welcome' },
		} );
		expect(
			isOff( within( menu ).getByRole( 'button', { name: 'Apply' } ) )
		).toBe( true );
		fireEvent.change( within( menu ).getByLabelText( 'Sequence ID' ), {
			target: { value: 'main-menu' },
		} );
		fireEvent.click(
			within( menu ).getByRole( 'button', { name: 'Apply' } )
		);
		expect( field( 'sequences.0.steps.4.sequence' ) ).toHaveValue(
			'main-menu'
		);
		await waitFor( () => expect( isOff( saveButton() ) ).toBe( false ) );
		fireEvent.click( saveButton() );
		await waitFor( () => expect( api.putFlow ).toHaveBeenCalled() );
		const sent: Flow = api.putFlow.mock.calls[ 0 ][ 0 ];
		expect( sent.sequences[ 4 ].steps[ 1 ] ).toMatchObject( {
			backToBot: { sequence: 'main-menu' },
		} );
	} );
} );
