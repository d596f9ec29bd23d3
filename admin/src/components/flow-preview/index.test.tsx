import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { DEMO_FLOW } from '@handoff-chat/contracts';
import FlowPreview from '.';

function say( text: string ) {
	fireEvent.change( screen.getByLabelText( 'Visitor’s message' ), {
		target: { value: text },
	} );
	fireEvent.click( screen.getByRole( 'button', { name: 'Send' } ) );
}

describe( 'FlowPreview', () => {
	it( 'plays the demo flow with the shared engine: answers, buttons, note, transfer, variables', () => {
		const fetchSpy = jest.fn();
		const realFetch = global.fetch;
		global.fetch = fetchSpy;
		try {
			render( <FlowPreview flow={ DEMO_FLOW } valid /> );
			fireEvent.click( screen.getByRole( 'button', { name: 'Start' } ) );
			const log = screen.getByRole( 'log', { name: 'Messages' } );
			expect(
				within( log ).getByText(
					'Quel est votre prénom ? / What is your first name?'
				)
			).toBeInTheDocument();
			expect(
				screen.getByText( 'Expected: Any text, kept in {{PRENOM}}' )
			).toBeInTheDocument();

			say( 'Léa' );
			say( 'Acme' );
			expect(
				within( log ).getByText( 'Merci Léa ! / Thanks Léa!' )
			).toBeInTheDocument();

			const replies = screen.getByRole( 'group', {
				name: 'Quick replies',
			} );
			fireEvent.click(
				within( replies ).getByRole( 'button', {
					name: "Horaires d'ouverture / Opening hours",
				} )
			);
			expect(
				within( log ).getByText( /Nous sommes ouverts/ )
			).toBeInTheDocument();

			fireEvent.click(
				within(
					screen.getByRole( 'group', { name: 'Quick replies' } )
				).getByRole( 'button', {
					name: 'Parler à un humain / Talk to a human',
				} )
			);
			// As the advisor sees it: the automatic note, then the transfer line.
			const note = within( log ).getByText(
				'Léa de Acme demande un humain / Léa from Acme asks for a human'
			);
			expect( note.closest( 'li' ) ).toHaveClass( 'is-note' );
			expect(
				within( note.closest( 'li' ) as HTMLElement ).getByText(
					'Note'
				)
			).toBeInTheDocument();
			expect(
				within( log )
					.getByText( 'Transferred to an advisor' )
					.closest( 'li' )
			).toHaveClass( 'is-system' );
			expect( screen.getByText( 'Waiting' ) ).toBeInTheDocument();

			const vars = screen.getByText( 'Variables captured' )
				.nextElementSibling as HTMLElement;
			expect(
				within( vars ).getByText( 'PRENOM' ).nextElementSibling
			).toHaveTextContent( 'Léa' );
			expect(
				within( vars ).getByText( 'SOCIETE' ).nextElementSibling
			).toHaveTextContent( 'Acme' );

			fireEvent.click(
				screen.getByRole( 'button', {
					name: 'Retour au chatbot / Back to chatbot',
				} )
			);
			expect(
				within( log ).getByText( 'Back to the chatbot' )
			).toBeInTheDocument();
			expect(
				screen.getByRole( 'group', { name: 'Quick replies' } )
			).toBeInTheDocument();
			expect( fetchSpy ).not.toHaveBeenCalled();
		} finally {
			global.fetch = realFetch;
		}
	} );

	it( 'shows each set of buttons once: the live set as quick replies, answered sets as chips', () => {
		render( <FlowPreview flow={ DEMO_FLOW } valid /> );
		fireEvent.change( screen.getByLabelText( 'Start at' ), {
			target: { value: 'menu' },
		} );
		fireEvent.click( screen.getByRole( 'button', { name: 'Start' } ) );
		const hours = "Horaires d'ouverture / Opening hours";
		const replies = () =>
			screen.getByRole( 'group', { name: 'Quick replies' } );
		const offered = () =>
			screen.queryAllByRole( 'list', { name: 'Quick replies offered' } );

		expect( screen.getAllByText( hours ) ).toHaveLength( 1 );
		expect(
			within( replies() ).getByRole( 'button', { name: hours } )
		).toBeInTheDocument();
		expect( offered() ).toHaveLength( 0 );

		// Pressed: the answer, then the menu again. The answered set stays in the
		// transcript as chips, the new one is offered once, as buttons.
		fireEvent.click(
			within( replies() ).getByRole( 'button', { name: hours } )
		);
		const log = screen.getByRole( 'log', { name: 'Messages' } );
		expect(
			within( log ).getByText( /Nous sommes ouverts/ )
		).toBeInTheDocument();
		expect( offered() ).toHaveLength( 1 );
		expect(
			within( offered()[ 0 ] ).getByText( hours )
		).toBeInTheDocument();
		expect( within( replies() ).getAllByRole( 'button' ) ).toHaveLength(
			3
		);
		// The chips of the answered set, the visitor's press, the live button.
		expect( screen.getAllByText( hours ) ).toHaveLength( 3 );
	} );

	it( 'simulates nobody online: the fallback asks for an email', () => {
		render( <FlowPreview flow={ DEMO_FLOW } valid /> );
		fireEvent.click(
			screen.getByRole( 'checkbox', { name: 'An advisor is online' } )
		);
		fireEvent.change( screen.getByLabelText( 'Start at' ), {
			target: { value: 'human' },
		} );
		fireEvent.click( screen.getByRole( 'button', { name: 'Start' } ) );
		expect(
			screen.getByText( /Aucun conseiller n'est disponible/ )
		).toBeInTheDocument();
		expect(
			screen.getByText( 'Expected: Email address, kept in {{EMAIL}}' )
		).toBeInTheDocument();
		say( 'lea@acme.fr' );
		expect(
			screen.getByText( /nous vous répondrons à lea@acme.fr/ )
		).toBeInTheDocument();
	} );
} );
