/**
 * An external realtime engine, configured as hosted Pusher or soketi would be: the built
 * `handoff-bridge realtime` process on its own port (and soketi, when a scratch install of it
 * exists: test-utils/soketi.ts), and the built bridge with
 * REALTIME_DRIVER=pusher pointed at it by configuration only (host, port, TLS off, app id,
 * key, secret, cluster). A visitor and an advisor (pusher-js) converse through the bridge's
 * HTTP API with every event delivered by the engine; private and presence channels are
 * authorised by the bridge; who is online (advisors for routing, visitors for the inbox's
 * green dots) is read from the engine's HTTP API. With the engine gone, /healthz says so and
 * sends are still stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	advisorsPresenceChannel,
	conversationChannel,
	visitorChannel,
} from '@handoff-chat/contracts';
import { loadConfig } from '../config';
import { createContext } from '../context';
import { createLogger } from '../logger';
import { createPusherDriver } from './pusher-driver';
import {
	requireBuiltServer,
	spawnBuiltBridge,
	spawnBuiltRealtime,
	type BuiltBridge,
} from '../test-utils/built-bridge';
import { newClientId } from '../test-utils/chat';
import {
	connectToEngine,
	handOver,
	listen,
	startBotConversation,
	until,
} from '../test-utils/engine-clients';
import { advisorToken, client } from '../test-utils/harness';
import { soketiInstalled, startSoketi } from '../test-utils/soketi';

import PusherServer from 'pusher';

// Processes spawned and pusher-js round trips: seconds on a busy machine, never a timing check.
jest.setTimeout( 60_000 );

interface Engine {
	port: number;
	stop: () => Promise< void >;
}

const app = {
	REALTIME_APP_ID: 'external-app',
	REALTIME_KEY: 'external-key',
	REALTIME_SECRET: 'external-secret-0123456789',
};

let dataDir: string;
let engine: Engine | undefined;
let bridge: BuiltBridge | undefined;
const sockets: any[] = [];

beforeAll( () => {
	requireBuiltServer();
} );

beforeEach( () => {
	dataDir = mkdtempSync( path.join( tmpdir(), 'handoff-external-rt-' ) );
} );

afterEach( async () => {
	sockets.splice( 0 ).forEach( ( s ) => s.disconnect() );
	if ( bridge && bridge.child.exitCode === null ) {
		bridge.child.kill( 'SIGTERM' );
		await bridge.exited;
	}
	await engine?.stop();
	bridge = engine = undefined;
	rmSync( dataDir, { recursive: true, force: true } );
} );

async function builtRealtime(): Promise< Engine > {
	const p = await spawnBuiltRealtime( {
		...app,
		REALTIME_BIND_HOST: '127.0.0.1',
		REALTIME_PORT: '0',
	} );
	return {
		port: p.port,
		async stop() {
			if ( p.child.exitCode === null ) {
				p.child.kill( 'SIGTERM' );
				// SIGTERM closes every socket and exits 0.
				expect( await p.exited ).toEqual( [ 0, null ] );
			}
		},
	};
}

it( 'handoff-bridge realtime: an unsigned health check, a signed HTTP API', async () => {
	engine = await builtRealtime();
	// Health checks (load balancers, containers) need no signature; the API does.
	const health = await fetch( `http://127.0.0.1:${ engine.port }/healthz` );
	expect( health.status ).toBe( 200 );
	expect( await health.json() ).toMatchObject( {
		status: 'ok',
		metrics: { connections: 0 },
	} );
	expect(
		(
			await fetch(
				`http://127.0.0.1:${ engine.port }/apps/${ app.REALTIME_APP_ID }/channels`
			)
		).status
	).toBe( 401 );
} );

it( 'runs visitor ↔ advisor, channel auth and presence on handoff-bridge realtime, by configuration only', async () => {
	engine = await builtRealtime();
	await converse( engine );
} );

// soketi is never installed by the tests (AGPL, a scratch install: `npm run bench -- --soketi`).
if ( ! soketiInstalled() ) {
	// eslint-disable-next-line no-console
	console.warn(
		'external.test.ts: soketi is not installed in .cache/bench/soketi — its run is SKIPPED'
	);
}
( soketiInstalled() ? it : it.skip )(
	'runs the same on soketi, by configuration only',
	async () => {
		engine = await startSoketi( app );
		await converse( engine );
	}
);

/** The whole scenario against `running` (its port is all the bridge is told, with the app). */
async function converse( running: Engine ) {
	const env = {
		...app,
		DATA_DIR: dataDir,
		BRIDGE_HOST: '127.0.0.1',
		BRIDGE_PORT: '0',
		REALTIME_DRIVER: 'pusher',
		REALTIME_HOST: '127.0.0.1',
		REALTIME_PORT: String( running.port ),
		REALTIME_TLS: 'false',
		REALTIME_CLUSTER: 'eu',
	};
	// The site and a licensed advisor, as a site owner's WordPress would have them.
	const setup = await createContext( loadConfig( env ), createLogger() );
	const site = await setup.services.sites.create( {
		name: 'External engine',
		url: 'http://127.0.0.1',
		demoFlow: true,
	} );
	await setup.services.advisors.syncOne( site.id, '11', {
		displayName: 'Anna',
		email: null,
		avatar: null,
		canAnswer: true,
	} );
	await setup.services.licences.grant( site.id, '11' );
	await setup.close();

	bridge = await spawnBuiltBridge( env );
	const call = client( bridge.url );
	expect( bridge.log() ).toContain(
		`"realtime":"pusher ws://127.0.0.1:${ running.port }"`
	);
	// Readiness goes through the engine's signed HTTP API.
	expect( ( await call( 'GET', '/healthz' ) ).body ).toMatchObject( {
		realtime: 'ok',
	} );

	const visitor = (
		await call( 'POST', `/v1/sites/${ site.id }/visitors`, { body: {} } )
	).body as { visitorId: string; token: string };
	const realtime = ( await call( 'GET', `/v1/sites/${ site.id }/config` ) )
		.body.realtime;
	// Browsers are sent to the engine, not to the bridge.
	expect( realtime ).toMatchObject( {
		key: app.REALTIME_KEY,
		wsHost: '127.0.0.1',
		wsPort: running.port,
		forceTLS: false,
		cluster: 'eu',
	} );
	const connect = ( token: string ) =>
		connectToEngine( realtime, bridge!.url, token, sockets );

	const anna = await advisorToken( site, '11', {
		name: 'Anna',
		licensed: false,
	} );
	const online = async () =>
		(
			await call( 'GET', '/v1/inbox/online', {
				token: anna,
			} )
		).body.visitorIds as string[];
	expect( await online() ).toEqual( [] );

	// The visitor's widget: its own private channel, signed by the bridge, held by the engine.
	const visitorSocket = connect( visitor.token );
	await listen( visitorSocket, visitorChannel( site.id, visitor.visitorId ) );
	expect( await online() ).toEqual( [ visitor.visitorId ] );
	// Someone else's channel is refused by the bridge, whichever engine runs.
	const other = (
		await call( 'POST', `/v1/sites/${ site.id }/visitors`, { body: {} } )
	).body as { visitorId: string };
	await expect(
		listen( visitorSocket, visitorChannel( site.id, other.visitorId ) )
	).rejects.toThrow( /403/ );

	// The advisor comes online: the presence channel on the engine is what routing reads.
	const annaSocket = connect( anna );
	await listen( annaSocket, advisorsPresenceChannel( site.id ) );

	const id = await startBotConversation( call, visitor.token );
	const seenByVisitor = await listen(
		visitorSocket,
		conversationChannel( site.id, id )
	);
	const conversation = await handOver( call, call, id, visitor.token, anna );
	expect( conversation.assignedAdvisorId ).toBe( '11' );

	const seenByAnna = await listen(
		annaSocket,
		conversationChannel( site.id, id )
	);
	const say = ( token: string, text: string, clientId: string ) =>
		call( 'POST', `/v1/conversations/${ id }/messages`, {
			token,
			body: { clientId, text },
		} );
	const texts = ( events: Array< { event: string; data: any } > ) =>
		events
			.filter( ( e ) => e.event === 'message-created' )
			.map( ( e ) => e.data.message.text );

	expect(
		( await say( visitor.token, 'Is it in stock?', newClientId() ) ).status
	).toBe( 201 );
	await until(
		async () => texts( seenByAnna ),
		( t ) => t.includes( 'Is it in stock?' )
	);
	expect(
		( await say( anna, 'Yes, two left.', newClientId() ) ).status
	).toBe( 201 );
	await until(
		async () => texts( seenByVisitor ),
		( t ) => t.includes( 'Yes, two left.' )
	);
	// Each side got both, once each, in order.
	for ( const seen of [ seenByAnna, seenByVisitor ] ) {
		await until(
			async () => texts( seen ),
			( t ) => t.includes( 'Yes, two left.' )
		);
		const mine = texts( seen ).filter( ( t ) =>
			[ 'Is it in stock?', 'Yes, two left.' ].includes( t )
		);
		expect( mine ).toEqual( [ 'Is it in stock?', 'Yes, two left.' ] );
	}

	// The visitor closes the tab: the engine drops the channel, the green dot goes.
	visitorSocket.disconnect();
	await until( online, ( ids ) => ids.length === 0 );

	// Anna goes offline: the next visitor asking for a human gets no advisor.
	annaSocket.disconnect();
	const second = (
		await call( 'POST', `/v1/sites/${ site.id }/visitors`, { body: {} } )
	).body as { token: string };
	// What routing will read: the engine's presence users, asked here as any Pusher client would.
	const engineApi = new PusherServer( {
		appId: app.REALTIME_APP_ID,
		key: app.REALTIME_KEY,
		secret: app.REALTIME_SECRET,
		host: '127.0.0.1',
		port: String( running.port ),
		useTLS: false,
	} );
	await until(
		async () =>
			( await (
				await engineApi.get( {
					path: `/channels/${ advisorsPresenceChannel( site.id ) }/users`,
				} )
			).json() ) as { users: unknown[] },
		( body ) => body.users.length === 0
	);
	const later = (
		await call( 'POST', '/v1/conversations', {
			token: second.token,
			body: { mode: 'bot', pageUrl: 'https://shop.example/' },
		} )
	).body.conversation.id as string;
	expect(
		(
			await call( 'POST', `/v1/conversations/${ later }/actions`, {
				token: second.token,
				body: { clientId: newClientId(), type: 'request_human' },
			} )
		).status
	).toBe( 201 );
	expect(
		(
			await call( 'GET', `/v1/conversations/${ later }`, {
				token: anna,
			} )
		).body.conversation.assignedAdvisorId
	).toBeNull();

	// The engine goes away: the bridge says so and keeps taking messages (events are
	// notifications; clients catch up with `after=<seq>` once it is back).
	await running.stop();
	const down = await call( 'GET', '/healthz' );
	expect( down.status ).toBe( 503 );
	expect( down.body ).toMatchObject( { database: 'ok', realtime: 'down' } );
	expect(
		( await say( visitor.token, 'Still there?', newClientId() ) ).status
	).toBe( 201 );
	expect( await online() ).toEqual( [] );
	expect(
		(
			await call( 'GET', `/v1/conversations/${ id }/messages?after=0`, {
				token: anna,
			} )
		).body.messages.map( ( m: { text: string } ) => m.text )
	).toContain( 'Still there?' );
}

it( 'reaches hosted Pusher by its cluster when the host is left empty, bridge and browsers alike', () => {
	const dir = mkdtempSync( path.join( tmpdir(), 'handoff-hosted-rt-' ) );
	try {
		const { realtime } = loadConfig( {
			DATA_DIR: dir,
			REALTIME_DRIVER: 'pusher',
			REALTIME_APP_ID: '1234567',
			REALTIME_KEY: 'abcdef0123456789',
			REALTIME_SECRET: 'fedcba9876543210',
			REALTIME_CLUSTER: 'eu',
			REALTIME_HOST: '',
			REALTIME_TLS: 'true',
		} );
		expect( realtime ).toMatchObject( {
			host: '',
			useTLS: true,
			cluster: 'eu',
		} );
		// An empty wsHost is what makes pusher-js (client-core's pusherOptions) use the cluster.
		expect( createPusherDriver( realtime ).clientConfig() ).toEqual( {
			key: 'abcdef0123456789',
			wsHost: '',
			wsPort: 6001,
			wssPort: 6001,
			forceTLS: true,
			cluster: 'eu',
		} );
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
} );
