/**
 * One value kept in the page's address (`&<name>=<value>`), so a reload or a shared
 * link comes back to it; Back and Forward (popstate) read it again.
 */
import { useCallback, useEffect, useState } from '@wordpress/element';

export interface QueryParamOptions {
	/** pushState: each change is a step of Back; otherwise replaceState (no history). */
	push?: boolean;
	/** Values the address may carry; anything else reads as null. Keep it a constant. */
	pattern?: RegExp;
}

function read( name: string, pattern?: RegExp ): string | null {
	if ( typeof window === 'undefined' ) {
		return null;
	}
	const v = new URLSearchParams( window.location.search ).get( name );
	return v && ( ! pattern || pattern.test( v ) ) ? v : null;
}

export function useQueryParam(
	name: string,
	{ push = false, pattern }: QueryParamOptions = {}
): [ string | null, ( value: string | null ) => void ] {
	const [ value, setValue ] = useState< string | null >( () =>
		read( name, pattern )
	);

	useEffect( () => {
		const onPop = () => setValue( read( name, pattern ) );
		window.addEventListener( 'popstate', onPop );
		return () => window.removeEventListener( 'popstate', onPop );
	}, [ name, pattern ] );

	const set = useCallback(
		( next: string | null ) => {
			setValue( next );
			const url = new URL( window.location.href );
			if ( next ) {
				url.searchParams.set( name, next );
			} else {
				url.searchParams.delete( name );
			}
			const href = url.toString();
			if ( push ) {
				window.history.pushState( null, '', href );
			} else if ( href !== window.location.href ) {
				window.history.replaceState( window.history.state, '', href );
			}
		},
		[ name, push ]
	);

	return [ value, set ];
}
