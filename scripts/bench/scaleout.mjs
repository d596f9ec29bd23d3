/**
 * `npm run bench -- --only scaleout`: one bridge process, then two, on one PostgreSQL and one
 * external realtime engine (`handoff-bridge realtime`), measured side by side in the same run.
 *
 * A throwaway PostgreSQL (scripts/lib/postgres.mjs) gets one database; the engine runs as its
 * own process; bridges run with REALTIME_DRIVER=pusher pointed at it. One site, one licensed
 * advisor online (pusher-js on a worker thread: the inbox channel and the advisors' presence
 * channel), N visitors with a live-chat conversation each (waiting in the inbox: a site
 * without a flow does not route live chat). Both configurations send the same number of
 * messages at the same concurrency, in rounds alternating 1, 2, 1, 2 processes; with two,
 * every request (sends, the advisor's channel authorisations) goes to the next bridge in
 * turn, like a load balancer without sticky sessions. All rounds use the same conversations,
 * so only the number of processes differs. Both bridges run from the start (the second idle
 * in the one-process rounds), each warmed by the same number of unmeasured sends, and each
 * round starts with one unmeasured send per conversation. Loopback only; every wait is
 * bounded.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { skipBanner, startPostgres } from '../lib/postgres.mjs';
import { freePort } from '../lib/stack.mjs';
import { call, procCpu, request, startBridge } from './bridge.mjs';
import { abs, f1, int, now, pct, sleep } from './figures.mjs';

const ms3 = ( xs ) =>
	`${ f1( pct( xs, 50 ) ) } / ${ f1( pct( xs, 95 ) ) } / ${ f1( pct( xs, 99 ) ) } ms`;

/**
 * Sizes. Every visitor sends one message at a time (visitors ≥ concurrency), 20 per phase
 * at full size: far below the per-visitor limit (RATE_LIMIT_MESSAGES_PER_MINUTE, 3,000), so
 * the bridges run with their default limits (loopback is exempt from the per-IP ones).
 */
const SIZES = {
	full: {
		visitors: 200,
		sends: 4000,
		concurrency: 32,
		rounds: 2,
		warmup: 1500,
		sendSeconds: 50,
	},
	quick: {
		visitors: 64,
		sends: 800,
		concurrency: 32,
		rounds: 1,
		warmup: 300,
		sendSeconds: 20,
	},
};
/** How long acknowledged messages may take to reach the advisor before they count as lost. */
const DELIVERY_WAIT_MS = 5000;

/**
 * The `scaleout` part: figure rows for 1 and 2 processes, then both side by side.
 * @param {Object}   o
 * @param {string}   o.root     the repository
 * @param {string}   o.runDir   the bench's temporary folder
 * @param {Function} o.require  require() from bridge-server (contracts, jose, pg)
 * @param {Object}   o.realtime REALTIME_APP_ID / _KEY / _SECRET
 * @param {Function} o.figure   bench.mjs's figure()
 * @param {Function} o.say      bench.mjs's line printer
 * @param {boolean}  o.quick    --quick sizes
 */
export async function scaleoutFigures( {
	root,
	runDir,
	require,
	realtime,
	figure,
	say,
	quick,
} ) {
	const begun = now();
	const size = quick ? SIZES.quick : SIZES.full;
	const cores = os.cpus().length;
	say(
		`  ${ cores } cores, shared by the bridges, PostgreSQL, the realtime engine and this load generator`
	);
	let pg = null;
	try {
		pg = await startPostgres();
	} catch ( err ) {
		say( skipBanner( err.message, 'the scaleout bench did NOT run' ) );
		figure( {
			section: 'scaleout',
			name: 'scaleout: 1 vs 2 bridge processes',
			value: `skipped: ${ String( err.message ).split( '\n' )[ 0 ] }`,
			skip: true,
		} );
	}
	if ( pg ) {
		await measure( {
			root,
			runDir,
			require,
			realtime,
			figure,
			say,
			size,
			cores,
			pg,
		} );
		say(
			`  the scaleout part took ${ ( ( now() - begun ) / 1000 ).toFixed( 0 ) } s, PostgreSQL, the engine and the bridges started and stopped`
		);
	}
}

