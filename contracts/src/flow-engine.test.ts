import { DEMO_FLOW } from './demo-flow';
import {
	flowSchema,
	validateFlow,
	WAITING_STEPS,
	type Flow,
	type FlowInput,
} from './flow';
import {
	BOT_STRINGS,
	findButton,
	MAX_STEPS_PER_INPUT,
	run,
	validateAnswer,
	type EngineOutput,
	type EngineResult,
	type FlowState,
	type PendingTransfer,
} from './flow-engine';

/** A flow from steps, without the save-time checks (the engine must survive bad flows too). */
const flowOf = (
	sequences: FlowInput[ 'sequences' ],
	start = sequences[ 0 ].id
): Flow =>
	flowSchema.parse( { id: 'f', name: 'F', startSequence: start, sequences } );
const seq = ( id: string, steps: any[] ) => ( { id, name: id, steps } );

const texts = ( r: EngineResult ) =>
	r.outputs
		.filter(
			( o ): o is Extract< EngineOutput, { type: 'message' } > =>
				o.type === 'message'
		)
		.map( ( o ) => o.text );
const ofType = < T extends EngineOutput[ 'type' ] >(
	r: EngineResult,
	type: T
) =>
	r.outputs.filter( ( o ) => o.type === type ) as Array<
		Extract< EngineOutput, { type: T } >
	>;

