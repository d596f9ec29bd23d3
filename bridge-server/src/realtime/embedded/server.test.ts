/**
 * The embedded Pusher-protocol server against the unmodified clients: the `pusher`
 * server SDK publishes and signs, `pusher-js` subscribes; raw `ws` checks the frames
 * pusher-js hides (ping/pong, error codes).
 */
import Pusher from 'pusher';
import WebSocket from 'ws';
import {
	createEmbeddedRealtimeServer,
	type EmbeddedRealtimeServer,
} from './server';

const PusherJs = require( 'pusher-js' );

const APP = {
	appId: 'test-app',
	key: 'test-key',
	secret: 'test-secret-0123456789',
};
let server: EmbeddedRealtimeServer;
let port: number;
let sdk: Pusher;
const clients: any[] = [];
const sockets: WebSocket[] = [];

beforeAll( async () => {
	server = createEmbeddedRealtimeServer( {
		...APP,
		host: '127.0.0.1',
		port: 0,
		pongTimeout: 1,
	} );
	( { port } = await server.listen() );
	sdk = new Pusher( {
		...APP,
		host: '127.0.0.1',
		port: String( port ),
		useTLS: false,
	} );
} );

afterAll( async () => {
	clients.forEach( ( c ) => c.disconnect() );
	sockets.forEach( ( s ) => s.terminate() );
	await server.close();
} );

/** A pusher-js client whose channel authorisation is signed by the SDK, as the bridge's auth route does. */
function client( presence?: {
	user_id: string;
	user_info?: Record< string, unknown >;
} ) {
	const c = new PusherJs( APP.key, {
		wsHost: '127.0.0.1',
		wsPort: port,
		forceTLS: false,
		enabledTransports: [ 'ws' ],
		cluster: 'mt1',
		disableStats: true,
		channelAuthorization: {
			customHandler: ( { socketId, channelName }: any, cb: any ) =>
				cb(
					null,
					presence
						? sdk.authorizeChannel(
								socketId,
								channelName,
								presence
							)
						: sdk.authorizeChannel( socketId, channelName )
				),
		},
	} );
	clients.push( c );
	return c;
}

function subscribed( c: any, name: string ): Promise< any > {
	return new Promise( ( resolve, reject ) => {
		const ch = c.subscribe( name );
		ch.bind( 'pusher:subscription_succeeded', ( data: any ) =>
			resolve( { ch, data } )
		);
		ch.bind( 'pusher:subscription_error', reject );
	} );
}

const next = ( ch: any, event: string ): Promise< any > =>
	new Promise( ( resolve ) => ch.bind( event, resolve ) );

/** A raw socket and the frames it received. */
async function raw( key = APP.key ) {
	const ws = new WebSocket(
		`ws://127.0.0.1:${ port }/app/${ key }?protocol=7&client=js&version=8`
	);
	sockets.push( ws );
	const frames: any[] = [];
	ws.on( 'message', ( d ) => frames.push( JSON.parse( String( d ) ) ) );
	const closed = new Promise< number >( ( r ) =>
		ws.on( 'close', ( code ) => r( code ) )
	);
	await new Promise( ( r ) => ws.on( 'open', r ) );
	const frame = async ( event: string ) => {
		for ( let i = 0; i < 200; i++ ) {
			const f = frames.find( ( x ) => x.event === event );
			if ( f ) {
				frames.splice( frames.indexOf( f ), 1 );
				return f;
			}
			await new Promise( ( r ) => setTimeout( r, 10 ) );
		}
		throw new Error( `no ${ event } frame` );
	};
	return { ws, frame, closed };
}

it( 'delivers SDK triggers on private channels', async () => {
	const c = client();
	const priv = await subscribed( c, 'private-room-1' );
	const gotOne = next( priv.ch, 'hello' );
	await sdk.trigger( 'private-room-1', 'hello', { n: 1 } );
	expect( await gotOne ).toEqual( { n: 1 } );
	const gotTwo = next( priv.ch, 'secret' );
	await sdk.triggerBatch( [
		{ channel: 'private-room-1', name: 'secret', data: { n: 2 } },
	] );
	expect( await gotTwo ).toEqual( { n: 2 } );
} );

it( 'refuses a private subscription with a wrong signature', async () => {
	const { ws, frame } = await raw();
	await frame( 'pusher:connection_established' );
	ws.send(
		JSON.stringify( {
			event: 'pusher:subscribe',
			data: {
				channel: 'private-room-2',
				auth: `${ APP.key }:${ '0'.repeat( 64 ) }`,
			},
		} )
	);
	const err = await frame( 'pusher:subscription_error' );
	expect( err.channel ).toBe( 'private-room-2' );
} );

