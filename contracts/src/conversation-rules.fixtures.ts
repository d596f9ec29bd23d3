/**
 * The test flow and conversation builders shared by the rules module's tests
 * (conversation-rules*.test.ts). Not named *.test.ts, so jest does not run it on its own.
 */
import {
	decide,
	type Decision,
	type RulesConversation,
} from './conversation-rules';
import type { Flow } from './flow';

export const flow: Flow = {
	id: 'f',
	name: 'Test',
	mode: 'bot',
	startSequence: 'start',
	allowedLinkDomains: [],
	sequences: [
		{
			id: 'start',
			name: 'Start',
			steps: [
				{ id: 'hello', type: 'text', text: 'Hello {{PRENOM}}' },
				{
					id: 'menu',
					type: 'buttons',
					text: 'Choose',
					buttons: [
						{
							id: 'b-ask',
							label: 'Ask',
							action: { type: 'sequence', sequence: 'ask' },
						},
						{
							id: 'b-human',
							label: 'Human',
							action: { type: 'sequence', sequence: 'human' },
						},
					],
				},
			],
		},
		{
			id: 'ask',
			name: 'Ask',
			steps: [
				{
					id: 'q-name',
					type: 'question',
					text: 'Your name?',
					variable: 'PRENOM',
					answerType: 'text',
					invalidText: '',
				},
				{ id: 'bye', type: 'end', text: 'Bye {{PRENOM}}' },
			],
		},
		{
			id: 'human',
			name: 'Human',
			steps: [
				{
					id: 't',
					type: 'transfer',
					assign: 'round_robin',
					advisorId: null,
					waitingText: 'An advisor is coming.',
					fallback: {
						text: '',
						askEmail: true,
						emailVariable: 'EMAIL',
						thanksText: '',
					},
					backToBot: { label: 'Back to the menu', sequence: 'start' },
				},
			],
		},
	],
} as unknown as Flow;

export const ctx = { flow, variables: {} };
export const ann = { id: '7', name: 'Ann' };
export const bob = { id: '8', name: 'Bob' };

export const at = (
	over: Partial< RulesConversation > = {}
): RulesConversation => ( {
	state: 'bot',
	flowId: 'f',
	assignedAdvisorId: null,
	flowState: null,
	backToBot: { sequence: null, label: null },
	...over,
} );

/** The conversation after the bot's first turn: waiting on the menu's buttons. */
export const started = (): RulesConversation => {
	const d = decide( at(), { type: 'start' }, ctx );
	return at( { flowState: ( d as any ).outcome.patch.flowState } );
};

export const ok = ( d: Decision ) => {
	if ( ! d.ok ) {
		throw new Error( `refused: ${ d.message }` );
	}
	return d.outcome;
};