describe( 'steps', () => {
	it( 'text interpolates variables; image carries url and alt; falling off a sequence ends', () => {
		const flow = flowOf( [
			seq( 'a', [
				{ id: 't', type: 'text', text: 'Bonjour {{PRENOM}} !' },
				{
					id: 'i',
					type: 'image',
					url: 'https://example.com/a.png',
					alt: 'A map',
				},
			] ),
		] );
		const r = run( flow, null, { type: 'start' }, { PRENOM: 'Léa' } );
		expect( r.outputs ).toEqual( [
			{
				type: 'message',
				kind: 'text',
				text: 'Bonjour Léa !',
				meta: { stepId: 't' },
			},
			{
				type: 'message',
				kind: 'image',
				text: 'A map',
				meta: {
					stepId: 'i',
					image: { url: 'https://example.com/a.png', alt: 'A map' },
				},
			},
			{ type: 'end' },
		] );
		expect( r.state ).toEqual( {
			start: 'a',
			sequence: 'a',
			step: 2,
			stepId: null,
			waiting: 'end',
		} );
	} );

	it( 'buttons wait; a press follows its sequence; a link button does nothing; text re-shows them', () => {
		const flow = flowOf( [
			seq( 'menu', [
				{
					id: 'b',
					type: 'buttons',
					text: 'Choose, {{PRENOM}}',
					buttons: [
						{
							id: 'go',
							label: 'Go {{PRENOM}}',
							action: { type: 'goto', sequence: 'next' },
						},
						{
							id: 'web',
							label: 'Website',
							action: { type: 'url', url: 'https://example.com' },
						},
					],
				},
			] ),
			seq( 'next', [ { id: 'n', type: 'text', text: 'Next' } ] ),
		] );
		const vars = { PRENOM: 'Léa' };
		const r = run( flow, null, { type: 'start' }, vars );
		const buttons = [
			{ id: 'go', label: 'Go Léa' },
			{ id: 'web', label: 'Website', url: 'https://example.com' },
		];
		expect( r.outputs ).toEqual( [
			{
				type: 'message',
				kind: 'text',
				text: 'Choose, Léa',
				meta: { stepId: 'b', buttons },
			},
		] );
		expect( r.state ).toEqual(
			expect.objectContaining( { waiting: 'buttons', stepId: 'b' } )
		);

		const typed = run(
			flow,
			r.state,
			{ type: 'text', text: 'hello?' },
			vars
		);
		expect( typed.outputs ).toEqual( [
			{
				type: 'message',
				kind: 'text',
				text: BOT_STRINGS.chooseButton,
				meta: { stepId: 'b', buttons },
			},
		] );
		expect( typed.state ).toEqual( r.state );

		expect(
			run(
				flow,
				r.state,
				{ type: 'button', stepId: 'b', buttonId: 'web' },
				vars
			)
		).toEqual( { state: r.state, outputs: [] } );
		expect(
			texts(
				run(
					flow,
					r.state,
					{ type: 'button', stepId: 'b', buttonId: 'go' },
					vars
				)
			)
		).toEqual( [ 'Next' ] );

		expect( findButton( flow, r.state, 'b', 'go' ) ).toEqual(
			expect.objectContaining( { ok: true } )
		);
		expect( findButton( flow, r.state, 'b', 'nope' ) ).toEqual( {
			ok: false,
			reason: 'unknown_button',
		} );
		expect( findButton( flow, r.state, 'other', 'go' ) ).toEqual( {
			ok: false,
			reason: 'stale',
		} );
		expect( findButton( flow, null, 'b', 'go' ) ).toEqual( {
			ok: false,
			reason: 'stale',
		} );
		// A press that is not for the waiting step changes nothing.
		expect(
			run(
				flow,
				r.state,
				{ type: 'button', stepId: 'x', buttonId: 'go' },
				vars
			).outputs
		).toEqual( [] );
	} );

	it( 'question stores a valid answer and goes on; an invalid one is re-asked', () => {
		const flow = flowOf( [
			seq( 'a', [
				{
					id: 'q',
					type: 'question',
					text: 'Email?',
					variable: 'EMAIL',
					answerType: 'email',
					invalidText: 'Bad email, {{PRENOM}}',
				},
				{
					id: 'q2',
					type: 'question',
					text: 'Age?',
					variable: 'AGE',
					answerType: 'number',
				},
				{ id: 'done', type: 'text', text: '{{EMAIL}} / {{AGE}}' },
			] ),
		] );
		const s0 = run( flow, null, { type: 'start' }, {} );
		expect( s0.outputs[ 0 ] ).toEqual( {
			type: 'message',
			kind: 'text',
			text: 'Email?',
			meta: {
				stepId: 'q',
				question: { variable: 'EMAIL', answerType: 'email' },
			},
		} );
		const bad = run(
			flow,
			s0.state,
			{ type: 'text', text: 'not-an-email' },
			{ PRENOM: 'Léa' }
		);
		expect( bad.outputs ).toEqual( [
			{
				type: 'message',
				kind: 'text',
				text: 'Bad email, Léa',
				meta: {
					stepId: 'q',
					question: { variable: 'EMAIL', answerType: 'email' },
					invalid: true,
				},
			},
		] );
		expect( bad.state ).toEqual( s0.state );

		const ok = run(
			flow,
			s0.state,
			{ type: 'text', text: '  lea@example.com ' },
			{}
		);
		expect( ofType( ok, 'variable' ) ).toEqual( [
			{ type: 'variable', name: 'EMAIL', value: 'lea@example.com' },
		] );
		expect( ok.state ).toEqual(
			expect.objectContaining( { stepId: 'q2', waiting: 'question' } )
		);

		// No invalidText: the bridge's default for the type.
		expect(
			texts( run( flow, ok.state, { type: 'text', text: 'forty' }, {} ) )
		).toEqual( [ BOT_STRINGS.invalid.number ] );
		const last = run(
			flow,
			ok.state,
			{ type: 'text', text: '41,5' },
			{ EMAIL: 'lea@example.com' }
		);
		expect( texts( last ) ).toEqual( [ 'lea@example.com / 41.5' ] );
	} );

	it( 'validates answers by type, trimmed and capped', () => {
		expect( validateAnswer( 'text', '  Léa  ' ) ).toBe( 'Léa' );
		expect( validateAnswer( 'text', '   ' ) ).toBeNull();
		expect( validateAnswer( 'text', 'x'.repeat( 900 ) ) ).toHaveLength(
			500
		);
		expect( validateAnswer( 'email', 'a@b.co' ) ).toBe( 'a@b.co' );
		for ( const bad of [
			'a@b',
			'a b@c.de',
			'@c.de',
			'a@.de',
			'a@b.c',
			`${ 'x'.repeat( 250 ) }@b.co`,
		] ) {
			expect( validateAnswer( 'email', bad ) ).toBeNull();
		}
		expect( validateAnswer( 'phone', '+33 (0)6 12-34-56-78' ) ).toBe(
			'+33 (0)6 12-34-56-78'
		);
		expect( validateAnswer( 'phone', '12345' ) ).toBeNull();
		expect( validateAnswer( 'phone', 'call me' ) ).toBeNull();
		expect( validateAnswer( 'number', ' -3 ' ) ).toBe( '-3' );
		expect( validateAnswer( 'number', '1e9' ) ).toBeNull();
	} );

	it.each( [
		[ 'equals', 'léa', 'Léa', true ],
		[ 'equals', 'Bob', 'Léa', false ],
		[ 'not_equals', 'Bob', 'Léa', true ],
		[ 'contains', 'éa', 'Léa', true ],
		[ 'is_set', '', 'Léa', true ],
		[ 'is_set', '', '  ', false ],
		[ 'is_not_set', '', undefined, true ],
		[ 'gt', '10', '12', true ],
		[ 'gt', '10', 'ten', false ],
		[ 'lt', '10', '9.5', true ],
		[ 'lt', '{{LIMIT}}', '12', true ],
	] )(
		'condition %s %p on %p → %p',
		( operator, value, actual, expected ) => {
			const flow = flowOf( [
				seq( 'a', [
					{
						id: 'c',
						type: 'condition',
						variable: 'X',
						operator,
						value,
						then: 'yes',
						else: 'no',
					},
				] ),
				seq( 'yes', [ { id: 'y', type: 'end', text: 'yes' } ] ),
				seq( 'no', [ { id: 'n', type: 'end', text: 'no' } ] ),
			] );
			const vars: Record< string, string > = { LIMIT: '20' };
			if ( actual !== undefined ) {
				vars.X = actual as string;
			}
			expect(
				texts( run( flow, null, { type: 'start' }, vars ) )
			).toEqual( [ expected ? 'yes' : 'no' ] );
		}
	);

	it( 'condition without else continues; set_variable interpolates; note; goto; end with text', () => {
		const flow = flowOf( [
			seq( 'a', [
				{
					id: 'c',
					type: 'condition',
					variable: 'X',
					operator: 'is_set',
					then: 'never',
				},
				{
					id: 's',
					type: 'set_variable',
					variable: 'FULL',
					value: '{{PRENOM}} ({{SOCIETE}})',
				},
				{ id: 'n', type: 'note', text: 'Lead: {{FULL}}' },
				{ id: 'g', type: 'goto', sequence: 'b' },
				{ id: 'unreached', type: 'text', text: 'never said' },
			] ),
			seq( 'b', [
				{ id: 'e', type: 'end', text: 'Bye {{FULL}}' },
				{ id: 'after', type: 'text', text: 'never' },
			] ),
			seq( 'never', [ { id: 'x', type: 'text', text: 'wrong branch' } ] ),
		] );
		const r = run(
			flow,
			null,
			{ type: 'start' },
			{ PRENOM: 'Léa', SOCIETE: 'ACME' }
		);
		expect( r.outputs ).toEqual( [
			{ type: 'variable', name: 'FULL', value: 'Léa (ACME)' },
			{ type: 'note', text: 'Lead: Léa (ACME)' },
			{
				type: 'message',
				kind: 'text',
				text: 'Bye Léa (ACME)',
				meta: { stepId: 'e' },
			},
			{ type: 'end' },
		] );
		expect( r.state ).toEqual(
			expect.objectContaining( {
				sequence: 'b',
				stepId: 'e',
				waiting: 'end',
			} )
		);
		// After the end the bot is silent.
		expect(
			run( flow, r.state, { type: 'text', text: 'hello?' }, {} )
		).toEqual( { state: r.state, outputs: [] } );
	} );

	it( 'transfer resolves its settings, waits, and falls back with an email question when nobody is online', () => {
		const flow = flowOf( [
			seq( 'a', [
				{
					id: 't',
					type: 'transfer',
					assign: 'round_robin',
					waitingText: 'Wait, {{PRENOM}}',
					fallback: {
						text: 'Nobody here, {{PRENOM}}. Email?',
						thanksText: 'Thanks, {{MAIL}}',
						emailVariable: 'MAIL',
					},
					backToBot: { label: 'Back', sequence: 'a' },
				},
			] ),
		] );
		const vars = { PRENOM: 'Léa' };
		const r = run( flow, null, { type: 'start' }, vars );
		const transfer: PendingTransfer = {
			stepId: 't',
			assign: 'round_robin',
			advisorId: null,
			waitingText: 'Wait, Léa',
			fallbackText: 'Nobody here, Léa. Email?',
			askEmail: true,
			emailVariable: 'MAIL',
			thanksText: 'Thanks, {{MAIL}}',
			backToBot: { label: 'Back', sequence: 'a' },
		};
		expect( r.outputs ).toEqual( [ { type: 'transfer', transfer } ] );
		expect( r.state ).toEqual( {
			start: 'a',
			sequence: 'a',
			step: 0,
			stepId: 't',
			waiting: 'transfer',
			transfer,
		} );
		// Waiting for an advisor: the bot says nothing to typed text.
		expect(
			run( flow, r.state, { type: 'text', text: 'hi' }, vars ).outputs
		).toEqual( [] );

		const none = run( flow, r.state, { type: 'no_advisor' }, vars );
		expect( none.outputs ).toEqual( [
			{
				type: 'message',
				kind: 'text',
				text: 'Nobody here, Léa. Email?',
				meta: {
					stepId: 't',
					question: { variable: 'MAIL', answerType: 'email' },
				},
			},
		] );
		expect( none.state ).toEqual(
			expect.objectContaining( {
				waiting: 'fallback_email',
				transfer: { ...transfer, resolved: true },
			} )
		);
		// Only once.
		expect(
			run(
				flow,
				{ ...r.state!, transfer: { ...transfer, resolved: true } },
				{ type: 'no_advisor' },
				vars
			).outputs
		).toEqual( [] );

		expect(
			texts(
				run( flow, none.state, { type: 'text', text: 'nope' }, vars )
			)
		).toEqual( [ BOT_STRINGS.invalid.email ] );
		const left = run(
			flow,
			none.state,
			{ type: 'text', text: 'lea@example.com' },
			vars
		);
		expect( left.outputs ).toEqual( [
			{ type: 'variable', name: 'MAIL', value: 'lea@example.com' },
			{
				type: 'note',
				text: 'No advisor was online; the visitor left their email: lea@example.com',
			},
			{
				type: 'message',
				kind: 'text',
				text: 'Thanks, lea@example.com',
				meta: { stepId: 't' },
			},
		] );
		expect( left.state ).toEqual(
			expect.objectContaining( { waiting: 'transfer' } )
		);
	} );

	it( 'transfer without askEmail says the fallback and notes it; defaults fill empty texts', () => {
		const flow = flowOf( [
			seq( 'a', [
				{ id: 't', type: 'transfer', fallback: { askEmail: false } },
			] ),
		] );
		const r = run( flow, null, { type: 'start' }, {} );
		const none = run( flow, r.state, { type: 'no_advisor' }, {} );
		expect( none.outputs ).toEqual( [
			{
				type: 'message',
				kind: 'text',
				text: BOT_STRINGS.fallbackNoEmail,
				meta: { stepId: 't' },
			},
			{ type: 'note', text: BOT_STRINGS.noteNoAdvisor },
		] );
		expect( none.state?.waiting ).toBe( 'transfer' );
	} );

	it( 'request_human uses the flow’s first transfer step, or defaults; back_to_bot goes to the sequence or the start', () => {
		const menu = seq( 'menu', [
			{
				id: 'b',
				type: 'buttons',
				buttons: [
					{
						id: 'h',
						label: 'Human',
						action: { type: 'goto', sequence: 'human' },
					},
				],
			},
		] );
		const human = seq( 'human', [
			{ id: 'note', type: 'note', text: 'never run by request_human' },
			{
				id: 'xfer',
				type: 'transfer',
				assign: 'none',
				backToBot: { label: 'Bot!', sequence: 'menu' },
			},
		] );
		const flow = flowOf( [ menu, human ] );
		const s = run( flow, null, { type: 'start' }, {} ).state;
		const asked = run( flow, s, { type: 'request_human' }, {} );
		expect( asked.outputs[ 0 ] ).toEqual( {
			type: 'note',
			text: BOT_STRINGS.noteHumanRequested,
		} );
		expect( ofType( asked, 'transfer' )[ 0 ].transfer ).toEqual(
			expect.objectContaining( {
				stepId: 'xfer',
				assign: 'none',
				backToBot: { label: 'Bot!', sequence: 'menu' },
			} )
		);
		expect( asked.state ).toEqual(
			expect.objectContaining( { sequence: 'menu', waiting: 'transfer' } )
		);

		const bare = flowOf( [ menu, seq( 'human', [] ) ] );
		expect(
			ofType(
				run( bare, s, { type: 'request_human' }, {} ),
				'transfer'
			)[ 0 ].transfer
		).toEqual(
			expect.objectContaining( {
				stepId: 'request-human',
				assign: 'round_robin',
				askEmail: true,
				backToBot: { label: '', sequence: null },
			} )
		);

		const back = run(
			flow,
			asked.state,
			{ type: 'back_to_bot', sequence: 'menu' },
			{}
		);
		expect( back.state ).toEqual( {
			start: 'menu',
			sequence: 'menu',
			step: 0,
			stepId: 'b',
			waiting: 'buttons',
		} );
		// No sequence configured: the conversation's own start sequence.
		const started = run(
			flow,
			null,
			{ type: 'start', sequence: 'human' },
			{}
		);
		expect( started.state?.start ).toBe( 'human' );
		expect(
			run(
				flow,
				started.state,
				{ type: 'back_to_bot', sequence: null },
				{}
			).outputs[ 0 ]
		).toEqual( {
			type: 'note',
			text: 'never run by request_human',
		} );
	} );

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