/**
 * Both phases on a running PostgreSQL, then the figures; everything started is stopped.
 * @param {Object} o scaleoutFigures()'s, with `size`, `cores` and `pg`
 */
async function measure( o ) {
	const { root, runDir, require, realtime, figure, say, size, cores, pg } = o;
	// pg_ctl detaches PostgreSQL, and the bridges and the engine outlive a bench stopped by a
	// signal: an interrupted bench still kills them, stops PostgreSQL and removes its folder.
	const pids = new Set();
	const onExit = () => {
		for ( const pid of pids ) {
			try {
				process.kill( pid, 'SIGKILL' );
			} catch {}
		}
		pg.stop();
	};
	const onSignal = () => process.exit( 130 );
	process.once( 'exit', onExit );
	process.once( 'SIGINT', onSignal );
	process.once( 'SIGTERM', onSignal );
	const stops = [
		() => {
			pg.stop();
			process.off( 'exit', onExit );
			process.off( 'SIGINT', onSignal );
			process.off( 'SIGTERM', onSignal );
		},
	];
	let results = null;
	try {
		results = await run( {
			root,
			runDir,
			require,
			realtime,
			say,
			size,
			pg,
			stops,
			pids,
		} );
	} catch ( err ) {
		// The other parts still run; this one says why it has no figures.
		figure( {
			section: 'scaleout',
			name: 'scaleout: 1 vs 2 bridge processes',
			value: 'failed',
			pass: false,
			detail: String( err.message )
				.split( '\n' )
				.slice( 0, 3 )
				.join( ' ' ),
		} );
	} finally {
		for ( const stop of stops.reverse() ) {
			await Promise.resolve()
				.then( stop )
				.catch( () => {} );
		}
	}
	if ( results ) {
		report( { results, size, cores, figure, say } );
	}
}

