/**
 * The bot flow engine: pure and deterministic. `run(flow, state, input, variables)`
 * returns the next state and what to do (messages, notes, variable writes, transfer,
 * end); the bot service stores and publishes those. No I/O, no clock, no randomness,
 * so the same input always gives the same outputs and a restart loses nothing.
 */
import { LIMITS } from './limits';
import { interpolate } from './interpolate';
import type { Flow } from './flow';
import { evaluateCondition, validateAnswer } from './flow-values';

import {
	BOT_STRINGS,
	type EngineInput,
	type EngineOutput,
	type EngineResult,
	type FlowState,
	type PendingTransfer,
} from './flow-engine-types';
import { isIdentityVariable, type MessageMeta } from './types';

export { evaluateCondition, validateAnswer };
export * from './flow-engine-types';
export { findButton } from './flow-engine-steps';
import {
	buttonsMeta,
	findButton,
	resolveTransfer,
	templateTransfer,
	waitingStep,
	type Vars,
} from './flow-engine-steps';

/** Last line against runaway loops (validateFlow already refuses input-free loops at save time). */
export const MAX_STEPS_PER_INPUT = 500;

/** One input's worth of work: a mutable accumulator, discarded after `run` returns. */
class Run {
	outputs: EngineOutput[] = [];
	steps = 0;

	constructor(
		readonly flow: Flow | null,
		readonly vars: Vars,
		readonly start: string
	) {}

	say( kind: 'text' | 'image', text: string, meta: MessageMeta ) {
		this.outputs.push( { type: 'message', kind, text, meta } );
	}

	setVar( name: string, value: string ) {
		// WordPress's vouched names stay as it set them, even within this run: a flow saved before
		// validateFlow refused them would otherwise let the visitor's answer stand in for them.
		if ( isIdentityVariable( name ) ) {
			return;
		}
		this.vars[ name ] = value;
		this.outputs.push( { type: 'variable', name, value } );
	}

	/** A flow that cannot go on hands the visitor to humans rather than failing. */
	broken(
		reason: string,
		at: { sequence: string; step: number }
	): FlowState {
		this.outputs.push( {
			type: 'note',
			text: BOT_STRINGS.noteBroken( reason ),
		} );
		return this.transfer(
			resolveTransfer( null, this.vars, 'flow-error' ),
			at
		);
	}

	transfer(
		transfer: PendingTransfer,
		at: { sequence: string; step: number }
	): FlowState {
		this.outputs.push( { type: 'transfer', transfer } );
		return {
			start: this.start,
			...at,
			stepId: transfer.stepId,
			waiting: 'transfer',
			transfer,
		};
	}

	/** Runs steps from `sequence[step]` until one waits for the visitor. */
	exec( sequenceId: string, step: number ): FlowState {
		let seqId = sequenceId;
		let i = step;
		for (;;) {
			const sequence = this.flow?.sequences.find(
				( s ) => s.id === seqId
			);
			if ( ! sequence ) {
				return this.broken(
					this.flow
						? `unknown sequence "${ seqId }"`
						: 'the flow no longer exists',
					{
						sequence: seqId,
						step: i,
					}
				);
			}
			const s = sequence.steps[ i ];
			if ( ! s ) {
				// Falling off the end of a sequence ends the bot's part quietly.
				this.outputs.push( { type: 'end' } );
				return {
					start: this.start,
					sequence: seqId,
					step: i,
					stepId: null,
					waiting: 'end',
				};
			}
			if ( ++this.steps > MAX_STEPS_PER_INPUT ) {
				return this.broken(
					`more than ${ MAX_STEPS_PER_INPUT } steps without waiting for the visitor`,
					{
						sequence: seqId,
						step: i,
					}
				);
			}
			const at = {
				start: this.start,
				sequence: seqId,
				step: i,
				stepId: s.id,
			};
			const v = this.vars;
			switch ( s.type ) {
				case 'text':
					this.say( 'text', interpolate( s.text, v ), {
						stepId: s.id,
					} );
					break;
				case 'image':
					this.say( 'image', s.alt, {
						stepId: s.id,
						image: { url: s.url, alt: s.alt },
					} );
					break;
				case 'buttons':
					this.say( 'text', interpolate( s.text, v ), {
						stepId: s.id,
						buttons: buttonsMeta( s.buttons, v ),
					} );
					return { ...at, waiting: 'buttons' };
				case 'question':
					this.say( 'text', interpolate( s.text, v ), {
						stepId: s.id,
						question: {
							variable: s.variable,
							answerType: s.answerType,
						},
					} );
					return {
						...at,
						waiting: 'question',
						question: {
							variable: s.variable,
							answerType: s.answerType,
						},
					};
				case 'condition': {
					const target = evaluateCondition( s, v ) ? s.then : s.else;
					if ( target ) {
						seqId = target;
						i = 0;
						continue;
					}
					break;
				}
				case 'set_variable':
					this.setVar(
						s.variable,
						interpolate( s.value, v ).slice(
							0,
							LIMITS.variableValue
						)
					);
					break;
				case 'note':
					this.outputs.push( {
						type: 'note',
						text: interpolate( s.text, v ),
					} );
					break;
				case 'transfer':
					return this.transfer( resolveTransfer( s, v, s.id ), {
						sequence: seqId,
						step: i,
					} );
				case 'goto':
					seqId = s.sequence;
					i = 0;
					continue;
				case 'end':
					if ( s.text ) {
						this.say( 'text', interpolate( s.text, v ), {
							stepId: s.id,
						} );
					}
					this.outputs.push( { type: 'end' } );
					return { ...at, waiting: 'end' };
			}
			i++;
		}
	}
}

