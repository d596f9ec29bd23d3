/** The site's advisors the bridge has seen: for "Assign to" and avatars. Read once, refreshable. */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import type { AdvisorListItem } from '../api';
import { useServices } from './services';

export interface AdvisorsState {
	advisors: AdvisorListItem[];
	status: 'loading' | 'ready' | 'error';
	refresh: () => void;
}

export function useAdvisors(): AdvisorsState {
	const { api } = useServices();
	const [ advisors, setAdvisors ] = useState< AdvisorListItem[] >( [] );
	const [ status, setStatus ] =
		useState< AdvisorsState[ 'status' ] >( 'loading' );
	const alive = useRef( true );

	const refresh = useCallback( () => {
		api.listAdvisors().then(
			( list ) => {
				if ( alive.current ) {
					setAdvisors( list );
					setStatus( 'ready' );
				}
			},
			() => alive.current && setStatus( 'error' )
		);
	}, [ api ] );

	useEffect( () => {
		alive.current = true;
		refresh();
		return () => {
			alive.current = false;
		};
	}, [ refresh ] );

	return { advisors, status, refresh };
}
