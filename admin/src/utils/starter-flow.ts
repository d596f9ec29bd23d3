/**
 * The starter flow a new site can begin with: a greeting, "Talk to someone" (a transfer to
 * an advisor, email when nobody is online) and "Leave a question" (the question, then the
 * same transfer). Its texts come from PHP in the site's language (Starter_Flow::texts()):
 * visitors read them, whatever the language of the administrator creating it.
 */
import type { Flow, FlowStep } from '@handoff-chat/contracts';

export interface StarterFlowTexts {
	name: string;
	welcomeName: string;
	greeting: string;
	talkLabel: string;
	questionLabel: string;
	waiting: string;
	fallback: string;
	thanks: string;
	backToMenu: string;
	askQuestion: string;
	questionSaved: string;
}

export const STARTER_TEXT_KEYS: ReadonlyArray< keyof StarterFlowTexts > = [
	'name',
	'welcomeName',
	'greeting',
	'talkLabel',
	'questionLabel',
	'waiting',
	'fallback',
	'thanks',
	'backToMenu',
	'askQuestion',
	'questionSaved',
];

/** The texts from the initial state, or null when any is missing (no starter offered then). */
export function readStarterTexts( raw: unknown ): StarterFlowTexts | null {
	if ( ! raw || typeof raw !== 'object' ) {
		return null;
	}
	const r = raw as Record< string, unknown >;
	return STARTER_TEXT_KEYS.every(
		( k ) => typeof r[ k ] === 'string' && ( r[ k ] as string ).trim()
	)
		? ( Object.fromEntries(
				STARTER_TEXT_KEYS.map( ( k ) => [ k, r[ k ] ] )
			) as unknown as StarterFlowTexts )
		: null;
}

function transfer(
	t: StarterFlowTexts,
	id: string,
	waitingText: string,
	backToMenu: boolean
): FlowStep {
	return {
		id,
		type: 'transfer',
		assign: 'round_robin',
		advisorId: null,
		waitingText,
		fallback: {
			text: t.fallback,
			askEmail: true,
			emailVariable: 'EMAIL',
			thanksText: t.thanks,
		},
		backToBot: backToMenu
			? { label: t.backToMenu, sequence: 'welcome' }
			: { label: '', sequence: null },
	};
}

export function starterFlow(
	id: string,
	name: string,
	t: StarterFlowTexts
): Flow {
	return {
		id,
		name,
		mode: 'bot',
		startSequence: 'welcome',
		allowedLinkDomains: [],
		sequences: [
			{
				id: 'welcome',
				name: t.welcomeName,
				steps: [
					{
						id: 'choices',
						type: 'buttons',
						text: t.greeting,
						buttons: [
							{
								id: 'talk',
								label: t.talkLabel,
								action: { type: 'goto', sequence: 'talk' },
							},
							{
								id: 'question',
								label: t.questionLabel,
								action: { type: 'goto', sequence: 'question' },
							},
						],
					},
				],
			},
			{
				id: 'talk',
				name: t.talkLabel,
				steps: [ transfer( t, 'talk-transfer', t.waiting, true ) ],
			},
			{
				id: 'question',
				name: t.questionLabel,
				steps: [
					{
						id: 'ask-question',
						type: 'question',
						text: t.askQuestion,
						variable: 'QUESTION',
						answerType: 'text',
						invalidText: '',
					},
					transfer( t, 'question-transfer', t.questionSaved, false ),
				],
			},
		],
	};
}
