/**
 * The flow (bot sequence) contract: one schema for the bridge's engine, the admin
 * editor and the tests. `flowSchema` checks shape; `validateFlow` adds the checks a
 * schema cannot express (references, duplicate ids, loops that never wait for the visitor).
 */
import { z } from 'zod';
import { VARIABLE_PATTERN } from './interpolate';
import { IDENTITY_VARIABLE_PREFIX, isIdentityVariable } from './types';

export { interpolate, VARIABLE_PATTERN } from './interpolate';
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,47}$/;
/** Flow, sequence, step and button ids. */
export const slugSchema = z
	.string()
	.regex( SLUG_PATTERN, 'use lower-case letters, digits, - or _' );
const slug = slugSchema;
const variable = z
	.string()
	.regex( VARIABLE_PATTERN, 'variables are UPPER_CASE: letters, digits, _' );
const text = ( max: number ) =>
	z.string().trim().min( 1, 'must not be empty' ).max( max );

const stepBase = { id: slug };

export const buttonSchema = z.object( {
	id: slug,
	label: text( 80 ),
	action: z.discriminatedUnion( 'type', [
		z.object( { type: z.literal( 'goto' ), sequence: slug } ),
		z.object( {
			type: z.literal( 'url' ),
			url: z.url( { protocol: /^https?$/ } ),
		} ),
	] ),
} );

export const stepSchema = z.discriminatedUnion( 'type', [
	z.object( { ...stepBase, type: z.literal( 'text' ), text: text( 2000 ) } ),
	z.object( {
		...stepBase,
		type: z.literal( 'image' ),
		url: z
			.string()
			.max( 2048 )
			.regex( /^(https?:\/\/|\/)/, 'an http(s) URL or a path' ),
		alt: z.string().max( 300 ).default( '' ),
	} ),
	z.object( {
		...stepBase,
		type: z.literal( 'buttons' ),
		text: z.string().max( 2000 ).default( '' ),
		buttons: z
			.array( buttonSchema )
			.min( 1, 'add at least one button' )
			.max( 10 ),
	} ),
	z.object( {
		...stepBase,
		type: z.literal( 'question' ),
		text: text( 2000 ),
		variable,
		answerType: z
			.enum( [ 'text', 'email', 'phone', 'number' ] )
			.default( 'text' ),
		invalidText: z.string().max( 500 ).default( '' ),
	} ),
	z.object( {
		...stepBase,
		type: z.literal( 'condition' ),
		variable,
		operator: z.enum( [
			'equals',
			'not_equals',
			'contains',
			'is_set',
			'is_not_set',
			'gt',
			'lt',
		] ),
		value: z.string().max( 500 ).default( '' ),
		then: slug,
		/** Absent: continue with the next step. */
		else: slug.optional(),
	} ),
	z.object( {
		...stepBase,
		type: z.literal( 'set_variable' ),
		variable,
		value: z.string().max( 2000 ),
	} ),
	z.object( { ...stepBase, type: z.literal( 'note' ), text: text( 2000 ) } ),
	z.object( {
		...stepBase,
		type: z.literal( 'transfer' ),
		assign: z
			.enum( [ 'none', 'advisor', 'round_robin' ] )
			.default( 'none' ),
		advisorId: z.string().max( 64 ).nullable().default( null ),
		waitingText: z.string().max( 2000 ).default( '' ),
		fallback: z
			.object( {
				text: z.string().max( 2000 ).default( '' ),
				askEmail: z.boolean().default( true ),
				emailVariable: variable.default( 'EMAIL' ),
				/** Said once the email is captured ('' = the bridge's default). */
				thanksText: z.string().max( 2000 ).default( '' ),
			} )
			.prefault( {} ),
		backToBot: z
			.object( {
				label: z.string().max( 80 ).default( '' ),
				sequence: slug.nullable().default( null ),
			} )
			.prefault( {} ),
	} ),
	z.object( { ...stepBase, type: z.literal( 'goto' ), sequence: slug } ),
	z.object( {
		...stepBase,
		type: z.literal( 'end' ),
		text: z.string().max( 2000 ).default( '' ),
	} ),
] );

