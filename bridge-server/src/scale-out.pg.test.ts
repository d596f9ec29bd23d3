/**
 * Several bridge processes (issue 14): two built bridges (dist/server.js) on one PostgreSQL
 * database and one external realtime engine (`handoff-bridge realtime`, REALTIME_DRIVER=pusher),
 * as behind a load balancer without sticky sessions. Nothing either process keeps in memory is
 * needed by the other (docs/architecture.md "Several bridge processes"):
 * - a visitor served by one and an advisor by the other converse: every message reaches each
 *   side's pusher-js exactly once, each process's events in the order of their seq, and the
 *   thread ordered by seq, as the clients merge it (client-core merge.ts), is the stored one,
 *   seq without gap;
 * - licence grants sent in parallel to both never exceed the site's quota;
 * - one process killed with `kill -9` mid-load: its clients' requests go to the other (the
 *   unanswered ones retried with their client id), and no acknowledged message is lost or
 *   stored twice;
 * - processes started at once on an empty database migrate it once, and all serve.
 * PostgreSQL only (the bridge-pg project): several processes on sqlite3 are one machine's affair.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	advisorsPresenceChannel,
	conversationChannel,
	visitorChannel,
	type Message,
} from '@handoff-chat/contracts';
import { loadConfig } from './config';
import { createContext } from './context';
import { createLogger } from './logger';
import type { Site } from './services/sites';
import {
	requireBuiltServer,
	sendOver,
	spawnBuiltBridge,
	spawnBuiltRealtime,
	expectEachStoredOnce,
	type BuiltBridge,
	type SendOutcome,
} from './test-utils/built-bridge';
import { newClientId } from './test-utils/chat';
import {
	connectToEngine,
	handOver,
	listen,
	startBotConversation,
	until,
} from './test-utils/engine-clients';
import { advisorToken, client, signedHeaders } from './test-utils/harness';
import { databaseUrlFor, dropDatabaseFor } from './test-utils/test-database';

jest.setTimeout( 120_000 );

const app = {
	REALTIME_APP_ID: 'scale-out',
	REALTIME_KEY: 'scale-out-key',
	REALTIME_SECRET: 'scale-out-secret-0123456789',
};
/** Messages each side sends in the conversation test. */
const EACH_SIDE = 30;
/** Licences of the site: the manager holds one, parallel grants compete for the rest. */
const QUOTA = 4;
const CANDIDATES = 10;
/** kill -9 test: conversations, sends each at most, acknowledged sends before the kill. */
const CONVERSATIONS = 6;
const SENDS = 40;
const BEFORE_KILL = 60;

let dataDir: string;
let engine: Awaited< ReturnType< typeof spawnBuiltRealtime > >;
const bridges: BuiltBridge[] = [];
let site: Site;
const sockets: any[] = [];

beforeAll( async () => {
	requireBuiltServer();
	dataDir = mkdtempSync( path.join( tmpdir(), 'handoff-scale-out-' ) );
	engine = await spawnBuiltRealtime( {
		...app,
		REALTIME_BIND_HOST: '127.0.0.1',
		REALTIME_PORT: '0',
	} );
	const env = {
		...app,
		DATABASE_URL: await databaseUrlFor( dataDir ),
		// One uploads folder shared by both, as on one machine or an NFS mount.
		DATA_DIR: dataDir,
		BRIDGE_HOST: '127.0.0.1',
		BRIDGE_PORT: '0',
		REALTIME_DRIVER: 'pusher',
		REALTIME_HOST: '127.0.0.1',
		REALTIME_PORT: String( engine.port ),
		REALTIME_TLS: 'false',
	};
	const setup = await createContext( loadConfig( env ), createLogger() );
	try {
		site = await setup.services.sites.create( {
			name: 'Two processes',
			url: 'http://127.0.0.1',
			quota: QUOTA,
			demoFlow: true,
		} );
		// Anna, licensed, as the site owner's WordPress would have her.
		await setup.services.advisors.syncOne( site.id, '11', {
			displayName: 'Anna',
			email: null,
			avatar: null,
			canAnswer: true,
		} );
		await setup.services.licences.grant( site.id, '11' );
	} finally {
		await setup.close();
	}
	// One after the other: the first migrates (the database is already migrated here anyway).
	bridges.push( await spawnBuiltBridge( env ) );
	bridges.push( await spawnBuiltBridge( env ) );
} );

