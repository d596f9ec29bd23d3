/**
 * What the embedded server refuses, seen from raw sockets: public channels (unless enabled),
 * client events, subscriptions over the per-connection cap, and connections over the
 * per-address and total caps (closed with 4100, logged), while what is already open works.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { REFUSALS_ALLOWED } from './connection';
import { hmacHex } from './signature';
import {
	addressKey,
	clientIp,
	createEmbeddedRealtimeServer,
	type EmbeddedOptions,
	type EmbeddedRealtimeServer,
} from './server';

const APP = { appId: 'caps-app', key: 'caps-key', secret: 'caps-secret-0123' };

const servers: EmbeddedRealtimeServer[] = [];
const sockets: WebSocket[] = [];

afterEach( async () => {
	sockets.splice( 0 ).forEach( ( s ) => s.terminate() );
	await Promise.all( servers.splice( 0 ).map( ( s ) => s.close() ) );
} );

async function serverWith( opts: Partial< EmbeddedOptions > = {} ) {
	const server = createEmbeddedRealtimeServer( {
		...APP,
		host: '127.0.0.1',
		port: 0,
		...opts,
	} );
	servers.push( server );
	const { port } = await server.listen();
	return { server, port };
}

/** Resolves once `check()` holds; re-checked on every turn of the event loop. */
async function until( check: () => boolean ) {
	while ( ! check() ) {
		await new Promise( ( r ) => setImmediate( r ) );
	}
}

/** A raw Pusher-protocol socket: every frame kept, `next()` takes the first unread match. */
function open( port: number, forwardedFor?: string ) {
	const ws = new WebSocket(
		`ws://127.0.0.1:${ port }/app/${ APP.key }?protocol=7&client=raw&version=1`,
		forwardedFor ? { headers: { 'X-Forwarded-For': forwardedFor } } : {}
	);
	sockets.push( ws );
	const frames: any[] = [];
	const taken = new Set< any >();
	/** Pending next() calls: each returns true once it took its frame. */
	let waiters: Array< () => boolean > = [];
	ws.on( 'message', ( d ) => {
		frames.push( JSON.parse( String( d ) ) );
		waiters = waiters.filter( ( look ) => ! look() );
	} );
	const closed = new Promise< { code: number; reason: string } >( ( r ) =>
		ws.on( 'close', ( code, reason ) =>
			r( { code, reason: String( reason ) } )
		)
	);
	function next( match: ( f: any ) => boolean ): Promise< any > {
		return new Promise( ( resolve ) => {
			const look = () => {
				const f = frames.find(
					( x ) => ! taken.has( x ) && match( x )
				);
				if ( f ) {
					taken.add( f );
					resolve( f );
					return true;
				}
				return false;
			};
			if ( ! look() ) {
				waiters.push( look );
			}
		} );
	}
	const established = next(
		( f ) => f.event === 'pusher:connection_established'
	).then( ( f ) => JSON.parse( f.data ).socket_id as string );
	const send = ( frame: object ) => ws.send( JSON.stringify( frame ) );
	/** Subscribes with a valid signature (as the bridge's auth route signs). */
	async function subscribe( channel: string ) {
		const socketId = await established;
		send( {
			event: 'pusher:subscribe',
			data: {
				channel,
				auth: `${ APP.key }:${ hmacHex( APP.secret, `${ socketId }:${ channel }` ) }`,
			},
		} );
	}
	const answer = ( channel: string ) =>
		next(
			( f ) =>
				f.channel === channel &&
				( f.event === 'pusher_internal:subscription_succeeded' ||
					f.event === 'pusher:error' ||
					f.event === 'pusher:subscription_error' )
		);
	return { ws, frames, next, established, closed, send, subscribe, answer };
}

it( 'refuses public channels with a pusher:error and keeps them out of the registry', async () => {
	const { server, port } = await serverWith();
	const s = open( port );
	await s.established;
	s.send( { event: 'pusher:subscribe', data: { channel: 'news' } } );
	const refused = await s.answer( 'news' );
	expect( refused ).toEqual( {
		event: 'pusher:error',
		channel: 'news',
		data: {
			code: 4009,
			message:
				'Public channels are not enabled: subscribe to private- or presence- channels',
		},
	} );
	await s.subscribe( 'private-room' );
	expect( ( await s.answer( 'private-room' ) ).event ).toBe(
		'pusher_internal:subscription_succeeded'
	);
	expect( server.local.occupied( '' ) ).toEqual( [ 'private-room' ] );
	expect( server.stats() ).toMatchObject( {
		channels: 1,
		subscriptions: 1,
		refusedSubscriptions: 1,
	} );

	// REALTIME_ALLOW_PUBLIC_CHANNELS turns them back on.
	const open2 = await serverWith( { allowPublicChannels: true } );
	const p = open( open2.port );
	await p.established;
	p.send( { event: 'pusher:subscribe', data: { channel: 'news' } } );
	expect( ( await p.answer( 'news' ) ).event ).toBe(
		'pusher_internal:subscription_succeeded'
	);
	expect( open2.server.local.occupied( '' ) ).toEqual( [ 'news' ] );
} );

