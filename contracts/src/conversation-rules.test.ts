/**
 * The rules module's lists and advisor events: which inbox list a state belongs to, and
 * the state × advisor event table (state, assignment, event line). Visitor and bot
 * events, and awaitsOf, are in conversation-rules-visitor.test.ts.
 */
import {
	decide,
	initialState,
	isUnanswered,
	LIST_STATES,
	listOf,
	type ConversationEvent,
	type RulesConversation,
} from './conversation-rules';
import { ann, at, bob, ctx, ok } from './conversation-rules.fixtures';
import type { ConversationState } from './types';

describe( 'inbox lists', () => {
	test.each( [
		[ 'bot', 'bot' ],
		[ 'waiting', 'live' ],
		[ 'live', 'live' ],
		[ 'closed', 'closed' ],
	] as const )( '%s belongs to %s', ( state, list ) => {
		expect( listOf( state ) ).toBe( list );
		expect( LIST_STATES[ list ] ).toContain( state );
	} );
	test( 'live chat only starts waiting, a bot flow in bot', () => {
		expect( initialState( 'live' ) ).toBe( 'waiting' );
		expect( initialState( 'bot' ) ).toBe( 'bot' );
	} );
	// The orange ring: state, last visitor seq, last advisor seq → unanswered.
	test.each( [
		[ 'waiting', 3, 0, true ],
		[ 'live', 5, 4, true ],
		[ 'live', 4, 5, false ],
		[ 'bot', 5, 0, false ],
		[ 'closed', 5, 0, false ],
	] as const )(
		'%s, visitor %d, advisor %d: unanswered %s',
		( state, v, a, u ) => {
			expect( isUnanswered( state, v, a ) ).toBe( u );
		}
	);
} );

describe( 'advisor events: state × event → state, assignment, event line', () => {
	const states: ConversationState[] = [ 'bot', 'waiting', 'live', 'closed' ];
	type Row = [
		string,
		Partial< RulesConversation >,
		ConversationEvent,
		ConversationState | 409,
		string | null | undefined,
		string | null,
	];
	const rows: Row[] = [
		// name, conversation, event, → state or refusal, → assignee (undefined: unchanged), event line
		[
			'reply in bot takes it',
			{ state: 'bot' },
			{ type: 'advisor_reply', advisor: ann },
			'live',
			'7',
			null,
		],
		[
			'reply in waiting takes it',
			{ state: 'waiting' },
			{ type: 'advisor_reply', advisor: ann },
			'live',
			'7',
			null,
		],
		[
			'reply keeps a colleague assigned',
			{ state: 'live', assignedAdvisorId: '8' },
			{ type: 'advisor_reply', advisor: ann },
			'live',
			undefined,
			null,
		],
		[
			'reply when closed',
			{ state: 'closed' },
			{ type: 'advisor_reply', advisor: ann },
			409,
			undefined,
			null,
		],
		[
			'reply in bot without a licence: to the queue, not assigned',
			{ state: 'bot' },
			{ type: 'advisor_reply', advisor: ann, licensed: false },
			'waiting',
			undefined,
			null,
		],
		[
			'reply in waiting without a licence: still waiting, not assigned',
			{ state: 'waiting' },
			{ type: 'advisor_reply', advisor: ann, licensed: false },
			'waiting',
			undefined,
			null,
		],
		[
			'take without a licence',
			{ state: 'waiting' },
			{ type: 'take', advisor: ann, licensed: false },
			409,
			undefined,
			null,
		],
		[
			'take from the bot',
			{ state: 'bot' },
			{ type: 'take', advisor: ann },
			'live',
			'7',
			'assigned',
		],
		[
			'take from a colleague',
			{ state: 'live', assignedAdvisorId: '8' },
			{ type: 'take', advisor: ann },
			'live',
			'7',
			'assigned',
		],
		[
			'take own waiting one: no line',
			{ state: 'waiting', assignedAdvisorId: '7' },
			{ type: 'take', advisor: ann },
			'live',
			'7',
			null,
		],
		[
			'take own live one',
			{ state: 'live', assignedAdvisorId: '7' },
			{ type: 'take', advisor: ann },
			409,
			undefined,
			null,
		],
		[
			'take a closed one',
			{ state: 'closed' },
			{ type: 'take', advisor: ann },
			409,
			undefined,
			null,
		],
		[
			'assign to a colleague',
			{ state: 'live', assignedAdvisorId: '7' },
			{ type: 'assign', actor: ann, assignee: bob },
			'live',
			'8',
			'assigned',
		],
		[
			'assign to the assignee',
			{ state: 'live', assignedAdvisorId: '8' },
			{ type: 'assign', actor: ann, assignee: bob },
			409,
			undefined,
			null,
		],
		[
			'unassign live → waiting',
			{ state: 'live', assignedAdvisorId: '7' },
			{ type: 'assign', actor: ann, assignee: null },
			'waiting',
			null,
			'unassigned',
		],
		[
			'unassign in bot stays bot',
			{ state: 'bot', assignedAdvisorId: '7' },
			{ type: 'assign', actor: ann, assignee: null },
			'bot',
			null,
			'unassigned',
		],
		[
			'unassign nobody',
			{ state: 'waiting' },
			{ type: 'assign', actor: ann, assignee: null },
			409,
			undefined,
			null,
		],
		[
			'close',
			{ state: 'live' },
			{ type: 'close', actor: ann },
			'closed',
			undefined,
			'closed',
		],
		[
			'close twice',
			{ state: 'closed' },
			{ type: 'close', actor: ann },
			409,
			undefined,
			null,
		],
		[
			'reopen assigned → live',
			{ state: 'closed', assignedAdvisorId: '8' },
			{ type: 'reopen', actor: ann },
			'live',
			undefined,
			'reopened',
		],
		[
			'reopen unassigned → waiting',
			{ state: 'closed' },
			{ type: 'reopen', actor: ann },
			'waiting',
			undefined,
			'reopened',
		],
		[
			'reopen an open one',
			{ state: 'live' },
			{ type: 'reopen', actor: ann },
			409,
			undefined,
			null,
		],
	];
	test.each( rows )( '%s', ( _name, over, event, state, assignee, line ) => {
		const c = at( over );
		const d = decide( c, event, ctx );
		if ( state === 409 ) {
			expect( d ).toMatchObject( { ok: false, status: 409 } );
			return;
		}
		const o = ok( d );
		expect( o.patch.state ?? c.state ).toBe( state );
		expect( o.patch.assignedAdvisorId ).toBe( assignee );
		expect( o.messages.map( ( m ) => m.meta?.event ?? null ) ).toEqual(
			line ? [ line ] : []
		);
		for ( const m of o.messages ) {
			expect( m ).toMatchObject( {
				author: 'system',
				kind: 'event',
				meta: { actor: { id: '7', name: 'Ann' } },
			} );
		}
	} );
	test( 'every advisor event is decided in every state (no throw)', () => {
		for ( const state of states ) {
			for ( const event of [
				{ type: 'close', actor: ann },
				{ type: 'reopen', actor: ann },
				{ type: 'take', advisor: ann },
			] as ConversationEvent[] ) {
				expect( () =>
					decide( at( { state } ), event, ctx )
				).not.toThrow();
			}
		}
	} );
} );