afterAll( async () => {
	sockets.splice( 0 ).forEach( ( s ) => s.disconnect() );
	for ( const b of bridges ) {
		if ( b.child.exitCode === null && b.child.signalCode === null ) {
			b.child.kill( 'SIGTERM' );
			await b.exited;
		}
	}
	if ( engine && engine.child.exitCode === null ) {
		engine.child.kill( 'SIGTERM' );
		await engine.exited;
	}
	await dropDatabaseFor( dataDir );
	rmSync( dataDir, { recursive: true, force: true } );
} );

/** Subscribes; resolves once subscribed with a reader of the messages its `message-created` events carried. */
async function messagesOn(
	pusher: any,
	name: string
): Promise< () => Message[] > {
	const events = await listen( pusher, name );
	return () =>
		events
			.filter( ( e ) => e.event === 'message-created' )
			.map( ( e ) => e.data.message as Message );
}

it( 'a visitor on one process and an advisor on the other converse: nothing lost, doubled or out of order', async () => {
	const [ a, b ] = bridges;
	const [ onA, onB ] = [ client( a.url ), client( b.url ) ];
	const anna = await advisorToken( site, '11', {
		name: 'Anna',
		licensed: false,
	} );

	// The visitor's requests and channel authorisations go to A, the advisor's to B.
	const visitor = (
		await onA( 'POST', `/v1/sites/${ site.id }/visitors`, { body: {} } )
	).body as { visitorId: string; token: string };
	// Browsers go to the engine the bridge names, whichever bridge answers.
	const realtime = ( await onB( 'GET', `/v1/sites/${ site.id }/config` ) )
		.body.realtime;
	expect( realtime.wsPort ).toBe( engine.port );
	const visitorSocket = connectToEngine(
		realtime,
		a.url,
		visitor.token,
		sockets
	);
	await listen( visitorSocket, visitorChannel( site.id, visitor.visitorId ) );
	const annaSocket = connectToEngine( realtime, b.url, anna, sockets );
	await listen( annaSocket, advisorsPresenceChannel( site.id ) );

	const id = await startBotConversation( onA, visitor.token );
	const seenByVisitor = await messagesOn(
		visitorSocket,
		conversationChannel( site.id, id )
	);
	// Routing on A reads Anna's presence (joined through B) from the engine.
	const assigned = await handOver( onA, onB, id, visitor.token, anna );
	expect( assigned.assignedAdvisorId ).toBe( '11' );
	const seenByAnna = await messagesOn(
		annaSocket,
		conversationChannel( site.id, id )
	);

	// Both type at once, each waiting for its own answer before the next message.
	const sent: Record< 'visitor' | 'advisor', Message[] > = {
		visitor: [],
		advisor: [],
	};
	const side = async (
		who: 'visitor' | 'advisor',
		call: typeof onA,
		token: string
	) => {
		for ( let i = 0; i < EACH_SIDE; i++ ) {
			const r = await call(
				'POST',
				`/v1/conversations/${ id }/messages`,
				{
					token,
					body: { clientId: newClientId(), text: `${ who } ${ i }` },
				}
			);
			expect( r.status ).toBe( 201 );
			sent[ who ].push( r.body.message );
		}
	};
	await Promise.all( [
		side( 'visitor', onA, visitor.token ),
		side( 'advisor', onB, anna ),
	] );

	const stored = (
		await onB(
			'GET',
			`/v1/conversations/${ id }/messages?after=0&limit=200`,
			{
				token: anna,
			}
		)
	).body.messages as Message[];
	const ours = ( ms: Message[] ) =>
		ms.filter( ( m ) => /^(visitor|advisor) \d+$/.test( m.text ?? '' ) );
	// Stored once each, in the order each side sent, seq without gap in the whole thread.
	expect( ours( stored ) ).toHaveLength( 2 * EACH_SIDE );
	for ( const who of [ 'visitor', 'advisor' ] as const ) {
		expect(
			ours( stored )
				.filter( ( m ) => m.author.type === who )
				.map( ( m ) => m.text )
		).toEqual( sent[ who ].map( ( m ) => m.text ) );
	}
	const seqs = stored.map( ( m ) => m.seq );
	expect( seqs ).toEqual( seqs.map( ( _s, i ) => i + 1 ) );

	for ( const read of [ seenByVisitor, seenByAnna ] ) {
		// Every message through the engine, whichever process published it…
		const seen = await until(
			read,
			( ms ) => ours( ms ).length >= 2 * EACH_SIDE
		);
		// …exactly once…
		const ids = ours( seen ).map( ( m ) => m.id );
		expect( new Set( ids ).size ).toBe( ids.length );
		expect( ids.sort() ).toEqual(
			ours( stored )
				.map( ( m ) => m.id )
				.sort()
		);
		// …each process's in seq order (A published the visitor's, B the advisor's)…
		for ( const who of [ 'visitor', 'advisor' ] as const ) {
			const fromOne = ours( seen )
				.filter( ( m ) => m.author.type === who )
				.map( ( m ) => m.seq );
			expect( fromOne ).toEqual(
				[ ...fromOne ].sort( ( x, y ) => x - y )
			);
		}
		// …and the thread ordered by seq, as clients merge it, is the stored one.
		expect(
			ours( [ ...seen ].sort( ( x, y ) => x.seq - y.seq ) ).map(
				( m ) => m.id
			)
		).toEqual( ours( stored ).map( ( m ) => m.id ) );
	}
} );

