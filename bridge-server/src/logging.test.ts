/**
 * The bridge's log is one JSON object per line (pino), whatever writes it: requests (with
 * their id, never a token), knex's own warnings, a failed statement (its error serialised,
 * stack inside the line), a realtime publish that failed (with its cause).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from './db';
import { createLogger } from './logger';
import { REQUEST_ID_HEADER } from './request-log';
import { chat } from './test-utils/chat';
import { startBridge, waitFor } from './test-utils/harness';
import { setUpBridge } from './test-utils/set-up-bridge';
import { onPostgres } from './test-utils/test-database';

/** Everything the logger writes, as written: chunks, not yet split. */
const written: string[] = [];
const log = createLogger( {
	level: 'debug',
	stream: { write: ( s: string ) => void written.push( s ) },
} );
const { h, c } = setUpBridge( {}, { log } );

type Line = Record< string, any >;
const lines = (): Line[] =>
	written
		.join( '' )
		.split( '\n' )
		.filter( Boolean )
		.map( ( l ) => JSON.parse( l ) );
const line = ( pred: ( l: Line ) => boolean, label: string ) =>
	waitFor( () => lines().find( pred ), 3000, label );

it( 'logs each request once with method, route, status, time and its id, never its token', async () => {
	const v = await c.visitor();
	const started = await c.start( v.token );
	const id = started.body.conversation.id;
	const res = await fetch(
		`${ h.url }/v1/conversations/${ id }/messages?after=0&access_token=${ v.token }`,
		{ headers: { Authorization: `Bearer ${ v.token }` } }
	);
	expect( res.status ).toBe( 200 );
	const reqId = res.headers.get( REQUEST_ID_HEADER );
	expect( reqId ).toMatch( /^[0-9a-f-]{36}$/ );
	const l = await line(
		( x ) => x.msg === 'request' && x.reqId === reqId,
		'the request line'
	);
	expect( l ).toMatchObject( {
		level: 'info',
		method: 'GET',
		url: `/v1/conversations/${ id }/messages?after=…&access_token=…`,
		route: '/v1/conversations/:id/messages',
		status: 200,
		responseTime: expect.any( Number ),
	} );
	expect( lines().filter( ( x ) => x.reqId === reqId ) ).toHaveLength( 1 );
	expect( written.join( '' ) ).not.toContain( v.token );
	expect( written.join( '' ) ).not.toContain( 'Bearer' );
} );

it( 'echoes a well-formed X-Request-Id and logs under it; replaces one that is not', async () => {
	const given = await fetch( `${ h.url }/v1/nowhere`, {
		headers: { 'X-Request-Id': 'lb-7f3a.42' },
	} );
	expect( given.status ).toBe( 404 );
	expect( given.headers.get( REQUEST_ID_HEADER ) ).toBe( 'lb-7f3a.42' );
	expect(
		await line(
			( x ) => x.msg === 'request' && x.reqId === 'lb-7f3a.42',
			'the forwarded id'
		)
	).toMatchObject( { status: 404, url: '/v1/nowhere' } );

	const forged = `x","level":"error","msg":"forged ${ 'a'.repeat( 200 ) }`;
	const replaced = await fetch( `${ h.url }/v1/nowhere`, {
		headers: { 'X-Request-Id': forged },
	} );
	expect( replaced.headers.get( REQUEST_ID_HEADER ) ).toMatch(
		/^[0-9a-f-]{36}$/
	);
} );

it( 'logs health checks at debug, so they do not flood the info log', async () => {
	const res = await fetch( `${ h.url }/healthz` );
	const reqId = res.headers.get( REQUEST_ID_HEADER );
	expect(
		await line( ( x ) => x.reqId === reqId, 'the health check line' )
	).toMatchObject( { level: 'debug', msg: 'request', status: res.status } );
} );

