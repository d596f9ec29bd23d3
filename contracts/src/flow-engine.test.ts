/**
 * The flow engine step by step: what each step says, how buttons and questions wait
 * and read the visitor's input, conditions and variables. Transfers are in
 * flow-engine-transfer.test.ts; the engine's guarantees and bad flows in
 * flow-engine-guarantees.test.ts.
 */
import { BOT_STRINGS, findButton, run, validateAnswer } from './flow-engine';
import { flowOf, ofType, seq, texts } from './flow-engine.fixtures';

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
} );