it( 'never grants more licences than the quota to grants sent to both processes at once', async () => {
	const [ a, b ] = bridges;
	const sync = JSON.stringify( {
		// Everyone who can answer: the owner, Anna (licensed) and the candidates.
		advisors: [
			[ '1', 'Owner' ],
			[ '11', 'Anna' ],
			...Array.from( { length: CANDIDATES }, ( _x, i ) => [
				String( 100 + i ),
				`Candidate ${ i }`,
			] ),
		].map( ( [ id, displayName ] ) => ( {
			id,
			displayName,
			email: null,
			avatar: null,
		} ) ),
	} );
	const synced = await fetch( `${ a.url }/v1/advisors`, {
		method: 'PUT',
		headers: {
			...signedHeaders( site, 'PUT', '/v1/advisors', sync ),
			'Content-Type': 'application/json',
		},
		body: sync,
	} );
	expect( synced.status ).toBe( 200 );
	// The site manager: the first call takes a licence for them, as the account holding them.
	const manager = await advisorToken( site, '1', {
		name: 'Owner',
		manage: true,
		licensed: false,
	} );
	const before = (
		await client( b.url )( 'GET', '/v1/advisors', { token: manager } )
	).body.licences as { granted: number; quota: number };
	expect( before.quota ).toBe( QUOTA );

	const answers = await Promise.all(
		Array.from( { length: CANDIDATES }, ( _x, i ) =>
			client( ( i % 2 ? b : a ).url )(
				'PATCH',
				`/v1/advisors/${ 100 + i }`,
				{ token: manager, body: { licensed: true } }
			)
		)
	);
	const granted = answers.filter( ( r ) => r.status === 200 ).length;
	expect( granted ).toBe( QUOTA - before.granted );
	for ( const r of answers.filter( ( x ) => x.status !== 200 ) ) {
		expect( r.status ).toBe( 409 );
		expect( r.body.error.code ).toBe( 'quota_full' );
	}
	const after = (
		await client( a.url )( 'GET', '/v1/advisors', { token: manager } )
	).body;
	expect( after.licences ).toEqual( { granted: QUOTA, quota: QUOTA } );
	expect(
		after.advisors.filter( ( x: { licensed: boolean } ) => x.licensed )
	).toHaveLength( QUOTA );
} );

interface Outcome extends SendOutcome {
	/** The first try got no answer (its process was killed). */
	cut?: boolean;
}

