/**
 * The advisor's unsent replies. Each gets a client id once; a retry sends the same id,
 * so the bridge stores it at most once (201 new, 200 replay).
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import type { Message } from '@handoff-chat/contracts';
import { errorMessage } from '../api';
import { newClientId } from '../utils/client-id';
import { useServices } from './services';

export interface PendingMessage {
	clientId: string;
	text: string;
	status: 'sending' | 'failed';
	error: string | null;
	/** ISO time of the first attempt. */
	createdAt: string;
}

export interface OutboxState {
	pending: PendingMessage[];
	send: ( text: string ) => void;
	retry: ( clientId: string ) => void;
	discard: ( clientId: string ) => void;
}

export function useOutbox(
	conversationId: string,
	onSent: ( messages: Message[] ) => void,
	makeId: () => string = newClientId
): OutboxState {
	const { api } = useServices();
	const [ pending, setPending ] = useState< PendingMessage[] >( [] );
	const alive = useRef( true );
	const sentRef = useRef( onSent );
	sentRef.current = onSent;

	useEffect( () => {
		alive.current = true;
		return () => {
			alive.current = false;
		};
	}, [] );

	const patch = (
		clientId: string,
		change: Partial< PendingMessage > | null
	) =>
		setPending( ( list ) =>
			change === null
				? list.filter( ( p ) => p.clientId !== clientId )
				: list.map( ( p ) =>
						p.clientId === clientId ? { ...p, ...change } : p
					)
		);

	const attempt = useCallback(
		( clientId: string, text: string ) => {
			api.sendMessage( conversationId, { clientId, text } ).then(
				( message ) => {
					if ( ! alive.current ) {
						return;
					}
					sentRef.current( [ message ] );
					patch( clientId, null );
				},
				( e: unknown ) => {
					if ( alive.current ) {
						patch( clientId, {
							status: 'failed',
							error: errorMessage( e ),
						} );
					}
				}
			);
		},
		[ api, conversationId ]
	);

	const send = useCallback(
		( text: string ) => {
			const clientId = makeId();
			setPending( ( list ) => [
				...list,
				{
					clientId,
					text,
					status: 'sending',
					error: null,
					createdAt: new Date().toISOString(),
				},
			] );
			attempt( clientId, text );
		},
		[ attempt, makeId ]
	);

	const pendingRef = useRef( pending );
	pendingRef.current = pending;

	const retry = useCallback(
		( clientId: string ) => {
			const p = pendingRef.current.find(
				( x ) => x.clientId === clientId
			);
			if ( ! p || p.status === 'sending' ) {
				return;
			}
			patch( clientId, { status: 'sending', error: null } );
			attempt( p.clientId, p.text );
		},
		[ attempt ]
	);

	const discard = useCallback(
		( clientId: string ) => patch( clientId, null ),
		[]
	);

	return { pending, send, retry, discard };
}
