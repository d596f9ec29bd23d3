/** The flow engine's vocabulary (flow-engine.ts): its state, inputs, outputs and words. */
import type { AnswerType, MessageMeta } from './types';

/** What the bot waits for; `fallback_email` is the email question asked when no advisor is online. */
export type WaitingFor =
	'buttons' | 'question' | 'transfer' | 'fallback_email' | 'end';

/** A transfer's settings, resolved when it starts, so it completes the same even if the flow is edited. */
export interface PendingTransfer {
	stepId: string;
	assign: 'none' | 'advisor' | 'round_robin';
	advisorId: string | null;
	waitingText: string;
	fallbackText: string;
	askEmail: boolean;
	emailVariable: string;
	/** Template: interpolated once the email is known. */
	thanksText: string;
	backToBot: { label: string; sequence: string | null };
	/** Set once advisors were looked for (assigned, or the fallback said): it happens once. */
	resolved?: boolean;
	/** Nobody was online when they were looked for: the fallback ran. */
	nobodyOnline?: boolean;
	/** The visitor answered the fallback's email question: the answer goes by email. */
	emailLeft?: boolean;
}

export interface FlowState {
	/** The sequence this conversation started with: where "back to chatbot" goes by default. */
	start: string;
	sequence: string;
	/** Index of the waiting step in its sequence. */
	step: number;
	/** Id of the waiting step: what a button press or answer must refer to. */
	stepId: string | null;
	waiting: WaitingFor;
	/** The question asked (`waiting: 'question'`), so clients know what answer is awaited. */
	question?: { variable: string; answerType: AnswerType };
	transfer?: PendingTransfer;
}

export type EngineInput =
	| { type: 'start'; sequence?: string | null }
	| { type: 'text'; text: string }
	| { type: 'button'; stepId: string; buttonId: string }
	| { type: 'request_human' }
	/** Sent by the bot service when a transfer found nobody online. */
	| { type: 'no_advisor' }
	| { type: 'back_to_bot'; sequence?: string | null };

export type EngineOutput =
	| {
			type: 'message';
			kind: 'text' | 'image';
			text: string;
			meta: MessageMeta;
	  }
	| { type: 'note'; text: string }
	| { type: 'variable'; name: string; value: string }
	| { type: 'transfer'; transfer: PendingTransfer }
	| { type: 'end' };

export interface EngineResult {
	state: FlowState | null;
	outputs: EngineOutput[];
}

/** Bridge-side strings: plain English (the flow's own texts are used whenever the flow has one). */
export const BOT_STRINGS = {
	chooseButton: 'Please choose one of the options below.',
	invalid: {
		text: 'Please type your answer.',
		email: 'That does not look like an email address. Please try again.',
		phone: 'That does not look like a phone number. Please try again.',
		number: 'Please answer with a number.',
	} satisfies Record< AnswerType, string >,
	fallbackAskEmail:
		'No advisor is available right now. Leave your email address and we will reply by email.',
	fallbackNoEmail:
		'No advisor is available right now. We will reply as soon as possible.',
	thanks: 'Thank you! We will reply to {{EMAIL}}.',
	noteHumanRequested: 'The visitor asked to talk to a human.',
	noteNoAdvisor: 'No advisor was online.',
	noteNoAdvisorEmail: ( email: string ) =>
		`No advisor was online; the visitor left their email: ${ email }`,
	noteBroken: ( reason: string ) =>
		`The bot flow could not go on (${ reason }); the conversation was handed to the advisors.`,
} as const;
