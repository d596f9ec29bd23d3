/**
 * The advisor's unsent replies, notes and images: a React hook around the client
 * core's outbox (one client id per item, kept on every retry, so the bridge stores it
 * at most once; items sent in the order they were queued). An image is uploaded once:
 * a retry after a failed send reuses its upload id.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import type { Message } from '@handoff-chat/contracts';
import { newClientId } from '@handoff-chat/contracts/client-id';
import {
	createOutbox,
	type OutboxFields,
	type OutboxItem,
} from '@handoff-chat/client-core/outbox';
import { BridgeError, type HandoffApi } from '../api';
import { previewOf } from '../utils/image-file';
import { useServices } from './services';
import { useLicence } from './use-licence';

export type PendingKind = 'text' | 'note' | 'image';

export interface PendingMessage extends OutboxItem {
	/** The reply, the note, or an image's caption. */
	readonly text: string;
	/** Absent on replies queued by older code paths: a text. */
	readonly kind?: PendingKind;
	/** Images: the file, a local preview (blob: URL) and, once uploaded, its id. */
	readonly file?: File;
	readonly previewUrl?: string;
	readonly uploadId?: string;
}

export interface OutboxState {
	pending: readonly PendingMessage[];
	send: ( text: string ) => void;
	/** A private note: never shown to the visitor. */
	sendNote: ( text: string ) => void;
	sendImage: ( file: File, caption?: string ) => void;
	retry: ( clientId: string ) => void;
	discard: ( clientId: string ) => void;
}

function release( p: PendingMessage ) {
	if ( p.previewUrl && typeof URL.revokeObjectURL === 'function' ) {
		URL.revokeObjectURL( p.previewUrl );
	}
}

/** Sends one item as a note, an image (uploaded first, once) or a reply. */
async function deliver(
	api: HandoffApi,
	conversationId: string,
	p: PendingMessage,
	update: ( change: Partial< OutboxFields< PendingMessage > > ) => void
): Promise< Message > {
	if ( p.kind === 'note' ) {
		return api.addNote( conversationId, {
			clientId: p.clientId,
			text: p.text,
		} );
	}
	if ( p.kind === 'image' && p.file ) {
		let uploadId = p.uploadId;
		if ( ! uploadId ) {
			uploadId = ( await api.uploadImage( p.file, p.file.name ) ).id;
			update( { uploadId } );
		}
		return api.sendMessage( conversationId, {
			clientId: p.clientId,
			uploadId,
			...( p.text.trim() ? { text: p.text } : {} ),
		} );
	}
	return api.sendMessage( conversationId, {
		clientId: p.clientId,
		text: p.text,
	} );
}

export function useOutbox(
	conversationId: string,
	onSent: ( messages: Message[] ) => void,
	makeId: () => string = newClientId
): OutboxState {
	const { api } = useServices();
	const licence = useLicence();
	const latest = useRef( { api, conversationId, licence, onSent } );
	latest.current = { api, conversationId, licence, onSent };
	const alive = useRef( true );

	const [ outbox ] = useState( () =>
		createOutbox< PendingMessage >( {
			clientId: makeId,
			async send( item, update ) {
				const now = latest.current;
				const message = await deliver(
					now.api,
					now.conversationId,
					item,
					update
				);
				if ( alive.current ) {
					latest.current.onSent( [ message ] );
				}
			},
			onFailure( e, item ) {
				if ( item.kind === 'note' && e instanceof BridgeError ) {
					latest.current.licence.report( e );
				}
				// Whatever the cause, the advisor decides: retry or discard.
				return 'failed';
			},
			onRemove: release,
		} )
	);

	// A state copy, not useSyncExternalStore: its synchronous render would drop a sent
	// item before `onSent`'s message reaches the thread (a blink of an empty log).
	const [ pending, setPending ] = useState( outbox.items );
	useEffect( () => {
		alive.current = true;
		const unsubscribe = outbox.subscribe( () =>
			setPending( outbox.items )
		);
		setPending( outbox.items );
		return () => {
			alive.current = false;
			unsubscribe();
			outbox.dispose();
		};
	}, [ outbox ] );

	const send = useCallback(
		( text: string ) => void outbox.queue( { kind: 'text', text } ),
		[ outbox ]
	);
	const sendNote = useCallback(
		( text: string ) => void outbox.queue( { kind: 'note', text } ),
		[ outbox ]
	);
	const sendImage = useCallback(
		( file: File, caption = '' ) =>
			void outbox.queue( {
				kind: 'image',
				text: caption,
				file,
				previewUrl: previewOf( file ) ?? undefined,
			} ),
		[ outbox ]
	);
	const retry = useCallback(
		( clientId: string ) => void outbox.retry( clientId ),
		[ outbox ]
	);
	const discard = useCallback(
		( clientId: string ) => void outbox.discard( clientId ),
		[ outbox ]
	);

	return { pending, send, sendNote, sendImage, retry, discard };
}
