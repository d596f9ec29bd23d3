/**
 * The bridge's checks of typed answers (`validateAnswer` in contracts/src/flow-values.ts),
 * restated because that module imports the zod schemas, which must not enter the panel's
 * chunk. answer-check.test.ts keeps both in agreement. The widget only uses them as a
 * hint: the bridge decides, and re-asks when an answer is not valid.
 */
import type { AnswerType } from '@handoff-chat/contracts';

/**
 * Would the bridge accept `raw` as an answer of this type?
 * @param type The question's answer type.
 * @param raw  The text as typed.
 */
export function isValidAnswer( type: AnswerType, raw: string ): boolean {
	const v = raw.trim();
	if ( ! v ) {
		return false;
	}
	switch ( type ) {
		case 'email':
			return (
				v.length <= 254 &&
				/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.]{2,}$/.test( v )
			);
		case 'phone': {
			const digits = v.replace( /\D/g, '' ).length;
			return (
				/^\+?[\d\s().\/-]{6,30}$/.test( v ) &&
				digits >= 6 &&
				digits <= 15
			);
		}
		case 'number':
			return /^[-+]?\d{1,15}(\.\d{1,10})?$/.test(
				v.replace( /\s/g, '' ).replace( /^([-+]?\d+),(\d+)$/, '$1.$2' )
			);
		default:
			return true;
	}
}
