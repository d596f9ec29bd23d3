/**
 * The one place that decides whether this advisor works without a licence. The bridge
 * hides names, notes and variables from unlicensed advisors; the UI reads that from
 * what the bridge answers (variables hidden, a note refused with 403), never guesses.
 */
import { BridgeError } from '../api';

export type LicenceSignal =
	| { variablesHidden?: boolean; hidden?: boolean }
	| BridgeError
	| Error
	| null
	| undefined;

/**
 * true: the answer shows the advisor has no licence; false: it shows they have one;
 * null: it says nothing either way.
 */
export function licenceMissingFrom( signal: LicenceSignal ): boolean | null {
	if ( ! signal ) {
		return null;
	}
	if ( signal instanceof BridgeError ) {
		// Only answers to licensed-only writes (notes, variables) are fed here.
		return signal.status === 403 ? true : null;
	}
	if ( signal instanceof Error ) {
		return null;
	}
	if ( typeof signal.variablesHidden === 'boolean' ) {
		return signal.variablesHidden;
	}
	if ( typeof signal.hidden === 'boolean' ) {
		return signal.hidden;
	}
	return null;
}
