/**
 * HttpDrain on a real bridge app (createApp, sqlite3): answers in flight at the signal are
 * written with `Connection: close`, the listener refuses new connections at once, and a
 * request cut at the timeout is named in the log — never an "unhandled error".
 */
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from './app';
import { loadConfig } from './config';
import { createContext, type AppContext } from './context';
import { HttpDrain } from './drain';
import type { Logger } from './logger';

interface Line {
	level: string;
	msg: string;
	data?: Record< string, unknown >;
}

/** A logger that keeps every line and announces it. */
function capture() {
	const lines: Line[] = [];
	const emitter = new EventEmitter();
	const at =
		( level: string ) =>
		( msg: string, data?: Record< string, unknown > ) => {
			lines.push( { level, msg, data } );
			emitter.emit( 'line', { level, msg, data } );
		};
	const log: Logger = {
		info: at( 'info' ),
		warn: at( 'warn' ),
		error: at( 'error' ),
	};
	/** Resolves with the first line (already written or to come) named `msg` (or one of `others`). */
	const line = ( msg: string, ...others: string[] ) =>
		new Promise< Line >( ( resolve ) => {
			const named = ( l: Line ) =>
				l.msg === msg || others.includes( l.msg );
			const seen = lines.find( named );
			if ( seen ) {
				resolve( seen );
				return;
			}
			const on = ( l: Line ) => {
				if ( named( l ) ) {
					emitter.off( 'line', on );
					resolve( l );
				}
			};
			emitter.on( 'line', on );
		} );
	return { lines, log, line };
}

let dataDir: string;
let ctx: AppContext;
let server: Server;
let port: number;
let logs: ReturnType< typeof capture >;
let drain: HttpDrain;
let siteId: string;

beforeEach( async () => {
	dataDir = mkdtempSync( path.join( tmpdir(), 'handoff-drain-' ) );
	logs = capture();
	ctx = await createContext(
		loadConfig( {
			DATA_DIR: dataDir,
			BRIDGE_PORT: '0',
			REALTIME_PORT: '0',
		} ),
		logs.log
	);
	siteId = (
		await ctx.services.sites.create( {
			demoFlow: true,
			name: 'Drain site',
			url: 'http://127.0.0.1',
		} )
	).id;
	server = createApp( ctx ).listen( 0, '127.0.0.1' );
	await once( server, 'listening' );
	port = ( server.address() as AddressInfo ).port;
	drain = new HttpDrain( server, logs.log );
} );

afterEach( async () => {
	server.closeAllConnections();
	if ( server.listening ) {
		await new Promise( ( r ) => server.close( r ) );
	}
	await ctx.close();
	rmSync( dataDir, { recursive: true, force: true } );
} );

/** A raw keep-alive connection: what the server writes is collected; `ended` resolves when it closes. */
async function rawConnection() {
	const socket = net.connect( port, '127.0.0.1' );
	await once( socket, 'connect' );
	let received = '';
	socket.on( 'data', ( d ) => ( received += d.toString( 'latin1' ) ) );
	const ended = new Promise< void >( ( resolve ) =>
		socket.on( 'close', () => resolve() )
	);
	socket.on( 'error', () => {} );
	return { socket, ended, received: () => received };
}

/** The headers of a visitor creation whose JSON body (`{}`) has not been sent yet. */
const visitorHead = () =>
	`POST /v1/sites/${ siteId }/visitors HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
	`Connection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n`;

it( 'finishes a request in flight with Connection: close and refuses new connections at once', async () => {
	const conn = await rawConnection();
	conn.socket.write( visitorHead() );
	// The request is in flight once the server has its headers.
	await new Promise< void >( ( resolve ) => {
		const check = () =>
			drain.requestsInFlight === 1 ? resolve() : setImmediate( check );
		check();
	} );

	const done = drain.drain( 60_000, 'SIGTERM' );
	expect( ( await logs.line( 'drain started' ) ).data ).toMatchObject( {
		signal: 'SIGTERM',
		inFlight: 1,
	} );
	// The listener is closed: a new connection is refused.
	const refused = net.connect( port, '127.0.0.1' );
	const [ err ] = ( await once( refused, 'error' ) ) as [
		NodeJS.ErrnoException,
	];
	expect( err.code ).toBe( 'ECONNREFUSED' );

	// The body arrives after the signal: the request is answered, then the connection closes.
	conn.socket.write( '{}' );
	await conn.ended;
	const result = await done;
	expect( conn.received() ).toMatch( /^HTTP\/1\.1 201 Created\r\n/ );
	expect( conn.received() ).toMatch( /\r\nConnection: close\r\n/i );
	const body = JSON.parse( conn.received().split( '\r\n\r\n' )[ 1 ] );
	expect( body.visitorId ).toEqual( expect.any( String ) );
	expect( result ).toMatchObject( { inFlight: 1, cut: 0 } );
	expect( ( await logs.line( 'drain finished' ) ).data ).toMatchObject( {
		signal: 'SIGTERM',
		inFlight: 1,
		cut: 0,
		durationMs: expect.any( Number ),
	} );
	expect( logs.lines.filter( ( l ) => l.level === 'error' ) ).toEqual( [] );
} );

it( 'cuts what is unanswered at the timeout, names it in the log, and raises no unhandled error', async () => {
	const conn = await rawConnection();
	// Headers and half a body: the body never completes.
	conn.socket.write(
		`POST /v1/sites/${ siteId }/visitors HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
			`Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{"token":`
	);
	await new Promise< void >( ( resolve ) => {
		const check = () =>
			drain.requestsInFlight === 1 ? resolve() : setImmediate( check );
		check();
	} );
	const result = await drain.drain( 20, 'SIGTERM' );
	await conn.ended;
	expect( result.cut ).toBe( 1 );
	const cut = await logs.line( 'drain timed out: cutting requests' );
	expect( cut.level ).toBe( 'warn' );
	expect( cut.data ).toMatchObject( {
		cut: 1,
		requests: [
			{
				method: 'POST',
				url: `/v1/sites/${ siteId }/visitors`,
				reqId: expect.any( String ),
			},
		],
	} );
	// The handler saw its client go: noted as such, never as a bridge error.
	const aborted = await logs.line(
		'request aborted by its client',
		'unhandled error'
	);
	expect( aborted ).toMatchObject( {
		level: 'info',
		msg: 'request aborted by its client',
		// The same request: its id is in both lines.
		data: { reqId: ( cut.data as any ).requests[ 0 ].reqId },
	} );
	expect( conn.received() ).toBe( '' );
	expect( logs.lines.filter( ( l ) => l.level === 'error' ) ).toEqual( [] );
} );
