/** New steps and flows: empty forms to fill in, a blank flow, a copy of one. */
import type { Flow, FlowStep, FlowStepType } from '@handoff-chat/contracts';
import { slugify } from './flow-ids';

/** A new step with empty texts: validation points at what is left to fill in. */
export function newStep(
	stepType: FlowStepType,
	id: string,
	defaultSequence: string
): FlowStep {
	switch ( stepType ) {
		case 'text':
		case 'note':
			return { id, type: stepType, text: '' };
		case 'image':
			return { id, type: 'image', url: '', alt: '' };
		case 'buttons':
			return {
				id,
				type: 'buttons',
				text: '',
				buttons: [
					{
						id: 'button-1',
						label: '',
						action: { type: 'goto', sequence: defaultSequence },
					},
				],
			};
		case 'question':
			return {
				id,
				type: 'question',
				text: '',
				variable: '',
				answerType: 'text',
				invalidText: '',
			};
		case 'condition':
			return {
				id,
				type: 'condition',
				variable: '',
				operator: 'equals',
				value: '',
				then: defaultSequence,
			};
		case 'set_variable':
			return { id, type: 'set_variable', variable: '', value: '' };
		case 'transfer':
			return {
				id,
				type: 'transfer',
				assign: 'round_robin',
				advisorId: null,
				waitingText: '',
				fallback: {
					text: '',
					askEmail: true,
					emailVariable: 'EMAIL',
					thanksText: '',
				},
				backToBot: { label: '', sequence: null },
			};
		case 'goto':
			return { id, type: 'goto', sequence: defaultSequence };
		case 'end':
			return { id, type: 'end', text: '' };
	}
}

/** Steps are plain JSON: a JSON round trip copies them deeply (no shared button arrays). */
export const structuredCopy = < T >( v: T ): T =>
	JSON.parse( JSON.stringify( v ) );

/** A new flow: one sequence with a greeting, in the owner's language. */
export function blankFlow(
	id: string,
	name: string,
	texts: { sequenceName: string; greeting: string }
): Flow {
	const start = slugify( texts.sequenceName, 'start' );
	return {
		id,
		name,
		mode: 'bot',
		startSequence: start,
		allowedLinkDomains: [],
		sequences: [
			{
				id: start,
				name: texts.sequenceName,
				steps: [ { id: 'text', type: 'text', text: texts.greeting } ],
			},
		],
	};
}

/** A copy of `flow` under a new id and name (everything else identical). */
export function duplicateFlow( flow: Flow, id: string, name: string ): Flow {
	return { ...structuredCopy( flow ), id, name };
}
