/**
 * Which flow the Bot flows page shows, kept in the address (`&flow=<id>`) so a reload
 * or a shared link opens the same editor, and the browser's Back button returns to the list.
 */
import { useCallback, useEffect, useState } from '@wordpress/element';

const PARAM = 'flow';

function read(): string | null {
	if ( typeof window === 'undefined' ) {
		return null;
	}
	return new URLSearchParams( window.location.search ).get( PARAM ) || null;
}

export function useFlowRoute(): [
	string | null,
	( id: string | null ) => void,
] {
	const [ id, setId ] = useState< string | null >( read );

	useEffect( () => {
		const onPop = () => setId( read() );
		window.addEventListener( 'popstate', onPop );
		return () => window.removeEventListener( 'popstate', onPop );
	}, [] );

	const open = useCallback( ( next: string | null ) => {
		const url = new URL( window.location.href );
		if ( next ) {
			url.searchParams.set( PARAM, next );
		} else {
			url.searchParams.delete( PARAM );
		}
		window.history.pushState( null, '', url.toString() );
		setId( next );
	}, [] );

	return [ id, open ];
}
