/**
 * One open conversation: its header data and its messages. HTTP is the truth:
 * after subscribing, after each reconnection, when the tab becomes visible and on a
 * seq gap, it fetches `after=<last seq>` and merges by id. Realtime events are merged
 * the same way, so nothing is ever shown twice.
 *
 * Long histories: a conversation with more than TAIL_SIZE messages opens on its latest
 * page (`before=lastSeq+1`); older pages load backwards on demand (`loadOlder`).
 *
 * Mount it once per conversation (key the component by id): state never leaks
 * from one conversation to the next.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { conversationChannel, EVENTS } from '@handoff-chat/contracts/channels';
import type {
	Conversation,
	Message,
	NoteCreatedHint,
} from '@handoff-chat/contracts';
import { lastSeqOf, mergeMessages } from '@handoff-chat/client-core/merge';
import type { InboxItem } from '../utils/inbox-list';
import { isGap } from '../utils/seq-gap';
import { useServices } from './services';
import { useInboxChannel } from './use-advisor-self';
import { useChannel, useRealtimeSiteId } from './use-realtime';
import {
	useCoalescedRefresh,
	useReadStatus,
	type ResourceStatus,
} from './use-resource';

/** Opening a conversation reads at most this many messages; older ones on demand. */
export const TAIL_SIZE = 100;
export const OLDER_PAGE_SIZE = 100;

export interface MessagesState {
	conversation: InboxItem | null;
	messages: Message[];
	/** Older messages exist on the bridge than the first one held. */
	hasOlder: boolean;
	loadingOlder: boolean;
	/** Reads the page before the first message held. */
	loadOlder: () => void;
	/** A conversation as an HTTP answer (a PATCH) just returned it. */
	update: ( c: InboxItem ) => void;
	/** 'loading' until the first catch-up finished. */
	status: ResourceStatus;
	error: Error | null;
	/** Merges messages from elsewhere (the reply box's confirmed sends). */
	receive: ( messages: Message[] ) => void;
	/** Fetch what was missed; safe to call at any time. */
	catchUp: () => void;
}

export function useMessages(
	conversationId: string,
	initial: InboxItem | null = null
): MessagesState {
	const { api } = useServices();
	const siteId = useRealtimeSiteId();
	const inbox = useInboxChannel();
	const [ conversation, setConversation ] = useState< InboxItem | null >(
		initial
	);
	const [ hasOlder, setHasOlder ] = useState( false );
	const [ loadingOlder, setLoadingOlder ] = useState( false );
	const known = useRef< InboxItem | null >( initial );
	const [ messages, setMessages ] = useState< Message[] >( [] );
	const { status, error, setError, ready, fail } = useReadStatus();

	const held = useRef< Message[] >( [] );
	const alive = useRef( true );

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

	/**
	 * The first read: everything when the conversation is short (after=0, as catch-up
	 * does), else only its latest page.
	 */
	const loadTail = useCallback( async () => {
		let c = known.current;
		if ( ! c ) {
			c = await api.getConversation( conversationId );
			if ( ! alive.current ) {
				return;
			}
			takeConversation( c );
		}
		if ( c.lastSeq <= TAIL_SIZE ) {
			return;
		}
		const page = await api.listMessagesBefore(
			conversationId,
			c.lastSeq + 1,
			TAIL_SIZE
		);
		if ( ! alive.current ) {
			return;
		}
		apply( page.messages );
		setHasOlder( page.hasMore && page.messages.length > 0 );
	}, [ api, conversationId, apply ] );

	/** Every page after the last message held. */
	const readNewer = useCallback( async () => {
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
	}, [ api, conversationId, apply ] );
	const catchUp = useCoalescedRefresh( alive, {
		first: loadTail,
		pass: readNewer,
		done: ready,
		fail,
	} );

	// Realtime payloads are plain Conversations: keep the advisor-only fields held.
	function takeConversation( c: InboxItem, force = false ) {
		const cur = known.current;
		if ( cur && ! force && cur.updatedAt > c.updatedAt ) {
			return;
		}
		const next = cur ? { ...cur, ...c } : c;
		known.current = next;
		setConversation( next );
	}

	const update = useCallback( ( c: InboxItem ) => {
		takeConversation( c, true );
	}, [] );

	const loadOlder = useCallback( () => {
		if ( ! hasOlder || loadingOlder || ! held.current.length ) {
			return;
		}
		setLoadingOlder( true );
		api.listMessagesBefore(
			conversationId,
			held.current[ 0 ].seq,
			OLDER_PAGE_SIZE
		).then(
			( page ) => {
				if ( ! alive.current ) {
					return;
				}
				apply( page.messages );
				setHasOlder( page.hasMore && page.messages.length > 0 );
				setLoadingOlder( false );
			},
			( e: Error ) => {
				if ( alive.current ) {
					setError( e );
					setLoadingOlder( false );
				}
			}
		);
	}, [ api, conversationId, apply, hasOlder, loadingOlder, setError ] );

	useEffect( () => {
		alive.current = true;
		catchUp();
		if ( known.current ) {
			// The list's copy may be old: the bridge's answer refreshes it.
			api.getConversation( conversationId ).then(
				( c ) => alive.current && takeConversation( c ),
				( e: Error ) => {
					if ( alive.current ) {
						setError( e );
					}
				}
			);
		}
		return () => {
			alive.current = false;
		};
	}, [ api, conversationId, catchUp, setError ] );

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
		inbox,
		{
			[ EVENTS.messageCreated ]: onMessage,
			[ EVENTS.conversationUpdated ]: onConversation,
		},
		catchUp
	);

	return {
		conversation,
		messages,
		hasOlder,
		loadingOlder,
		loadOlder,
		update,
		status,
		error,
		receive: apply,
		catchUp,
	};
}
