/**
 * The flow engine's hand-over to advisors: the transfer step, its fallback when nobody
 * is online, the visitor's own request for a human and the way back to the bot.
 */
import { BOT_STRINGS, run, type PendingTransfer } from './flow-engine';
import { flowOf, ofType, seq, texts } from './flow-engine.fixtures';

describe( 'steps', () => {
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
				transfer: { ...transfer, resolved: true, nobodyOnline: true },
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
			expect.objectContaining( {
				waiting: 'transfer',
				transfer: expect.objectContaining( { emailLeft: true } ),
			} )
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
		expect( none.state?.transfer?.nobodyOnline ).toBe( true );
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
} );
