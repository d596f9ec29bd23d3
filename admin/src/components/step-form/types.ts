/** The props every step form takes; shared by index.tsx and the per-type field files. */
import type { FlowStep } from '@handoff-chat/contracts';

export type StepOf< T extends FlowStep[ 'type' ] > = Extract<
	FlowStep,
	{ type: T }
>;

export interface StepFormProps< S extends FlowStep = FlowStep > {
	step: S;
	/** Issue path of the step, e.g. `sequences.0.steps.2`. */
	path: string;
	onChange: ( step: FlowStep ) => void;
}
