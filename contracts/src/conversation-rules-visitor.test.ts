/**
 * The rules module's visitor and bot events (start, buttons, answers, transfers, back to
 * the chatbot, when the bot is silent) and awaitsOf, what the bot waits for.
 */
import {
	awaitsOf,
	botListens,
	handoffOf,
	consultsBot,
	decide,
	RULE_TEXTS,
	type ConversationEvent,
} from './conversation-rules';
import { at, ctx, flow, ok, started } from './conversation-rules.fixtures';
import { run, type FlowState } from './flow-engine';

describe( 'visitor events', () => {
	test( 'a closed conversation refuses every visitor event with the same words', () => {
		for ( const event of [
			{ type: 'visitor_text', text: 'hi' },
			{ type: 'visitor_image' },
			{ type: 'button', stepId: 'menu', buttonId: 'b-ask' },
			{ type: 'request_human' },
			{ type: 'back_to_bot' },
		] as ConversationEvent[] ) {
			expect( decide( at( { state: 'closed' } ), event, ctx ) ).toEqual( {
				ok: false,
				status: 409,
				message: RULE_TEXTS.closedForVisitor,
			} );
		}
	} );

	test( 'live chat only has no bot actions', () => {
		expect(
			decide(
				at( { state: 'waiting', flowId: null } ),
				{ type: 'request_human' },
				ctx
			)
		).toMatchObject( {
			ok: false,
			message: RULE_TEXTS.noBot,
		} );
		expect(
			ok(
				decide(
					at( { state: 'waiting', flowId: null } ),
					{ type: 'visitor_text', text: 'hi' },
					ctx
				)
			).messages
		).toEqual( [] );
	} );

	test( 'start: the bot says its first steps and awaits the buttons', () => {
		const o = ok(
			decide(
				at(),
				{ type: 'start' },
				{ flow, variables: { PRENOM: 'Inès' } }
			)
		);
		expect( o.messages.map( ( m ) => [ m.author, m.text ] ) ).toEqual( [
			[ 'bot', 'Hello Inès' ],
			[ 'bot', 'Choose' ],
		] );
		expect( o.awaits ).toEqual( { type: 'button', stepId: 'menu' } );
	} );

	test( 'a button press reads as the visitor’s reply, then the bot asks its question', () => {
		const o = ok(
			decide(
				started(),
				{ type: 'button', stepId: 'menu', buttonId: 'b-ask' },
				ctx
			)
		);
		expect( o.messages[ 0 ] ).toEqual( {
			author: 'actor',
			kind: 'text',
			text: 'Ask',
			meta: { pressed: { stepId: 'menu', buttonId: 'b-ask' } },
		} );
		expect( o.messages[ 1 ] ).toMatchObject( {
			author: 'bot',
			text: 'Your name?',
		} );
		expect( o.awaits ).toEqual( {
			type: 'answer',
			stepId: 'q-name',
			variable: 'PRENOM',
			answerType: 'text',
		} );
	} );

	test( 'stale and unknown buttons', () => {
		expect(
			decide(
				started(),
				{ type: 'button', stepId: 'other', buttonId: 'b-ask' },
				ctx
			)
		).toMatchObject( {
			ok: false,
			status: 409,
			message: RULE_TEXTS.staleButtons,
		} );
		expect(
			decide(
				started(),
				{ type: 'button', stepId: 'menu', buttonId: 'nope' },
				ctx
			)
		).toMatchObject( {
			ok: false,
			status: 400,
		} );
		expect(
			decide(
				{ ...started(), state: 'live' },
				{ type: 'button', stepId: 'menu', buttonId: 'b-ask' },
				ctx
			)
		).toMatchObject( {
			ok: false,
			message: RULE_TEXTS.botNotAnswering,
		} );
	} );

	test( 'an answer sets the variable and the bot goes on', () => {
		const asked = ok(
			decide(
				started(),
				{ type: 'button', stepId: 'menu', buttonId: 'b-ask' },
				ctx
			)
		);
		const c = at( { flowState: asked.patch.flowState! } );
		const o = ok(
			decide( c, { type: 'visitor_text', text: ' Inès ' }, ctx )
		);
		expect( o.variables ).toEqual( [ { name: 'PRENOM', value: 'Inès' } ] );
		expect( o.messages.map( ( m ) => m.text ) ).toEqual( [ 'Bye Inès' ] );
		expect( o.awaits ).toEqual( { type: 'nothing' } );
	} );

	test( 'a transfer: event line, waiting, back-to-bot target, a route follow-up', () => {
		const o = ok(
			decide(
				started(),
				{ type: 'button', stepId: 'menu', buttonId: 'b-human' },
				ctx
			)
		);
		expect( o.messages.map( ( m ) => m.meta?.event ?? m.author ) ).toEqual(
			[ 'actor', 'transferred' ]
		);
		expect( o.patch ).toMatchObject( {
			state: 'waiting',
			backToBot: { sequence: 'start', label: 'Back to the menu' },
		} );
		expect( o.followUps ).toEqual( [ { type: 'route', stepId: 't' } ] );
		const waiting = at( {
			state: 'waiting',
			flowState: o.patch.flowState!,
			backToBot: o.patch.backToBot!,
		} );
		// Advisors online: the waiting text, once.
		const online = ok(
			decide(
				waiting,
				{ type: 'transfer_resolved', stepId: 't', online: true },
				ctx
			)
		);
		expect( online.messages.map( ( m ) => m.text ) ).toEqual( [
			'An advisor is coming.',
		] );
		const after = { ...waiting, flowState: online.patch.flowState! };
		// What the visitor's status line says: advisors are coming.
		expect( handoffOf( 'waiting', waiting.flowState ) ).toBe( 'waiting' );
		expect( handoffOf( 'waiting', after.flowState ) ).toBe( 'waiting' );
		expect(
			ok(
				decide(
					after,
					{ type: 'transfer_resolved', stepId: 't', online: true },
					ctx
				)
			).messages
		).toEqual( [] );
		// Nobody online: the email question, which the bot then listens to while waiting.
		const offline = ok(
			decide(
				waiting,
				{ type: 'transfer_resolved', stepId: 't', online: false },
				ctx
			)
		);
		expect( offline.awaits ).toEqual( {
			type: 'answer',
			stepId: 't',
			variable: 'EMAIL',
			answerType: 'email',
		} );
		const asking = { ...waiting, flowState: offline.patch.flowState! };
		expect( botListens( asking ) ).toBe( true );
		expect( handoffOf( 'waiting', asking.flowState ) ).toBe( 'no_advisor' );
		const thanks = ok(
			decide( asking, { type: 'visitor_text', text: 'a@b.example' }, ctx )
		);
		expect( thanks.variables ).toEqual( [
			{ name: 'EMAIL', value: 'a@b.example' },
		] );
		expect( thanks.awaits ).toEqual( { type: 'nothing' } );
		expect( handoffOf( 'waiting', thanks.patch.flowState! ) ).toBe(
			'email_left'
		);
		// Once an advisor has it, or in any other state, there is no wait to describe.
		expect( handoffOf( 'live', thanks.patch.flowState! ) ).toBeNull();
		expect( handoffOf( 'waiting', null ) ).toBe( 'waiting' );
		// "Back to chatbot" from waiting: to the transfer's target, with its label.
		const back = ok( decide( waiting, { type: 'back_to_bot' }, ctx ) );
		expect( back.messages[ 0 ] ).toMatchObject( {
			author: 'actor',
			text: 'Back to the menu',
			meta: { event: 'back_to_bot' },
		} );
		expect( back.patch ).toMatchObject( {
			state: 'bot',
			backToBot: { sequence: null, label: null },
		} );
		expect( back.awaits ).toEqual( { type: 'button', stepId: 'menu' } );
	} );

	test( 'request human only from the bot; back to chatbot only away from it', () => {
		expect(
			decide( at( { state: 'live' } ), { type: 'request_human' }, ctx )
		).toMatchObject( {
			ok: false,
			message: RULE_TEXTS.advisorsHaveIt,
		} );
		expect(
			decide( started(), { type: 'back_to_bot' }, ctx )
		).toMatchObject( {
			ok: false,
			message: RULE_TEXTS.botAlreadyAnswering,
		} );
		const o = ok( decide( started(), { type: 'request_human' }, ctx ) );
		expect( o.messages[ 0 ] ).toMatchObject( {
			author: 'actor',
			kind: 'event',
			meta: { event: 'human_requested' },
		} );
		expect( o.patch.state ).toBe( 'waiting' );
	} );

	test( 'the bot is silent in waiting and live, and never answers an image', () => {
		const fs = started().flowState;
		for ( const state of [ 'waiting', 'live' ] as const ) {
			const c = at( { state, flowState: fs } );
			expect( botListens( c ) ).toBe( false );
			expect(
				consultsBot( c, { type: 'visitor_text', text: 'x' } )
			).toBe( false );
			expect(
				ok( decide( c, { type: 'visitor_text', text: 'x' }, ctx ) )
					.messages
			).toEqual( [] );
		}
		expect(
			ok( decide( started(), { type: 'visitor_image' }, ctx ) ).messages
		).toEqual( [] );
	} );
} );

