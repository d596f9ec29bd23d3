/**
 * `npm run bench -- --only reconnect`: the reconnect storm. 1,000 visitors' pusher-js clients
 * (worker threads, client-core's options and reconnect policy) subscribed to their
 * conversations' private channels; the bridge is restarted (SIGTERM, which drains and closes
 * every realtime connection with 4200, then a new process on the same data directory and
 * ports); the figures are the time until every client is subscribed again (its channel
 * authorised again by the new process), from the new process accepting connections (the
 * clients' part, with the goal) and from SIGTERM (the bridge's restart included). Loopback
 * only, bounded in count and time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { freePort } from '../lib/stack.mjs';
import { call, startBridge } from './bridge.mjs';

const CLIENTS = Number( process.env.BENCH_RECONNECT_CLIENTS ?? 1000 );
const WORKERS = 4;
/** Bounds: to subscribe everyone at first, and to get them back after the restart. */
const SETUP_MS = 120_000;
const BACK_MS = 60_000;
const GOAL_MS = 5000;
/** BENCH_RECONNECT_BASELINE=1: pusher-js's own retries instead of client-core's policy. */
const BASELINE = process.env.BENCH_RECONNECT_BASELINE === '1';
const who = BASELINE ? ' (pusher-js alone, baseline)' : '';

/**
 * client-core's connection.ts and reconnect.ts as ES modules (TypeScript's transpiler, types
 * dropped), so the bench's clients run the very code the widget runs.
 * @param {string}   root   The repository.
 * @param {string}   outDir Where to write them.
 * @param {Function} req    A require() that finds typescript.
 */
function compileClientCore( root, outDir, req ) {
	const ts = req( 'typescript' );
	mkdirSync( outDir, { recursive: true } );
	for ( const name of [ 'connection', 'reconnect' ] ) {
		const source = readFileSync(
			path.join( root, 'client-core/src', name + '.ts' ),
			'utf8'
		);
		const { outputText } = ts.transpileModule( source, {
			compilerOptions: {
				module: ts.ModuleKind.ES2022,
				target: ts.ScriptTarget.ES2022,
				verbatimModuleSyntax: false,
			},
		} );
		writeFileSync(
			path.join( outDir, name + '.mjs' ),
			outputText.replace( /from '\.\/(\w+)'/g, "from './$1.mjs'" )
		);
	}
	return pathToFileURL( outDir ).href;
}

const clock = () => performance.timeOrigin + performance.now();

/**
 * When a TCP port first accepts a connection (absolute ms), polled every 20 ms for a minute.
 * @param {number} port The port on 127.0.0.1.
 */
async function firstAccept( port ) {
	const deadline = Date.now() + 60_000;
	while ( Date.now() < deadline ) {
		const ok = await new Promise( ( resolve ) => {
			const socket = net.connect( port, '127.0.0.1' );
			socket.once( 'connect', () => {
				socket.destroy();
				resolve( true );
			} );
			socket.once( 'error', () => resolve( false ) );
		} );
		if ( ok ) {
			return clock();
		}
		await new Promise( ( r ) => setTimeout( r, 20 ) );
	}
	return NaN;
}

/**
 * Runs `fn(i)` for i < n with at most `concurrency` in flight.
 * @param {number}   n
 * @param {number}   concurrency
 * @param {Function} fn
 */
async function pool( n, concurrency, fn ) {
	let next = 0;
	await Promise.all(
		Array.from( { length: concurrency }, async () => {
			while ( next < n ) {
				await fn( next++ );
			}
		} )
	);
}

/**
 * Resolves once `done()` holds, checked after each message; rejects after `ms`.
 * @param {Function} done  The condition.
 * @param {number}   ms    The bound.
 * @param {string}   what  Said in the error.
 * @param {Object}   state Adds the reason to the error.
 */
function until( done, ms, what, state ) {
	return new Promise( ( resolve, reject ) => {
		if ( done() ) {
			resolve();
			return;
		}
		const timer = setTimeout( () => {
			state.waiter = null;
			reject( new Error( `${ what }: not within ${ ms / 1000 } s` ) );
		}, ms );
		state.waiter = () => {
			if ( done() ) {
				clearTimeout( timer );
				state.waiter = null;
				resolve();
			}
		};
	} );
}

