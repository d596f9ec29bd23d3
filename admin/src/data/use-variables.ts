/**
 * The visitor's variables for the open conversation (what the bot captured, across
 * their conversations). Read over HTTP; fetched again whenever the conversation is
 * updated (a bot turn, a transfer) and after each resubscription.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import {
	conversationChannel,
	EVENTS,
	inboxChannel,
} from '@handoff-chat/contracts/channels';
import type { Conversation, VisitorVariable } from '@handoff-chat/contracts';
import { useServices } from './services';
import { useChannel, useRealtimeSiteId } from './use-realtime';

export interface VariablesState {
	variables: VisitorVariable[];
	status: 'loading' | 'ready' | 'error';
	error: Error | null;
	refresh: () => void;
}

export function useVariables( conversationId: string ): VariablesState {
	const { api } = useServices();
	const siteId = useRealtimeSiteId();
	const [ variables, setVariables ] = useState< VisitorVariable[] >( [] );
	const [ status, setStatus ] =
		useState< VariablesState[ 'status' ] >( 'loading' );
	const [ error, setError ] = useState< Error | null >( null );
	const alive = useRef( true );
	const running = useRef( false );
	const again = useRef( false );

	const refresh = useCallback( () => {
		if ( running.current ) {
			// Once more when this one ends: it may have started before the news.
			again.current = true;
			return;
		}
		running.current = true;
		( async () => {
			try {
				do {
					again.current = false;
					const list = await api.getVariables( conversationId );
					if ( ! alive.current ) {
						return;
					}
					setVariables( list );
					setStatus( 'ready' );
					setError( null );
				} while ( again.current && alive.current );
			} catch ( e ) {
				if ( alive.current ) {
					setError( e as Error );
					setStatus( ( s ) => ( s === 'loading' ? 'error' : s ) );
				}
			} finally {
				running.current = false;
			}
		} )();
	}, [ api, conversationId ] );

	useEffect( () => {
		alive.current = true;
		refresh();
		return () => {
			alive.current = false;
		};
	}, [ refresh ] );

	// Both channels announce the same update: one fetch per change is enough.
	const seen = useRef< string | null >( null );
	const onUpdated = ( data: { conversation?: Conversation } ) => {
		const c = data?.conversation;
		if ( c?.id === conversationId && c.updatedAt !== seen.current ) {
			seen.current = c.updatedAt;
			refresh();
		}
	};
	useChannel(
		siteId ? conversationChannel( siteId, conversationId ) : null,
		{ [ EVENTS.conversationUpdated ]: onUpdated },
		refresh
	);
	useChannel(
		siteId ? inboxChannel( siteId ) : null,
		{ [ EVENTS.conversationUpdated ]: onUpdated },
		refresh
	);

	return { variables, status, error, refresh };
}
