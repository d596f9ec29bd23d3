/**
 * Typed answers and conditions of bot flows: pure helpers of the flow engine. Zod-free
 * (types only from ./flow): the widget imports `validateAnswer` to hint before sending.
 */
import { LIMITS } from './limits';
import { interpolate } from './interpolate';
import { truncateText } from './text';
import type { FlowStep } from './flow';
import type { AnswerType } from './types';

/** Trims, checks and normalises a typed answer; null when it is not valid for its type. */
export function validateAnswer( type: AnswerType, raw: string ): string | null {
	const v = raw.trim();
	if ( ! v ) {
		return null;
	}
	switch ( type ) {
		case 'email':
			return v.length <= 254 &&
				/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.]{2,}$/.test( v )
				? v
				: null;
		case 'phone': {
			const digits = v.replace( /\D/g, '' ).length;
			return /^\+?[\d\s().\/-]{6,30}$/.test( v ) &&
				digits >= 6 &&
				digits <= 15
				? v
				: null;
		}
		case 'number': {
			const n = v
				.replace( /\s/g, '' )
				.replace( /^([-+]?\d+),(\d+)$/, '$1.$2' );
			return /^[-+]?\d{1,15}(\.\d{1,10})?$/.test( n ) ? n : null;
		}
		default:
			return truncateText( v, LIMITS.variableValue );
	}
}

const asNumber = ( s: string ): number | null => {
	const n = validateAnswer( 'number', s );
	return n === null ? null : Number( n );
};

export function evaluateCondition(
	step: Extract< FlowStep, { type: 'condition' } >,
	vars: Readonly< Record< string, string > >
): boolean {
	const actual = ( vars[ step.variable ] ?? '' ).trim();
	const expected = interpolate( step.value, vars ).trim();
	switch ( step.operator ) {
		case 'equals':
			return actual.toLowerCase() === expected.toLowerCase();
		case 'not_equals':
			return actual.toLowerCase() !== expected.toLowerCase();
		case 'contains':
			return actual.toLowerCase().includes( expected.toLowerCase() );
		case 'is_set':
			return actual !== '';
		case 'is_not_set':
			return actual === '';
		case 'gt':
		case 'lt': {
			const a = asNumber( actual );
			const b = asNumber( expected );
			if ( a === null || b === null ) {
				return false;
			}
			return step.operator === 'gt' ? a > b : a < b;
		}
	}
}