async function run( {
	root,
	runDir,
	require,
	realtime,
	say,
	size,
	pg,
	stops,
	pids,
} ) {
	const contracts = require( '@handoff-chat/contracts' );
	const { SignJWT } = require( 'jose' );
	// eslint-disable-next-line import/no-extraneous-dependencies -- bridge-server's, required from there
	const { Client } = require( 'pg' );

	// -- the database, the engine, the first bridge
	const admin = new Client( { connectionString: pg.url } );
	await admin.connect();
	await admin.query( 'create database handoff_scaleout' );
	await admin.end();
	const dbUrl = new URL( pg.url );
	dbUrl.pathname = '/handoff_scaleout';
	const engine = await startEngine( root, realtime );
	pids.add( engine.pid );
	stops.push( () => engine.stop() );
	// One data folder for both bridges, as a shared folder would be (uploads; unused here).
	const dataDir = path.join( runDir, 'scaleout' );
	mkdirSync( dataDir, { recursive: true } );
	const bridgeEnv = {
		...realtime,
		DATABASE_URL: dbUrl.toString(),
		REALTIME_DRIVER: 'pusher',
		REALTIME_HOST: '127.0.0.1',
		REALTIME_PORT: String( engine.port ),
		REALTIME_TLS: 'false',
		LOG_LEVEL: 'warn',
	};
	const newBridge = async () => {
		const b = await startBridge( {
			root,
			dataDir,
			port: await freePort(),
			env: bridgeEnv,
		} );
		pids.add( b.pid );
		stops.push( () => b.stop() );
		return b;
	};
	// The first bridge migrates the empty database; the second starts on a migrated one.
	const first = await newBridge();
	say(
		`  PostgreSQL on 127.0.0.1:${ pg.port }, engine on 127.0.0.1:${ engine.port }, bridge 1 on ${ first.base }`
	);

	// -- the site and its advisor, as the CLI and WordPress make them
	const { stdout } = await promisify( execFile )(
		process.execPath,
		[
			path.join( root, 'bridge-server/dist/cli/index.js' ),
			'sites:create',
			'--name',
			'Scale-out bench',
			'--json',
		],
		{
			env: {
				PATH: process.env.PATH,
				NODE_ENV: 'production',
				DATA_DIR: dataDir,
				DATABASE_URL: bridgeEnv.DATABASE_URL,
				LOG_LEVEL: 'warn',
			},
		}
	);
	const site = JSON.parse( stdout );
	await signedCall( first.base, site, 'PUT', '/v1/advisors/1', {
		displayName: 'Camille Martin',
		email: null,
		avatar: null,
		canAnswer: true,
	} );
	const iat = Math.floor( Date.now() / 1000 );
	const advisor = await new SignJWT( {
		site: site.siteId,
		name: 'Camille Martin',
		manage: true,
	} )
		.setProtectedHeader( { alg: 'HS256', typ: 'JWT' } )
		.setIssuer( 'wordpress' )
		.setAudience( contracts.ADVISOR_AUDIENCE )
		.setSubject( '1' )
		.setIssuedAt( iat )
		.setExpirationTime( iat + 900 )
		.sign( new TextEncoder().encode( site.secret ) );
	await call( first.base, 'PATCH', '/v1/advisors/1', {
		token: advisor,
		body: { licensed: true },
	} );
	const me = await call( first.base, 'GET', '/v1/advisors/me', {
		token: advisor,
	} );
	const rt = (
		await call( first.base, 'GET', `/v1/sites/${ site.siteId }/config` )
	).realtime;

	// Both bridges from the start (the second on the migrated database), the second idle in
	// the one-process rounds; visitors and their live-chat conversations through both.
	const second = await newBridge();
	let turn = 0;
	const convs = await liveConversations(
		() => [ first, second ][ turn++ % 2 ],
		site.siteId,
		size.visitors
	);
	const sendTo = ( bridge, c, clientId ) =>
		request( bridge.base, 'POST', `/v1/conversations/${ c.id }/messages`, {
			token: c.token,
			body: {
				clientId,
				text: `Bonjour, où en est ma livraison ? Message ${ c.n }`,
			},
		} ).catch( ( err ) => ( {
			status: 0,
			text: String( err ),
			ms: 0,
		} ) );
	// V8 optimises the hot paths over the first thousands of requests: every bridge gets as
	// many unmeasured sends before the first round, so no configuration runs colder code.
	for ( const bridge of [ first, second ] ) {
		await pool( size.warmup, size.concurrency, ( i ) => {
			const c = convs[ i % convs.length ];
			return sendTo( bridge, c, `jit-${ c.id.slice( -8 ) }-${ ++c.n }` );
		} );
	}

	const phase = async ( label, bridges, sends ) => {
		// The advisor online: inbox and presence channels, authorised by each bridge in turn.
		const receipts = [];
		let onReceipt = ( m ) => receipts.push( m );
		const receiver = new Worker(
			new URL( './receiver-worker.mjs', import.meta.url ),
			{
				workerData: {
					root,
					key: rt.key,
					wsHost: rt.wsHost,
					wsPort: rt.wsPort,
					channel: me.inboxChannel,
					also: [ contracts.advisorsPresenceChannel( site.siteId ) ],
					authUrl: bridges.map(
						( b ) => `${ b.base }/v1/realtime/auth`
					),
					token: advisor,
					event: contracts.EVENTS.messageCreated,
				},
			}
		);
		try {
			await new Promise( ( resolve, reject ) => {
				const t = setTimeout(
					() =>
						reject( new Error( 'advisor not subscribed in 15 s' ) ),
					15_000
				);
				receiver.on( 'message', ( m ) => {
					if ( m.ready ) {
						clearTimeout( t );
						resolve();
					} else if ( m.error ) {
						reject( new Error( m.error ) );
					} else {
						onReceipt( m );
					}
				} );
				receiver.on( 'error', reject );
			} );
			// A visitor's consecutive sends alternate between the bridges, and at any moment
			// half the visitors send to each: no request follows the previous one of its
			// conversation to the same process. (One shared counter would pin conversation i
			// to bridge i mod 2, the visitors being an even number sent to in turn.)
			const send = ( c, clientId ) =>
				sendTo(
					bridges[ ( c.n + c.k ) % bridges.length ],
					c,
					clientId
				);

			// Warm-up: one send per conversation, through every bridge, not measured.
			await pool( convs.length, size.concurrency, ( i ) => {
				const c = convs[ i ];
				return send(
					c,
					`warm-${ label }-${ c.id.slice( -8 ) }-${ ++c.n }`
				);
			} );

			// The measured sends.
			const prefix = `so${ label }-`;
			const started = new Map();
			const acked = new Set();
			const received = new Map();
			const lastSeq = new Map();
			const delivery = [];
			let duplicates = 0;
			let outOfOrder = 0;
			onReceipt = ( m ) => {
				if ( ! m.clientId.startsWith( prefix ) ) {
					return;
				}
				if ( received.has( m.clientId ) ) {
					duplicates++;
					return;
				}
				received.set( m.clientId, m.at );
				const at = started.get( m.clientId );
				if ( at !== undefined ) {
					delivery.push( m.at - at );
				}
				const last = lastSeq.get( m.conversationId ) ?? 0;
				if ( m.seq < last ) {
					outOfOrder++;
				}
				lastSeq.set( m.conversationId, Math.max( last, m.seq ) );
			};
			receipts.splice( 0 ).forEach( onReceipt );
			const httpMs = [];
			let errors = 0;
			const errorSamples = new Set();
			const cpu0 = cpuOf( bridges, engine, pg );
			const t0 = now();
			const deadline = t0 + ( size.sendSeconds / size.rounds ) * 1000;
			let lastAck = t0;
			let issued = 0;
			await pool( sends, size.concurrency, async ( i ) => {
				if ( now() > deadline ) {
					return;
				}
				issued++;
				const c = convs[ i % convs.length ];
				const clientId = `${ prefix }${ c.id.slice( -8 ) }-${ ++c.n }`;
				started.set( clientId, abs() );
				const r = await send( c, clientId );
				if ( r.status === 201 ) {
					acked.add( clientId );
					httpMs.push( r.ms );
					lastAck = now();
				} else {
					errors++;
					errorSamples.add(
						`${ r.status } ${ String( r.text ).slice( 0, 120 ) }`
					);
				}
			} );
			const secs = ( lastAck - t0 ) / 1000;
			for (
				const until = now() + DELIVERY_WAIT_MS;
				[ ...acked ].some( ( id ) => ! received.has( id ) ) &&
				now() < until;
			) {
				await sleep( 50 );
			}
			const cpu1 = cpuOf( bridges, engine, pg );
			const lost = [ ...acked ].filter(
				( id ) => ! received.has( id )
			).length;
			return {
				label,
				processes: bridges.length,
				issued,
				acked: acked.size,
				errors,
				errorSample: [ ...errorSamples ][ 0 ],
				secs,
				perSec: acked.size / secs,
				httpMs,
				delivery,
				lost,
				duplicates,
				outOfOrder,
				cpu: {
					bridges: cpu1.bridges.map(
						( x, k ) => x - cpu0.bridges[ k ]
					),
					engine: cpu1.engine - cpu0.engine,
					postgres: cpu1.postgres - cpu0.postgres,
					bench: cpu1.bench - cpu0.bench,
				},
			};
		} finally {
			receiver.postMessage( 'stop' );
			await receiver.terminate();
		}
	};

	// Rounds alternate 1, 2, 1, 2…: load from elsewhere on the machine drifts over a minute,
	// and alternating spreads it over both.
	const per = Math.ceil( size.sends / size.rounds );
	const ones = [];
	const twos = [];
	for ( let r = 0; r < size.rounds; r++ ) {
		ones.push( await phase( `1${ r }`, [ first ], per ) );
		twos.push( await phase( `2${ r }`, [ first, second ], per ) );
		say(
			`  round ${ r + 1 } of ${ size.rounds }: ${ int( ones[ r ].perSec ) } sends/s with 1 process, ${ int( twos[ r ].perSec ) } with 2 (bridge CPU s ${ ones[ r ].cpu.bridges.map( f1 ) } and ${ twos[ r ].cpu.bridges.map( f1 ).join( ' + ' ) })`
		);
	}
	return { one: merged( ones ), two: merged( twos ) };
}

