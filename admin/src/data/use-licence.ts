/**
 * Whether this advisor works with a licence, as the bridge's answers reveal it (see
 * utils/licence.ts). Until an answer says otherwise, names and notes are assumed
 * available: every advisor is licensed until quotas exist.
 */
import {
	createContext,
	useCallback,
	useContext,
	useMemo,
	useState,
} from '@wordpress/element';
import { licenceMissingFrom, type LicenceSignal } from '../utils/licence';

export interface LicenceState {
	/** false once the bridge showed that names, notes and variables are hidden. */
	licensed: boolean;
	/** Feed any answer that can tell (visitor details, a refused note). */
	report: ( signal: LicenceSignal ) => void;
}

export const LicenceContext = createContext< LicenceState >( {
	licensed: true,
	report: () => undefined,
} );

export function useLicence(): LicenceState {
	return useContext( LicenceContext );
}

/** The provider's state: InboxScreen holds it for the whole inbox. */
export function useLicenceState(): LicenceState {
	const [ licensed, setLicensed ] = useState( true );
	const report = useCallback( ( signal: LicenceSignal ) => {
		const missing = licenceMissingFrom( signal );
		if ( missing !== null ) {
			setLicensed( ! missing );
		}
	}, [] );
	return useMemo( () => ( { licensed, report } ), [ licensed, report ] );
}
