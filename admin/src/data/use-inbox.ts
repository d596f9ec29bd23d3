/**
 * The conversation list: one tab (list) and one filter at a time, keyset pages,
 * counts per tab, kept live by the inbox channel. Events move conversations at once;
 * a debounced refetch of the first page then settles order and counts with the
 * bridge's truth.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { EVENTS } from '@handoff-chat/contracts/channels';
import type { Conversation, InboxPage } from '@handoff-chat/contracts';
import { BridgeError } from '../api';
import {
	appendPage,
	belongsTo,
	mergeFirstPage,
	mergeRealtime,
	upsertConversation,
	type InboxFilter,
	type InboxItem,
	type InboxItems,
	type InboxListName,
} from '../utils/inbox-list';
import { useServices } from './services';
import { useInboxChannel, useOnRightsChange } from './use-advisor-self';
import { useChannel, useResyncAfterFirst } from './use-realtime';

export const PAGE_SIZE = 30;
const REFRESH_DEBOUNCE_MS = 600;

export type InboxCounts = InboxPage[ 'counts' ];

export interface InboxState {
	list: InboxListName;
	filter: InboxFilter;
	conversations: InboxItem[];
	counts: InboxCounts | null;
	hasMore: boolean;
	/** 'loading' only before the first page of a list/filter arrives. */
	status: 'loading' | 'ready' | 'error';
	error: BridgeError | Error | null;
	loadingMore: boolean;
	setList: ( list: InboxListName ) => void;
	setFilter: ( filter: InboxFilter ) => void;
	loadMore: () => void;
	refresh: () => void;
	/** A conversation as an HTTP answer (a PATCH) just returned it. */
	applyLocal: ( c: InboxItem ) => void;
	/** Drops a deleted conversation from the list. */
	removeLocal: ( id: string ) => void;
	/** This advisor read the conversation up to `seq`: no longer unread. */
	markReadLocal: ( id: string, seq: number ) => void;
}