/**
 * One configuration's rounds as one: counts and seconds added, samples pooled.
 * @param {Object[]} rounds phase() results
 */
function merged( rounds ) {
	const sum = ( f ) => rounds.reduce( ( a, r ) => a + f( r ), 0 );
	const acked = sum( ( r ) => r.acked );
	const secs = sum( ( r ) => r.secs );
	return {
		processes: rounds[ 0 ].processes,
		issued: sum( ( r ) => r.issued ),
		acked,
		errors: sum( ( r ) => r.errors ),
		errorSample: rounds.find( ( r ) => r.errorSample )?.errorSample,
		secs,
		perSec: acked / secs,
		rounds: rounds.map( ( r ) => r.perSec ),
		httpMs: rounds.flatMap( ( r ) => r.httpMs ),
		delivery: rounds.flatMap( ( r ) => r.delivery ),
		lost: sum( ( r ) => r.lost ),
		duplicates: sum( ( r ) => r.duplicates ),
		outOfOrder: sum( ( r ) => r.outOfOrder ),
		cpu: {
			bridges: rounds[ 0 ].cpu.bridges.map( ( _, k ) =>
				sum( ( r ) => r.cpu.bridges[ k ] )
			),
			engine: sum( ( r ) => r.cpu.engine ),
			postgres: sum( ( r ) => r.cpu.postgres ),
			bench: sum( ( r ) => r.cpu.bench ),
		},
	};
}

