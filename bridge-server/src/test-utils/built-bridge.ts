/**
 * The built bridge (bridge-server/dist/server.js) as its own process, the way production and
 * the bench run it, for tests that signal or kill it: a site written into a fresh data folder
 * first, the process spawned on it, its JSON log kept, its URL read from the log. Plus a send
 * over a given keep-alive agent, whose failure (connection reset by a dying process) rejects.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { loadConfig } from '../config';
import { createContext } from '../context';
import { createLogger } from '../logger';
import type { Message } from '@handoff-chat/contracts';
import type { Site } from '../services/sites';
import { databaseUrlFor, onPostgres } from './test-database';

export const BUILT_SERVER = path.resolve( __dirname, '../../dist/server.js' );

export function requireBuiltServer(): void {
	if ( ! existsSync( BUILT_SERVER ) ) {
		throw new Error(
			`${ BUILT_SERVER } is missing: run \`npm run build:bridge\` (npm test builds it)`
		);
	}
}

/** A port nobody listens on now (the realtime server needs a fixed one: its URL is in the site config). */
export async function freePort(): Promise< number > {
	const s = net.createServer().listen( 0, '127.0.0.1' );
	await once( s, 'listening' );
	const { port } = s.address() as net.AddressInfo;
	await new Promise( ( r ) => s.close( r ) );
	return port;
}

export interface BuiltBridge {
	child: ChildProcess;
	url: string;
	env: Record< string, string >;
	/** Resolves with the exit code and signal. */
	exited: Promise< [ number | null, NodeJS.Signals | null ] >;
	/** The log so far (JSON lines on stderr). */
	log: () => string;
}

/**
 * The bridge's environment on `dataDir`, with a realtime port of its own; in the PostgreSQL
 * projects, the database made for `dataDir` (the one startBridge reopens on that folder).
 */
export async function builtBridgeEnv(
	dataDir: string
): Promise< Record< string, string > > {
	return {
		...( onPostgres()
			? { DATABASE_URL: await databaseUrlFor( dataDir ) }
			: {} ),
		DATA_DIR: dataDir,
		BRIDGE_HOST: '127.0.0.1',
		BRIDGE_PORT: '0',
		REALTIME_PORT: String( await freePort() ),
		REALTIME_BIND_HOST: '127.0.0.1',
	};
}

/** A site written into the data folder the spawned bridge will open. */
export async function createSiteIn(
	env: Record< string, string >
): Promise< Site > {
	const setup = await createContext( loadConfig( env ), createLogger() );
	try {
		return await setup.services.sites.create( {
			name: 'Spawned site',
			url: 'http://127.0.0.1',
			demoFlow: true,
		} );
	} finally {
		await setup.close();
	}
}

/**
 * Spawns dist/server.js (or `command`, e.g. the CLI's `serve`) with `env` and resolves once it
 * logs "bridge listening".
 */
export async function spawnBuiltBridge(
	env: Record< string, string >,
	command: string[] = [ BUILT_SERVER ]
): Promise< BuiltBridge > {
	const { entry, ...rest } = await spawnUntilLogged(
		env,
		command,
		'bridge listening'
	);
	return { ...rest, url: entry.url as string };
}

export const BUILT_CLI = path.resolve( __dirname, '../../dist/cli/index.js' );

/** `handoff-bridge realtime` (the built CLI) with `env`, once it logs "realtime listening". */
export async function spawnBuiltRealtime(
	env: Record< string, string >
): Promise< Omit< BuiltBridge, 'url' > & { port: number } > {
	const { entry, ...rest } = await spawnUntilLogged(
		env,
		[ BUILT_CLI, 'realtime' ],
		'realtime listening'
	);
	return { ...rest, port: entry.port as number };
}

/** Spawns `node command` and resolves with the first log entry whose `msg` is `ready`. */
async function spawnUntilLogged(
	env: Record< string, string >,
	command: string[],
	ready: string
): Promise<
	Omit< BuiltBridge, 'url' > & { entry: Record< string, unknown > }