it( 'refuses client events: the sender gets 4301, no other subscriber receives them', async () => {
	const { server, port } = await serverWith();
	const [ sender, other ] = [ open( port ), open( port ) ];
	for ( const s of [ sender, other ] ) {
		await s.subscribe( 'private-conversation-1' );
		expect( ( await s.answer( 'private-conversation-1' ) ).event ).toBe(
			'pusher_internal:subscription_succeeded'
		);
	}
	sender.send( {
		event: 'client-typing',
		channel: 'private-conversation-1',
		data: { text: 'forged' },
	} );
	expect(
		( await sender.next( ( f ) => f.event === 'pusher:error' ) ).data
	).toEqual( { code: 4301, message: 'Client events are not enabled' } );
	// A relayed client event would have reached `other` before this later server event.
	server.local.trigger( [ 'private-conversation-1' ], 'marker', '{}' );
	await other.next( ( f ) => f.event === 'marker' );
	expect(
		other.frames.filter( ( f ) => f.event.startsWith( 'client-' ) )
	).toEqual( [] );
	expect( server.stats().refusedClientEvents ).toBe( 1 );
} );

it( 'closes a connection that floods refused frames with 4009 and ignores what it sent after', async () => {
	const { server, port } = await serverWith();
	const flooder = open( port );
	const socketId = await flooder.established;
	const bystander = open( port );
	await bystander.subscribe( 'private-room' );
	await bystander.answer( 'private-room' );
	// Public channels and forged signatures, well past what any client gets refused.
	for ( let i = 0; i < REFUSALS_ALLOWED + 50; i++ ) {
		flooder.send( {
			event: 'pusher:subscribe',
			data:
				i % 2
					? { channel: `news-${ i }` }
					: {
							channel: `private-x-${ i }`,
							auth: `${ APP.key }:${ socketId }forged`,
						},
		} );
	}
	expect( await flooder.closed ).toEqual( {
		code: 4009,
		reason: 'Too many refused requests',
	} );
	const refusals = flooder.frames.filter(
		( f ) =>
			f.event === 'pusher:error' ||
			f.event === 'pusher:subscription_error'
	);
	expect( refusals.length ).toBeLessThanOrEqual( REFUSALS_ALLOWED + 1 );
	expect( server.stats() ).toMatchObject( {
		closedForRefusals: 1,
		channels: 1,
	} );
	// Others keep their subscriptions.
	server.local.trigger( [ 'private-room' ], 'marker', '{}' );
	await bystander.next( ( f ) => f.event === 'marker' );
} );

it( 'caps subscriptions per connection; the earlier ones keep working', async () => {
	const { server, port } = await serverWith( {
		maxSubscriptionsPerConnection: 3,
	} );
	const s = open( port );
	const names = Array.from(
		{ length: 10 },
		( _, i ) => `private-flood-${ i }`
	);
	for ( const name of names ) {
		await s.subscribe( name );
	}
	const answers = await Promise.all( names.map( ( n ) => s.answer( n ) ) );
	expect( answers.slice( 0, 3 ).map( ( a ) => a.event ) ).toEqual(
		Array( 3 ).fill( 'pusher_internal:subscription_succeeded' )
	);
	for ( const a of answers.slice( 3 ) ) {
		expect( a ).toMatchObject( {
			event: 'pusher:error',
			data: {
				code: 4100,
				message:
					'Over capacity: at most 3 subscriptions per connection',
			},
		} );
	}
	expect( server.local.occupied( 'private-flood-' ).sort() ).toEqual(
		names.slice( 0, 3 )
	);
	expect( server.stats() ).toMatchObject( {
		subscriptions: 3,
		refusedSubscriptions: 7,
	} );
	server.local.trigger( [ 'private-flood-0' ], 'still-here', '{"n":1}' );
	expect( await s.next( ( f ) => f.event === 'still-here' ) ).toMatchObject( {
		channel: 'private-flood-0',
		data: '{"n":1}',
	} );
	// The cap counts subscriptions at once: leaving one makes room for another.
	s.send( {
		event: 'pusher:unsubscribe',
		data: { channel: 'private-flood-1' },
	} );
	await s.subscribe( 'private-flood-9' );
	expect( ( await s.answer( 'private-flood-9' ) ).event ).toBe(
		'pusher_internal:subscription_succeeded'
	);
} );

