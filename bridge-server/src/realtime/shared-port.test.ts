/**
 * REALTIME_SHARE_HTTP_PORT: the embedded realtime server takes its WebSocket upgrades from
 * the bridge's own HTTP server, so one port (one TLS port behind a proxy) serves the API and
 * realtime. Real pusher-js through that port; other upgrade paths refused; the caps kept;
 * a SIGTERM still drains (the sockets told to reconnect) instead of waiting on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { conversationChannel } from '@handoff-chat/contracts';
import { loadConfig } from '../config';
import {
	builtBridgeEnv,
	requireBuiltServer,
	spawnBuiltBridge,
} from '../test-utils/built-bridge';
import { waitFor } from '../test-utils/harness';
import { rawSocket } from '../test-utils/raw-socket';
import { setUpBridge } from '../test-utils/set-up-bridge';

// The last test starts the built bridge as a process: seconds on a busy 2-core CI machine.
jest.setTimeout( 60_000 );

const bridge = setUpBridge( {
	REALTIME_SHARE_HTTP_PORT: 'true',
	REALTIME_MAX_CONNECTIONS_PER_IP: '2',
	REALTIME_MAX_SUBSCRIPTIONS: '1',
} );

const httpPort = () => Number( new URL( bridge.h.url ).port );

/** A WebSocket to `path` on the bridge's HTTP port: its close code, or the HTTP status refusing it. */
function upgrade(
	urlPath: string
): Promise< { close?: number; status?: number } > {
	const ws = new WebSocket( `ws://127.0.0.1:${ httpPort() }${ urlPath }` );
	return new Promise( ( resolve ) => {
		ws.on( 'unexpected-response', ( _req, res ) => {
			resolve( { status: res.statusCode } );
			ws.terminate();
		} );
		ws.on( 'error', () => undefined );
		ws.on( 'close', ( code ) => resolve( { close: code } ) );
	} );
}

const openSockets = async () =>
	( await bridge.c.call( 'GET', '/healthz' ) ).body.metrics.realtime
		.connections as number;

/** Resolves once the bridge has seen every socket close (the caps count open ones). */
async function noSocketsLeft() {
	while ( await openSockets() ) {
		await new Promise( setImmediate );
	}
}

it( 'tells browsers the HTTP port, and pusher-js gets a visitor’s messages through it', async () => {
	const { c, h } = bridge;
	const v = await c.visitor();
	const config = await c.call( 'GET', `/v1/sites/${ h.site.id }/config` );
	expect( config.body.realtime ).toMatchObject( {
		wsHost: '127.0.0.1',
		wsPort: httpPort(),
		forceTLS: false,
	} );
	const started = await c.start( v.token, { mode: 'live' } );
	expect( started.status ).toBe( 201 );
	const id = started.body.conversation.id as string;

	const pusher = c.connect( v.token );
	const sub = await c.listen( pusher, conversationChannel( h.site.id, id ) );
	expect( pusher.connection.state ).toBe( 'connected' );
	expect( ( await c.say( v.token, id, 'One port' ) ).status ).toBe( 201 );
	await waitFor(
		() =>
			sub.events.some(
				( e ) =>
					e.event === 'message-created' &&
					e.data.message.text === 'One port'
			),
		3000,
		'message-created through the HTTP port'
	);
	const health = await c.call( 'GET', '/healthz' );
	expect( health.body ).toMatchObject( {
		status: 'ok',
		realtime: 'ok',
		metrics: { realtime: { connections: 1, subscriptions: 1 } },
	} );
	c.disconnectAll();
	await noSocketsLeft();
} );

it( 'upgrades /app/<key> only: other paths answer 404, a wrong key is closed with 4001, the API still answers', async () => {
	const { c } = bridge;
	for ( const p of [
		'/',
		'/healthz',
		'/v1/realtime/auth',
		'/apps/handoff-chat/events',
		'/application/handoff-chat-key',
	] ) {
		expect( await upgrade( p ) ).toEqual( { status: 404 } );
	}
	expect( await upgrade( '/app/not-the-key?protocol=7' ) ).toEqual( {
		close: 4001,
	} );
	expect( ( await c.call( 'GET', '/healthz' ) ).status ).toBe( 200 );
	await noSocketsLeft();
} );