it( 'tracks presence members: ids, member_added and member_removed', async () => {
	const anna = client( { user_id: '11', user_info: { name: 'Anna' } } );
	const { ch, data } = await subscribed( anna, 'presence-team' );
	expect( data.count ).toBe( 1 );
	const added = next( ch, 'pusher:member_added' );
	const ben = client( { user_id: '12', user_info: { name: 'Ben' } } );
	await subscribed( ben, 'presence-team' );
	expect( await added ).toEqual(
		expect.objectContaining( { id: '12', info: { name: 'Ben' } } )
	);
	const users = await sdk.get( { path: '/channels/presence-team/users' } );
	expect(
		( ( await users.json() ) as any ).users.map( ( u: any ) => u.id ).sort()
	).toEqual( [ '11', '12' ] );
	const removed = next( ch, 'pusher:member_removed' );
	ben.disconnect();
	expect( await removed ).toEqual( expect.objectContaining( { id: '12' } ) );
} );

it( 'answers ping with pong, and closes with 4201 when its own ping gets no pong', async () => {
	const { ws, frame, closed } = await raw();
	const est = await frame( 'pusher:connection_established' );
	expect( JSON.parse( est.data ).socket_id ).toMatch( /^\d+\.\d+$/ );
	ws.send( JSON.stringify( { event: 'pusher:ping', data: {} } ) );
	await frame( 'pusher:pong' );
	// A client that never answers the server's own ping is dropped (short timeouts on a second server).
	const idle = createEmbeddedRealtimeServer( {
		...APP,
		host: '127.0.0.1',
		port: 0,
		activityTimeout: 1,
		pongTimeout: 1,
	} );
	const { port: idlePort } = await idle.listen();
	const silent = new WebSocket(
		`ws://127.0.0.1:${ idlePort }/app/${ APP.key }?protocol=7`
	);
	sockets.push( silent );
	// ws answers protocol-level pings itself, but Pusher pings are JSON frames: never answering them must end the connection.
	const code = await new Promise< number >( ( r ) =>
		silent.on( 'close', ( c ) => r( c ) )
	);
	expect( code ).toBe( 4201 );
	await idle.close();
	ws.close();
	expect( await closed ).toBeDefined();
} );

it( 'rejects an unknown app key with 4001', async () => {
	const { frame, closed } = await raw( 'wrong-key' );
	const err = await frame( 'pusher:error' );
	expect( err.data.code ).toBe( 4001 );
	expect( await closed ).toBe( 4001 );
} );

it( 'checks the HTTP API signature, timestamp and payload size', async () => {
	const wrongSecret = new Pusher( {
		...APP,
		secret: 'not-the-secret',
		host: '127.0.0.1',
		port: String( port ),
		useTLS: false,
	} );
	await expect(
		wrongSecret.trigger( 'news', 'x', {} )
	).rejects.toMatchObject( { status: 401 } );

	// A replayed request from 20 minutes ago is refused even with a valid signature.
	const realNow = Date.now;
	Date.now = () => realNow() - 20 * 60 * 1000;
	let stale: Promise< unknown >;
	try {
		stale = sdk.trigger( 'news', 'x', {} );
	} finally {
		Date.now = realNow;
	}
	await expect( stale ).rejects.toMatchObject( { status: 401 } );

	await expect(
		sdk.trigger( 'news', 'big', { s: 'x'.repeat( 11 * 1024 ) } )
	).rejects.toMatchObject( {
		status: 413,
	} );
	await expect(
		( async () => sdk.trigger( 'bad channel name!', 'x', {} ) )()
	).rejects.toBeDefined();
} );

it( 'lists occupied channels by prefix, with presence user counts', async () => {
	const c = client( { user_id: '21' } );
	await subscribed( c, 'presence-lobby' );
	const res = await sdk.get( {
		path: '/channels',
		params: { filter_by_prefix: 'presence-', info: 'user_count' },
	} );
	const body = ( await res.json() ) as any;
	expect( body.channels[ 'presence-lobby' ] ).toEqual( { user_count: 1 } );
	expect( body.channels.news ).toBeUndefined();
} );

it( 'builds text frames that a WebSocket client reads back, at every length encoding', () => {
	const { textFrame } = require( './channels' );
	// ws's own frame parser (untyped in @types/ws).
	const { Receiver } = require( 'ws' );
	for ( const size of [ 0, 125, 126, 65535, 65536, 200_000 ] ) {
		const payload = Buffer.from(
			'é'.repeat( size / 2 ) + 'x'.repeat( size % 2 )
		);
		const receiver = new Receiver( { isServer: false } );
		const got: Array< { text: string; isBinary: boolean } > = [];
		receiver.on( 'message', ( data: Buffer, isBinary: boolean ) =>
			got.push( { text: data.toString(), isBinary } )
		);
		receiver.write( textFrame( payload ) );
		expect( got ).toEqual( [
			{ text: payload.toString(), isBinary: false },
		] );
	}
} );