> {
	const child = spawn( process.execPath, command, {
		env: {
			PATH: process.env.PATH,
			NODE_ENV: 'production',
			LOG_LEVEL: 'info',
			...env,
		},
		stdio: [ 'ignore', 'ignore', 'pipe' ],
	} );
	const exited = once( child, 'exit' ) as BuiltBridge[ 'exited' ];
	let log = '';
	const entry = await new Promise< Record< string, unknown > >(
		( resolve, reject ) => {
			child.stderr!.on( 'data', ( d ) => {
				log += d;
				for ( const line of log.split( '\n' ) ) {
					try {
						const e = JSON.parse( line );
						if ( e.msg === ready ) {
							resolve( e );
						}
					} catch {
						// a partial line: the rest comes with the next chunk
					}
				}
			} );
			exited.then( () =>
				reject(
					new Error( `${ command.join( ' ' ) } exited:\n${ log }` )
				)
			);
		}
	);
	return { child, env, exited, log: () => log, entry };
}

/** `POST /v1/conversations/:id/messages` over `agent`; rejects when the connection fails. */
export function sendOver(
	agent: http.Agent,
	base: string,
	token: string,
	conversationId: string,
	clientId: string
): Promise< { status: number; body: any } > {
	const data = Buffer.from(
		JSON.stringify( { clientId, text: `message ${ clientId }` } )
	);
	return new Promise( ( resolve, reject ) => {
		const req = http.request(
			`${ base }/v1/conversations/${ conversationId }/messages`,
			{
				method: 'POST',
				agent,
				headers: {
					Authorization: `Bearer ${ token }`,
					'Content-Type': 'application/json',
					'Content-Length': data.length,
				},
			},
			( res ) => {
				const chunks: Buffer[] = [];
				res.on( 'data', ( c ) => chunks.push( c ) );
				res.on( 'end', () => {
					try {
						resolve( {
							status: res.statusCode ?? 0,
							body: JSON.parse(
								Buffer.concat( chunks ).toString()
							),
						} );
					} catch ( err ) {
						reject( err );
					}
				} );
				res.on( 'error', reject );
				// Cut mid-answer (the process died): no 'end', maybe no 'error'.
				res.on( 'close', () => {
					if ( ! res.complete ) {
						reject( new Error( 'answer cut off' ) );
					}
				} );
			}
		);
		req.on( 'error', reject );
		req.end( data );
	} );
}

/**
 * A conversation's messages on the bridge at `base` (read as its visitor), and among them the
 * sends sendOver wrote (`message c-…`), in seq order.
 */
export async function storedMessages(
	base: string,
	conversation: { id: string; token: string }
): Promise< { messages: Message[]; sends: Message[] } > {
	const res = await fetch(
		`${ base }/v1/conversations/${ conversation.id }/messages?after=0&limit=200`,
		{ headers: { Authorization: `Bearer ${ conversation.token }` } }
	);
	const { messages } = ( await res.json() ) as { messages: Message[] };
	return {
		messages,
		sends: messages.filter( ( m ) => m.text?.startsWith( 'message c-' ) ),
	};
}

/** One send of a load test (sendOver's `message <clientId>`) and what its answer said. */
export interface SendOutcome {
	conversationId: string;
	token: string;
	clientId: string;
	/** The stored message's id, from a 2xx answer (of the send or of its retry). */
	messageId?: string;
}

/**
 * After a load test: in every conversation, each send stored exactly once, with the id its
 * answer carried, in the order sent, nothing else, and seq without gap. Reads through the
 * bridge at `base`; resolves with how many sends were stored.
 */
export async function expectEachStoredOnce(
	base: string,
	conversations: Array< { id: string; token: string } >,
	outcomes: SendOutcome[]
): Promise< number > {
	let stored = 0;
	for ( const c of conversations ) {
		const { messages, sends } = await storedMessages( base, c );
		const sent = outcomes.filter( ( o ) => o.conversationId === c.id );
		expect( sends.map( ( m ) => m.id ) ).toEqual(
			sent.map( ( o ) => o.messageId )
		);
		expect(
			sends.map( ( m ) => m.text?.slice( 'message '.length ) )
		).toEqual( sent.map( ( o ) => o.clientId ) );
		const seqs = messages.map( ( m ) => m.seq );
		expect( seqs ).toEqual( seqs.map( ( _s, i ) => seqs[ 0 ] + i ) );
		stored += sends.length;
	}
	return stored;
}