export const sequenceSchema = z.object( {
	id: slug,
	name: text( 120 ),
	steps: z.array( stepSchema ).max( 200 ),
} );

export const flowSchema = z.object( {
	id: slug,
	name: text( 120 ),
	/** `live`: 100 % live chat, no bot; conversations start waiting for an advisor. */
	mode: z.enum( [ 'bot', 'live' ] ).default( 'bot' ),
	startSequence: slug,
	/**
	 * Domains link buttons may open (a domain also allows its subdomains). Empty: no link
	 * buttons at all — a flow never sends visitors somewhere nobody vetted.
	 */
	allowedLinkDomains: z
		.array(
			z
				.string()
				.regex(
					/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
					'a domain such as example.com'
				)
		)
		.max( 50 )
		.default( [] ),
	sequences: z
		.array( sequenceSchema )
		.min( 1, 'a flow needs at least one sequence' )
		.max( 200 ),
} );

export type FlowButton = z.infer< typeof buttonSchema >;
export type FlowStep = z.infer< typeof stepSchema >;
export type FlowStepType = FlowStep[ 'type' ];
export type FlowSequence = z.infer< typeof sequenceSchema >;
export type Flow = z.infer< typeof flowSchema >;
export type FlowInput = z.input< typeof flowSchema >;

/** Steps after which the bot waits for the visitor (or an advisor) before going on. */
export const WAITING_STEPS: ReadonlySet< FlowStepType > = new Set( [
	'buttons',
	'question',
	'transfer',
	'end',
] );

/** `GET`/`PUT /v1/flows/:id`. */
export interface FlowResponse {
	flow: Flow;
	createdAt: string;
	updatedAt: string;
}

export { DEFAULT_FLOW_ID, NO_DEFAULT_FLOW } from './flow-ids';

export interface FlowIssue {
	/** Where in the flow, e.g. `sequences.1.steps.3.then`, so the editor shows it in place. */
	path: string;
	message: string;
}

/** Sequences a step can lead to without waiting for input. */
function immediateTargets( step: FlowStep ): string[] {
	switch ( step.type ) {
		case 'goto':
			return [ step.sequence ];
		case 'condition':
			return step.else ? [ step.then, step.else ] : [ step.then ];
		default:
			return [];
	}
}

/** True when the URL's host is one of the domains, or a subdomain of one. */
export function linkAllowed(
	url: string,
	domains: readonly string[]
): boolean {
	let host: string;
	try {
		host = new URL( url ).hostname.toLowerCase();
	} catch {
		return false;
	}
	return domains.some( ( d ) => host === d || host.endsWith( '.' + d ) );
}

