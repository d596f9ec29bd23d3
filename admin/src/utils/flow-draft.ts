/**
 * The flow editor's state: a whole `Flow` changed only through `flowDraftReducer`, so
 * every edit is a plain, testable transformation. Ids are generated here (unique per
 * sequence for steps, per flow for sequences; see flow-ids); a sequence's id change
 * rewrites every reference to it (flow-references). Validation is not done here:
 * `validateFlow` runs on the result.
 */
import type {
	Flow,
	FlowSequence,
	FlowStep,
	FlowStepType,
} from '@handoff-chat/contracts';
import { canUseSequenceId, slugify, uniqueId } from './flow-ids';
import { renameReferences } from './flow-references';
import { newStep, structuredCopy } from './flow-templates';

export type FlowDraftAction =
	| { type: 'load'; flow: Flow }
	| { type: 'setName'; name: string }
	| { type: 'setMode'; mode: Flow[ 'mode' ] }
	| { type: 'setStart'; sequence: string }
	| { type: 'setLinkDomains'; domains: string[] }
	/** `name` is shown to the owner; the id is derived from it (unique). */
	| { type: 'addSequence'; name: string }
	| { type: 'renameSequence'; index: number; name: string }
	/** Ignored unless `id` is a free, valid slug; references follow. */
	| { type: 'setSequenceId'; index: number; id: string }
	| { type: 'deleteSequence'; index: number }
	| { type: 'moveSequence'; index: number; to: number }
	| { type: 'addStep'; sequence: number; stepType: FlowStepType }
	| { type: 'updateStep'; sequence: number; index: number; step: FlowStep }
	| { type: 'moveStep'; sequence: number; index: number; to: number }
	| { type: 'duplicateStep'; sequence: number; index: number }
	| { type: 'deleteStep'; sequence: number; index: number };

const stepIdBase = ( t: FlowStepType ) => t.replace( /_/g, '-' );

function move< T >( list: T[], from: number, to: number ): T[] {
	if (
		from === to ||
		from < 0 ||
		from >= list.length ||
		to < 0 ||
		to >= list.length
	) {
		return list;
	}
	const next = list.slice();
	const [ item ] = next.splice( from, 1 );
	next.splice( to, 0, item );
	return next;
}

function withSequence(
	flow: Flow,
	index: number,
	change: ( s: FlowSequence ) => FlowSequence
): Flow {
	const current = flow.sequences[ index ];
	if ( ! current ) {
		return flow;
	}
	const next = change( current );
	if ( next === current ) {
		return flow;
	}
	const sequences = flow.sequences.slice();
	sequences[ index ] = next;
	return { ...flow, sequences };
}

const withSteps = (
	flow: Flow,
	index: number,
	change: ( steps: FlowStep[], s: FlowSequence ) => FlowStep[]
) =>
	withSequence( flow, index, ( s ) => {
		const steps = change( s.steps, s );
		return steps === s.steps ? s : { ...s, steps };
	} );

/** A sequence to point new steps at: another one than `index` when there is one. */
function defaultTarget( flow: Flow, index: number ): string {
	return (
		flow.sequences.find( ( _, i ) => i !== index )?.id ??
		flow.sequences[ index ]?.id ??
		''
	);
}

export function flowDraftReducer( flow: Flow, action: FlowDraftAction ): Flow {
	switch ( action.type ) {
		case 'load':
			return action.flow;
		case 'setName':
			return { ...flow, name: action.name };
		case 'setMode':
			return { ...flow, mode: action.mode };
		case 'setStart':
			return { ...flow, startSequence: action.sequence };
		case 'setLinkDomains':
			return { ...flow, allowedLinkDomains: action.domains };
		case 'addSequence': {
			const id = uniqueId(
				slugify( action.name, 'sequence' ),
				flow.sequences.map( ( s ) => s.id )
			);
			return {
				...flow,
				sequences: [
					...flow.sequences,
					{ id, name: action.name, steps: [] },
				],
			};
		}
		case 'renameSequence':
			return withSequence( flow, action.index, ( s ) => ( {
				...s,
				name: action.name,
			} ) );
		case 'setSequenceId': {
			const old = flow.sequences[ action.index ]?.id;
			if (
				old === undefined ||
				old === action.id ||
				! canUseSequenceId( flow, action.index, action.id )
			) {
				return flow;
			}
			return {
				...flow,
				startSequence:
					flow.startSequence === old ? action.id : flow.startSequence,
				sequences: flow.sequences.map( ( s, i ) => ( {
					...s,
					id: i === action.index ? action.id : s.id,
					steps: s.steps.map( ( step ) =>
						renameReferences( step, old, action.id )
					),
				} ) ),
			};
		}
		case 'deleteSequence':
			// References left behind show as validation issues where they are.
			return action.index >= 0 && action.index < flow.sequences.length
				? {
						...flow,
						sequences: flow.sequences.filter(
							( _, i ) => i !== action.index
						),
					}
				: flow;
		case 'moveSequence': {
			const sequences = move( flow.sequences, action.index, action.to );
			return sequences === flow.sequences ? flow : { ...flow, sequences };
		}
		case 'addStep':
			return withSteps( flow, action.sequence, ( steps ) => [
				...steps,
				newStep(
					action.stepType,
					uniqueId(
						stepIdBase( action.stepType ),
						steps.map( ( s ) => s.id )
					),
					defaultTarget( flow, action.sequence )
				),
			] );
		case 'updateStep':
			return withSteps( flow, action.sequence, ( steps ) =>
				steps[ action.index ]
					? steps.map( ( s, i ) =>
							i === action.index
								? // The id is the editor's business, never a form's.
									{ ...action.step, id: s.id }
								: s
						)
					: steps
			);
		case 'moveStep':
			return withSteps( flow, action.sequence, ( steps ) =>
				move( steps, action.index, action.to )
			);
		case 'duplicateStep':
			return withSteps( flow, action.sequence, ( steps ) => {
				const original = steps[ action.index ];
				if ( ! original ) {
					return steps;
				}
				const copy: FlowStep = {
					...structuredCopy( original ),
					id: uniqueId(
						stepIdBase( original.type ),
						steps.map( ( s ) => s.id )
					),
				};
				const next = steps.slice();
				next.splice( action.index + 1, 0, copy );
				return next;
			} );
		case 'deleteStep':
			return withSteps( flow, action.sequence, ( steps ) =>
				steps[ action.index ]
					? steps.filter( ( _, i ) => i !== action.index )
					: steps
			);
	}
	return flow;
}