it( 'closes connections over the per-address and total caps with 4100, logs them, and keeps serving', async () => {
	const warn = jest.fn();
	const { server, port } = await serverWith( {
		trustProxy: 1,
		maxConnectionsPerIp: 2,
		maxConnections: 3,
		log: { warn },
	} );
	const a1 = open( port, '10.0.0.1' );
	const a2 = open( port, '10.0.0.1' );
	await Promise.all( [ a1.established, a2.established ] );

	const a3 = open( port, '10.0.0.1' );
	expect(
		( await a3.next( ( f ) => f.event === 'pusher:error' ) ).data
	).toEqual( {
		code: 4100,
		message: 'Over capacity: too many connections from this address',
	} );
	expect( await a3.closed ).toEqual( {
		code: 4100,
		reason: 'Over capacity: too many connections from this address',
	} );
	expect( warn ).toHaveBeenCalledWith( 'realtime connection refused', {
		cause: 'per-ip',
		ip: '10.0.0.1',
		limit: 2,
	} );

	// Another address is still welcome, up to the total.
	const b1 = open( port, '10.0.0.2' );
	await b1.established;
	const c1 = open( port, '10.0.0.3' );
	expect( await c1.closed ).toEqual( {
		code: 4100,
		reason: 'Over capacity',
	} );
	expect( warn ).toHaveBeenCalledWith( 'realtime connection refused', {
		cause: 'total',
		ip: '10.0.0.3',
		limit: 3,
	} );
	expect( server.stats() ).toMatchObject( {
		connections: 3,
		refusedConnections: { total: 1, perIp: 1, dropped: 0 },
		limits: { connections: 3, connectionsPerIp: 2 },
	} );

	// What is open keeps working at the cap: subscriptions and the HTTP API.
	await a1.subscribe( 'private-open' );
	expect( ( await a1.answer( 'private-open' ) ).event ).toBe(
		'pusher_internal:subscription_succeeded'
	);
	const res = await fetch(
		`http://127.0.0.1:${ port }/apps/${ APP.appId }/channels`
	);
	expect( res.status ).toBe( 401 ); // answered (unsigned), not dropped

	// A connection that leaves frees its place under both caps.
	a2.ws.close();
	await a2.closed;
	await until( () => server.stats().connections === 2 );
	const a4 = open( port, '10.0.0.1' );
	await a4.established;
	expect( server.stats().connections ).toBe( 3 );
} );

it( 'reads the client address from the socket, or through trusted proxy hops', () => {
	const req = ( remoteAddress: string, xff?: string ) =>
		( {
			socket: { remoteAddress },
			headers: xff ? { 'x-forwarded-for': xff } : {},
		} ) as unknown as IncomingMessage;
	expect( clientIp( req( '::ffff:127.0.0.1', '10.0.0.9' ), 0 ) ).toBe(
		'127.0.0.1'
	);
	expect( clientIp( req( '127.0.0.1', 'forged, 10.0.0.9' ), 1 ) ).toBe(
		'10.0.0.9'
	);
	expect( clientIp( req( '127.0.0.1', '10.0.0.8, 10.0.0.9' ), 2 ) ).toBe(
		'10.0.0.8'
	);
	// More hops trusted than present: the farthest address known.
	expect( clientIp( req( '127.0.0.1', '10.0.0.9' ), 3 ) ).toBe( '10.0.0.9' );
	expect( clientIp( req( '2001:db8::1' ), 1 ) ).toBe( '2001:db8::1' );
} );

it( 'counts IPv6 clients by their /64 and IPv4 clients by their address', () => {
	expect( addressKey( '203.0.113.7' ) ).toBe( '203.0.113.7' );
	expect( addressKey( '2001:db8:0:1::5' ) ).toBe( '2001:db8:0:1::/64' );
	expect( addressKey( '2001:0db8:0000:0001:aaaa:bbbb:cccc:dddd' ) ).toBe(
		'2001:db8:0:1::/64'
	);
	expect( addressKey( '2001:db8::1' ) ).toBe( '2001:db8:0:0::/64' );
	expect( addressKey( '::1' ) ).toBe( '0:0:0:0::/64' );
	expect( addressKey( 'fe80::1%eth0' ) ).toBe( 'fe80:0:0:0::/64' );
	expect( addressKey( '64:ff9b::192.0.2.1' ) ).toBe( '64:ff9b:0:0::/64' );
} );

it( 'applies the per-address cap to a whole IPv6 /64', async () => {
	const warn = jest.fn();
	const { port } = await serverWith( {
		trustProxy: 1,
		maxConnectionsPerIp: 1,
		log: { warn },
	} );
	await open( port, '2001:db8::1' ).established;
	const neighbour = open( port, '2001:db8::2' );
	expect( ( await neighbour.closed ).code ).toBe( 4100 );
	expect( warn ).toHaveBeenCalledWith( 'realtime connection refused', {
		cause: 'per-ip',
		ip: '2001:db8::2',
		limit: 1,
	} );
	await open( port, '2001:db8:0:1::1' ).established;
} );