/**
 * Measures the storm and reports it as figures.
 * @param {Object}   root0
 * @param {string}   root0.root     The repository.
 * @param {string}   root0.runDir   The bench's temporary directory.
 * @param {Function} root0.require  A require() from bridge-server (pusher-js, typescript).
 * @param {Object}   root0.realtime REALTIME_APP_ID/KEY/SECRET.
 * @param {Function} root0.figure   Records a figure.
 * @param {Function} root0.say      Prints a line.
 */
export async function reconnectFigures( {
	root,
	runDir,
	require,
	realtime,
	figure,
	say,
} ) {
	const { conversationChannel } = require( '@handoff-chat/contracts' );
	const dataDir = path.join( runDir, 'reconnect' );
	mkdirSync( dataDir, { recursive: true } );
	const port = await freePort();
	const env = {
		...realtime,
		REALTIME_DRIVER: 'embedded',
		REALTIME_HOST: '127.0.0.1',
		REALTIME_PORT: String( await freePort() ),
		// Every client comes from 127.0.0.1: the per-address cap (200) would refuse most of them.
		REALTIME_MAX_CONNECTIONS_PER_IP: String( CLIENTS * 2 ),
		// The per-IP rate limits skip loopback by default (RATE_LIMIT_EXEMPT_IPS); the
		// per-caller ones (one visitor per client) are far from reached.
		RATE_LIMIT_EXEMPT_IPS: '127.0.0.1,::1',
		LOG_LEVEL: 'warn',
	};
	const site = JSON.parse(
		execFileSync(
			process.execPath,
			[
				path.join( root, 'bridge-server/dist/cli/index.js' ),
				'sites:create',
				'--name',
				'Reconnect bench',
				'--json',
			],
			{
				env: {
					PATH: process.env.PATH,
					HOME: process.env.HOME,
					DATA_DIR: dataDir,
					...env,
				},
				encoding: 'utf8',
			}
		)
			.trim()
			.split( '\n' )
			.pop()
	);
	const start = () => startBridge( { root, dataDir, port, env } );
	let bridge = await start();
	const workers = [];
	try {
		// One visitor and one conversation per client, as the widget starts them.
		const clients = [];
		await pool( CLIENTS, 16, async ( i ) => {
			const v = await call(
				bridge.base,
				'POST',
				`/v1/sites/${ site.siteId }/visitors`,
				{ body: {} }
			);
			const c = await call( bridge.base, 'POST', '/v1/conversations', {
				token: v.token,
				body: { mode: 'live', pageUrl: 'https://shop.example/' },
			} );
			clients.push( {
				i,
				token: v.token,
				channel: conversationChannel( site.siteId, c.conversation.id ),
			} );
		} );
		const config = (
			await call(
				bridge.base,
				'GET',
				`/v1/sites/${ site.siteId }/config`
			)
		).realtime;
		const coreDir = compileClientCore(
			root,
			path.join( runDir, 'client-core' ),
			require
		);

		/** Each client's subscription successes (absolute ms). */
		const subscribed = Array.from( { length: CLIENTS }, () => [] );
		const errors = [];
		/** State changes of every client, counted. */
		const states = {};
		const state = { waiter: null };
		const per = Math.ceil( CLIENTS / WORKERS );
		for ( let w = 0; w < WORKERS; w++ ) {
			const worker = new Worker(
				new URL( './reconnect-worker.mjs', import.meta.url ),
				{
					workerData: {
						root,
						coreDir,
						config,
						authUrl: `${ bridge.base }/v1/realtime/auth`,
						clients: clients.slice( w * per, ( w + 1 ) * per ),
						baseline: BASELINE,
					},
				}
			);
			worker.on( 'message', ( m ) => {
				if ( m.state ) {
					states[ m.state ] = ( states[ m.state ] ?? 0 ) + 1;
				} else if ( m.error ) {
					errors.push( m.error );
				} else {
					subscribed[ m.i ].push( m.at );
				}
				state.waiter?.();
			} );
			worker.on( 'error', ( err ) => errors.push( String( err ) ) );
			workers.push( worker );
		}
		const opened = clock();
		await until(
			() => subscribed.every( ( s ) => s.length > 0 ),
			SETUP_MS,
			`${ CLIENTS } clients subscribed`,
			state
		);
		const firstAll = clock() - opened;

		// The restart: SIGTERM (drain, 4200 to every client), then a new process.
		const load = os.loadavg()[ 0 ];
		const t0 = clock();
		await bridge.stop();
		const down = clock();
		const listening = firstAccept( Number( env.REALTIME_PORT ) );
		bridge = await start();
		const healthy = clock();
		const up = await listening;
		const cpuAtStart = bridge.cpuSeconds();
		const benchCpu = process.cpuUsage();
		const again = () =>
			subscribed.map( ( s ) => s.find( ( at ) => at > t0 ) );
		let back = NaN;
		const cpu = { bridge: NaN, clients: NaN };
		try {
			await until(
				() => again().every( ( at ) => at !== undefined ),
				BACK_MS,
				`${ CLIENTS } clients subscribed again`,
				state
			);
			back = Math.max( ...again() ) - t0;
			cpu.bridge = bridge.cpuSeconds() - cpuAtStart;
			const used = process.cpuUsage( benchCpu );
			cpu.clients = ( used.user + used.system ) / 1e6;
		} catch ( err ) {
			say( `  ${ err.message }` );
		}
		const missing = again().filter( ( at ) => at === undefined ).length;
		const ms = ( x ) => `${ ( x / 1000 ).toFixed( 2 ) } s`;
		const raw = {
			clients: CLIENTS,
			backMs: back,
			exitMs: down - t0,
			listeningMs: up - t0,
			healthyMs: healthy - t0,
			missing,
			errors: errors.length,
			load,
			cpu,
			states,
		};
		const sorted = again()
			.filter( ( at ) => at !== undefined )
			.map( ( at ) => at - up )
			.sort( ( a, b ) => a - b );
		const q = ( p ) =>
			sorted[
				Math.min(
					sorted.length - 1,
					Math.ceil( p * sorted.length ) - 1
				)
			];
		const notes = [
			sorted.length
				? `half of them back after ${ ms( q( 0.5 ) ) }, 90 % after ${ ms( q( 0.9 ) ) }`
				: '',
			`CPU meanwhile: the new bridge ${ cpu.bridge.toFixed( 2 ) } s (after its /healthz), the clients' threads ${ cpu.clients.toFixed( 2 ) } s`,
			`at first all ${ CLIENTS } subscribed within ${ ms( firstAll ) } of their creation`,
			`load ${ load.toFixed( 2 ) } on ${ os.cpus().length } cores at the restart`,
			errors.length
				? `${ errors.length } subscription errors, first: ${ errors[ 0 ].slice( 0, 120 ) }`
				: '',
		];
		// The clients' part: from the new process accepting WebSocket connections.
		const storm = t0 + back - up;
		figure( {
			section: 'reconnect',
			name: `${ CLIENTS.toLocaleString( 'en' ) } clients subscribed again, from the new bridge listening${ who }`,
			value: Number.isFinite( back )
				? ms( storm )
				: `${ missing } missing`,
			goal: '≤ 5 s',
			pass: Number.isFinite( back ) && storm <= GOAL_MS,
			detail: notes.filter( Boolean ).join( '; ' ),
			raw,
		} );
		figure( {
			section: 'reconnect',
			name: `${ CLIENTS.toLocaleString( 'en' ) } clients subscribed again, from SIGTERM${ who }`,
			value: Number.isFinite( back )
				? ms( back )
				: `${ missing } missing`,
			detail: `the old bridge exited after ${ ms( down - t0 ) } (drain, 4200 to every client); the new one accepted connections after ${ ms( up - t0 ) }, answered /healthz after ${ ms( healthy - t0 ) }`,
		} );
	} finally {
		await Promise.all(
			workers.map(
				( w ) =>
					new Promise( ( resolve ) => {
						w.once( 'exit', resolve );
						w.postMessage( 'stop' );
						setTimeout( () => w.terminate(), 5000 ).unref();
					} )
			)
		);
		await bridge.stop();
	}
}
