import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DEMO_FLOW, validateFlow, type Flow } from '@handoff-chat/contracts';
import { BridgeError } from '../../api';
import { stubApi } from '../../test-utils/fixtures';
import {
	FLOW_FILE_FORMAT,
	flowFileText,
	readFileText,
} from '../../utils/flow-file';
import { renderWithServices } from '../../test-utils/render';
import type { StarterFlowTexts } from '../../utils/starter-flow';
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

function setup( starter: StarterFlowTexts | null = null ) {
	// The bridge's flows: what putFlow saves, listFlows and getFlow answer.
	const saved = new Map< string, Flow >( [
		[ 'demo', DEMO_FLOW ],
		[ 'support', support ],
	] );
	const api = stubApi( {
		listFlows: jest
			.fn()
			.mockImplementation( () =>
				Promise.resolve(
					[ ...saved.values() ].map( ( f ) =>
						summary( f.id, f.name, f.mode )
					)
				)
			),
		getFlow: jest.fn().mockImplementation( ( id: string ) =>
			Promise.resolve( {
				flow: saved.get( id ),
				createdAt: 'x',
				updatedAt: 'y',
			} )
		),
		putFlow: jest.fn().mockImplementation( ( flow: Flow ) => {
			saved.set( flow.id, flow );
			return Promise.resolve( { flow, createdAt: 'x', updatedAt: 'y' } );
		} ),
		deleteFlow: jest
			.fn()
			.mockImplementation( ( id: string ) =>
				id === 'demo'
					? Promise.reject(
							new BridgeError(
								409,
								'conflict',
								'The "demo" flow is the default and cannot be deleted; edit it instead.'
							)
						)
					: Promise.resolve()
			),
	} );
	const onOpen = jest.fn();
	renderWithServices( <FlowList onOpen={ onOpen } starter={ starter } />, {
		api,
	} );
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

const pick = ( content: string, name = 'flow.handoff-flow.json' ) =>
	fireEvent.change( screen.getByTestId( 'handoff-chat-flow-import' ), {
		target: {
			files: [
				new File( [ content ], name, { type: 'application/json' } ),
			],
		},
	} );
// The notice, not its copy in the screen-reader live region.
const noticeText = ( text: string ) =>
	screen.findByText( text, { selector: '.components-notice__content' } );

describe( 'FlowList export and import', () => {
	afterEach( () => jest.restoreAllMocks() );

	it( 'exports a flow as the API returns it, in an envelope, to <name>.handoff-flow.json', async () => {
		const blobs: Blob[] = [];
		Object.assign( URL, {
			createObjectURL: jest.fn( ( b: Blob ) => {
				blobs.push( b );
				return 'blob:flow';
			} ),
			revokeObjectURL: jest.fn(),
		} );
		const links: HTMLAnchorElement[] = [];
		jest.spyOn( HTMLAnchorElement.prototype, 'click' ).mockImplementation(
			function ( this: HTMLAnchorElement ) {
				links.push( this );
			}
		);
		setup();
		await screen.findByText( '5 sequences' );
		fireEvent.click(
			within( row( DEMO_FLOW.name ) ).getByRole( 'button', {
				name: 'Export',
			} )
		);
		expect( links ).toHaveLength( 1 );
		expect( links[ 0 ].download ).toBe( 'demo-demo.handoff-flow.json' );
		expect( links[ 0 ].href ).toBe( 'blob:flow' );
		const file = JSON.parse( await readFileText( blobs[ 0 ] ) );
		expect( file ).toEqual( {
			format: 'handoff-chat-flow',
			version: 1,
			exportedAt: expect.any( String ),
			flow: DEMO_FLOW,
		} );
		await waitFor( () =>
			expect( URL.revokeObjectURL ).toHaveBeenCalledWith( 'blob:flow' )
		);
	} );

	it( 'says so when a colleague took the id meanwhile, and replaces nothing', async () => {
		const { api } = setup();
		await screen.findByText( '5 sequences' );
		// The bridge refuses the create-only write: the id was taken after the list was read.
		api.putFlow.mockRejectedValueOnce(
			new BridgeError(
				409,
				'conflict',
				'A flow with the id "support-2" already exists: choose another id.'
			)
		);
		const reads = api.listFlows.mock.calls.length;
		pick( flowFileText( support ) );
		await noticeText(
			'Another flow now has the ID support-2 (created meanwhile, perhaps by a colleague). Choose another ID.'
		);
		expect( api.putFlow ).toHaveBeenCalledWith(
			expect.objectContaining( { id: 'support-2' } ),
			{ create: true }
		);
		// The list is read again, so the next try picks a free id.
		await waitFor( () =>
			expect( api.listFlows.mock.calls.length ).toBeGreaterThan( reads )
		);
	} );

	it( 'imports a good file as a new flow with a free id and name', async () => {
		const { api } = setup();
		await screen.findByText( '5 sequences' );
		const picker = jest
			.spyOn( HTMLInputElement.prototype, 'click' )
			.mockImplementation( () => undefined );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Import a flow' } )
		);
		expect( picker.mock.contexts[ 0 ] ).toBe(
			screen.getByTestId( 'handoff-chat-flow-import' )
		);
		expect(
			screen.getByTestId( 'handoff-chat-flow-import' )
		).toHaveAttribute( 'accept', '.json,application/json' );
		pick( flowFileText( support ) );
		await noticeText(
			'Flow “Support (imported)” imported with the ID support-2.'
		);
		expect( api.putFlow ).toHaveBeenCalledTimes( 1 );
		// Created only if the id is still free: never replaces a colleague's flow.
		expect( api.putFlow ).toHaveBeenCalledWith(
			{
				...support,
				id: 'support-2',
				name: 'Support (imported)',
			},
			{ create: true }
		);
		// The existing flow is untouched and the new one is listed.
		expect(
			await screen.findByRole( 'button', { name: 'Support (imported)' } )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Support' } )
		).toBeInTheDocument();
	} );

	it.each( [
		[
			'not JSON',
			'{"format": ',
			'This file is not a flow export: it does not contain JSON.',
		],
		[
			'a bare flow',
			JSON.stringify( support ),
			'This file is not a Handoff Chat flow export.',
		],
		[
			'another version',
			JSON.stringify( {
				format: FLOW_FILE_FORMAT,
				version: 9,
				flow: support,
			} ),
			'This flow export has format version 9; this version of Handoff Chat reads version 1. Update the plugin, or export the flow again.',
		],
		[
			'an invalid flow',
			flowFileText( { ...support, startSequence: 'nowhere' } ),
			'This flow has problems and was not imported:',
		],
	] )( 'refuses %s and saves nothing', async ( _, content, message ) => {
		const { api } = setup();
		await screen.findByText( '5 sequences' );
		pick( content );
		await noticeText( message );
		expect( api.putFlow ).not.toHaveBeenCalled();
	} );

	it( 'lists the problems of an invalid flow', async () => {
		const { api } = setup();
		await screen.findByText( '5 sequences' );
		pick( flowFileText( { ...support, startSequence: 'nowhere' } ) );
		expect(
			await screen.findByText(
				'Flow settings — There is no sequence "nowhere": choose another one.'
			)
		).toBeInTheDocument();
		expect( api.putFlow ).not.toHaveBeenCalled();
	} );

	it( 'refuses a file over 1 MB without reading it', async () => {
		const { api } = setup();
		await screen.findByText( '5 sequences' );
		const read = jest.spyOn( FileReader.prototype, 'readAsText' );
		pick( ' '.repeat( 1024 * 1024 + 1 ) + flowFileText( support ) );
		await noticeText(
			'This file is too large to be a flow (more than 1 MB).'
		);
		expect( read ).not.toHaveBeenCalled();
		expect( api.putFlow ).not.toHaveBeenCalled();
	} );
} );

