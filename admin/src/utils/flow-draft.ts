/**
 * The flow editor's state: a whole `Flow` changed only through `flowDraftReducer`, so
 * every edit is a plain, testable transformation. Ids are generated here (unique per
 * sequence for steps, per flow for sequences); a sequence's id change rewrites every
 * reference to it. Validation is not done here: `validateFlow` runs on the result.
 */
import {
	SLUG_PATTERN,
	type Flow,
	type FlowSequence,
	type FlowStep,
	type FlowStepType,
} from '@handoff-chat/contracts';

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

/** Lower-case slug for ids (flow, sequence), from any name; never empty. */
export function slugify( name: string, fallback = 'flow' ): string {
	const slug = name
		.normalize( 'NFD' )
		.replace( /[\u0300-\u036f]/g, '' )
		.toLowerCase()
		.replace( /[^a-z0-9_-]+/g, '-' )
		.replace( /^[-_]+|[-_]+$/g, '' )
		.slice( 0, 40 )
		.replace( /[-_]+$/, '' );
	return slug || fallback;
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function uniqueId( base: string, taken: Iterable< string > ): string {
	const used = new Set( taken );
	if ( ! used.has( base ) ) {
		return base;
	}
	for ( let n = 2; ; n++ ) {
		const id = `${ base }-${ n }`;
		if ( ! used.has( id ) ) {
			return id;
		}
	}
}

/** Whether `id` may become sequence `index`'s id: a valid slug no other sequence holds. */
export function canUseSequenceId(
	flow: Flow,
	index: number,
	id: string
): boolean {
	return (
		SLUG_PATTERN.test( id ) &&
		! flow.sequences.some( ( s, i ) => i !== index && s.id === id )
	);
}

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

/** Where a sequence is used, as `FlowIssue`-style paths (e.g. `sequences.0.steps.4.sequence`). */
export function sequenceReferences( flow: Flow, id: string ): string[] {
	const refs: string[] = [];
	if ( flow.startSequence === id ) {
		refs.push( 'startSequence' );
	}
	flow.sequences.forEach( ( s, si ) =>
		s.steps.forEach( ( step, ti ) => {
			const at = `sequences.${ si }.steps.${ ti }`;
			switch ( step.type ) {
				case 'goto':
					if ( step.sequence === id ) {
						refs.push( `${ at }.sequence` );
					}
					break;
				case 'condition':
					if ( step.then === id ) {
						refs.push( `${ at }.then` );
					}
					if ( step.else === id ) {
						refs.push( `${ at }.else` );
					}
					break;
				case 'buttons':
					step.buttons.forEach( ( b, bi ) => {
						if (
							b.action.type === 'goto' &&
							b.action.sequence === id
						) {
							refs.push(
								`${ at }.buttons.${ bi }.action.sequence`
							);
						}
					} );
					break;
				case 'transfer':
					if ( step.backToBot.sequence === id ) {
						refs.push( `${ at }.backToBot.sequence` );
					}
					break;
			}
		} )
	);
	return refs;
}

function renameReferences(
	step: FlowStep,
	from: string,
	to: string
): FlowStep {
	const r = ( id: string ) => ( id === from ? to : id );
	switch ( step.type ) {
		case 'goto':
			return step.sequence === from ? { ...step, sequence: to } : step;
		case 'condition':
			return step.then === from || step.else === from
				? {
						...step,
						then: r( step.then ),
						...( step.else !== undefined
							? { else: r( step.else ) }
							: {} ),
					}
				: step;
		case 'buttons':
			return step.buttons.some(
				( b ) => b.action.type === 'goto' && b.action.sequence === from
			)
				? {
						...step,
						buttons: step.buttons.map( ( b ) =>
							b.action.type === 'goto' &&
							b.action.sequence === from
								? {
										...b,
										action: { type: 'goto', sequence: to },
									}
								: b
						),
					}
				: step;
		case 'transfer':
			return step.backToBot.sequence === from
				? { ...step, backToBot: { ...step.backToBot, sequence: to } }
				: step;
	}
	return step;
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

/** Steps are plain JSON: a JSON round trip copies them deeply (no shared button arrays). */
const structuredCopy = < T >( v: T ): T => JSON.parse( JSON.stringify( v ) );

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
