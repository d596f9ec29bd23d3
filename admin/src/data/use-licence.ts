/**
 * Whether this advisor works with a licence: as `GET /v1/advisors/me` says, and as the
 * bridge's later answers reveal it (see utils/licence.ts). Until either tells, names and
 * notes are assumed available.
 */
import {
	createContext,
	useCallback,
	useContext,
	useEffect,
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

/**
 * The provider's state: InboxScreen holds it for the whole inbox. `known`: the licence
 * the advisor's record shows (null while unknown); each new value of it wins.
 */
export function useLicenceState( known: boolean | null = null ): LicenceState {
	const [ licensed, setLicensed ] = useState( known ?? true );
	useEffect( () => {
		if ( known !== null ) {
			setLicensed( known );
		}
	}, [ known ] );
	const report = useCallback( ( signal: LicenceSignal ) => {
		const missing = licenceMissingFrom( signal );
		if ( missing !== null ) {
			setLicensed( ! missing );
		}
	}, [] );
	return useMemo( () => ( { licensed, report } ), [ licensed, report ] );
}
