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
}

export function createEmbeddedRealtimeServer(
	opts: EmbeddedOptions
): EmbeddedRealtimeServer {
	const registry = new ChannelRegistry();
	const connections = new Set< Connection >();
	const api = createHttpApi( registry, {
		appId: opts.appId,
		key: opts.key,
		secret: opts.secret,
		maxEventBytes: opts.maxEventBytes ?? 10 * 1024,
	} );
	const http = createServer( ( req, res ) => void api( req, res ) );
	const wss = new WebSocketServer( {
		noServer: true,
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
			const conn = new Connection( ws, registry, connectionOptions );
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
		stats() {
			return {
				connections: connections.size,
				channels: registry.list().length,
			};
		},
	};
}
