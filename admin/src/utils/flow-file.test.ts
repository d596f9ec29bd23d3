import { DEMO_FLOW, type Flow } from '@handoff-chat/contracts';
import {
	FLOW_FILE_FORMAT,
	MAX_FLOW_FILE_BYTES,
	downloadTextFile,
	flowFileName,
	flowFileSizeProblem,
	flowFileText,
	importedName,
	readFlowFile,
} from './flow-file';

const demo = (): Flow => JSON.parse( JSON.stringify( DEMO_FLOW ) );
const envelope = ( flow: unknown, over: object = {} ) =>
	JSON.stringify( {
		format: FLOW_FILE_FORMAT,
		version: 1,
		exportedAt: '2026-01-01T00:00:00.000Z',
		flow,
		...over,
	} );

describe( 'flow files', () => {
	it( 'exports the flow untouched in an envelope, named after the flow', () => {
		const at = new Date( '2026-02-03T04:05:06.000Z' );
		expect( JSON.parse( flowFileText( DEMO_FLOW, at ) ) ).toEqual( {
			format: 'handoff-chat-flow',
			version: 1,
			exportedAt: '2026-02-03T04:05:06.000Z',
			flow: DEMO_FLOW,
		} );
		expect( flowFileName( { id: 'x', name: 'Été : soldes' } ) ).toBe(
			'ete-soldes.handoff-flow.json'
		);
		expect( flowFileName( { id: 'x', name: '!!!' } ) ).toBe(
			'x.handoff-flow.json'
		);
	} );

	it( 'reads back what it exported, under a free id and name', () => {
		const text = flowFileText( DEMO_FLOW );
		// Another site: nothing is taken, the flow keeps its id and name.
		expect( readFlowFile( text, [] ) ).toEqual( { flow: DEMO_FLOW } );

		const { flow } = readFlowFile( text, [
			{ id: 'demo', name: DEMO_FLOW.name },
			{ id: 'demo-2', name: `${ DEMO_FLOW.name } (imported)` },
		] );
		expect( flow ).toEqual( {
			...DEMO_FLOW,
			id: 'demo-3',
			name: `${ DEMO_FLOW.name } (imported 2)`,
		} );
	} );

	it( 'names an import so that it collides with no flow', () => {
		expect(
			importedName( 'Sales', [ { id: 'a', name: 'Support' } ] )
		).toBe( 'Sales' );
		expect( importedName( 'Sales', [ { id: 'a', name: 'Sales' } ] ) ).toBe(
			'Sales (imported)'
		);
	} );

	it( 'refuses files too large, not JSON, of another format or version', () => {
		expect( flowFileSizeProblem( MAX_FLOW_FILE_BYTES ) ).toBeNull();
		expect( flowFileSizeProblem( MAX_FLOW_FILE_BYTES + 1 ) ).toBe(
			'This file is too large to be a flow (more than 1 MB).'
		);
		expect( readFlowFile( '{ nope', [] ) ).toEqual( {
			error: 'This file is not a flow export: it does not contain JSON.',
		} );
		expect( readFlowFile( JSON.stringify( demo() ), [] ) ).toEqual( {
			error: 'This file is not a Handoff Chat flow export.',
		} );
		expect( readFlowFile( '[1]', [] ).error ).toBe(
			'This file is not a Handoff Chat flow export.'
		);
		expect(
			readFlowFile( envelope( demo(), { version: 2 } ), [] ).error
		).toBe(
			'This flow export has format version 2; this version of Handoff Chat reads version 1. Update the plugin, or export the flow again.'
		);
		expect( readFlowFile( envelope( 'demo' ), [] ).error ).toBe(
			'This flow export contains no flow.'
		);
	} );

	it( 'lists the first problems of an invalid flow, readably', () => {
		const f = demo();
		f.startSequence = 'nowhere';
		f.sequences.forEach( ( s ) => ( s.name = '' ) );
		( f.sequences[ 0 ].steps[ 0 ] as { text: string } ).text = '';
		( f.sequences[ 1 ] as { id: string } ).id = 'Bad Id';
		f.sequences[ 2 ].name = 'x'.repeat( 500 );
		f.sequences[ 3 ].steps = 'none' as never;
		const result = readFlowFile( envelope( f ), [] );
		expect( result.flow ).toBeUndefined();
		expect( result.error ).toBe(
			'This flow has problems and was not imported:'
		);
		// Sequences without a name are shown by their id; a bad shape does not throw.
		expect( result.details ).toEqual( [
			'Sequence “welcome” — This cannot be empty.',
			'Sequence “welcome”, step 1 (Text) — This cannot be empty.',
			'Sequence “Bad Id” — Use lower-case letters, digits, - or _ (starting with a letter or digit).',
			expect.stringMatching( /^and \d+ more\.$/ ),
		] );

		// A semantic problem once the shape is right.
		const g = demo();
		g.startSequence = 'nowhere';
		expect( readFlowFile( envelope( g ), [] ).details ).toEqual( [
			'Flow settings — There is no sequence "nowhere": choose another one.',
		] );
	} );
} );

describe( 'downloadTextFile', () => {
	it( 'clicks a temporary download link to an object URL, then revokes it', () => {
		jest.useFakeTimers();
		const create = jest.fn().mockReturnValue( 'blob:x' );
		const revoke = jest.fn();
		Object.assign( URL, {
			createObjectURL: create,
			revokeObjectURL: revoke,
		} );
		const clicked: HTMLAnchorElement[] = [];
		const click = jest
			.spyOn( HTMLAnchorElement.prototype, 'click' )
			.mockImplementation( function ( this: HTMLAnchorElement ) {
				clicked.push( this );
			} );
		downloadTextFile( 'a.json', '{}' );
		expect( clicked ).toHaveLength( 1 );
		expect( clicked[ 0 ].download ).toBe( 'a.json' );
		expect( clicked[ 0 ].href ).toBe( 'blob:x' );
		expect( ( create.mock.calls[ 0 ][ 0 ] as Blob ).type ).toBe(
			'application/json'
		);
		expect( document.querySelector( 'a' ) ).toBeNull();
		jest.runAllTimers();
		expect( revoke ).toHaveBeenCalledWith( 'blob:x' );
		click.mockRestore();
		jest.useRealTimers();
	} );
} );