describe( 'awaitsOf', () => {
	const fs = ( over: Partial< FlowState > ): FlowState => ( {
		start: 'start',
		sequence: 'start',
		step: 0,
		stepId: 's',
		waiting: 'end',
		...over,
	} );
	test( 'buttons and questions only while the bot has the hand', () => {
		expect( awaitsOf( 'bot', fs( { waiting: 'buttons' } ) ) ).toEqual( {
			type: 'button',
			stepId: 's',
		} );
		expect( awaitsOf( 'live', fs( { waiting: 'buttons' } ) ) ).toEqual( {
			type: 'nothing',
		} );
		expect(
			awaitsOf(
				'bot',
				fs( {
					waiting: 'question',
					question: { variable: 'AGE', answerType: 'number' },
				} )
			)
		).toEqual( {
			type: 'answer',
			stepId: 's',
			variable: 'AGE',
			answerType: 'number',
		} );
		expect( awaitsOf( 'bot', null ) ).toEqual( { type: 'nothing' } );
		expect( awaitsOf( 'bot', fs( { waiting: 'end' } ) ) ).toEqual( {
			type: 'nothing',
		} );
	} );
	test( 'the engine keeps the question in the state', () => {
		const r = run( flow, null, { type: 'start', sequence: 'ask' }, {} );
		expect( r.state?.question ).toEqual( {
			variable: 'PRENOM',
			answerType: 'text',
		} );
	} );
} );
