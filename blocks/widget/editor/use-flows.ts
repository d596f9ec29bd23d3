/**
 * The bot flows for the widget's settings, loaded once when the block is in bot mode.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { fetchFlows, type EditorFlow } from './editor-api';

export interface FlowsState {
	status: 'idle' | 'loading' | 'ready' | 'error';
	flows: EditorFlow[];
	/** Why loading failed, fit to show. */
	error: string;
	/** Loads again, skipping WordPress's cached copy. */
	reload: () => void;
}

function messageOf( e: unknown ): string {
	const m = ( e as { message?: unknown } )?.message;
	return typeof m === 'string' && m
		? m
		: __( 'The bot flows could not be loaded.', 'handoff-chat' );
}

/** @param enabled Load only when the block needs the list (bot mode). */
export function useFlows( enabled: boolean ): FlowsState {
	const [ state, setState ] = useState< Omit< FlowsState, 'reload' > >( {
		status: 'idle',
		flows: [],
		error: '',
	} );
	// Only the latest request may settle the state.
	const request = useRef( 0 );

	const load = useCallback( ( refresh: boolean ) => {
		const id = ++request.current;
		setState( ( s ) => ( { ...s, status: 'loading', error: '' } ) );
		fetchFlows( refresh ).then(
			( flows ) => {
				if ( id === request.current ) {
					setState( {
						status: 'ready',
						flows: Array.isArray( flows ) ? flows : [],
						error: '',
					} );
				}
			},
			( e: unknown ) => {
				if ( id === request.current ) {
					setState( {
						status: 'error',
						flows: [],
						error: messageOf( e ),
					} );
				}
			}
		);
	}, [] );

	const loaded = state.status !== 'idle';
	useEffect( () => {
		if ( enabled && ! loaded ) {
			load( false );
		}
	}, [ enabled, loaded, load ] );
	useEffect(
		() => () => {
			// Unmounted: ignore whatever is still on its way.
			request.current++;
		},
		[]
	);

	const reload = useCallback( () => load( true ), [ load ] );
	return { ...state, reload };
}
