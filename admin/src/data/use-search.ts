/**
 * Search across every conversation and message (`GET /v1/search`): debounced while the
 * advisor types, 3 characters at least (the bridge's index matches trigrams), older answers
 * dropped, more pages on demand.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { LIMITS, type SearchResult } from '@handoff-chat/contracts';
import { useServices } from './services';
import { useAdvisorSelf } from './use-advisor-self';

export const SEARCH_DEBOUNCE_MS = 300;
export const SEARCH_MIN_LENGTH = LIMITS.searchQueryMin;

export interface SearchState {
	query: string;
	setQuery: ( q: string ) => void;
	/** The query is long enough: the results replace the list. */
	active: boolean;
	results: SearchResult[];
	status: 'idle' | 'loading' | 'ready' | 'error';
	error: Error | null;
	hasMore: boolean;
	loadMore: () => void;
}

export function useSearch(): SearchState {
	const { api } = useServices();
	const [ query, setQuery ] = useState( '' );
	const [ results, setResults ] = useState< SearchResult[] >( [] );
	const [ cursor, setCursor ] = useState< string | null >( null );
	const [ status, setStatus ] = useState< SearchState[ 'status' ] >( 'idle' );
	const [ error, setError ] = useState< Error | null >( null );
	const generation = useRef( 0 );
	// New rights (a licence, pages) change what a search finds: ask again.
	const epoch = useAdvisorSelf()?.epoch ?? 0;
	const q = query.trim();
	// Characters, not UTF-16 units, like the bridge.
	const active = [ ...q ].length >= SEARCH_MIN_LENGTH;

	useEffect( () => {
		const gen = ++generation.current;
		if ( ! active ) {
			setResults( [] );
			setCursor( null );
			setStatus( 'idle' );
			return undefined;
		}
		setStatus( 'loading' );
		const timer = setTimeout( () => {
			api.search( q ).then(
				( page ) => {
					if ( gen === generation.current ) {
						setResults( page.results );
						setCursor( page.nextCursor );
						setStatus( 'ready' );
						setError( null );
					}
				},
				( e: Error ) => {
					if ( gen === generation.current ) {
						setError( e );
						setStatus( 'error' );
					}
				}
			);
		}, SEARCH_DEBOUNCE_MS );
		return () => clearTimeout( timer );
	}, [ api, q, active, epoch ] );

	const loadMore = useCallback( () => {
		if ( ! cursor || status !== 'ready' ) {
			return;
		}
		const gen = generation.current;
		setStatus( 'loading' );
		api.search( q, cursor ).then(
			( page ) => {
				if ( gen === generation.current ) {
					setResults( ( cur ) => {
						const ids = new Set(
							cur.map( ( r ) => r.conversation.id )
						);
						return [
							...cur,
							...page.results.filter(
								( r ) => ! ids.has( r.conversation.id )
							),
						];
					} );
					setCursor( page.nextCursor );
					setStatus( 'ready' );
				}
			},
			( e: Error ) => {
				if ( gen === generation.current ) {
					setError( e );
					setStatus( 'error' );
				}
			}
		);
	}, [ api, q, cursor, status ] );

	return {
		query,
		setQuery,
		active,
		results,
		status,
		error,
		hasMore: cursor !== null,
		loadMore,
	};
}
