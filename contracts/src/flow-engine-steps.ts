/** Lookups the flow engine (flow-engine.ts) makes in a flow: buttons, transfer settings, the waiting step. */
import { interpolate } from './interpolate';
import type { Flow, FlowButton, FlowStep } from './flow';
import type { FlowState, PendingTransfer } from './flow-engine-types';

export type Vars = Record< string, string >;

/** Checks a button press against the step the bot waits on. */
export function findButton(
	flow: Flow | null,
	state: FlowState | null,
	stepId: string,
	buttonId: string
):
	| { ok: true; button: FlowButton }
	| { ok: false; reason: 'stale' | 'unknown_button' } {
	if (
		! flow ||
		! state ||
		state.waiting !== 'buttons' ||
		state.stepId !== stepId
	) {
		return { ok: false, reason: 'stale' };
	}
	const step = flow.sequences
		.find( ( s ) => s.id === state.sequence )
		?.steps.find( ( s ) => s.id === stepId );
	if ( ! step || step.type !== 'buttons' ) {
		return { ok: false, reason: 'stale' };
	}
	const button = step.buttons.find( ( b ) => b.id === buttonId );
	return button
		? { ok: true, button }
		: { ok: false, reason: 'unknown_button' };
}

export function resolveTransfer(
	step: Extract< FlowStep, { type: 'transfer' } > | null,
	vars: Vars,
	stepId: string
): PendingTransfer {
	return {
		stepId,
		assign: step?.assign ?? 'round_robin',
		advisorId: step?.advisorId ?? null,
		waitingText: interpolate( step?.waitingText ?? '', vars ),
		fallbackText: interpolate( step?.fallback.text ?? '', vars ),
		askEmail: step?.fallback.askEmail ?? true,
		emailVariable: step?.fallback.emailVariable ?? 'EMAIL',
		thanksText: step?.fallback.thanksText ?? '',
		backToBot: {
			label: step?.backToBot.label ?? '',
			sequence: step?.backToBot.sequence ?? null,
		},
	};
}

export const buttonsMeta = ( buttons: FlowButton[], vars: Vars ) =>
	buttons.map( ( b ) => ( {
		id: b.id,
		label: interpolate( b.label, vars ),
		...( b.action.type === 'url' ? { url: b.action.url } : {} ),
	} ) );

/** The first transfer step of the flow sets how a visitor's own "talk to a human" is handled. */
export function templateTransfer( flow: Flow | null ) {
	for ( const s of flow?.sequences ?? [] ) {
		for ( const step of s.steps ) {
			if ( step.type === 'transfer' ) {
				return step;
			}
		}
	}
	return null;
}

/** The step the bot waits on, found by id so that an edit moving it keeps the conversation on track. */
export function waitingStep(
	flow: Flow,
	state: FlowState
): { step: FlowStep; index: number } | null {
	const steps =
		flow.sequences.find( ( s ) => s.id === state.sequence )?.steps ?? [];
	const index = steps.findIndex( ( s ) => s.id === state.stepId );
	return index < 0 ? null : { step: steps[ index ], index };
}
