/**
 * The two ways the inbox's hooks read the bridge, each written once:
 *
 * - useResource: read once on mount, again on `refresh()`; answers that arrive after
 *   unmount are dropped. Any failure shows as 'error'; a retry shows 'loading' again.
 * - useCoalescedRefresh: a refresh that never overlaps itself. Called while a run is
 *   under way, it asks that run for one more pass, since the news may postdate what the
 *   pass read.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

export type ResourceStatus = 'loading' | 'ready' | 'error';

export interface Resource< T > {
	data: T;
	status: ResourceStatus;
	refresh: () => void;
	/** Takes data from elsewhere (a PUT's answer) as if read; dropped after unmount. */
	receive: ( data: T ) => void;
}

/** `load` must be memoised (useCallback): a new one reads again. */
export function useResource< T >(
	load: () => Promise< T >,
	initial: T
): Resource< T > {
	const [ data, setData ] = useState< T >( initial );
	const [ status, setStatus ] = useState< ResourceStatus >( 'loading' );
	const alive = useRef( true );

	const receive = useCallback( ( next: T ) => {
		if ( alive.current ) {
			setData( next );
			setStatus( 'ready' );
		}
	}, [] );

	const refresh = useCallback( () => {
		// A retry after a failure shows as loading again; a refresh of shown data does not.
		setStatus( ( s ) => ( s === 'error' ? 'loading' : s ) );
		load().then( receive, () => alive.current && setStatus( 'error' ) );
	}, [ load, receive ] );

	useWhileMounted( alive, refresh );

	return { data, status, refresh, receive };
}

/** Sets `alive` while mounted and calls `start` on mount (and when `start` changes). */
export function useWhileMounted(
	alive: { current: boolean },
	start: () => void
): void {
	useEffect( () => {
		alive.current = true;
		start();
		return () => {
			alive.current = false;
		};
	}, [ alive, start ] );
}

/**
 * The status of a read that is refreshed again and again: 'loading' until it first
 * succeeds; a later failure keeps 'ready' (what is shown stays) and only sets `error`.
 */
export function useReadStatus() {
	const [ status, setStatus ] = useState< ResourceStatus >( 'loading' );
	const [ error, setError ] = useState< Error | null >( null );
	const ready = useCallback( () => {
		setStatus( 'ready' );
		setError( null );
	}, [] );
	const fail = useCallback( ( e: Error ) => {
		setError( e );
		setStatus( ( s ) => ( s === 'loading' ? 'error' : s ) );
	}, [] );
	return { status, error, setError, ready, fail };
}

export interface CoalescedRun {
	/** Run once, before the very first pass. */
	first?: () => Promise< void >;
	/** One read; it returns early when `alive` turned false during an await. */
	pass: () => Promise< void >;
	/** After the last pass, while still mounted. */
	done?: () => void;
	/** A failure, while still mounted. */
	fail: ( e: Error ) => void;
}

/**
 * `alive` is the caller's mount flag: the caller sets it and starts the first run (see
 * useWhileMounted). `run`'s functions must be memoised (useCallback).
 */
export function useCoalescedRefresh(
	alive: { readonly current: boolean },
	run: CoalescedRun
): () => void {
	const running = useRef( false );
	const again = useRef( false );
	const firstDone = useRef( false );
	const { first, pass, done, fail } = run;

	return useCallback( () => {
		if ( running.current ) {
			again.current = true;
			return;
		}
		running.current = true;
		( async () => {
			try {
				if ( first && ! firstDone.current ) {
					firstDone.current = true;
					await first();
				}
				do {
					again.current = false;
					await pass();
					if ( ! alive.current ) {
						return;
					}
				} while ( again.current );
				done?.();
			} catch ( e ) {
				if ( alive.current ) {
					fail( e as Error );
				}
			} finally {
				running.current = false;
			}
		} )();
	}, [ alive, first, pass, done, fail ] );
}