it( 'logs a failed statement as one line with the error serialised and the request id', async () => {
	const v = await c.visitor();
	// The conversations table gone: the statement fails inside knex (SQLITE_ERROR).
	await h.ctx.db.raw(
		'ALTER TABLE conversations RENAME TO conversations_away'
	);
	let res: Awaited< ReturnType< typeof c.start > >;
	try {
		res = await c.start( v.token );
	} finally {
		await h.ctx.db.raw(
			'ALTER TABLE conversations_away RENAME TO conversations'
		);
	}
	expect( res.status ).toBe( 500 );
	const reqId = res.headers.get( REQUEST_ID_HEADER );
	const l = await line(
		( x ) => x.msg === 'unhandled error' && x.reqId === reqId,
		'the unhandled error'
	);
	expect( l.level ).toBe( 'error' );
	expect( l.err ).toMatchObject(
		onPostgres()
			? {
					message: expect.stringContaining(
						'relation "conversations" does not exist'
					),
					code: '42P01',
				}
			: {
					message: expect.stringContaining(
						'no such table: conversations'
					),
					code: 'SQLITE_ERROR',
					stack: expect.stringContaining( 'SQLITE_ERROR' ),
				}
	);
	// The statement is named with its placeholders, never with the values bound to it.
	expect( l.err.message ).toMatch(
		onPostgres()
			? /insert into "conversations".* values \(\$1/
			: /insert into `conversations`.* values \(\?/
	);
	expect( JSON.stringify( l ) ).not.toContain( v.visitorId );
	expect(
		await line(
			( x ) => x.msg === 'request' && x.reqId === reqId,
			'the 500 request line'
		)
	).toMatchObject( { level: 'error', status: 500 } );
} );

it( "logs knex's own warnings (a connection that cannot open, with its stack) as lines of the log", async () => {
	const dir = mkdtempSync( path.join( tmpdir(), 'handoff-log-' ) );
	const db = createDb(
		{
			client: 'sqlite3',
			connection: path.join( dir, 'missing', 'folder', 'bridge.db' ),
		},
		log
	);
	try {
		await expect( db.raw( 'select 1' ) ).rejects.toThrow();
	} finally {
		await db.destroy();
		rmSync( dir, { recursive: true, force: true } );
	}
	expect(
		await line(
			( x ) => x.msg === 'knex' && /SQLITE_CANTOPEN/.test( x.detail ),
			"knex's warning"
		)
	).toMatchObject( {
		level: 'warn',
		detail: expect.stringContaining( 'Acquire connection error' ),
	} );
	// A pool timeout's warning comes with a stack: its frames stay inside the one line.
	const timeout = new Error( 'Knex: Timeout acquiring a connection.' );
	( db.client as any ).logger.warn(
		`Acquire connection error: ${ timeout.stack }`
	);
	expect(
		await line(
			( x ) => x.msg === 'knex' && /Timeout acquiring/.test( x.detail ),
			'the warning with a stack'
		)
	).toMatchObject( {
		level: 'warn',
		detail: 'Acquire connection error: Error: Knex: Timeout acquiring a connection.',
		stack: expect.stringMatching( /^\s+at / ),
	} );
} );

it( 'says why a realtime publish failed: the cause, its channel and events', async () => {
	// A Pusher-protocol service that refuses connections: the SDK's error is a generic
	// "Request failed with an error"; the reason (ECONNREFUSED) is in its cause.
	const closed = createServer();
	await new Promise< void >( ( r ) => closed.listen( 0, '127.0.0.1', r ) );
	const port = ( closed.address() as AddressInfo ).port;
	await new Promise( ( r ) => closed.close( r ) );
	const bridge = await startBridge(
		{
			REALTIME_DRIVER: 'pusher',
			REALTIME_SECRET: 'realtime-secret',
			REALTIME_HOST: '127.0.0.1',
			REALTIME_PORT: String( port ),
		},
		{ log }
	);
	try {
		const talk = chat( bridge );
		const v = await talk.visitor();
		const id = ( await talk.start( v.token ) ).body.conversation.id;
		expect( ( await talk.say( v.token, id, 'hello' ) ).status ).toBe( 201 );
		await bridge.ctx.services.events.idle();
		const l = await line(
			( x ) =>
				x.msg === 'realtime trigger failed' &&
				String( x.channel ).includes( id ) &&
				x.events.includes( 'message-created' ),
			'the failed trigger'
		);
		expect( l ).toMatchObject( {
			level: 'warn',
			err: {
				message: 'Request failed with an error',
				error: { code: 'ECONNREFUSED' },
				stack: expect.any( String ),
			},
		} );
		// The SDK's URL keeps its path; its query (key, signature) is not logged.
		expect( l.err.url ).toMatch( /\/apps\/[^?]+\/(events|batch_events)\?/ );
		expect( JSON.stringify( l ) ).not.toMatch( /auth_signature=[0-9a-f]/ );
	} finally {
		await bridge.close();
	}
} );

// Last: what every test above wrote.
it( 'wrote each line as one JSON object with time, level and msg', () => {
	expect( written.length ).toBeGreaterThan( 0 );
	for ( const chunk of written ) {
		expect( chunk.indexOf( '\n' ) ).toBe( chunk.length - 1 );
		const l = JSON.parse( chunk );
		expect( l ).toEqual(
			expect.objectContaining( {
				time: expect.stringMatching( /^\d{4}-\d\d-\d\dT[\d:.]+Z$/ ),
				level: expect.stringMatching( /^(debug|info|warn|error)$/ ),
				msg: expect.any( String ),
			} )
		);
	}
} );