it( 'keeps the per-address connection cap and the subscription cap on the shared port', async () => {
	const { c, h } = bridge;
	const v = await c.visitor();
	const a = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	const b = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	const first = await rawSocket( h, v.token );
	const second = await rawSocket( h, v.token );
	expect( await first.subscribe( conversationChannel( h.site.id, a ) ) ).toBe(
		'ok'
	);
	// REALTIME_MAX_SUBSCRIPTIONS=1: a second channel on the same socket is refused (4100).
	void first.subscribe( conversationChannel( h.site.id, b ) );
	let refusal: { data: unknown } | undefined;
	while ( ! refusal ) {
		await first.sync();
		refusal = first.frames
			.map( ( f ) => JSON.parse( f ) )
			.find( ( f ) => f.event === 'pusher:error' );
	}
	expect( refusal.data ).toMatchObject( {
		code: 4100,
		message: expect.stringContaining( 'at most 1 subscriptions' ),
	} );
	// REALTIME_MAX_CONNECTIONS_PER_IP=2: a third socket from this address is closed with 4100.
	expect( await upgrade( `/app/${ h.ctx.config.realtime.key }` ) ).toEqual( {
		close: 4100,
	} );
	first.close();
	second.close();
	await noSocketsLeft();
} );

it( 'refuses to share the port with an external realtime server or the HTTP publishing API', () => {
	const dir = mkdtempSync( path.join( tmpdir(), 'handoff-shared-' ) );
	try {
		expect( () =>
			loadConfig( {
				DATA_DIR: dir,
				REALTIME_SHARE_HTTP_PORT: 'true',
				REALTIME_DRIVER: 'pusher',
				REALTIME_SECRET: 's',
			} )
		).toThrow( /REALTIME_DRIVER=embedded/ );
		expect( () =>
			loadConfig( {
				DATA_DIR: dir,
				REALTIME_SHARE_HTTP_PORT: 'true',
				REALTIME_EMBEDDED_PUBLISH: 'http',
			} )
		).toThrow( /REALTIME_EMBEDDED_PUBLISH=direct/ );
		// Behind a TLS proxy the browsers are told the proxy's name and port.
		expect(
			loadConfig( {
				DATA_DIR: dir,
				BRIDGE_PORT: '8787',
				REALTIME_SHARE_HTTP_PORT: 'true',
				REALTIME_PUBLIC_HOST: 'chat.example.com',
				REALTIME_PUBLIC_PORT: '443',
				REALTIME_PUBLIC_TLS: 'true',
			} ).realtime
		).toMatchObject( {
			port: 8787,
			publicHost: 'chat.example.com',
			publicPort: 443,
			publicTLS: true,
		} );
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
} );

it( 'drains on SIGTERM: the built bridge closes its sockets with 4200 and exits 0', async () => {
	requireBuiltServer();
	const dir = mkdtempSync( path.join( tmpdir(), 'handoff-shared-term-' ) );
	try {
		const spawned = await spawnBuiltBridge( {
			...( await builtBridgeEnv( dir ) ),
			REALTIME_SHARE_HTTP_PORT: 'true',
		} );
		const ws = new WebSocket(
			`${ spawned.url.replace( 'http', 'ws' ) }/app/handoff-chat-key?protocol=7`
		);
		await new Promise( ( r ) =>
			ws.on( 'message', ( d ) => {
				if (
					JSON.parse( String( d ) ).event ===
					'pusher:connection_established'
				) {
					r( undefined );
				}
			} )
		);
		const closed = new Promise< number >( ( r ) =>
			ws.on( 'close', ( code ) => r( code ) )
		);
		spawned.child.kill( 'SIGTERM' );
		expect( await closed ).toBe( 4200 );
		expect( await spawned.exited ).toEqual( [ 0, null ] );
		expect( spawned.log() ).toContain( '"msg":"bridge stopped"' );
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
} );
