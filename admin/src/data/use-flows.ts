/**
 * The site's flows for the Bot flows list. The list endpoint gives summaries; each
 * flow is then read (in parallel) for its number of sequences and so that it can be
 * duplicated without another round trip.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import type { Flow, FlowSummary } from '@handoff-chat/contracts';
import { sprintf, __ } from '@wordpress/i18n';
import { BridgeError } from '../api';
import { useServices } from './services';

export interface FlowListItem extends FlowSummary {
	/** Null while loading or when the flow could not be read. */
	flow: Flow | null;
}

export interface FlowsState {
	status: 'loading' | 'ready' | 'error';
	error: Error | null;
	flows: FlowListItem[];
	refresh: () => void;
	/**
	 * Creates a flow (the caller picks a free id from the list). Never replaces: if a
	 * colleague took the id meanwhile, it rejects with a message saying so, and the list
	 * is read again.
	 */
	create: ( flow: Flow ) => Promise< void >;
	/** Rejects with the bridge's error (409 for the default flow). */
	remove: ( id: string ) => Promise< void >;
}

export function useFlows(): FlowsState {
	const { api } = useServices();
	const [ status, setStatus ] =
		useState< FlowsState[ 'status' ] >( 'loading' );
	const [ error, setError ] = useState< Error | null >( null );
	const [ flows, setFlows ] = useState< FlowListItem[] >( [] );
	const generation = useRef( 0 );

	const refresh = useCallback( () => {
		const mine = ++generation.current;
		const current = () => mine === generation.current;
		api.listFlows().then(
			( summaries ) => {
				if ( ! current() ) {
					return;
				}
				setFlows( summaries.map( ( s ) => ( { ...s, flow: null } ) ) );
				setStatus( 'ready' );
				setError( null );
				summaries.forEach( ( s ) =>
					api.getFlow( s.id ).then(
						( r ) =>
							current() &&
							setFlows( ( list ) =>
								list.map( ( f ) =>
									f.id === s.id ? { ...f, flow: r.flow } : f
								)
							),
						() => undefined
					)
				);
			},
			( e: Error ) => {
				if ( current() ) {
					setError( e );
					setStatus( 'error' );
				}
			}
		);
	}, [ api ] );

	useEffect( () => {
		const gen = generation;
		refresh();
		// Answers arriving after unmount are dropped.
		return () => {
			gen.current++;
		};
	}, [ refresh ] );

	const create = useCallback(
		async ( flow: Flow ) => {
			try {
				await api.putFlow( flow, { create: true } );
			} catch ( e ) {
				if ( e instanceof BridgeError && e.status === 409 ) {
					refresh();
					throw new Error(
						sprintf(
							/* translators: %s: a flow's id. */
							__(
								'Another flow now has the ID %s (created meanwhile, perhaps by a colleague). Choose another ID.',
								'handoff-chat'
							),
							flow.id
						)
					);
				}
				throw e;
			}
			refresh();
		},
		[ api, refresh ]
	);

	const remove = useCallback(
		async ( id: string ) => {
			await api.deleteFlow( id );
			setFlows( ( list ) => list.filter( ( f ) => f.id !== id ) );
		},
		[ api ]
	);

	return { status, error, flows, refresh, create, remove };
}