export function useInbox(
	initial: {
		list?: InboxListName;
		filter?: InboxFilter;
		/** The conversation on screen: its new visitor messages are not unread. */
		openId?: string | null;
		/** A conversation was deleted (by anyone): the screen closes it if open. */
		onRemoved?: ( id: string ) => void;
	} = {}
): InboxState {
	const { api, user } = useServices();
	const inbox = useInboxChannel();
	const [ list, setListState ] = useState< InboxListName >(
		initial.list ?? 'live'
	);
	const [ filter, setFilterState ] = useState< InboxFilter >(
		initial.filter ?? 'all'
	);
	const [ items, setItems ] = useState< InboxItems >( {
		conversations: [],
		nextCursor: null,
	} );
	const [ counts, setCounts ] = useState< InboxCounts | null >( null );
	const [ status, setStatus ] =
		useState< InboxState[ 'status' ] >( 'loading' );
	const [ error, setError ] = useState< InboxState[ 'error' ] >( null );
	const [ loadingMore, setLoadingMore ] = useState( false );

	// Each list/filter choice is a generation; answers for an older one are dropped.
	const generation = useRef( 0 );
	const view = useRef( { list, filter } );
	view.current = { list, filter };
	const itemsRef = useRef( items );
	itemsRef.current = items;
	const timer = useRef< ReturnType< typeof setTimeout > | null >( null );
	const mounted = useRef( true );
	const openId = useRef( initial.openId ?? null );
	openId.current = initial.openId ?? null;
	const onRemoved = useRef( initial.onRemoved );
	onRemoved.current = initial.onRemoved;

	// 'rename': the first page replaces what is held (every name may have changed), but a
	// failure keeps the list on screen, as a merge would.
	const loadFirst = useCallback(
		( mode: 'replace' | 'merge' | 'rename' ) => {
			const gen = generation.current;
			const { list: l, filter: f } = view.current;
			api.listInbox( { list: l, filter: f, limit: PAGE_SIZE } ).then(
				( page ) => {
					if ( ! mounted.current || gen !== generation.current ) {
						return;
					}
					setItems( ( cur ) =>
						mode !== 'merge'
							? {
									conversations: page.conversations,
									nextCursor: page.nextCursor,
								}
							: mergeFirstPage( cur, page )
					);
					setCounts( page.counts );
					setStatus( 'ready' );
					setError( null );
				},
				( e: Error ) => {
					if ( ! mounted.current || gen !== generation.current ) {
						return;
					}
					setError( e );
					if ( mode === 'replace' ) {
						setStatus( 'error' );
					}
				}
			);
		},
		[ api ]
	);

	useEffect( () => {
		mounted.current = true;
		return () => {
			mounted.current = false;
			if ( timer.current ) {
				clearTimeout( timer.current );
			}
		};
	}, [] );

	useEffect( () => {
		generation.current++;
		setItems( { conversations: [], nextCursor: null } );
		setStatus( 'loading' );
		setError( null );
		setLoadingMore( false );
		loadFirst( 'replace' );
	}, [ list, filter, loadFirst ] );

	const refresh = useCallback( () => {
		if ( timer.current ) {
			clearTimeout( timer.current );
			timer.current = null;
		}
		loadFirst( 'merge' );
	}, [ loadFirst ] );

	const scheduleRefresh = useCallback( () => {
		if ( timer.current ) {
			clearTimeout( timer.current );
		}
		timer.current = setTimeout( () => {
			timer.current = null;
			loadFirst( 'merge' );
		}, REFRESH_DEBOUNCE_MS );
	}, [ loadFirst ] );

	const loadMore = useCallback( () => {
		const cursor = itemsRef.current.nextCursor;
		if ( ! cursor || loadingMore ) {
			return;
		}
		const gen = generation.current;
		const { list: l, filter: f } = view.current;
		setLoadingMore( true );
		api.listInbox( { list: l, filter: f, cursor, limit: PAGE_SIZE } ).then(
			( page ) => {
				if ( ! mounted.current || gen !== generation.current ) {
					return;
				}
				setItems( ( cur ) =>
					cur.nextCursor === cursor ? appendPage( cur, page ) : cur
				);
				setCounts( page.counts );
				setLoadingMore( false );
			},
			( e: Error ) => {
				if ( ! mounted.current || gen !== generation.current ) {
					return;
				}
				setError( e );
				setLoadingMore( false );
			}
		);
	}, [ api, loadingMore ] );

	const onConversation = ( data: { conversation?: Conversation } ) => {
		const c = data?.conversation;
		if ( ! c ) {
			return;
		}
		const { list: l, filter: f } = view.current;
		setItems( ( cur ) => {
			const held = cur.conversations.find( ( x ) => x.id === c.id );
			const conversations = upsertConversation(
				cur.conversations,
				mergeRealtime( held, c, openId.current ),
				belongsTo( c, l, f, user.id )
			);
			return conversations === cur.conversations
				? cur
				: { ...cur, conversations };
		} );
		scheduleRefresh();
	};

	const applyLocal = useCallback(
		( c: InboxItem ) => {
			const { list: l, filter: f } = view.current;
			setItems( ( cur ) => {
				const held = cur.conversations.find( ( x ) => x.id === c.id );
				const conversations = upsertConversation(
					cur.conversations,
					held ? { ...held, ...c } : c,
					belongsTo( c, l, f, user.id )
				);
				return conversations === cur.conversations
					? cur
					: { ...cur, conversations };
			} );
			scheduleRefresh();
		},
		[ scheduleRefresh, user.id ]
	);

	/** A deleted conversation leaves the list (this advisor's delete, or `conversation-deleted`). */
	const removeLocal = useCallback(
		( id: string ) => {
			setItems( ( cur ) =>
				cur.conversations.some( ( x ) => x.id === id )
					? {
							...cur,
							conversations: cur.conversations.filter(
								( x ) => x.id !== id
							),
						}
					: cur
			);
			scheduleRefresh();
		},
		[ scheduleRefresh ]
	);

	const markReadLocal = useCallback( ( id: string, seq: number ) => {
		setItems( ( cur ) => {
			const held = cur.conversations.find( ( x ) => x.id === id );
			if (
				! held ||
				( ! held.unread && ( held.lastReadSeq ?? 0 ) >= seq )
			) {
				return cur;
			}
			return {
				...cur,
				conversations: cur.conversations.map( ( x ) =>
					x.id === id
						? {
								...x,
								unread: false,
								lastReadSeq: Math.max(
									x.lastReadSeq ?? 0,
									seq
								),
							}
						: x
				),
			};
		} );
	}, [] );

	// The first page is read on mount: the first subscription does not ask for it again.
	const statusRef = useRef( status );
	statusRef.current = status;
	const onResync = useResyncAfterFirst(
		refresh,
		() => statusRef.current === 'error'
	);

	// A licence or reach that changed renames (or anonymises) and filters the whole list.
	useOnRightsChange( () => loadFirst( 'rename' ) );

	useChannel(
		inbox,
		{
			[ EVENTS.conversationCreated ]: onConversation,
			[ EVENTS.conversationUpdated ]: onConversation,
			// A conversation-updated follows every message; this only makes sure counts settle.
			[ EVENTS.messageCreated ]: scheduleRefresh,
			// A new name template: the bridge names visitors, so read the names again.
			[ EVENTS.settingsUpdated ]: () => loadFirst( 'rename' ),
			[ EVENTS.conversationDeleted ]: ( data: {
				conversationId?: string;
			} ) => {
				if ( data?.conversationId ) {
					removeLocal( data.conversationId );
					onRemoved.current?.( data.conversationId );
				}
			},
		},
		onResync
	);

	return {
		list,
		filter,
		conversations: items.conversations,
		counts,
		hasMore: items.nextCursor !== null,
		status,
		error,
		loadingMore,
		setList: setListState,
		setFilter: setFilterState,
		loadMore,
		refresh,
		applyLocal,
		removeLocal,
		markReadLocal,
	};
}