describe( 'the starter flow', () => {
	const texts = {
		name: 'Scénario de départ',
		welcomeName: 'Accueil',
		greeting: 'Bonjour ! Comment pouvons-nous vous aider ?',
		talkLabel: 'Parler à quelqu’un',
		questionLabel: 'Laisser une question',
		waiting: 'Un instant…',
		fallback: 'Personne n’est disponible.',
		thanks: 'Merci ! {{EMAIL}}',
		backToMenu: 'Retour au menu',
		askQuestion: 'Votre question ?',
		questionSaved: 'Merci.',
	};

	function setupEmpty() {
		const saved = new Map< string, Flow >();
		const api = stubApi( {
			listFlows: jest
				.fn()
				.mockImplementation( () =>
					Promise.resolve(
						[ ...saved.values() ].map( ( f ) =>
							summary( f.id, f.name )
						)
					)
				),
			getFlow: jest.fn().mockImplementation( ( id: string ) =>
				Promise.resolve( {
					flow: saved.get( id ),
					createdAt: 'x',
					updatedAt: 'y',
				} )
			),
			putFlow: jest.fn().mockImplementation( ( flow: Flow ) => {
				saved.set( flow.id, flow );
				return Promise.resolve( {
					flow,
					createdAt: 'x',
					updatedAt: 'y',
				} );
			} ),
		} );
		const onOpen = jest.fn();
		renderWithServices( <FlowList onOpen={ onOpen } starter={ texts } />, {
			api,
		} );
		return { api, onOpen };
	}

	it( 'saves the starter flow, in the texts given, as the default flow widgets run', async () => {
		const { api, onOpen } = setupEmpty();
		expect(
			await screen.findByText( /the chat widgets offer live chat/ )
		).toBeInTheDocument();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Start from a template' } )
		);
		await waitFor( () => expect( onOpen ).toHaveBeenCalledWith( 'demo' ) );
		const [ flow, opts ] = ( api.putFlow as jest.Mock ).mock.calls[ 0 ];
		expect( opts ).toEqual( { create: true } );
		expect( flow ).toMatchObject( {
			id: 'demo',
			name: 'Scénario de départ',
			sequences: [ { name: 'Accueil' }, {}, {} ],
		} );
		expect( validateFlow( flow ).issues ).toEqual( [] );
	} );

	it( 'is offered in “Add a flow” too, under the name and id typed', async () => {
		const { api } = setupEmpty();
		fireEvent.click(
			await screen.findByRole( 'button', { name: 'Add a flow' } )
		);
		const dialog = screen.getByRole( 'dialog' );
		fireEvent.change( within( dialog ).getByLabelText( 'Start from' ), {
			target: { value: '#starter' },
		} );
		expect( within( dialog ).getByLabelText( 'Name' ) ).toHaveValue(
			'Scénario de départ'
		);
		fireEvent.change( within( dialog ).getByLabelText( 'Name' ), {
			target: { value: 'Accueil boutique' },
		} );
		fireEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Create' } )
		);
		await waitFor( () => expect( api.putFlow ).toHaveBeenCalled() );
		expect(
			( api.putFlow as jest.Mock ).mock.calls[ 0 ][ 0 ]
		).toMatchObject( {
			id: 'accueil-boutique',
			name: 'Accueil boutique',
			startSequence: 'welcome',
		} );
	} );

	it( 'is not offered once the site has a default flow', async () => {
		setup( texts );
		await screen.findByText( 'Support' );
		expect(
			screen.queryByRole( 'button', { name: 'Start from a template' } )
		).not.toBeInTheDocument();
	} );
} );
