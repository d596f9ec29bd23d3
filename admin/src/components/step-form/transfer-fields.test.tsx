import '@testing-library/jest-dom';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from '@wordpress/element';
import type { ReactElement } from 'react';
import {
	DEMO_FLOW,
	validateFlow,
	type Flow,
	type FlowStep,
} from '@handoff-chat/contracts';
import type { AdvisorListItem } from '../../api';
import { FlowIssuesContext } from '../../data/flow-editor-context';
import { indexIssues } from '../../utils/flow-issues';
import { advisorRecord, stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import TransferFields from './transfer-fields';
import type { StepOf } from './types';

type Transfer = StepOf< 'transfer' >;

const ADVISORS: AdvisorListItem[] = [
	advisorRecord( '7', 'Camille' ),
	advisorRecord( '12', 'Dominique' ),
	advisorRecord( '15', 'Sacha', { licensed: false } ),
];

function transfer( over: Partial< Transfer > = {} ): Transfer {
	return {
		id: 'human',
		type: 'transfer',
		assign: 'advisor',
		advisorId: null,
		waitingText: '',
		fallback: {
			text: '',
			askEmail: false,
			emailVariable: 'EMAIL',
			thanksText: '',
		},
		backToBot: { label: '', sequence: null },
		...over,
	};
}

/** The form as the editor holds it: each change becomes the next step shown. */
function setup(
	step: Transfer,
	{
		listAdvisors = jest.fn().mockResolvedValue( ADVISORS ),
		path = 'sequences.0.steps.0',
		wrap = ( form ) => form,
	}: {
		listAdvisors?: jest.Mock;
		path?: string;
		/** Around the form, e.g. the editor's issues. */
		wrap?: ( form: ReactElement ) => ReactElement;
	} = {}
) {
	const changes: FlowStep[] = [];
	function Harness() {
		const [ current, setCurrent ] = useState< Transfer >( step );
		return (
			<TransferFields
				step={ current }
				path={ path }
				onChange={ ( next ) => {
					changes.push( next );
					setCurrent( next as Transfer );
				} }
			/>
		);
	}
	const api = stubApi( { listAdvisors } );
	renderWithServices( wrap( <Harness /> ), { api } );
	return { api, changes };
}

const picker = () =>
	screen.getByRole( 'combobox', { name: 'Advisor' } ) as HTMLSelectElement;
const optionLabels = () =>
	Array.from( picker().options ).map( ( o ) => o.textContent );

describe( 'TransferFields: the advisor picker', () => {
	it( "lists the site's advisors by name and sets advisorId from the choice", async () => {
		const { api, changes } = setup( transfer() );
		await screen.findByRole( 'option', { name: 'Camille' } );
		expect( api.listAdvisors ).toHaveBeenCalledTimes( 1 );
		expect( optionLabels() ).toEqual( [
			'— Choose an advisor —',
			'Camille',
			'Dominique',
			'Sacha — No licence',
		] );
		// Unlicensed advisors cannot be assigned, as in the inbox.
		expect(
			screen.getByRole( 'option', { name: 'Sacha — No licence' } )
		).toBeDisabled();
		// No user id to type any more.
		expect( screen.queryByRole( 'textbox', { name: /user id/i } ) ).toBe(
			null
		);

		fireEvent.change( picker(), { target: { value: '12' } } );
		expect( changes.at( -1 ) ).toMatchObject( {
			assign: 'advisor',
			advisorId: '12',
		} );
		expect( picker() ).toHaveValue( '12' );
		// Chosen: the placeholder goes.
		expect( optionLabels() ).not.toContain( '— Choose an advisor —' );
	} );

	it( 'keeps a saved id the bridge has not seen yet selectable', async () => {
		const { changes } = setup( transfer( { advisorId: '42' } ) );
		await screen.findByRole( 'option', { name: 'Camille' } );
		expect( picker() ).toHaveValue( '42' );
		expect( picker().selectedOptions[ 0 ] ).toHaveTextContent(
			'Advisor #42 (not seen yet)'
		);
		expect( changes ).toEqual( [] );

		fireEvent.change( picker(), { target: { value: '7' } } );
		expect( changes.at( -1 ) ).toMatchObject( { advisorId: '7' } );
		// Once left, the unknown id is not offered again.
		expect( optionLabels() ).toEqual( [
			'Camille',
			'Dominique',
			'Sacha — No licence',
		] );
	} );

	it( 'keeps a saved unlicensed advisor selected and says what happens', async () => {
		setup( transfer( { advisorId: '15' } ) );
		const sacha = await screen.findByRole( 'option', {
			name: 'Sacha — No licence',
		} );
		expect( sacha ).toBeEnabled();
		expect( picker() ).toHaveValue( '15' );
		expect( picker() ).toHaveAccessibleDescription(
			'Without a licence this advisor is not assigned: the first advisor to answer takes the conversation.'
		);
	} );

	it( 'explains an empty list: advisors appear once they open the inbox', async () => {
		setup( transfer(), {
			listAdvisors: jest.fn().mockResolvedValue( [] ),
		} );
		await waitFor( () =>
			expect( picker() ).toHaveAccessibleDescription(
				'No advisor yet: advisors appear here once they have opened the inbox.'
			)
		);
		expect( optionLabels() ).toEqual( [ '— Choose an advisor —' ] );
	} );

	it( 'says it is loading, and offers to retry after an error', async () => {
		let fail: ( e: Error ) => void = () => undefined;
		const listAdvisors = jest
			.fn()
			.mockReturnValueOnce(
				new Promise( ( _resolve, reject ) => ( fail = reject ) )
			)
			.mockResolvedValueOnce( ADVISORS );
		setup( transfer( { advisorId: '12' } ), { listAdvisors } );

		expect( picker() ).toHaveAccessibleDescription( 'Loading advisors…' );
		// The saved choice shows while the list loads.
		expect( picker() ).toHaveValue( '12' );
		expect(
			screen.queryByRole( 'button', { name: 'Retry' } )
		).not.toBeInTheDocument();

		await act( async () => fail( new Error( 'offline' ) ) );
		expect( picker() ).toHaveAccessibleDescription(
			'The advisors could not be loaded.'
		);
		expect( picker() ).toHaveValue( '12' );

		fireEvent.click( screen.getByRole( 'button', { name: 'Retry' } ) );
		expect( listAdvisors ).toHaveBeenCalledTimes( 2 );
		// The retry shows as loading, not as the old error.
		expect( picker() ).toHaveAccessibleDescription( 'Loading advisors…' );
		expect(
			await screen.findByRole( 'option', { name: 'Dominique' } )
		).toBeInTheDocument();
		expect( picker() ).toHaveValue( '12' );
		expect(
			screen.queryByRole( 'button', { name: 'Retry' } )
		).not.toBeInTheDocument();
	} );

	it( 'forgets the advisor when the assignment changes', async () => {
		const { changes } = setup( transfer( { advisorId: '7' } ) );
		await screen.findByRole( 'option', { name: 'Camille' } );
		fireEvent.change(
			screen.getByRole( 'combobox', { name: 'Assign to' } ),
			{
				target: { value: 'round_robin' },
			}
		);
		expect( changes.at( -1 ) ).toMatchObject( {
			assign: 'round_robin',
			advisorId: null,
		} );
		expect(
			screen.queryByRole( 'combobox', { name: 'Advisor' } )
		).not.toBeInTheDocument();
	} );

	it( "shows validateFlow's issue under the picker until an advisor is chosen", async () => {
		// The demo's "human" sequence, its transfer set to a specific advisor not chosen yet.
		const flow: Flow = JSON.parse( JSON.stringify( DEMO_FLOW ) );
		const path = 'sequences.4.steps.1';
		const demo = flow.sequences[ 4 ].steps[ 1 ];
		expect( demo.type ).toBe( 'transfer' );
		flow.sequences[ 4 ].steps[ 1 ] = {
			...( demo as Transfer ),
			assign: 'advisor',
			advisorId: null,
		};
		const { issues } = validateFlow( flow );
		expect( issues ).toContainEqual( {
			path: `${ path }.advisorId`,
			message: 'choose the advisor to assign',
		} );

		setup( transfer(), {
			path,
			wrap: ( form ) => (
				<FlowIssuesContext.Provider
					value={ indexIssues( flow, issues ) }
				>
					{ form }
				</FlowIssuesContext.Provider>
			),
		} );
		await screen.findByRole( 'option', { name: 'Camille' } );
		expect( picker() ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( picker() ).toHaveAccessibleDescription(
			/Choose the advisor to assign\./
		);
	} );
} );