/**
 * `n` visitors, each with a live-chat conversation (the calls spread over the bridges by
 * `next`): `{ token, id, n, k }`, `n` counting that conversation's sends, `k` its index.
 * @param {Function} next   the bridge for the next request
 * @param {string}   siteId
 * @param {number}   n
 */
async function liveConversations( next, siteId, n ) {
	const convs = [];
	await pool( n, 8, async () => {
		const v = await call(
			next().base,
			'POST',
			`/v1/sites/${ siteId }/visitors`,
			{ body: {} }
		);
		const c = await call( next().base, 'POST', '/v1/conversations', {
			token: v.token,
			body: {
				mode: 'live',
				pageUrl: 'https://shop.example/livraison/',
				pageTitle: 'Livraison',
			},
		} );
		convs.push( { token: v.token, id: c.conversation.id, n: 0 } );
	} );
	convs.forEach( ( c, k ) => ( c.k = k ) );
	return convs;
}

/**
 * A WordPress server-to-server call, signed as plugin/includes/bridge/class-bridge-client.php
 * signs it (bridge-server/src/auth/signed-request.ts).
 * @param {string} base   the bridge's URL
 * @param {Object} site   `{ siteId, secret }` (sites:create --json)
 * @param {string} method
 * @param {string} p      path
 * @param {Object} body
 */
async function signedCall( base, site, method, p, body ) {
	const { createHash, createHmac } = await import( 'node:crypto' );
	const data = JSON.stringify( body );
	const ts = String( Math.floor( Date.now() / 1000 ) );
	const signature = createHmac( 'sha256', site.secret )
		.update(
			`${ method }\n${ p }\n${ ts }\n${ createHash( 'sha256' ).update( data ).digest( 'hex' ) }`
		)
		.digest( 'hex' );
	const res = await fetch( base + p, {
		method,
		headers: {
			'Content-Type': 'application/json',
			'X-Handoff-Site': site.siteId,
			'X-Handoff-Timestamp': ts,
			'X-Handoff-Signature': signature,
		},
		body: data,
	} );
	if ( ! res.ok ) {
		throw new Error(
			`${ method } ${ p }: ${ res.status } ${ await res.text() }`
		);
	}
	return res.json();
}

/**
 * `handoff-bridge realtime` (the built CLI) on a free loopback port, healthy.
 * @param {string} root     the repository
 * @param {Object} realtime REALTIME_APP_ID / _KEY / _SECRET
 */
