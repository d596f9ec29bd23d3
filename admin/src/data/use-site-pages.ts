/**
 * The site's published pages for page restrictions: the first page of them at once, then
 * what the search field asks for (debounced; older answers dropped). Only while `enabled`
 * (the restriction editor is on "Chosen pages").
 */
import { useCallback, useEffect, useState } from '@wordpress/element';
import type { RestrictedPage } from '@handoff-chat/contracts';
import { useServices } from './services';
import type { ResourceStatus } from './use-resource';

export const PAGES_SEARCH_DEBOUNCE_MS = 300;

export interface SitePagesState {
	pages: RestrictedPage[];
	status: ResourceStatus;
	error: Error | null;
	retry: () => void;
}

export function useSitePages( search: string, enabled = true ): SitePagesState {
	const { api } = useServices();
	const [ pages, setPages ] = useState< RestrictedPage[] >( [] );
	const [ status, setStatus ] = useState< ResourceStatus >( 'loading' );
	const [ error, setError ] = useState< Error | null >( null );
	const [ attempt, setAttempt ] = useState( 0 );
	const q = search.trim();

	useEffect( () => {
		if ( ! enabled ) {
			return undefined;
		}
		// Answers to a search the user moved past, or after unmount, are dropped.
		let current = true;
		setStatus( 'loading' );
		const timer = setTimeout(
			() => {
				api.searchPages( q ).then(
					( found ) => {
						if ( current ) {
							setPages( found );
							setStatus( 'ready' );
							setError( null );
						}
					},
					( e: Error ) => {
						if ( current ) {
							setError( e );
							setStatus( 'error' );
						}
					}
				);
			},
			q ? PAGES_SEARCH_DEBOUNCE_MS : 0
		);
		return () => {
			current = false;
			clearTimeout( timer );
		};
	}, [ api, q, enabled, attempt ] );

	const retry = useCallback( () => setAttempt( ( n ) => n + 1 ), [] );
	return { pages, status, error, retry };
}
