/**
 * SIGTERM under load, on the built bridge (bridge-server/dist/server.js, as production and
 * the bench run it; `npm test` builds it first): keep-alive clients send back to back, the
 * bridge gets SIGTERM, drains and exits 0. Afterwards, on the same sqlite file: every send
 * answered 2xx is stored exactly once, with the answer's id; a send whose request failed
 * (connection closed or refused by the stopping bridge) is retried with its client id and
 * stored once; every acknowledged message reached its conversation's realtime subscriber
 * before the socket was closed with 4200; the log has the drain, and no error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { conversationChannel, EVENTS } from '@handoff-chat/contracts';
import {
	builtBridgeEnv,
	createSiteIn,
	requireBuiltServer,
	sendOver,
	expectEachStoredOnce,
	spawnBuiltBridge,
	type SendOutcome,
} from './test-utils/built-bridge';
import { startBridge, type Harness } from './test-utils/harness';
import { rawSocket } from './test-utils/raw-socket';

const CONVERSATIONS = 10;
/** Sends per conversation at most: the run is bounded even if the signal were never sent. */
const MAX_SENDS = 150;
/** SIGTERM goes once this many sends were acknowledged. */
const BEFORE_SIGNAL = 100;

interface Outcome extends SendOutcome {
	/** Why the request failed (the process stopped): maybe stored, maybe not. */
	error?: string;
}

let dataDir: string;
let restarted: Harness | undefined;

beforeAll( () => {
	requireBuiltServer();
	dataDir = mkdtempSync( path.join( tmpdir(), 'handoff-sigterm-' ) );
} );

afterAll( async () => {
	await restarted?.close();
	rmSync( dataDir, { recursive: true, force: true } );
} );

it( 'drains on SIGTERM under load: every acknowledged send stored once and announced, exit 0', async () => {
	const env = await builtBridgeEnv( dataDir );
	const realtimePort = Number( env.REALTIME_PORT );
	const site = await createSiteIn( env );
	const bridge = await spawnBuiltBridge( env );
	const { child, exited } = bridge;
	const base = bridge.url;

	// Visitors with a live conversation, each with its realtime subscriber.
	const realtime = {
		url: base,
		ctx: {
			realtime: {
				clientConfig: () => ( {
					wsHost: '127.0.0.1',
					wsPort: realtimePort,
					key: 'handoff-chat-key',
				} ),
			},
		},
	} as unknown as Harness;
	const post = async ( p: string, body: unknown, token?: string ) => {
		const res = await fetch( base + p, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				...( token ? { Authorization: `Bearer ${ token }` } : {} ),
			},
			body: JSON.stringify( body ),
		} );
		expect( res.status ).toBe( 201 );
		return ( await res.json() ) as any;
	};
	const convs = [];
	for ( let i = 0; i < CONVERSATIONS; i++ ) {
		const v = await post( `/v1/sites/${ site.id }/visitors`, {} );
		const c = await post(
			'/v1/conversations',
			{ mode: 'live', pageUrl: 'https://shop.example/' },
			v.token
		);
		const socket = await rawSocket( realtime, v.token );
		const channel = conversationChannel( site.id, c.conversation.id );
		expect( await socket.subscribe( channel ) ).toBe( 'ok' );
		convs.push( {
			token: v.token,
			id: c.conversation.id as string,
			socket,
		} );
	}

	// Load: each conversation sends back to back on its own keep-alive connection.
	const outcomes: Outcome[] = [];
	let acknowledged = 0;
	let signalled = false;
	const signal = () => {
		if ( ! signalled ) {
			signalled = true;
			child.kill( 'SIGTERM' );
		}
	};
	await Promise.all(
		convs.map( async ( c ) => {
			const agent = new http.Agent( { keepAlive: true, maxSockets: 1 } );
			for ( let n = 0; n < MAX_SENDS; n++ ) {
				const clientId = `c-${ c.id.slice( -8 ) }-${ n }`;
				const outcome: Outcome = {
					conversationId: c.id,
					token: c.token,
					clientId,
				};
				outcomes.push( outcome );
				let r: { status: number; body: any };
				try {
					r = await sendOver( agent, base, c.token, c.id, clientId );
				} catch ( err ) {
					// Refused or closed by the stopping bridge: the outcome is unknown.
					outcome.error = String( err );
					if ( signalled ) {
						break;
					}
					throw err;
				}
				expect( r.status ).toBe( 201 );
				outcome.messageId = r.body.message.id;
				if ( ++acknowledged === BEFORE_SIGNAL ) {
					signal();
				}
			}
			agent.destroy();
		} )
	);
	// Each connection got at most its answer in flight: every loop then ended on the
	// stopping bridge's refusal, none on the bound.
	expect( signalled ).toBe( true );
	for ( const c of convs ) {
		const mine = outcomes.filter( ( o ) => o.conversationId === c.id );
		expect( mine.length ).toBeLessThan( MAX_SENDS );
		expect( mine[ mine.length - 1 ].error ).toBeDefined();
	}
	const [ code ] = await exited;
	expect( code ).toBe( 0 );

	// Clients were told to reconnect at once to the next process.
	for ( const c of convs ) {
		expect( await c.socket.closed ).toBe( 4200 );
	}
	const lines = bridge
		.log()
		.trim()
		.split( '\n' )
		.map( ( l ) => JSON.parse( l ) );
	const started = lines.find( ( l ) => l.msg === 'drain started' );
	const finished = lines.find( ( l ) => l.msg === 'drain finished' );
	expect( started ).toMatchObject( {
		signal: 'SIGTERM',
		inFlight: expect.any( Number ),
		timeoutMs: 10_000,
	} );
	expect( finished ).toMatchObject( {
		signal: 'SIGTERM',
		cut: 0,
		durationMs: expect.any( Number ),
	} );
	expect( lines.find( ( l ) => l.msg === 'bridge stopped' ) ).toBeTruthy();
	expect( lines.filter( ( l ) => l.level !== 'info' ) ).toEqual( [] );

	// Every acknowledged message reached its subscriber before the close.
	for ( const c of convs ) {
		const announced = new Set(
			c.socket.frames
				.map( ( f ) => JSON.parse( f ) )
				.filter( ( f ) => f.event === EVENTS.messageCreated )
				.map( ( f ) => JSON.parse( f.data ).message.id )
		);
		for ( const o of outcomes.filter(
			( x ) => x.conversationId === c.id && x.messageId
		) ) {
			expect( announced.has( o.messageId ) ).toBe( true );
		}
	}

	// The next process on the same data: failed sends retried with their client id.
	restarted = await startBridge( {}, { dataDir, site, keepData: true } );
	const retried = outcomes.filter( ( o ) => o.error );
	for ( const o of retried ) {
		const r = await sendOver(
			new http.Agent(),
			restarted.url,
			o.token,
			o.conversationId,
			o.clientId
		);
		expect( [ 200, 201 ] ).toContain( r.status );
		o.messageId = r.body.message.id;
	}
	// The retry of an acknowledged send answers the original.
	const acked = outcomes.find( ( o ) => ! o.error )!;
	const again = await sendOver(
		new http.Agent(),
		restarted.url,
		acked.token,
		acked.conversationId,
		acked.clientId
	);
	expect( again ).toMatchObject( {
		status: 200,
		body: { message: { id: acked.messageId } },
	} );

	const stored = await expectEachStoredOnce( restarted.url, convs, outcomes );
	expect( stored ).toBe( outcomes.length );
	expect( acknowledged ).toBeGreaterThanOrEqual( BEFORE_SIGNAL );
}, 60_000 );
