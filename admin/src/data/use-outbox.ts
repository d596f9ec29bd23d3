/**
 * The advisor's unsent replies, notes and images. Each gets a client id once; a retry
 * sends the same id, so the bridge stores it at most once (201 new, 200 replay). An
 * image is uploaded once: a retry after a failed send reuses its upload id.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import type { Message } from '@handoff-chat/contracts';
import { BridgeError, errorMessage } from '../api';
import { newClientId } from '@handoff-chat/contracts/client-id';
import { previewOf } from '../utils/image-file';
import { useServices } from './services';
import { useLicence } from './use-licence';

export type PendingKind = 'text' | 'note' | 'image';

export interface PendingMessage {
	clientId: string;
	/** The reply, the note, or an image's caption. */
	text: string;
	/** Absent on replies queued by older code paths: a text. */
	kind?: PendingKind;
	status: 'sending' | 'failed';
	error: string | null;
	/** ISO time of the first attempt. */
	createdAt: string;
	/** Images: the file, a local preview (blob: URL) and, once uploaded, its id. */
	file?: File;
	previewUrl?: string;
	uploadId?: string;
}

export interface OutboxState {
	pending: PendingMessage[];
	send: ( text: string ) => void;
	/** A private note: never shown to the visitor. */
	sendNote: ( text: string ) => void;
	sendImage: ( file: File, caption?: string ) => void;
	retry: ( clientId: string ) => void;
	discard: ( clientId: string ) => void;
}

function release( p: PendingMessage | undefined ) {
	if ( p?.previewUrl && typeof URL.revokeObjectURL === 'function' ) {
		URL.revokeObjectURL( p.previewUrl );
	}
}

export function useOutbox(
	conversationId: string,
	onSent: ( messages: Message[] ) => void,
	makeId: () => string = newClientId
): OutboxState {
	const { api } = useServices();
	const licence = useLicence();
	const [ pending, setPending ] = useState< PendingMessage[] >( [] );
	const alive = useRef( true );
	const sentRef = useRef( onSent );
	sentRef.current = onSent;
	const pendingRef = useRef( pending );
	pendingRef.current = pending;

	useEffect( () => {
		alive.current = true;
		return () => {
			alive.current = false;
			pendingRef.current.forEach( release );
		};
	}, [] );

	const patch = (
		clientId: string,
		change: Partial< PendingMessage > | null
	) =>
		setPending( ( list ) => {
			if ( change === null ) {
				release( list.find( ( p ) => p.clientId === clientId ) );
				return list.filter( ( p ) => p.clientId !== clientId );
			}
			return list.map( ( p ) =>
				p.clientId === clientId ? { ...p, ...change } : p
			);
		} );

	const attempt = useCallback(
		async ( p: PendingMessage ) => {
			try {
				let message: Message;
				if ( p.kind === 'note' ) {
					message = await api.addNote( conversationId, {
						clientId: p.clientId,
						text: p.text,
					} );
				} else if ( p.kind === 'image' && p.file ) {
					let uploadId = p.uploadId;
					if ( ! uploadId ) {
						uploadId = (
							await api.uploadImage( p.file, p.file.name )
						).id;
						if ( alive.current ) {
							patch( p.clientId, { uploadId } );
						}
					}
					message = await api.sendMessage( conversationId, {
						clientId: p.clientId,
						uploadId,
						...( p.text.trim() ? { text: p.text } : {} ),
					} );
				} else {
					message = await api.sendMessage( conversationId, {
						clientId: p.clientId,
						text: p.text,
					} );
				}
				if ( ! alive.current ) {
					return;
				}
				sentRef.current( [ message ] );
				patch( p.clientId, null );
			} catch ( e ) {
				if ( p.kind === 'note' && e instanceof BridgeError ) {
					licence.report( e );
				}
				if ( alive.current ) {
					patch( p.clientId, {
						status: 'failed',
						error: errorMessage( e ),
					} );
				}
			}
		},
		[ api, conversationId, licence ]
	);

	const queue = useCallback(
		(
			item: Omit<
				PendingMessage,
				'clientId' | 'status' | 'error' | 'createdAt'
			>
		) => {
			const p: PendingMessage = {
				...item,
				clientId: makeId(),
				status: 'sending',
				error: null,
				createdAt: new Date().toISOString(),
			};
			setPending( ( list ) => [ ...list, p ] );
			attempt( p );
		},
		[ attempt, makeId ]
	);

	const send = useCallback(
		( text: string ) => queue( { kind: 'text', text } ),
		[ queue ]
	);
	const sendNote = useCallback(
		( text: string ) => queue( { kind: 'note', text } ),
		[ queue ]
	);
	const sendImage = useCallback(
		( file: File, caption = '' ) =>
			queue( {
				kind: 'image',
				text: caption,
				file,
				previewUrl: previewOf( file ) ?? undefined,
			} ),
		[ queue ]
	);

	const retry = useCallback(
		( clientId: string ) => {
			const p = pendingRef.current.find(
				( x ) => x.clientId === clientId
			);
			if ( ! p || p.status === 'sending' ) {
				return;
			}
			patch( clientId, { status: 'sending', error: null } );
			attempt( { ...p, status: 'sending', error: null } );
		},
		[ attempt ]
	);

	const discard = useCallback(
		( clientId: string ) => patch( clientId, null ),
		[]
	);

	return { pending, send, sendNote, sendImage, retry, discard };
}