async function startEngine( root, realtime ) {
	const port = await freePort();
	const child = spawn(
		process.execPath,
		[ path.join( root, 'bridge-server/dist/cli/index.js' ), 'realtime' ],
		{
			env: {
				PATH: process.env.PATH,
				NODE_ENV: 'production',
				LOG_LEVEL: 'warn',
				...realtime,
				REALTIME_BIND_HOST: '127.0.0.1',
				REALTIME_PORT: String( port ),
			},
			stdio: [ 'ignore', 'ignore', 'pipe' ],
		}
	);
	let tail = '';
	child.stderr.on( 'data', ( d ) => ( tail = ( tail + d ).slice( -3000 ) ) );
	const base = `http://127.0.0.1:${ port }`;
	for ( const until = Date.now() + 30_000; ; ) {
		if ( child.exitCode !== null ) {
			throw new Error( `the realtime engine exited:\n${ tail }` );
		}
		const r = await request( base, 'GET', '/healthz' ).catch( () => null );
		if ( r?.status === 200 ) {
			break;
		}
		if ( Date.now() > until ) {
			child.kill( 'SIGKILL' );
			throw new Error(
				`the realtime engine not healthy in 30 s:\n${ tail }`
			);
		}
		await sleep( 100 );
	}
	return {
		port,
		pid: child.pid,
		async stop() {
			if ( child.exitCode !== null ) {
				return;
			}
			const done = new Promise( ( r ) => child.once( 'exit', r ) );
			child.kill( 'SIGTERM' );
			const t = setTimeout( () => child.kill( 'SIGKILL' ), 8000 );
			await done;
			clearTimeout( t );
		},
	};
}

/**
 * CPU seconds so far of each bridge, the engine and PostgreSQL (the postmaster, the
 * backends it reaped and those alive), from /proc.
 * @param {object[]} bridges from startBridge()
 * @param {Object}   engine  from startEngine()
 * @param {Object}   pg      from startPostgres()
 */
function cpuOf( bridges, engine, pg ) {
	return {
		bridges: bridges.map( ( b ) => b.cpuSeconds() ),
		engine: procCpu( engine.pid ),
		postgres: postgresCpu( pg.dir ),
		bench: ( ( u ) => ( u.user + u.system ) / 1e6 )( process.cpuUsage() ),
	};
}

function postgresCpu( dir ) {
	try {
		const pid = Number(
			readFileSync(
				path.join( dir, 'data/postmaster.pid' ),
				'utf8'
			).split( '\n' )[ 0 ]
		);
		let total = 0;
		for ( const entry of readdirSync( '/proc' ) ) {
			if ( ! /^\d+$/.test( entry ) ) {
				continue;
			}
			let stat;
			try {
				stat = readFileSync( `/proc/${ entry }/stat`, 'utf8' );
			} catch {
				continue;
			}
			// Fields after "(comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14).
			const f = stat.slice( stat.lastIndexOf( ')' ) + 2 ).split( ' ' );
			if ( Number( entry ) === pid ) {
				total += Number( f[ 11 ] ) + Number( f[ 12 ] );
				total += Number( f[ 13 ] ) + Number( f[ 14 ] );
			} else if ( Number( f[ 1 ] ) === pid ) {
				total += Number( f[ 11 ] ) + Number( f[ 12 ] );
			}
		}
		// Clock ticks of 1/100 s, as bridge.mjs's procCpu reads them.
		return total / 100;
	} catch {
		return NaN;
	}
}

/**
 * The figure rows, then both phases side by side.
 * @param {Object}   o
 * @param {Object}   o.results `{ one, two }`, from run()
 * @param {Object}   o.size    SIZES.full or SIZES.quick
 * @param {number}   o.cores
 * @param {Function} o.figure
 * @param {Function} o.say
 */
