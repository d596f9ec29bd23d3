/**
 * The embedded Pusher-protocol server (WebSocket on `ws` + the HTTP API), started by
 * the bridge on one machine so that unmodified pusher-js and pusher SDK clients work
 * with no external service. Hosted Pusher or soketi replace it by configuration.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isIPv6, type AddressInfo, type Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../logger';
import { refusalLog } from '../../refusal-log';
import { ChannelRegistry } from './channels';
import { Connection, ERROR } from './connection';
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
	/** Accept unsigned public channels (default false: the product uses none). */
	allowPublicChannels?: boolean;
	/** WebSocket connections at once, in total (default 10,000). */
	maxConnections?: number;
	/** WebSocket connections at once from one address (default 200). */
	maxConnectionsPerIp?: number;
	/** Channels one connection may be subscribed to (default 100). */
	maxSubscriptionsPerConnection?: number;
	/** Proxy hops trusted for `X-Forwarded-For` (default 0: the socket's own address). */
	trustProxy?: number;
	/** Where refused connections are reported (default: nowhere). */
	log?: Pick< Logger, 'warn' >;
	/**
	 * Answer unsigned `GET /healthz` with `{ status: "ok", metrics }` (the counts of stats()):
	 * for load balancers and container health checks when the server runs as its own process.
	 */
	healthz?: boolean;
}

/** Counts kept as they change, so reading them costs the same at any load. */
export interface EmbeddedStats {
	connections: number;
	/** Occupied channels. */
	channels: number;
	subscriptions: number;
	/** Connections closed at once for being over a cap, since start (by cause). */
	refusedConnections: { total: number; perIp: number; dropped: number };
	/** Subscriptions refused (public channel, over the per-connection cap), since start. */
	refusedSubscriptions: number;
	refusedClientEvents: number;
	/** Connections closed (4009) for sending more refused frames than a client ever does. */
	closedForRefusals: number;
	limits: {
		connections: number;
		connectionsPerIp: number;
		subscriptionsPerConnection: number;
	};
}

/**
 * The client's address: the socket's, or with `trustProxy` hops, the address that many
 * proxies back in `X-Forwarded-For` (as Express does with a numeric `trust proxy`).
 */
export function clientIp( req: IncomingMessage, trustProxy: number ): string {
	const chain = [ req.socket.remoteAddress ?? '' ];
	if ( trustProxy > 0 ) {
		const header = req.headers[ 'x-forwarded-for' ];
		const forwarded = (
			Array.isArray( header ) ? header.join( ',' ) : ( header ?? '' )
		)
			.split( ',' )
			.map( ( a ) => a.trim() )
			.filter( Boolean )
			.reverse();
		chain.push( ...forwarded );
	}
	const ip = chain[ Math.min( trustProxy, chain.length - 1 ) ];
	return ip.startsWith( '::ffff:' ) ? ip.slice( 7 ) : ip;
}

/**
 * What the per-address cap counts: an IPv4 address, or an IPv6 address's /64 (one host or
 * home network usually holds a whole /64, and could otherwise step around the cap).
 */
export function addressKey( ip: string ): string {
	if ( ! isIPv6( ip ) ) {
		return ip;
	}
	const bare = ip.split( '%' )[ 0 ];
	const groups = ( part: string ) =>
		part
			? part
					.split( ':' )
					.flatMap( ( g ) =>
						g.includes( '.' ) ? [ '0', '0' ] : [ g ]
					)
			: [];
	const [ head, tail ] = bare.split( '::' );
	const before = groups( head );
	const after = tail === undefined ? [] : groups( tail );
	const all = [
		...before,
		...Array( 8 - before.length - after.length ).fill( '0' ),
		...after,
	];
	return (
		all
			.slice( 0, 4 )
			.map( ( g ) => parseInt( g, 16 ).toString( 16 ) )
			.join( ':' ) + '::/64'
	);
}