export function run(
	flow: Flow | null,
	state: FlowState | null,
	input: EngineInput,
	variables: Readonly< Vars >
): EngineResult {
	const vars = { ...variables };
	const start =
		input.type === 'start'
			? ( input.sequence ?? flow?.startSequence ?? 'start' )
			: ( state?.start ?? flow?.startSequence ?? 'start' );
	const r = new Run( flow, vars, start );
	const done = ( next: FlowState | null ): EngineResult => ( {
		state: next,
		outputs: r.outputs,
	} );

	if ( input.type === 'start' ) {
		return done( r.exec( start, 0 ) );
	}
	if ( input.type === 'back_to_bot' ) {
		return done( r.exec( input.sequence ?? start, 0 ) );
	}
	if ( ! state ) {
		return done( null );
	}
	const here = { sequence: state.sequence, step: state.step };

	switch ( input.type ) {
		case 'request_human': {
			r.outputs.push( {
				type: 'note',
				text: BOT_STRINGS.noteHumanRequested,
			} );
			const template = templateTransfer( flow );
			return done(
				r.transfer(
					resolveTransfer(
						template,
						vars,
						template?.id ?? 'request-human'
					),
					here
				)
			);
		}
		case 'no_advisor': {
			const t = state.transfer;
			if ( state.waiting !== 'transfer' || ! t || t.resolved ) {
				return done( state );
			}
			const resolved = { ...t, resolved: true, nobodyOnline: true };
			if ( ! t.askEmail ) {
				r.say( 'text', t.fallbackText || BOT_STRINGS.fallbackNoEmail, {
					stepId: t.stepId,
				} );
				r.outputs.push( {
					type: 'note',
					text: BOT_STRINGS.noteNoAdvisor,
				} );
				return done( { ...state, transfer: resolved } );
			}
			r.say( 'text', t.fallbackText || BOT_STRINGS.fallbackAskEmail, {
				stepId: t.stepId,
				question: { variable: t.emailVariable, answerType: 'email' },
			} );
			return done( {
				...state,
				waiting: 'fallback_email',
				transfer: resolved,
			} );
		}
		case 'button': {
			const found = findButton(
				flow,
				state,
				input.stepId,
				input.buttonId
			);
			if ( ! found.ok || found.button.action.type === 'url' ) {
				// Link buttons are opened by the client; nothing for the bot to do.
				return done( state );
			}
			return done( r.exec( found.button.action.sequence, 0 ) );
		}
		case 'text':
			return done( answer( r, flow, state, input.text ) );
	}
}

/** A typed message: an answer to a question, a stray text under buttons, or nothing the bot waits for. */
function answer(
	r: Run,
	flow: Flow | null,
	state: FlowState,
	text: string
): FlowState {
	if ( state.waiting === 'fallback_email' && state.transfer ) {
		const t = state.transfer;
		const email = validateAnswer( 'email', text );
		if ( email === null ) {
			r.say( 'text', BOT_STRINGS.invalid.email, {
				stepId: t.stepId,
				question: { variable: t.emailVariable, answerType: 'email' },
				invalid: true,
			} );
			return state;
		}
		r.setVar( t.emailVariable, email );
		r.outputs.push( {
			type: 'note',
			text: BOT_STRINGS.noteNoAdvisorEmail( email ),
		} );
		const thanks =
			t.thanksText ||
			BOT_STRINGS.thanks.replace( 'EMAIL', t.emailVariable );
		r.say( 'text', interpolate( thanks, r.vars ), { stepId: t.stepId } );
		return {
			...state,
			waiting: 'transfer',
			transfer: { ...t, emailLeft: true },
		};
	}
	if ( state.waiting !== 'question' && state.waiting !== 'buttons' ) {
		return state;
	}
	const here = { sequence: state.sequence, step: state.step };
	if ( ! flow ) {
		return r.broken( 'the flow no longer exists', here );
	}
	const found = waitingStep( flow, state );
	if ( ! found ) {
		return r.broken( `step "${ state.stepId }" no longer exists`, here );
	}
	const { step, index } = found;
	if ( step.type === 'buttons' ) {
		r.say( 'text', BOT_STRINGS.chooseButton, {
			stepId: step.id,
			buttons: buttonsMeta( step.buttons, r.vars ),
		} );
		return state;
	}
	if ( step.type !== 'question' ) {
		return r.broken( `step "${ step.id }" is no longer a question`, here );
	}
	const value = validateAnswer( step.answerType, text );
	if ( value === null ) {
		r.say(
			'text',
			interpolate( step.invalidText, r.vars ) ||
				BOT_STRINGS.invalid[ step.answerType ],
			{
				stepId: step.id,
				question: {
					variable: step.variable,
					answerType: step.answerType,
				},
				invalid: true,
			}
		);
		return state;
	}
	r.setVar( step.variable, value );
	return r.exec( state.sequence, index + 1 );
}