it( 'loses and doubles no acknowledged send when one process is killed with kill -9 mid-load', async () => {
	const [ a, b ] = bridges;
	const convs: Array< { id: string; token: string } > = [];
	for ( let i = 0; i < CONVERSATIONS; i++ ) {
		const call = client( ( i % 2 ? a : b ).url );
		const v = await call( 'POST', `/v1/sites/${ site.id }/visitors`, {
			body: {},
		} );
		const c = await call( 'POST', '/v1/conversations', {
			token: v.body.token,
			body: { mode: 'live', pageUrl: 'https://shop.example/' },
		} );
		expect( c.status ).toBe( 201 );
		convs.push( { id: c.body.conversation.id, token: v.body.token } );
	}

	const outcomes: Outcome[] = [];
	let acknowledged = 0;
	let killed = false;
	await Promise.all(
		convs.map( async ( c ) => {
			// A load balancer without stickiness: sends alternate, until A is gone.
			const agents = [ a, b ].map(
				() => new http.Agent( { keepAlive: true, maxSockets: 1 } )
			);
			for ( let n = 0; n < SENDS; n++ ) {
				const outcome: Outcome = {
					conversationId: c.id,
					token: c.token,
					clientId: `c-${ c.id.slice( -8 ) }-${ n }`,
				};
				outcomes.push( outcome );
				const to = killed ? 1 : n % 2;
				try {
					const r = await sendOver(
						agents[ to ],
						bridges[ to ].url,
						c.token,
						c.id,
						outcome.clientId
					);
					expect( r.status ).toBe( 201 );
					outcome.messageId = r.body.message.id;
				} catch ( err ) {
					if ( ! killed || to !== 0 ) {
						throw err;
					}
					// No answer: maybe stored, maybe not. The client retries with the same client
					// id, and the load balancer sends it to the process still standing.
					outcome.cut = true;
					const r = await sendOver(
						agents[ 1 ],
						b.url,
						c.token,
						c.id,
						outcome.clientId
					);
					expect( [ 200, 201 ] ).toContain( r.status );
					outcome.messageId = r.body.message.id;
				}
				if ( ++acknowledged === BEFORE_KILL ) {
					killed = true;
					a.child.kill( 'SIGKILL' );
				}
			}
			agents.forEach( ( x ) => x.destroy() );
		} )
	);
	expect( killed ).toBe( true );
	expect( await a.exited ).toEqual( [ null, 'SIGKILL' ] );
	expect( acknowledged ).toBe( CONVERSATIONS * SENDS );

	// Exactly once each, with the id its answer carried, in the order sent; nothing else.
	expect( await expectEachStoredOnce( b.url, convs, outcomes ) ).toBe(
		outcomes.length
	);
	// The survivor is healthy and says so.
	expect( ( await client( b.url )( 'GET', '/healthz' ) ).body ).toMatchObject(
		{
			database: 'ok',
			realtime: 'ok',
		}
	);
} );

it( 'starts several processes at once on an empty database: one migrates, the others wait for it', async () => {
	const dir = mkdtempSync(
		path.join( tmpdir(), 'handoff-scale-out-empty-' )
	);
	const env = {
		...app,
		DATABASE_URL: await databaseUrlFor( dir, { empty: true } ),
		DATA_DIR: dir,
		BRIDGE_HOST: '127.0.0.1',
		BRIDGE_PORT: '0',
		REALTIME_DRIVER: 'pusher',
		REALTIME_HOST: '127.0.0.1',
		REALTIME_PORT: String( engine.port ),
		REALTIME_TLS: 'false',
	};
	const started = await Promise.allSettled(
		[ 1, 2, 3 ].map( () => spawnBuiltBridge( env ) )
	);
	const up = started.flatMap( ( r ) =>
		r.status === 'fulfilled' ? [ r.value ] : []
	);
	try {
		expect(
			started.flatMap( ( r ) =>
				r.status === 'rejected' ? [ String( r.reason ) ] : []
			)
		).toEqual( [] );
		for ( const b of up ) {
			expect(
				( await client( b.url )( 'GET', '/healthz' ) ).body
			).toMatchObject( { database: 'ok' } );
		}
	} finally {
		for ( const b of up ) {
			b.child.kill( 'SIGTERM' );
			await b.exited;
		}
		await dropDatabaseFor( dir );
		rmSync( dir, { recursive: true, force: true } );
	}
} );
