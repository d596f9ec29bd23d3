/**
 * What the flow engine guarantees whatever the flow: it stops exactly where the contract
 * says, is deterministic, and hands over instead of throwing on a bad or edited flow.
 */
import { DEMO_FLOW } from './demo-flow';
import { validateFlow, WAITING_STEPS } from './flow';
import {
	MAX_STEPS_PER_INPUT,
	run,
	type EngineOutput,
	type EngineResult,
	type FlowState,
} from './flow-engine';
import { flowOf, ofType, seq, texts } from './flow-engine.fixtures';

describe( 'steps', () => {
	it( 'stops exactly at the contract’s WAITING_STEPS', () => {
		const samples: Record< string, any > = {
			text: { type: 'text', text: 'x' },
			image: { type: 'image', url: '/a.png' },
			buttons: {
				type: 'buttons',
				buttons: [
					{
						id: 'b',
						label: 'B',
						action: { type: 'goto', sequence: 'a' },
					},
				],
			},
			question: { type: 'question', text: 'Q?', variable: 'Q' },
			condition: {
				type: 'condition',
				variable: 'Q',
				operator: 'is_set',
				then: 'a',
			},
			set_variable: { type: 'set_variable', variable: 'Q', value: '' },
			note: { type: 'note', text: 'n' },
			transfer: { type: 'transfer' },
			goto: { type: 'goto', sequence: 'tail' },
			end: { type: 'end' },
		};
		for ( const [ type, step ] of Object.entries( samples ) ) {
			const flow = flowOf( [
				seq( 'a', [
					{ id: 's', ...step },
					{ id: 'after', type: 'text', text: 'AFTER' },
				] ),
				seq( 'tail', [ { id: 't', type: 'text', text: 'AFTER' } ] ),
			] );
			const said = texts( run( flow, null, { type: 'start' }, {} ) );
			expect( [ type, said.includes( 'AFTER' ) ] ).toEqual( [
				type,
				! WAITING_STEPS.has( type as any ),
			] );
		}
	} );

	it( 'is deterministic and its state survives JSON', () => {
		const inputs = [
			{ type: 'text', text: 'Léa' },
			{ type: 'text', text: 'ACME' },
		] as const;
		const play = () => {
			let state: FlowState | null = null;
			const all: EngineOutput[] = [];
			let vars: Record< string, string > = {};
			for ( const input of [
				{ type: 'start' } as const,
				...inputs,
				{
					type: 'button',
					stepId: 'choices',
					buttonId: 'hours',
				} as const,
			] ) {
				const r = run( DEMO_FLOW, state, input, vars );
				all.push( ...r.outputs );
				for ( const o of ofType( r, 'variable' ) ) {
					vars = { ...vars, [ o.name ]: o.value };
				}
				state = JSON.parse( JSON.stringify( r.state ) );
			}
			return { all, state };
		};
		const a = play();
		expect( play() ).toEqual( a );
		expect(
			a.all
				.filter( ( o ) => o.type === 'message' )
				.map( ( o: any ) => o.text )
		).toEqual( [
			'Bonjour ! 👋 / Hello! 👋',
			'Quel est votre prénom ? / What is your first name?',
			'Et votre société ? / And your company?',
			'Merci Léa ! / Thanks Léa!',
			'Comment puis-je vous aider ? / How can I help you?',
			expect.stringMatching( /lundi au vendredi/ ),
			'Comment puis-je vous aider ? / How can I help you?',
		] );
	} );
} );

describe( 'bad flows', () => {
	const brokenTransfer = ( r: EngineResult, reason: RegExp ) => {
		expect( ofType( r, 'note' )[ 0 ].text ).toMatch( reason );
		expect( ofType( r, 'transfer' ) ).toHaveLength( 1 );
		expect( r.state?.waiting ).toBe( 'transfer' );
	};

	it( 'hands over to the advisors on an unknown sequence (flow edited mid-conversation)', () => {
		const flow = flowOf( [
			seq( 'a', [ { id: 'g', type: 'goto', sequence: 'gone' } ] ),
		] );
		expect( validateFlow( flow ).issues[ 0 ].message ).toMatch(
			/unknown sequence "gone"/
		);
		brokenTransfer(
			run( flow, null, { type: 'start' }, {} ),
			/unknown sequence "gone"/
		);
	} );

	it( 'hands over when the flow was deleted or the waiting step removed', () => {
		brokenTransfer(
			run( null, null, { type: 'start' }, {} ),
			/no longer exists/
		);
		const flow = flowOf( [
			seq( 'a', [
				{ id: 'q', type: 'question', text: 'Name?', variable: 'N' },
			] ),
		] );
		const state = run( flow, null, { type: 'start' }, {} ).state;
		const edited = flowOf( [
			seq( 'a', [ { id: 'other', type: 'text', text: 'hi' } ] ),
		] );
		brokenTransfer(
			run( edited, state, { type: 'text', text: 'Léa' }, {} ),
			/step "q" no longer exists/
		);
		brokenTransfer(
			run( null, state, { type: 'back_to_bot' }, {} ),
			/no longer exists/
		);
	} );

	it( 'stops a loop without input after the step guard (validateFlow refuses it at save time)', () => {
		const flow = flowOf( [
			seq( 'a', [
				{ id: 's', type: 'set_variable', variable: 'X', value: '1' },
				{ id: 'g', type: 'goto', sequence: 'b' },
			] ),
			seq( 'b', [ { id: 'g', type: 'goto', sequence: 'a' } ] ),
		] );
		expect( validateFlow( flow ).issues[ 0 ].message ).toMatch(
			/loop without any question or button/
		);
		const r = run( flow, null, { type: 'start' }, {} );
		brokenTransfer(
			r,
			new RegExp( `more than ${ MAX_STEPS_PER_INPUT } steps` )
		);
		expect( ofType( r, 'variable' ).length ).toBeLessThanOrEqual(
			MAX_STEPS_PER_INPUT
		);
	} );

	it( 'ignores inputs it cannot use instead of throwing', () => {
		const flow = flowOf( [
			seq( 'a', [ { id: 't', type: 'text', text: 'hi' } ] ),
		] );
		for ( const input of [
			{ type: 'text', text: 'x' },
			{ type: 'button', stepId: 'a', buttonId: 'b' },
			{ type: 'no_advisor' },
			{ type: 'request_human' },
		] as const ) {
			expect( () => run( flow, null, input, {} ) ).not.toThrow();
		}
		expect( run( flow, null, { type: 'text', text: 'x' }, {} ) ).toEqual( {
			state: null,
			outputs: [],
		} );
	} );
} );
