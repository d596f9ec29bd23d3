import { DEMO_FLOW, validateFlow, type Flow } from '@handoff-chat/contracts';
import { parseDomains } from '../components/flow-settings';
import { flowDraftReducer as reduce, type FlowDraftAction } from './flow-draft';
import { sequenceReferences } from './flow-references';

const demo = (): Flow => JSON.parse( JSON.stringify( DEMO_FLOW ) );
const apply = ( flow: Flow, ...actions: FlowDraftAction[] ) =>
	actions.reduce( reduce, flow );
const stepIds = ( f: Flow, seq: number ) =>
	f.sequences[ seq ].steps.map( ( s ) => s.id );

describe( 'flow draft reducer', () => {
	it( 'adds steps of every type with ids unique in their sequence', () => {
		let f = demo();
		f = apply(
			f,
			{ type: 'addStep', sequence: 1, stepType: 'text' },
			{ type: 'addStep', sequence: 1, stepType: 'text' },
			{ type: 'addStep', sequence: 1, stepType: 'set_variable' },
			{ type: 'addStep', sequence: 1, stepType: 'goto' }
		);
		expect( stepIds( f, 1 ) ).toEqual( [
			'choices',
			'text',
			'text-2',
			'set-variable',
			'goto',
		] );
		// New steps point at another sequence than their own (no instant loop).
		expect( f.sequences[ 1 ].steps[ 4 ] ).toEqual( {
			id: 'goto',
			type: 'goto',
			sequence: 'welcome',
		} );
		// The original is untouched (the reducer never mutates).
		expect( DEMO_FLOW.sequences[ 1 ].steps ).toHaveLength( 1 );
	} );

	it( 'moves, duplicates and deletes steps', () => {
		let f = apply( demo(), {
			type: 'moveStep',
			sequence: 0,
			index: 0,
			to: 2,
		} );
		expect( stepIds( f, 0 ) ).toEqual( [
			'ask-first-name',
			'ask-company',
			'hello',
			'thanks',
			'to-menu',
		] );
		// Out of range: nothing changes, same object.
		expect(
			reduce( f, { type: 'moveStep', sequence: 0, index: 0, to: 9 } )
		).toBe( f );

		f = apply( f, { type: 'duplicateStep', sequence: 0, index: 0 } );
		expect( stepIds( f, 0 ) ).toEqual( [
			'ask-first-name',
			'question',
			'ask-company',
			'hello',
			'thanks',
			'to-menu',
		] );
		expect( f.sequences[ 0 ].steps[ 1 ] ).toMatchObject( {
			type: 'question',
			variable: 'PRENOM',
		} );

		const menu = apply( demo(), {
			type: 'duplicateStep',
			sequence: 1,
			index: 0,
		} );
		const [ a, b ] = menu.sequences[ 1 ].steps;
		expect(
			a.type === 'buttons' &&
				b.type === 'buttons' &&
				a.buttons !== b.buttons
		).toBe( true );

		f = apply( f, { type: 'deleteStep', sequence: 0, index: 1 } );
		expect( stepIds( f, 0 ) ).toEqual( [
			'ask-first-name',
			'ask-company',
			'hello',
			'thanks',
			'to-menu',
		] );
	} );

	it( 'updates a step but never its id', () => {
		const f = reduce( demo(), {
			type: 'updateStep',
			sequence: 0,
			index: 0,
			step: { id: 'sneaky', type: 'text', text: 'Salut' },
		} );
		expect( f.sequences[ 0 ].steps[ 0 ] ).toEqual( {
			id: 'hello',
			type: 'text',
			text: 'Salut',
		} );
	} );

	it( 'adds, renames, moves and deletes sequences', () => {
		let f = apply(
			demo(),
			{ type: 'addSequence', name: 'Nouvelle séquence' },
			{ type: 'addSequence', name: 'Nouvelle séquence' }
		);
		expect(
			f.sequences.slice( -2 ).map( ( s ) => [ s.id, s.name ] )
		).toEqual( [
			[ 'nouvelle-sequence', 'Nouvelle séquence' ],
			[ 'nouvelle-sequence-2', 'Nouvelle séquence' ],
		] );
		f = apply( f, { type: 'renameSequence', index: 1, name: 'Main menu' } );
		expect( f.sequences[ 1 ] ).toMatchObject( {
			id: 'menu',
			name: 'Main menu',
		} );

		f = apply( f, { type: 'moveSequence', index: 6, to: 0 } );
		expect( f.sequences[ 0 ].id ).toBe( 'nouvelle-sequence-2' );

		f = apply( f, { type: 'deleteSequence', index: 0 } );
		expect( f.sequences.map( ( s ) => s.id ) ).toEqual( [
			'welcome',
			'menu',
			'faq-hours',
			'faq-delivery',
			'human',
			'nouvelle-sequence',
		] );
	} );

	it( "changing a sequence's id rewrites every reference to it", () => {
		const f = reduce( demo(), {
			type: 'setSequenceId',
			index: 1,
			id: 'main-menu',
		} );
		expect( f.sequences[ 1 ].id ).toBe( 'main-menu' );
		expect( sequenceReferences( f, 'menu' ) ).toEqual( [] );
		expect( sequenceReferences( f, 'main-menu' ) ).toEqual( [
			'sequences.0.steps.4.sequence',
			'sequences.2.steps.1.sequence',
			'sequences.3.steps.1.sequence',
			'sequences.4.steps.1.backToBot.sequence',
		] );
		expect( validateFlow( f ).issues ).toEqual( [] );

		const start = reduce( demo(), {
			type: 'setSequenceId',
			index: 0,
			id: 'hello',
		} );
		expect( start.startSequence ).toBe( 'hello' );

		// Conditions and buttons follow too.
		const withCondition = apply(
			demo(),
			{ type: 'addStep', sequence: 0, stepType: 'condition' },
			{ type: 'setSequenceId', index: 1, id: 'm' }
		);
		const condition = withCondition.sequences[ 0 ].steps[ 5 ];
		expect( condition ).toMatchObject( { type: 'condition', then: 'm' } );
		expect( sequenceReferences( withCondition, 'faq-hours' ) ).toEqual( [
			'sequences.1.steps.0.buttons.0.action.sequence',
		] );
	} );

	it( 'refuses an id that is taken or not a slug', () => {
		const f = demo();
		expect(
			reduce( f, { type: 'setSequenceId', index: 1, id: 'welcome' } )
		).toBe( f );
		expect( reduce( f, { type: 'setSequenceId', index: 1, id: '' } ) ).toBe(
			f
		);
	} );

	it( 'lists where a sequence is used, for the delete check', () => {
		expect( sequenceReferences( demo(), 'welcome' ) ).toEqual( [
			'startSequence',
		] );
		expect( sequenceReferences( demo(), 'human' ) ).toEqual( [
			'sequences.1.steps.0.buttons.2.action.sequence',
		] );
		// Deleting a used sequence leaves problems where the references are.
		const f = reduce( demo(), { type: 'deleteSequence', index: 4 } );
		expect( validateFlow( f ).issues ).toEqual( [
			{
				path: 'sequences.1.steps.0.buttons.2.action.sequence',
				message: 'unknown sequence "human"',
			},
		] );
	} );
} );

describe( 'allowed link domains', () => {
	it( 'are set by the reducer and parsed from what the owner types', () => {
		expect( parseDomains( ' Example.com,help.example.org ,, ' ) ).toEqual( [
			'example.com',
			'help.example.org',
		] );
		const flow = reduce(
			{ ...DEMO_FLOW },
			{ type: 'setLinkDomains', domains: [ 'example.com' ] }
		);
		expect( flow.allowedLinkDomains ).toEqual( [ 'example.com' ] );
	} );
} );
