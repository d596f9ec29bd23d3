/**
 * Realtime hooks: the app shell opens the one connection (useRealtimeConnection),
 * hooks listen to channels (useChannel) and the status line reads useConnectionStatus.
 */
import { useContext, useEffect, useRef, useState } from '@wordpress/element';
import { isNotConfigured, type HandoffApi } from '../api';
import {
	createRealtime,
	type ConnectionStatus,
	type EventHandlers,
	type RealtimeConnection,
} from './realtime';
import { RealtimeContext, type RealtimeState } from './services';

const CONFIG_RETRY_MS = [ 3_000, 10_000, 30_000, 60_000 ];

export type RealtimeShell = RealtimeState;

/**
 * Fetches the realtime settings and opens the connection; retries with a backoff when
 * the bridge cannot be reached. `enabled` is false until the app knows it is configured.
 */
export function useRealtimeConnection(
	api: HandoffApi,
	enabled: boolean,
	factory: typeof createRealtime = createRealtime
): RealtimeShell {
	const [ state, setState ] = useState< RealtimeShell >( {
		connection: null,
		siteId: null,
		status: 'connecting',
	} );

	useEffect( () => {
		if ( ! enabled ) {
			return undefined;
		}
		let alive = true;
		let connection: RealtimeConnection | null = null;
		let unlisten: ( () => void ) | null = null;
		let timer: ReturnType< typeof setTimeout > | null = null;
		let attempt = 0;

		const open = () => {
			api.getRealtimeConfig().then(
				( cfg ) => {
					if ( ! alive ) {
						return;
					}
					connection = factory( cfg.realtime, api.authorizeChannel );
					const c = connection;
					unlisten = c.onStatus( ( status ) =>
						setState( ( s ) => ( { ...s, status } ) )
					);
					setState( {
						connection: c,
						siteId: cfg.siteId,
						status: c.status,
					} );
				},
				( e: unknown ) => {
					if ( ! alive ) {
						return;
					}
					if ( isNotConfigured( e ) ) {
						// The inbox shows the settings notice; retrying cannot help.
						setState( ( s ) => ( { ...s, status: 'disabled' } ) );
						return;
					}
					setState( ( s ) => ( { ...s, status: 'reconnecting' } ) );
					timer = setTimeout(
						open,
						CONFIG_RETRY_MS[
							Math.min( attempt++, CONFIG_RETRY_MS.length - 1 )
						]
					);
				}
			);
		};
		open();

		return () => {
			alive = false;
			if ( timer ) {
				clearTimeout( timer );
			}
			unlisten?.();
			connection?.disconnect();
		};
	}, [ api, enabled, factory ] );

	return state;
}

export function useConnectionStatus(): ConnectionStatus {
	return useContext( RealtimeContext ).status;
}

export function useRealtimeSiteId(): string | null {
	return useContext( RealtimeContext ).siteId;
}

/**
 * The resync of data read on mount without waiting for realtime (the inbox channel's name
 * comes with /me, then its authorisation): the channel's first subscription follows that
 * read, so asking again then would only double the screen's first calls and queue them
 * behind each other. Later resyncs (a reconnection, the tab shown again) may follow missed
 * events and read again, as does any while `failed()` (the first read did not arrive).
 * @param refresh Reads again.
 * @param failed  Whether the last read failed.
 */
export function useResyncAfterFirst(
	refresh: () => void,
	failed: () => boolean
): () => void {
	const once = useRef( false );
	return () => {
		if ( once.current || failed() ) {
			refresh();
		}
		once.current = true;
	};
}

/**
 * Listens to `channelName` (null: nothing). `onResync` runs after each successful
 * (re)subscription and whenever the tab becomes visible again: the moments when
 * events may have been missed. Handlers may change between renders without
 * resubscribing.
 */
export function useChannel(
	channelName: string | null,
	handlers: EventHandlers,
	onResync: () => void
): void {
	const { connection } = useContext( RealtimeContext );
	const handlersRef = useRef( handlers );
	const resyncRef = useRef( onResync );
	handlersRef.current = handlers;
	resyncRef.current = onResync;

	// Event names are stable for a given call site; only they decide the bindings.
	const eventKey = Object.keys( handlers ).sort().join( ',' );

	useEffect( () => {
		if ( ! connection || ! channelName ) {
			return undefined;
		}
		const bound: EventHandlers = {};
		for ( const event of eventKey.split( ',' ).filter( Boolean ) ) {
			bound[ event ] = ( data ) => handlersRef.current[ event ]?.( data );
		}
		return connection.subscribe( channelName, bound, () =>
			resyncRef.current()
		);
	}, [ connection, channelName, eventKey ] );

	useEffect( () => {
		if ( ! channelName || typeof document === 'undefined' ) {
			return undefined;
		}
		const onVisible = () => {
			if ( document.visibilityState === 'visible' ) {
				resyncRef.current();
			}
		};
		document.addEventListener( 'visibilitychange', onVisible );
		return () =>
			document.removeEventListener( 'visibilitychange', onVisible );
	}, [ channelName ] );
}