/** Shape check plus references, duplicates and input-free loops. */
export function validateFlow( input: unknown ): {
	flow: Flow | null;
	issues: FlowIssue[];
} {
	const parsed = flowSchema.safeParse( input );
	if ( ! parsed.success ) {
		return {
			flow: null,
			issues: parsed.error.issues.map( ( i ) => ( {
				path: i.path.join( '.' ),
				message: i.message,
			} ) ),
		};
	}
	const flow = parsed.data;
	const issues: FlowIssue[] = [];
	const seqIndex = new Map< string, number >();
	flow.sequences.forEach( ( s, i ) => {
		if ( seqIndex.has( s.id ) ) {
			issues.push( {
				path: `sequences.${ i }.id`,
				message: `duplicate sequence id "${ s.id }"`,
			} );
		}
		seqIndex.set( s.id, i );
	} );
	const ref = ( id: string | null | undefined, path: string ) => {
		if ( id && ! seqIndex.has( id ) ) {
			issues.push( { path, message: `unknown sequence "${ id }"` } );
		}
	};
	ref( flow.startSequence, 'startSequence' );

	flow.sequences.forEach( ( s, si ) => {
		const stepIds = new Set< string >();
		s.steps.forEach( ( step, ti ) => {
			const at = `sequences.${ si }.steps.${ ti }`;
			if ( stepIds.has( step.id ) ) {
				issues.push( {
					path: `${ at }.id`,
					message: `duplicate step id "${ step.id }"`,
				} );
			}
			stepIds.add( step.id );
			// The bot may read `WP_` variables (a condition on WP_EMAIL) but never write one: only
			// WordPress's signed identity sets them, and the bridge would refuse the write mid-chat.
			const written: Array< [ string, string ] > = [];
			if ( step.type === 'question' || step.type === 'set_variable' ) {
				written.push( [ 'variable', step.variable ] );
			} else if ( step.type === 'transfer' && step.fallback.askEmail ) {
				written.push( [
					'fallback.emailVariable',
					step.fallback.emailVariable,
				] );
			}
			for ( const [ field, name ] of written ) {
				if ( isIdentityVariable( name ) ) {
					issues.push( {
						path: `${ at }.${ field }`,
						message: `${ IDENTITY_VARIABLE_PREFIX } variables are set only by WordPress for logged-in visitors: choose another name`,
					} );
				}
			}
			if ( step.type === 'goto' ) {
				ref( step.sequence, `${ at }.sequence` );
			} else if ( step.type === 'condition' ) {
				ref( step.then, `${ at }.then` );
				ref( step.else, `${ at }.else` );
			} else if ( step.type === 'buttons' ) {
				step.buttons.forEach( ( b, bi ) => {
					if ( b.action.type === 'goto' ) {
						ref(
							b.action.sequence,
							`${ at }.buttons.${ bi }.action.sequence`
						);
					} else if (
						! linkAllowed( b.action.url, flow.allowedLinkDomains )
					) {
						issues.push( {
							path: `${ at }.buttons.${ bi }.action.url`,
							message: `this link's domain is not in the flow's allowed link domains`,
						} );
					}
				} );
			} else if ( step.type === 'transfer' ) {
				ref( step.backToBot.sequence, `${ at }.backToBot.sequence` );
				if ( step.assign === 'advisor' && ! step.advisorId ) {
					issues.push( {
						path: `${ at }.advisorId`,
						message: 'choose the advisor to assign',
					} );
				}
			}
		} );
	} );

	// A loop is a cycle of sequences the bot can run through without ever waiting for the visitor.
	const edges = new Map< string, string[] >();
	for ( const s of flow.sequences ) {
		const out: string[] = [];
		for ( const step of s.steps ) {
			out.push(
				...immediateTargets( step ).filter( ( t ) => seqIndex.has( t ) )
			);
			if ( WAITING_STEPS.has( step.type ) || step.type === 'goto' ) {
				break;
			}
		}
		edges.set( s.id, out );
	}
	const state = new Map< string, 'visiting' | 'done' >();
	const visit = ( id: string, trail: string[] ): void => {
		state.set( id, 'visiting' );
		for ( const next of edges.get( id ) ?? [] ) {
			if ( state.get( next ) === 'visiting' ) {
				const cycle = [
					...trail.slice( trail.indexOf( next ) ),
					id,
					next,
				];
				issues.push( {
					path: `sequences.${ seqIndex.get( id ) }`,
					message: `loop without any question or button: ${ [ ...new Set( cycle ) ].join( ' → ' ) } → ${ next }`,
				} );
			} else if ( ! state.has( next ) ) {
				visit( next, [ ...trail, id ] );
			}
		}
		state.set( id, 'done' );
	};
	for ( const s of flow.sequences ) {
		if ( ! state.has( s.id ) ) {
			visit( s.id, [] );
		}
	}
	return { flow: issues.length ? null : flow, issues };
}
