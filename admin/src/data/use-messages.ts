/**
 * One open conversation: its header data and its messages. HTTP is the truth:
 * after subscribing, after each reconnection, when the tab becomes visible and on a
 * seq gap, it fetches `after=<last seq>` and merges by id. Realtime events are merged
 * the same way, so nothing is ever shown twice.
 *
 * Mount it once per conversation (key the component by id): state never leaks
 * from one conversation to the next.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import {
	conversationChannel,
	EVENTS,
	inboxChannel,
} from '@handoff-chat/contracts/channels';
import type {
	Conversation,
	Message,
	NoteCreatedHint,
} from '@handoff-chat/contracts';
import { isGap, lastSeqOf, mergeMessages } from '../utils/merge-messages';
import { useServices } from './services';
import { useChannel, useRealtimeSiteId } from './use-realtime';

export interface MessagesState {
	conversation: Conversation | null;
	messages: Message[];
	/** 'loading' until the first catch-up finished. */
	status: 'loading' | 'ready' | 'error';
	error: Error | null;
	/** Merges messages from elsewhere (the reply box's confirmed sends). */
	receive: ( messages: Message[] ) => void;
	/** Fetch what was missed; safe to call at any time. */
	catchUp: () => void;
}

export function useMessages(
	conversationId: string,
	initial: Conversation | null = null
): MessagesState {
	const { api } = useServices();
	const siteId = useRealtimeSiteId();
	const [ conversation, setConversation ] = useState< Conversation | null >(
		initial
	);
	const [ messages, setMessages ] = useState< Message[] >( [] );
	const [ status, setStatus ] =
		useState< MessagesState[ 'status' ] >( 'loading' );
	const [ error, setError ] = useState< Error | null >( null );

	const held = useRef< Message[] >( [] );
	const alive = useRef( true );
	const running = useRef( false );
	const again = useRef( false );

	const apply = useCallback(
		( incoming: Message[] ) => {
			const mine = incoming.filter(
				( m ) => m.conversationId === conversationId
			);
			const next = mergeMessages( held.current, mine );
			if ( next !== held.current ) {
				held.current = next;
				setMessages( next );
			}
		},
		[ conversationId ]
	);

	const catchUp = useCallback( () => {
		if ( running.current ) {
			// One more pass once the current one ends: it may have started before the news.
			again.current = true;
			return;
		}
		running.current = true;
		( async () => {
			try {
				do {
					again.current = false;
					let more = true;
					while ( more ) {
						const page = await api.listMessages(
							conversationId,
							lastSeqOf( held.current )
						);
						if ( ! alive.current ) {
							return;
						}
						apply( page.messages );
						more = page.hasMore && page.messages.length > 0;
					}
				} while ( again.current && alive.current );
				setStatus( 'ready' );
				setError( null );
			} catch ( e ) {
				if ( alive.current ) {
					setError( e as Error );
					setStatus( ( s ) => ( s === 'loading' ? 'error' : s ) );
				}
			} finally {
				running.current = false;
			}
		} )();
	}, [ api, conversationId, apply ] );

	const takeConversation = useCallback( ( c: Conversation ) => {
		setConversation( ( cur ) =>
			cur && cur.updatedAt > c.updatedAt ? cur : c
		);
	}, [] );

	useEffect( () => {
		alive.current = true;
		catchUp();
		api.getConversation( conversationId ).then(
			( c ) => alive.current && takeConversation( c ),
			( e: Error ) => {
				if ( alive.current ) {
					setError( e );
				}
			}
		);
		return () => {
			alive.current = false;
		};
	}, [ api, conversationId, catchUp, takeConversation ] );

	const onMessage = (
		data: { message?: Message } & Partial< NoteCreatedHint >
	) => {
		const m = data?.message;
		if ( ! m ) {
			// A note's text never travels on a shared channel: only a hint to fetch it.
			if (
				data?.kind === 'note' &&
				data.conversationId === conversationId
			) {
				catchUp();
			}
			return;
		}
		if ( m.conversationId !== conversationId ) {
			return;
		}
		if ( isGap( held.current, m ) ) {
			// Something was missed: fetch it in order rather than show a hole.
			catchUp();
			return;
		}
		apply( [ m ] );
	};

	const onConversation = ( data: { conversation?: Conversation } ) => {
		const c = data?.conversation;
		if ( ! c || c.id !== conversationId ) {
			return;
		}
		takeConversation( c );
		if ( c.lastSeq > lastSeqOf( held.current ) ) {
			catchUp();
		}
	};

	useChannel(
		siteId ? conversationChannel( siteId, conversationId ) : null,
		{
			[ EVENTS.messageCreated ]: onMessage,
			[ EVENTS.conversationUpdated ]: onConversation,
		},
		catchUp
	);
	// Notes travel only on the inbox channel (never on the visitor's): listen there too.
	useChannel(
		siteId ? inboxChannel( siteId ) : null,
		{
			[ EVENTS.messageCreated ]: onMessage,
			[ EVENTS.conversationUpdated ]: onConversation,
		},
		catchUp
	);

	return { conversation, messages, status, error, receive: apply, catchUp };
}