function report( { results, size, cores, figure, say } ) {
	const { one, two } = results;
	const goal = `informational (${ cores } cores shared)`;
	const sum = ( xs ) => xs.reduce( ( a, b ) => a + b, 0 );
	const cpuCells = ( r ) =>
		`${ r.cpu.bridges.map( f1 ).join( '+' ) }, ${ f1( r.cpu.engine ) }, ${ f1( r.cpu.postgres ) }, ${ f1( r.cpu.bench ) }`;
	const perSend = ( r ) => ( sum( r.cpu.bridges ) * 1000 ) / r.acked;
	const cpuText = ( r ) =>
		`CPU s: bridge${ r.processes > 1 ? 's' : '' } ${ r.cpu.bridges.map( f1 ).join( ' + ' ) } (${ f1( perSend( r ) ) } ms per send), engine ${ f1( r.cpu.engine ) }, PostgreSQL ${ f1( r.cpu.postgres ) }, load generator ${ f1( r.cpu.bench ) }`;
	const name = ( what, r ) =>
		`scaleout: ${ what }, ${ r.processes } process${ r.processes > 1 ? 'es' : '' }`;
	for ( const r of [ one, two ] ) {
		figure( {
			section: 'scaleout',
			name: name( 'sends/s', r ),
			value: `${ int( r.perSec ) }/s`,
			goal,
			detail: `${ int( r.acked ) } of ${ int( r.issued ) } sends acknowledged in ${ r.secs.toFixed( 1 ) } s (${ size.rounds > 1 ? `rounds: ${ r.rounds.map( int ).join( ', ' ) }/s` : '1 round' }), ${ size.concurrency } in flight over ${ size.visitors } conversations${ r.issued < size.sends ? ` (stopped at the ${ size.sendSeconds } s bound)` : '' }; ${ r.errors } errors${ r.errorSample ? ` (e.g. ${ r.errorSample })` : '' }; ${ cpuText( r ) }${ r === two ? `; ${ ( two.perSec / one.perSec ).toFixed( 2 ) }× one process` : '' }`,
			raw: { ...r, httpMs: undefined, delivery: undefined },
		} );
		figure( {
			section: 'scaleout',
			name: name( 'HTTP send p50/p95/p99', r ),
			value: ms3( r.httpMs ),
			goal,
		} );
		figure( {
			section: 'scaleout',
			name: name( 'delivery p50/p95/p99', r ),
			value: ms3( r.delivery ),
			goal,
			detail: `send start → message-created in the advisor's pusher-js; ${ int( r.delivery.length ) } received; ${ r.outOfOrder } out of seq order in a conversation`,
		} );
		figure( {
			section: 'scaleout',
			name: name( 'lost / duplicated', r ),
			value: `${ r.lost } / ${ r.duplicates }`,
			goal: '0 / 0',
			pass: ! r.lost && ! r.duplicates && r.acked > 0,
			detail: `acknowledged sends not at the advisor ${ DELIVERY_WAIT_MS / 1000 } s after the last answer / received twice`,
		} );
	}
	const rows = [
		[ '', '1 process', '2 processes' ],
		[
			'sends/s',
			int( one.perSec ),
			`${ int( two.perSec ) } (${ ( two.perSec / one.perSec ).toFixed( 2 ) }×)`,
		],
		[ 'HTTP send p50/p95/p99', ms3( one.httpMs ), ms3( two.httpMs ) ],
		[ 'delivery p50/p95/p99', ms3( one.delivery ), ms3( two.delivery ) ],
		[
			'lost / duplicated / reordered',
			`${ one.lost } / ${ one.duplicates } / ${ one.outOfOrder }`,
			`${ two.lost } / ${ two.duplicates } / ${ two.outOfOrder }`,
		],
		[
			'CPU s: bridges, engine, PostgreSQL, load',
			cpuCells( one ),
			cpuCells( two ),
		],
		[
			'bridge CPU ms per send',
			f1( perSend( one ) ),
			f1( perSend( two ) ),
		],
	];
	say(
		`\n  side by side: ${ int( size.sends ) } sends per configuration in ${ size.rounds } round(s), ${ size.concurrency } in flight, ${ size.visitors } conversations; ${ cores } cores for everything`
	);
	for ( const [ a, b, c ] of rows ) {
		say( `    ${ a.padEnd( 40 ) } ${ b.padEnd( 28 ) } ${ c }` );
	}
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
