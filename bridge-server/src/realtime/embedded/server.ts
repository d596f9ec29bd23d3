/**
 * The embedded Pusher-protocol server (WebSocket on `ws` + the HTTP API), started by
 * the bridge on one machine so that unmodified pusher-js and pusher SDK clients work
 * with no external service. Hosted Pusher or soketi replace it by configuration.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { ChannelRegistry } from './channels';
import { Connection } from './connection';
import { createHttpApi } from './http-api';
import { prepareEvent, presenceUsers, publishBatch } from './publish';

export interface EmbeddedOptions {
	appId: string;
	key: string;
	secret: string;
	host: string;
	port: number;
	activityTimeout?: number;
	pongTimeout?: number;
	maxEventBytes?: number;
	/** Largest WebSocket frame accepted from a client. */
	maxPayloadBytes?: number;
	clientEventsPerSecond?: number;
}

export interface EmbeddedRealtimeServer {
	listen: () => Promise< { port: number } >;
	close: () => Promise< void >;
	stats: () => { connections: number; channels: number };
	/** Closes the connections with these socket ids (4200: clients reconnect). How many were open. */
	terminate: ( socketIds: string[], reason: string ) => number;
	/**
	 * In-process publishing and queries for the bridge's own driver: the HTTP API's checks
	 * and refusals (RealtimeApiError with its status), without HTTP, signing or parsing.
	 * `data` is already JSON, as on the wire.
	 */
	local: {
		trigger: ( channels: string[], name: string, data: string ) => void;
		/** 1 to 10 events, checked whole, then sent in order. */
		triggerBatch: (
			events: Array< { channel: string; name: string; data: string } >
		) => void;
		/** User ids on a presence channel. */
		users: ( channel: string ) => string[];
		/** Occupied channels starting with `prefix`. */
		occupied: ( prefix: string ) => string[];
		listening: () => boolean;
	};
}

export function createEmbeddedRealtimeServer(
	opts: EmbeddedOptions
): EmbeddedRealtimeServer {
	const registry = new ChannelRegistry();
	const connections = new Set< Connection >();
	const maxEventBytes = opts.maxEventBytes ?? 10 * 1024;
	const api = createHttpApi( registry, {
		appId: opts.appId,
		key: opts.key,
		secret: opts.secret,
		maxEventBytes,
	} );
	const http = createServer( ( req, res ) => void api( req, res ) );
	const wss = new WebSocketServer( {
		noServer: true,
		// Frames are built once per event and written as is (channels.ts textFrame).
		perMessageDeflate: false,
		maxPayload: opts.maxPayloadBytes ?? 64 * 1024,
	} );
	const connectionOptions = {
		key: opts.key,
		secret: opts.secret,
		activityTimeout: opts.activityTimeout ?? 120,
		pongTimeout: opts.pongTimeout ?? 30,
		clientEventsPerSecond: opts.clientEventsPerSecond ?? 10,
	};

	http.on( 'upgrade', ( req, socket, head ) => {
		const m = /^\/app\/([^/?]+)/.exec( req.url ?? '' );
		if ( ! m ) {
			socket.end( 'HTTP/1.1 404 Not Found\r\n\r\n' );
			return;
		}
		wss.handleUpgrade( req, socket, head, ( ws ) => {
			if ( m[ 1 ] !== opts.key ) {
				ws.send(
					JSON.stringify( {
						event: 'pusher:error',
						data: { code: 4001, message: 'App key does not exist' },
					} )
				);
				ws.close( 4001, 'App key does not exist' );
				return;
			}
			const conn = new Connection(
				ws,
				socket,
				registry,
				connectionOptions
			);
			connections.add( conn );
			ws.on( 'close', () => connections.delete( conn ) );
		} );
	} );

	return {
		listen() {
			return new Promise( ( resolve, reject ) => {
				http.once( 'error', reject );
				http.listen( opts.port, opts.host, () =>
					resolve( { port: ( http.address() as AddressInfo ).port } )
				);
			} );
		},
		async close() {
			for ( const c of connections ) {
				c.close();
			}
			connections.clear();
			wss.close();
			http.closeAllConnections();
			await new Promise< void >( ( r ) =>
				http.listening ? http.close( () => r() ) : r()
			);
		},
		terminate( socketIds, reason ) {
			const ids = new Set( socketIds );
			let n = 0;
			for ( const c of [ ...connections ] ) {
				if ( ids.has( c.socketId ) ) {
					c.close( 4200, reason );
					connections.delete( c );
					n++;
				}
			}
			return n;
		},
		local: {
			trigger( channels, name, data ) {
				prepareEvent(
					registry,
					{ channels, name, data },
					maxEventBytes
				)();
			},
			triggerBatch( events ) {
				publishBatch( registry, events, maxEventBytes );
			},
			users: ( channel ) => presenceUsers( registry, channel ),
			occupied: ( prefix ) =>
				registry.list( prefix ).map( ( c ) => c.name ),
			listening: () => http.listening,
		},
		stats() {
			return {
				connections: connections.size,
				channels: registry.list().length,
			};
		},
	};
}
