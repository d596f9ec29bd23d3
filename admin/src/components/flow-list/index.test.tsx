import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DEMO_FLOW, type Flow } from '@handoff-chat/contracts';
import { BridgeError } from '../../api';
import { stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import FlowList from '.';

const summary = (
	id: string,
	name: string,
	mode: 'bot' | 'live' = 'bot'
) => ( {
	id,
	name,
	mode,
	createdAt: '2025-01-01T10:00:00.000Z',
	updatedAt: '2025-01-01T10:00:00.000Z',
} );
const support: Flow = {
	id: 'support',
	name: 'Support',
	mode: 'live',
	startSequence: 'a',
	allowedLinkDomains: [],
	sequences: [ { id: 'a', name: 'A', steps: [] } ],
};

function setup() {
	const api = stubApi( {
		listFlows: jest
			.fn()
			.mockResolvedValue( [
				summary( 'demo', DEMO_FLOW.name ),
				summary( 'support', 'Support', 'live' ),
			] ),
		getFlow: jest.fn().mockImplementation( ( id: string ) =>
			Promise.resolve( {
				flow: id === 'demo' ? DEMO_FLOW : support,
				createdAt: 'x',
				updatedAt: 'y',
			} )
		),
		putFlow: jest
			.fn()
			.mockImplementation( ( flow: Flow ) =>
				Promise.resolve( { flow, createdAt: 'x', updatedAt: 'y' } )
			),
		deleteFlow: jest
			.fn()
			.mockImplementation( ( id: string ) =>
				id === 'demo'
					? Promise.reject(
							new BridgeError(
								'The "demo" flow is the default and cannot be deleted; edit it instead.',
								409,
								'conflict'
							)
						)
					: Promise.resolve()
			),
	} );
	const onOpen = jest.fn();
	renderWithServices( <FlowList onOpen={ onOpen } />, { api } );
	return { api, onOpen };
}

const row = ( name: string ) =>
	screen.getByRole( 'button', { name } ).closest( 'tr' ) as HTMLElement;

describe( 'FlowList', () => {
	it( 'lists flows with their id, mode and number of sequences', async () => {
		const { onOpen } = setup();
		await screen.findByText( '5 sequences' );
		expect(
			within( row( 'Support' ) ).getByText( '1 sequence' )
		).toBeInTheDocument();
		expect(
			within( row( 'Support' ) ).getByText( 'Live chat only' )
		).toBeInTheDocument();
		expect(
			within( row( DEMO_FLOW.name ) ).getByText( 'Chatbot then human' )
		).toBeInTheDocument();
		fireEvent.click(
			within( row( 'Support' ) ).getByRole( 'button', { name: 'Edit' } )
		);
		expect( onOpen ).toHaveBeenCalledWith( 'support' );
	} );

	it( "asks before deleting, and shows the bridge's refusal for the default flow", async () => {
		const { api } = setup();
		await screen.findByText( '5 sequences' );
		fireEvent.click(
			within( row( DEMO_FLOW.name ) ).getByRole( 'button', {
				name: 'Delete',
			} )
		);
		fireEvent.click(
			within( await screen.findByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Delete',
			} )
		);
		expect(
			await screen.findByText(
				'The "demo" flow is the default and cannot be deleted; edit it instead.'
			)
		).toBeInTheDocument();
		expect( api.deleteFlow ).toHaveBeenCalledWith( 'demo' );

		fireEvent.click(
			within( row( 'Support' ) ).getByRole( 'button', { name: 'Delete' } )
		);
		fireEvent.click(
			within( await screen.findByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Delete',
			} )
		);
		// The notice, not its copy in the screen-reader live region (filled after a delay).
		await screen.findByText( 'Flow deleted.', {
			selector: '.components-notice__content',
		} );
		expect(
			screen.queryByRole( 'button', { name: 'Support' } )
		).toBeNull();
	} );

	it( 'creates a blank flow with an id made from its name, or a copy', async () => {
		const { api, onOpen } = setup();
		await screen.findByText( '5 sequences' );
		fireEvent.click( screen.getByRole( 'button', { name: 'Add a flow' } ) );
		const dialog = await screen.findByRole( 'dialog', {
			name: 'New flow',
		} );
		fireEvent.change( within( dialog ).getByLabelText( 'Name' ), {
			target: { value: 'Été : soldes' },
		} );
		expect( within( dialog ).getByLabelText( 'ID' ) ).toHaveValue(
			'ete-soldes'
		);
		fireEvent.change( within( dialog ).getByLabelText( 'ID' ), {
			target: { value: 'support' },
		} );
		expect(
			within( dialog ).getByText( 'Another flow already has this ID.' )
		).toBeInTheDocument();
		fireEvent.change( within( dialog ).getByLabelText( 'ID' ), {
			target: { value: 'summer' },
		} );
		fireEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Create' } )
		);
		await waitFor( () =>
			expect( onOpen ).toHaveBeenCalledWith( 'summer' )
		);
		const created: Flow = api.putFlow.mock.calls[ 0 ][ 0 ];
		expect( created ).toMatchObject( {
			id: 'summer',
			name: 'Été : soldes',
			mode: 'bot',
			startSequence: 'welcome',
		} );

		fireEvent.click(
			within( row( DEMO_FLOW.name ) ).getByRole( 'button', {
				name: 'Duplicate',
			} )
		);
		const copy = await screen.findByRole( 'dialog', { name: 'New flow' } );
		expect( within( copy ).getByLabelText( 'Name' ) ).toHaveValue(
			`Copy of ${ DEMO_FLOW.name }`
		);
		expect( within( copy ).getByLabelText( 'ID' ) ).toHaveValue(
			'copy-of-demo-demo'
		);
		fireEvent.click(
			within( copy ).getByRole( 'button', { name: 'Create' } )
		);
		await waitFor( () => expect( api.putFlow ).toHaveBeenCalledTimes( 2 ) );
		expect( api.putFlow.mock.calls[ 1 ][ 0 ] ).toEqual( {
			...DEMO_FLOW,
			id: 'copy-of-demo-demo',
			name: `Copy of ${ DEMO_FLOW.name }`,
		} );
	} );
} );