export interface EmbeddedRealtimeServer {
	listen: () => Promise< { port: number } >;
	/**
	 * Instead of listen(): takes the WebSocket upgrades of another HTTP server (the bridge's),
	 * so one port serves both. Only `/app/<key>` is upgraded (any other path: 404, as on its
	 * own port), with the same caps; the HTTP API (`/apps/…`) is not served then, the bridge
	 * publishing in process. close() leaves that server to its owner.
	 */
	attach: ( server: Server ) => void;
	close: () => Promise< void >;
	stats: () => EmbeddedStats;
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

/** Sockets the realtime port may hold: the connection cap, plus room for handshakes and refusals. */
export const descriptorCap = ( maxConnections: number ) =>
	maxConnections + Math.max( 64, Math.ceil( maxConnections / 10 ) );

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
	const http = createServer( ( req, res ) => {
		if ( opts.healthz && req.method === 'GET' && req.url === '/healthz' ) {
			res.writeHead( 200, { 'Content-Type': 'application/json' } ).end(
				JSON.stringify( { status: 'ok', metrics: stats() } )
			);
			return;
		}
		void api( req, res );
	} );
	const wss = new WebSocketServer( {
		noServer: true,
		// Frames are built once per event and written as is (channels.ts textFrame).
		perMessageDeflate: false,
		maxPayload: opts.maxPayloadBytes ?? 64 * 1024,
	} );
	const limits = {
		connections: opts.maxConnections ?? 10_000,
		connectionsPerIp: opts.maxConnectionsPerIp ?? 200,
		subscriptionsPerConnection: opts.maxSubscriptionsPerConnection ?? 100,
	};
	const counters = {
		refusedSubscriptions: 0,
		refusedClientEvents: 0,
		closedForRefusals: 0,
	};
	const refused = { total: 0, perIp: 0, dropped: 0 };
	const perIp = new Map< string, number >();
	const logRefusal = refusalLog( opts.log, 'realtime connection refused' );
	const connectionOptions = {
		key: opts.key,
		secret: opts.secret,
		activityTimeout: opts.activityTimeout ?? 120,
		pongTimeout: opts.pongTimeout ?? 30,
		allowPublicChannels: opts.allowPublicChannels ?? false,
		maxSubscriptions: limits.subscriptionsPerConnection,
		counters,
	};
	// The caps below close with a Pusher code; this one is the descriptor backstop for
	// sockets that never finish a handshake (Node closes them at once, counted and logged).
	http.maxConnections = descriptorCap( limits.connections );
	http.headersTimeout = 10_000;
	http.requestTimeout = 30_000;
	http.on( 'drop', ( data?: { remoteAddress?: string } ) => {
		refused.dropped++;
		logRefusal( {
			cause: 'descriptors',
			ip: data?.remoteAddress ?? '',
			limit: http.maxConnections,
		} );
	} );

	/** Sends the reason and closes: 4001 stops pusher-js, 4100 makes it back off and retry. */
	function refuse( ws: WebSocket, code: number, message: string ) {
		ws.send(
			JSON.stringify( { event: 'pusher:error', data: { code, message } } )
		);
		ws.close( code, message );
		// A peer that never answers the close frame does not keep its descriptor for ws's 30 s.
		setTimeout( () => ws.terminate(), 2000 ).unref();
	}

	function stats(): EmbeddedStats {
		return {
			connections: connections.size,
			channels: registry.size,
			subscriptions: registry.subscriptions,
			refusedConnections: { ...refused },
			...counters,
			limits: { ...limits },
		};
	}

	let attached: Server | null = null;
	const onUpgrade = (
		req: IncomingMessage,
		socket: Socket,
		head: Buffer
	) => {
		const m = /^\/app\/([^/?]+)/.exec( req.url ?? '' );
		if ( ! m ) {
			socket.end( 'HTTP/1.1 404 Not Found\r\n\r\n' );
			return;
		}
		const ip = clientIp( req, opts.trustProxy ?? 0 );
		const key = addressKey( ip );
		wss.handleUpgrade( req, socket, head, ( ws ) => {
			if ( m[ 1 ] !== opts.key ) {
				refuse( ws, 4001, 'App key does not exist' );
				return;
			}
			if ( connections.size >= limits.connections ) {
				refused.total++;
				logRefusal( { cause: 'total', ip, limit: limits.connections } );
				refuse( ws, ERROR.overCapacity, 'Over capacity' );
				return;
			}
			const fromIp = perIp.get( key ) ?? 0;
			if ( fromIp >= limits.connectionsPerIp ) {
				refused.perIp++;
				logRefusal( {
					cause: 'per-ip',
					ip,
					limit: limits.connectionsPerIp,
				} );
				refuse(
					ws,
					ERROR.overCapacity,
					'Over capacity: too many connections from this address'
				);
				return;
			}
			perIp.set( key, fromIp + 1 );
			const conn = new Connection(
				ws,
				socket,
				registry,
				connectionOptions
			);
			connections.add( conn );
			ws.on( 'close', () => {
				connections.delete( conn );
				const left = ( perIp.get( key ) ?? 1 ) - 1;
				if ( left > 0 ) {
					perIp.set( key, left );
				} else {
					perIp.delete( key );
				}
			} );
		} );
	};
	http.on( 'upgrade', onUpgrade );

	return {
		listen() {
			return new Promise( ( resolve, reject ) => {
				http.once( 'error', reject );
				http.listen( opts.port, opts.host, () =>
					resolve( { port: ( http.address() as AddressInfo ).port } )
				);
			} );
		},
		attach( server ) {
			attached = server;
			server.on( 'upgrade', onUpgrade );
		},
		async close() {
			for ( const c of connections ) {
				c.close();
			}
			connections.clear();
			wss.close();
			attached?.off( 'upgrade', onUpgrade );
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
			occupied: ( prefix ) => registry.names( prefix ),
			listening: () => ( attached ?? http ).listening,
		},
		stats,
	};
}
