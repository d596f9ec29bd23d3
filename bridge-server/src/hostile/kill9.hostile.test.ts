/**
 * `kill -9` under load, on the built bridge (dist/server.js): keep-alive senders send back to
 * back in several conversations, the process is killed without warning mid-load, and a new
 * bridge opens the same sqlite file. Then: every send answered 2xx is stored exactly once,
 * with the id its answer carried; every send left without an answer, retried with its client
 * id (twice at once), is stored once; the retry of an acknowledged send answers the original;
 * seq has no gap in any conversation. (SIGTERM under load: shutdown.hostile.test.ts; concurrent
 * retries of one client id on a running bridge: services/send-path.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	builtBridgeEnv,
	createSiteIn,
	requireBuiltServer,
	expectEachStoredOnce,
	sendOver,
	spawnBuiltBridge,
	type BuiltBridge,
	type SendOutcome,
} from '../test-utils/built-bridge';
import { startBridge, type Harness } from '../test-utils/harness';

const CONVERSATIONS = 8;
/** Sends per conversation at most: the run is bounded even if the kill never came. */
const MAX_SENDS = 150;
/** The kill comes once this many sends were acknowledged, all senders still running. */
const BEFORE_KILL = 80;

interface Outcome extends SendOutcome {
	/** The request failed (killed): maybe stored, maybe not. */
	failed?: boolean;
}

let dataDir: string;
let bridge: BuiltBridge | undefined;
let restarted: Harness | undefined;

beforeAll( () => {
	requireBuiltServer();
	dataDir = mkdtempSync( path.join( tmpdir(), 'handoff-kill9-' ) );
} );

afterAll( async () => {
	if ( bridge && bridge.child.exitCode === null ) {
		bridge.child.kill( 'SIGKILL' );
	}
	await restarted?.close();
	rmSync( dataDir, { recursive: true, force: true } );
} );

it( 'loses no acknowledged send and duplicates none across kill -9 and restart', async () => {
	const env = await builtBridgeEnv( dataDir );
	const site = await createSiteIn( env );
	bridge = await spawnBuiltBridge( env );
	const base = bridge.url;

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
	const convs: Array< { id: string; token: string } > = [];
	for ( let i = 0; i < CONVERSATIONS; i++ ) {
		const v = await post( `/v1/sites/${ site.id }/visitors`, {} );
		const c = await post(
			'/v1/conversations',
			{ mode: 'live', pageUrl: 'https://shop.example/' },
			v.token
		);
		convs.push( { id: c.conversation.id, token: v.token } );
	}

	const outcomes: Outcome[] = [];
	let acknowledged = 0;
	let killed = false;
	await Promise.all(
		convs.map( async ( c ) => {
			const agent = new http.Agent( { keepAlive: true, maxSockets: 1 } );
			for ( let n = 0; n < MAX_SENDS; n++ ) {
				const outcome: Outcome = {
					conversationId: c.id,
					token: c.token,
					clientId: `c-${ c.id.slice( -8 ) }-${ n }`,
				};
				outcomes.push( outcome );
				try {
					const r = await sendOver(
						agent,
						base,
						c.token,
						c.id,
						outcome.clientId
					);
					expect( r.status ).toBe( 201 );
					outcome.messageId = r.body.message.id;
				} catch ( err ) {
					// Killed: this send may or may not have been stored.
					outcome.failed = true;
					if ( killed ) {
						break;
					}
					throw err;
				}
				if ( ++acknowledged === BEFORE_KILL ) {
					killed = true;
					bridge!.child.kill( 'SIGKILL' );
				}
			}
			agent.destroy();
		} )
	);
	expect( killed ).toBe( true );
	const [ code, signal ] = await bridge.exited;
	expect( [ code, signal ] ).toEqual( [ null, 'SIGKILL' ] );
	// Every sender was cut by the kill, not by the bound.
	for ( const c of convs ) {
		const mine = outcomes.filter( ( o ) => o.conversationId === c.id );
		expect( mine.length ).toBeLessThan( MAX_SENDS );
		expect( mine[ mine.length - 1 ].failed ).toBe( true );
	}

	// The next process on the same data.
	restarted = await startBridge( {}, { dataDir, site, keepData: true } );
	const again = ( o: Outcome ) =>
		sendOver(
			new http.Agent(),
			restarted!.url,
			o.token,
			o.conversationId,
			o.clientId
		);
	// A send left without an answer, retried twice at once, as a client with a flaky network would.
	for ( const o of outcomes.filter( ( x ) => x.failed ) ) {
		const [ a, b ] = await Promise.all( [ again( o ), again( o ) ] );
		expect( [ 200, 201 ] ).toContain( a.status );
		expect( [ 200, 201 ] ).toContain( b.status );
		expect( b.body.message.id ).toBe( a.body.message.id );
		o.messageId = a.body.message.id;
	}
	// The retry of an acknowledged send answers the original, in every conversation.
	for ( const c of convs ) {
		const acked = outcomes.find(
			( o ) => o.conversationId === c.id && ! o.failed
		)!;
		expect( await again( acked ) ).toMatchObject( {
			status: 200,
			body: { message: { id: acked.messageId } },
		} );
	}

	const stored = await expectEachStoredOnce( restarted.url, convs, outcomes );
	expect( stored ).toBe( outcomes.length );
	expect( acknowledged ).toBeGreaterThanOrEqual( BEFORE_KILL );
}, 60_000 );
