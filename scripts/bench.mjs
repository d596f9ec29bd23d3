#!/usr/bin/env node
/**
 * `npm run bench`: the figures of docs/benchmarks.md, each with its goal and PASS/FAIL.
 * Figures, not assertions: tests assert behaviour, this prints numbers.
 *
 * Runs the built bridge (bridge-server/dist) as its own process on a copy of a seeded
 * database (100,000 conversations, 1,000,000 messages; cached under .cache/bench/), once per
 * realtime driver the configuration offers, on loopback only, bounded in count and time.
 *
 *   npm run bench [-- --quick] [--soketi] [--browser|--no-browser] [--json] [--json-file f]
 *                 [--markdown-file f] [--conversations N --messages M] [--drivers a,b]
 *                 [--only bridge,flood,reports,realtime,reconnect,scaleout,bytes,browser]
 *   (reconnect: BENCH_RECONNECT_CLIENTS=n other than 1,000; BENCH_RECONNECT_BASELINE=1 measures
 *   pusher-js alone, without client-core's reconnect policy; scaleout: one bridge process vs
 *   two on a throwaway PostgreSQL and `handoff-bridge realtime`, scripts/bench/scaleout.mjs)
 */
import {
	copyFileSync,
	constants,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { ensureBuild, ensureNodeModules } from './lib/setup.mjs';
import { freePort } from './lib/stack.mjs';
import { call, request, startBridge } from './bench/bridge.mjs';
import { abs, f1, int, now, pct, sleep } from './bench/figures.mjs';
import { seededDatabase } from './bench/seed.mjs';
import {
	soketiInstalled,
	installSoketi,
	startSoketi,
} from './bench/soketi.mjs';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const { values: opt } = parseArgs( {
	options: {
		quick: { type: 'boolean', default: false },
		soketi: { type: 'boolean', default: false },
		browser: { type: 'boolean' },
		'no-browser': { type: 'boolean', default: false },
		json: { type: 'boolean', default: false },
		'json-file': { type: 'string' },
		'markdown-file': { type: 'string' },
		conversations: { type: 'string' },
		messages: { type: 'string' },
		drivers: { type: 'string' },
		only: { type: 'string' },
	},
} );
const QUICK = opt.quick;
const N_CONV = Number(
	opt.conversations ??
		process.env.BENCH_CONVERSATIONS ??
		( QUICK ? 10_000 : 100_000 )
);
const N_MSG = Number(
	opt.messages ??
		process.env.BENCH_MESSAGES ??
		( QUICK ? 100_000 : 1_000_000 )
);
/**
 * Parts to run (all by default): bridge (seeded database, per driver), flood (hostile
 * clients), reports (the Reports figures and CSV exports: scripts/bench/reports.mjs), realtime,
 * reconnect (1,000 clients after a bridge restart:
 * scripts/bench/reconnect.mjs), scaleout (1 vs 2 bridge processes on PostgreSQL:
 * scripts/bench/scaleout.mjs), bytes, browser.
 */
const ONLY = new Set(
	(
		opt.only ??
			'bridge,flood,reports,realtime,reconnect,scaleout,bytes,browser'
	).split( ',' )
);
const BROWSER = opt.browser ?? ( ! QUICK && ! opt[ 'no-browser' ] );
/** Bounds: seconds of each load, samples per inbox call. */
const LIMITS = QUICK
	? {
			latencySeconds: 8,
			throughputSeconds: 5,
			samples: 10,
			callSeconds: 5,
			rtEvents: 1000,
			fanoutBatches: 100,
		}
	: {
			latencySeconds: 30,
			throughputSeconds: 15,
			samples: 20,
			callSeconds: 10,
			rtEvents: 2000,
			fanoutBatches: 300,
		};

// With --json, stdout carries the JSON document only; everything else goes to stderr.
const writeOut = process.stdout.write.bind( process.stdout );
if ( opt.json ) {
	process.stdout.write = process.stderr.write.bind( process.stderr );
}
const say = ( s = '' ) => process.stdout.write( s + '\n' );
ensureNodeModules();
ensureBuild();

const require = createRequire(
	path.join( ROOT, 'bridge-server/package.json' )
);
const contracts = require( '@handoff-chat/contracts' );
const { SignJWT } = require( 'jose' );
const PusherServer = require( 'pusher' );


// ---------------------------------------------------------------- results and goals
const results = [];
/**
 * One figure. `pass`: true/false against `goal`, null for information only, undefined when
 * skipped. Printed as it is measured and again in the table at the end.
 * @param root0
 * @param root0.section
 * @param root0.name
 * @param root0.value
 * @param root0.goal
 * @param root0.pass
 * @param root0.skip
 * @param root0.detail
 * @param root0.raw
 */
function figure( {
	section,
	name,
	value,
	goal = '',
	pass = null,
	skip = false,
	detail = '',
	raw,
} ) {
	const status = skip
		? 'SKIP'
		: pass === true
			? 'PASS'
			: pass === false
				? 'FAIL'
				: '';
	results.push( { section, name, value, goal, status, detail, raw } );
	say(
		`  ${ status.padEnd( 4 ) } ${ name.padEnd( 58 ) } ${ String( value ).padEnd( 24 ) } ${ goal ? `goal ${ goal }` : '' }${ detail ? `  (${ detail })` : '' }`
	);
}
const atMost = ( x, max ) => Number.isFinite( x ) && x <= max;

// ---------------------------------------------------------------- the machine
const cpu = os.cpus();
let commit = '';
try {
	commit = execFileSync( 'git', [ 'rev-parse', '--short', 'HEAD' ], {
		cwd: ROOT,
		encoding: 'utf8',
	} ).trim();
	if (
		execFileSync(
			'git',
			[ 'status', '--porcelain', '--untracked-files=no' ],
			{ cwd: ROOT, encoding: 'utf8' }
		).trim()
	) {
		commit += ' (modified)';
	}
} catch {}
const machine = {
	cpu: cpu[ 0 ]?.model?.trim() ?? 'unknown',
	cores: cpu.length,
	memoryGB: Number( ( os.totalmem() / 2 ** 30 ).toFixed( 1 ) ),
	node: process.version,
	date: new Date().toISOString(),
	commit,
	command: `npm run bench${ process.argv.length > 2 ? ' -- ' + process.argv.slice( 2 ).join( ' ' ) : '' }`,
	loadBefore: os.loadavg().map( ( x ) => Number( x.toFixed( 2 ) ) ),
};
say( `\nHandoff Chat bench — ${ machine.date }` );
say(
	`  machine: ${ machine.cpu }, ${ machine.cores } cores, ${ machine.memoryGB } GB; node ${ machine.node }; commit ${ commit }`
);
say( `  command: ${ machine.command }` );
say( `  load average before: ${ machine.loadBefore.join( ' ' ) }` );
/**
 * Other work on the machine makes every figure worse: say so beside them.
 * @param load
 */
const busyMachine = ( load ) => load[ 0 ] > machine.cores / 2;
if ( busyMachine( machine.loadBefore ) ) {
	say(
		`  the machine is busy (load ${ machine.loadBefore[ 0 ] } on ${ machine.cores } cores): figures are under contention, not comparable with a quiet run`
	);
}
say(
	`  sizes: ${ int( N_CONV ) } conversations / ${ int( N_MSG ) } messages${ QUICK ? ' (quick)' : '' }\n`
);

// ---------------------------------------------------------------- drivers from the configuration
/** The REALTIME_DRIVER values the built bridge accepts (read from its own config validation). */
function configuredDrivers() {
	const { loadConfig } = require(
		path.join( ROOT, 'bridge-server/dist/config.js' )
	);
	const dir = mkdtempSync( path.join( os.tmpdir(), 'handoff-bench-probe-' ) );
	try {
		loadConfig( { DATA_DIR: dir, REALTIME_DRIVER: '\u0000probe' } );
	} catch ( err ) {
		const m = String( err.message ).match( /REALTIME_DRIVER[^\n]*/ );
		const found = m
			? [ ...m[ 0 ].matchAll( /["']([a-z][a-z0-9_-]*)["']/g ) ].map(
					( x ) => x[ 1 ]
				)
			: [];
		if ( found.length ) {
			return [ ...new Set( found ) ];
		}
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
	return [ 'embedded', 'pusher' ];
}

const cleanup = [];
const runDir = mkdtempSync( path.join( os.tmpdir(), 'handoff-bench-' ) );
cleanup.push( () => rmSync( runDir, { recursive: true, force: true } ) );
const REALTIME = {
	REALTIME_APP_ID: 'handoff-bench',
	REALTIME_KEY: 'handoff-bench-key',
	REALTIME_SECRET: 'bench-' + Math.random().toString( 36 ).slice( 2 ),
};

/**
 * An advisor token as WordPress mints it (HS256 with the site secret, 15 minutes).
 * @param {string}  siteId
 * @param {string}  secret
 * @param {string}  userId
 * @param {boolean} manage
 */
function advisorTokenFor( siteId, secret, userId, manage ) {
	const iat = Math.floor( Date.now() / 1000 );
	return new SignJWT( {
		site: siteId,
		name: `Advisor ${ userId }`,
		...( manage ? { manage: true } : {} ),
	} )
		.setProtectedHeader( { alg: 'HS256', typ: 'JWT' } )
		.setIssuer( 'wordpress' )
		.setAudience( contracts.ADVISOR_AUDIENCE )
		.setSubject( userId )
		.setIssuedAt( iat )
		.setExpirationTime( iat + 900 )
		.sign( new TextEncoder().encode( secret ) );
}

async function main() {
	// ------------------------------------------------------------ 1. the seeded database
	say( 'Database' );
	const seed =
		ONLY.has( 'bridge' ) ||
		ONLY.has( 'flood' ) ||
		ONLY.has( 'reports' ) ||
		ONLY.has( 'browser' )
			? await seededDatabase( {
					root: ROOT,
					require,
					nConv: N_CONV,
					nMsg: N_MSG,
					log: ( s ) => say( `  ${ s }` ),
				} )
			: null;
	seed &&
		figure( {
			section: 'database',
			name: 'seeding (cached afterwards)',
			value: `${ seed.meta.seedSeconds } s`,
			detail: `${ int( seed.meta.conversations ) } conversations, ${ int( seed.meta.messages ) } messages, ${ int( seed.meta.visitors ) } visitors${ seed.meta.reused ? '; reused from .cache/bench' : '' }`,
			raw: seed.meta,
		} );

	// ------------------------------------------------------------ 2. realtime servers
	// An embedded realtime server to publish to over HTTP (the `pusher` driver's target), in
	// a bridge of its own on an empty database; soketi beside it when installed.
	const hostPorts = { bridge: await freePort(), realtime: await freePort() };
	const rtHost = await startBridge( {
		root: ROOT,
		dataDir: path.join( runDir, 'realtime-host' ),
		port: hostPorts.bridge,
		env: {
			...REALTIME,
			REALTIME_DRIVER: 'embedded',
			REALTIME_HOST: '127.0.0.1',
			REALTIME_PORT: String( hostPorts.realtime ),
			// Its latency and fan-out figures use public channels, as with soketi.
			REALTIME_ALLOW_PUBLIC_CHANNELS: '1',
			LOG_LEVEL: 'error',
		},
	} );
	cleanup.push( () => rtHost.stop() );
	let soketi = null;
	if ( opt.soketi && ! soketiInstalled( ROOT ) ) {
		say(
			'  installing soketi into .cache/bench/soketi (measurement only)…'
		);
		await installSoketi( ROOT, say );
	}
	if ( soketiInstalled( ROOT ) ) {
		soketi = await startSoketi( {
			root: ROOT,
			port: await freePort(),
			metricsPort: await freePort(),
			clusterPort: await freePort(),
			...REALTIME,
		} );
		cleanup.push( () => soketi.stop() );
	}

	// ------------------------------------------------------------ 3. the bridge, per driver
	const drivers = opt.drivers
		? opt.drivers.split( ',' )
		: configuredDrivers();
	const targets = [];
	for ( const d of drivers ) {
		if ( d === 'pusher' ) {
			targets.push( {
				label: 'pusher → embedded server',
				driver: d,
				env: {
					REALTIME_HOST: '127.0.0.1',
					REALTIME_PORT: String( hostPorts.realtime ),
				},
			} );
			if ( soketi ) {
				targets.push( {
					label: 'pusher → soketi',
					driver: d,
					env: {
						REALTIME_HOST: '127.0.0.1',
						REALTIME_PORT: String( soketi.port ),
					},
				} );
			}
		} else {
			// Any other driver runs its own realtime server (today: `embedded`).
			targets.push( {
				label: d,
				driver: d,
				env: {
					REALTIME_HOST: '127.0.0.1',
					REALTIME_PORT: String( await freePort() ),
				},
			} );
		}
	}
	say(
		`\nRealtime drivers from the configuration: ${ drivers.join( ', ' ) }${ soketi ? '' : ' (soketi: not installed; --soketi installs it)' }`
	);
	for ( const [ i, t ] of ONLY.has( 'bridge' ) ? targets.entries() : [] ) {
		await benchBridge( t, seed, { inbox: i === 0 } );
	}
	if ( ONLY.has( 'flood' ) ) {
		await benchFlood( seed );
	}
	if ( ONLY.has( 'reports' ) ) {
		say( `\nReports at ${ int( N_CONV ) } conversations (sqlite3)` );
		const { reportsFigures } = await import( './bench/reports.mjs' );
		await reportsFigures( {
			root: ROOT,
			runDir,
			require,
			seed,
			mint: advisorTokenFor,
			realtime: REALTIME,
			figure,
			say,
			samples: LIMITS.samples,
		} );
	}
	if ( ! ONLY.has( 'realtime' ) ) {
		return tail( seed );
	}

	// ------------------------------------------------------------ 4. realtime servers alone
	say( '\nRealtime server alone: pusher SDK trigger → receipt' );
	const embeddedRt = await realtimeServer(
		'embedded server',
		'127.0.0.1',
		hostPorts.realtime
	);
	const soketiRt = soketi
		? await realtimeServer( 'soketi', '127.0.0.1', soketi.port )
		: null;
	if ( soketiRt ) {
		figure( {
			section: 'realtime',
			name: 'embedded vs soketi: trigger → receive p99',
			value: `${ f1( embeddedRt.p99 ) } vs ${ f1( soketiRt.p99 ) } ms`,
			goal: '≤ soketi',
			pass: embeddedRt.p99 <= soketiRt.p99,
		} );
		figure( {
			section: 'realtime',
			name: 'embedded vs soketi: deliveries/s, 100 subscribers, batches',
			value: `${ int( embeddedRt.deliveries ) } vs ${ int( soketiRt.deliveries ) }`,
			goal: '≥ soketi',
			pass: embeddedRt.deliveries >= soketiRt.deliveries,
		} );
	} else {
		figure( {
			section: 'realtime',
			name: 'embedded vs soketi (needs --soketi)',
			value: 'not measured',
			goal: '≤ / ≥ soketi',
			skip: true,
		} );
	}

	await tail( seed );
}

async function tail( seed ) {
	// ------------------------------------------------------------ 5. reconnect storm
	if ( ONLY.has( 'reconnect' ) ) {
		say( '\nReconnect storm: pusher-js clients with client-core’s policy' );
		const { reconnectFigures } = await import( './bench/reconnect.mjs' );
		await reconnectFigures( {
			root: ROOT,
			runDir,
			require,
			realtime: REALTIME,
			figure,
			say,
		} );
	}
	if ( ONLY.has( 'scaleout' ) ) {
		say(
			'\nScale-out: 1 vs 2 bridge processes, PostgreSQL, `handoff-bridge realtime`'
		);
		const { scaleoutFigures } = await import( './bench/scaleout.mjs' );
		await scaleoutFigures( {
			root: ROOT,
			runDir,
			require,
			realtime: REALTIME,
			figure,
			say,
			quick: QUICK,
		} );
	}
	// ------------------------------------------------------------ 6. bytes
	if ( ONLY.has( 'bytes' ) ) {
		say( '\nBytes before any interaction' );
		bytes();
	}
	if ( ! ONLY.has( 'browser' ) ) {
		return;
	}

	// ------------------------------------------------------------ 7. browser
	say( '\nBrowser (Debian Chromium against the whole stack)' );
	if ( BROWSER ) {
		const { browserFigures } = await import( './bench/browser.mjs' );
		try {
			await browserFigures( { runDir, seed, figure, say } );
		} catch ( err ) {
			figure( {
				section: 'browser',
				name: 'browser figures',
				value: 'failed',
				pass: false,
				detail: String( err.message ).split( '\n' )[ 0 ],
			} );
		}
	} else {
		figure( {
			section: 'browser',
			name: 'wp-admin → Conversations, first row visible (warm)',
			value: 'not measured',
			goal: '≤ 1000 ms',
			skip: true,
			detail: 'needs --browser',
		} );
		figure( {
			section: 'browser',
			name: 'widget: click → first bot message',
			value: 'not measured',
			goal: '≤ 150 ms',
			skip: true,
			detail: 'needs --browser',
		} );
	}
}

/**
 * `n` visitors, each with a live-chat conversation as the widget starts them (`concurrency`
 * at a time): `{ token, id, n }`, `n` counting that conversation's sends.
 * @param {object} bridge
 * @param {string} siteId
 * @param {number} n
 * @param {number} concurrency
 */
async function liveConversations( bridge, siteId, n, concurrency ) {
	const convs = [];
	await pool( n, concurrency, async () => {
		const v = await call(
			bridge.base,
			'POST',
			`/v1/sites/${ siteId }/visitors`,
			{ body: {} }
		);
		const c = await call( bridge.base, 'POST', '/v1/conversations', {
			token: v.token,
			body: {
				mode: 'live',
				pageUrl: 'https://shop.example/livraison/',
				pageTitle: 'Livraison',
			},
		} );
		convs.push( { token: v.token, id: c.conversation.id, n: 0 } );
	} );
	return convs;
}

// ---------------------------------------------------------------- hostile clients (issue 12)
/**
 * VmRSS of a process, in MB.
 * @param pid
 */
function rssMb( pid ) {
	const m = /VmRSS:\s+(\d+) kB/.exec(
		readFileSync( `/proc/${ pid }/status`, 'utf8' )
	);
	return m ? Number( m[ 1 ] ) / 1024 : NaN;
}

/**
 * A bridge with its production defaults, flooded by raw WebSockets: subscriptions it must
 * refuse, then connections past its per-address cap, while /healthz is polled and visitors
 * send. Figures: memory growth, what was refused, health and send latency meanwhile.
 * @param seed
 */
async function benchFlood( seed ) {
	say( '\nHostile clients (bridge with its default limits)' );
	const { inWorker } =
		await import( './bench/flood.mjs' );
	const requireFrom = path.join( ROOT, 'bridge-server/package.json' );
	const dataDir = path.join( runDir, 'bridge-flood' );
	mkdirSync( dataDir, { recursive: true } );
	copyFileSync( seed.file, path.join( dataDir, 'bridge.sqlite' ) );
	const rtPort = await freePort();
	const bridge = await startBridge( {
		root: ROOT,
		dataDir,
		port: await freePort(),
		env: {
			...REALTIME,
			REALTIME_HOST: '127.0.0.1',
			REALTIME_PORT: String( rtPort ),
			LOG_LEVEL: 'error',
		},
	} );
	cleanup.push( () => bridge.stop() );
	const url = `ws://127.0.0.1:${ rtPort }/app/${ REALTIME.REALTIME_KEY }?protocol=7&client=flood&version=1`;
	const { siteId } = seed.meta;
	const convs = await liveConversations( bridge, siteId, 20, 4 );

	/**
	 * Polls /healthz and sends at 50/s while `during` runs; returns latencies and errors.
	 * @param during
	 */
	const meanwhile = async ( during ) => {
		const health = [];
		const sends = [];
		let errors = 0;
		let done = false;
		const poll = ( async () => {
			while ( ! done ) {
				const r = await request( bridge.base, 'GET', '/healthz' ).catch(
					() => ( { status: 0, ms: 0 } )
				);
				r.status === 200 ? health.push( r.ms ) : errors++;
				await sleep( 20 );
			}
		} )();
		const send = ( async () => {
			for ( let i = 0; ! done; i++ ) {
				const c = convs[ i % convs.length ];
				const r = await request(
					bridge.base,
					'POST',
					`/v1/conversations/${ c.id }/messages`,
					{
						token: c.token,
						body: {
							clientId: `flood-${ c.id.slice( -8 ) }-${ ++c.n }`,
							text: `Toujours là ? ${ c.n }`,
						},
					}
				).catch( () => ( { status: 0, ms: 0 } ) );
				r.status === 201 ? sends.push( r.ms ) : errors++;
				await sleep( 20 );
			}
		} )();
		const result = await during();
		done = true;
		await Promise.all( [ poll, send ] );
		return { result, health, sends, errors };
	};

	const frames = QUICK ? 5_000 : 20_000;
	const rss0 = rssMb( bridge.pid );
	const sub = await meanwhile( () =>
		inWorker( 'subscribe', { url, sockets: 10, frames }, requireFrom )
	);
	const rss1 = rssMb( bridge.pid );
	const healthz = await call( bridge.base, 'GET', '/healthz' );
	const rt = healthz.metrics?.realtime ?? {};
	figure( {
		section: 'flood',
		name: 'subscribe flood: bridge memory growth',
		value: `+${ f1( rss1 - rss0 ) } MB`,
		goal: '≤ 50 MB',
		pass: rss1 - rss0 <= 50,
		detail: `${ int( sub.result.sent ) } subscribe frames on 10 sockets (public, and private with forged auth): ${ int( sub.result.refused ) } refused, ${ int( sub.result.subscribed ) } accepted; RSS ${ int( rss0 ) } → ${ int( rss1 ) } MB; channels held after: ${ rt.channels ?? '?' }`,
		raw: { ...sub.result, rss0, rss1, realtime: rt },
	} );
	figure( {
		section: 'flood',
		name: 'subscribe flood: /healthz p99 meanwhile',
		value: `${ f1( pct( sub.health, 99 ) ) } ms`,
		goal: '≤ 50 ms, 0 errors',
		pass: pct( sub.health, 99 ) <= 50 && ! sub.errors,
		detail: `${ sub.health.length } checks; sends meanwhile p99 ${ f1( pct( sub.sends, 99 ) ) } ms (${ sub.sends.length } sends); ${ sub.errors } errors`,
	} );

	const conns = await meanwhile( () =>
		inWorker( 'connections', { url, n: 1000 }, requireFrom )
	);
	figure( {
		section: 'flood',
		name: 'connection flood: 1,000 sockets from one address',
		value: `${ int( conns.result.accepted ) } accepted`,
		goal: '≤ the per-address cap (200), HTTP unaffected',
		pass:
			conns.result.accepted <= 200 &&
			! conns.errors &&
			pct( conns.health, 99 ) <= 50,
		detail: `close codes ${ JSON.stringify( conns.result.codes ) }; /healthz p99 ${ f1( pct( conns.health, 99 ) ) } ms, sends p99 ${ f1( pct( conns.sends, 99 ) ) } ms meanwhile; ${ conns.errors } errors`,
	} );
	await bridge.stop();
}

// ---------------------------------------------------------------- the bridge on the seeded database
async function benchBridge( target, seed, { inbox } ) {
	say(
		`\nBridge with realtime driver "${ target.driver }" (${ target.label })`
	);
	const dataDir = path.join(
		runDir,
		`bridge-${ target.label.replace( /[^a-z0-9]+/gi, '-' ) }`
	);
	mkdirSync( dataDir, { recursive: true } );
	copyFileSync(
		seed.file,
		path.join( dataDir, 'bridge.sqlite' ),
		constants.COPYFILE_FICLONE
	);
	const bridge = await startBridge( {
		root: ROOT,
		dataDir,
		port: await freePort(),
		env: {
			...REALTIME,
			...target.env,
			REALTIME_DRIVER: target.driver,
			LOG_LEVEL: 'warn',
		},
	} );
	try {
		const { siteId, secret } = seed.meta;
		const iat = Math.floor( Date.now() / 1000 );
		const advisor = await new SignJWT( {
			site: siteId,
			name: 'Camille Martin',
			manage: true,
		} )
			.setProtectedHeader( { alg: 'HS256', typ: 'JWT' } )
			.setIssuer( 'wordpress' )
			.setAudience( contracts.ADVISOR_AUDIENCE )
			.setSubject( '1' )
			.setIssuedAt( iat )
			.setExpirationTime( iat + 900 )
			.sign( new TextEncoder().encode( secret ) );
		const me = await call( bridge.base, 'GET', '/v1/advisors/me', {
			token: advisor,
		} );
		const rt = (
			await call( bridge.base, 'GET', `/v1/sites/${ siteId }/config` )
		).realtime;

		// 200 visitors, each with a live-chat conversation, as the widget starts them.
		const convs = await liveConversations( bridge, siteId, 200, 8 );
		const send = ( c, label ) =>
			request(
				bridge.base,
				'POST',
				`/v1/conversations/${ c.id }/messages`,
				{
					token: c.token,
					body: {
						clientId: `${ label }-${ c.id.slice( -8 ) }-${ ++c.n }`,
						text: `Bonjour, où en est ma livraison ? Message ${ c.n }`,
					},
				}
			);

		// -- visitor send → the advisor's pusher-js, 200 conversations at 100 msg/s offered.
		const receiver = new Worker(
			new URL( './bench/receiver-worker.mjs', import.meta.url ),
			{
				workerData: {
					root: ROOT,
					key: rt.key,
					wsHost: rt.wsHost,
					wsPort: rt.wsPort,
					channel: me.inboxChannel,
					authUrl: `${ bridge.base }/v1/realtime/auth`,
					token: advisor,
					event: contracts.EVENTS.messageCreated,
				},
			}
		);
		const started = new Map();
		const e2e = [];
		await new Promise( ( resolve, reject ) => {
			receiver.on( 'message', ( m ) => {
				if ( m.ready ) {
					resolve();
				} else if ( m.error ) {
					reject( new Error( m.error ) );
				} else if ( started.has( m.clientId ) ) {
					e2e.push( m.at - started.get( m.clientId ) );
					started.delete( m.clientId );
				}
			} );
			receiver.on( 'error', reject );
		} );
		const rate = 100;
		const total = rate * LIMITS.latencySeconds;
		const httpMs = [];
		let sendErrors = 0;
		const inflight = [];
		const t0 = now();
		for ( let i = 0; i < total; i++ ) {
			const due = t0 + ( i * 1000 ) / rate;
			if ( due > now() ) {
				await sleep( due - now() );
			}
			const c = convs[ i % convs.length ];
			const clientId = `lat-${ c.id.slice( -8 ) }-${ c.n + 1 }`;
			started.set( clientId, abs() );
			inflight.push(
				send( c, 'lat' ).then( ( r ) => {
					if ( r.status === 201 ) {
						httpMs.push( r.ms );
					} else {
						sendErrors++;
					}
				} )
			);
		}
		await Promise.all( inflight );
		for ( let waited = 0; started.size && waited < 3000; waited += 50 ) {
			await sleep( 50 );
		}
		const lost = started.size;
		started.clear();
		receiver.postMessage( 'stop' );
		await receiver.terminate();
		const L = `[${ target.label }]`;
		figure( {
			section: 'latency',
			name: `${ L } send → advisor's pusher-js p99`,
			value: `${ f1( pct( e2e, 99 ) ) } ms`,
			goal: '≤ 10 ms',
			pass: atMost( pct( e2e, 99 ), 10 ) && ! lost,
			detail: `p50 ${ f1( pct( e2e, 50 ) ) } ms; ${ int( total ) } sends at ${ rate }/s over 200 conversations; ${ lost } not received`,
		} );
		figure( {
			section: 'latency',
			name: `${ L } HTTP send p99 (same load)`,
			value: `${ f1( pct( httpMs, 99 ) ) } ms`,
			goal: '≤ 5 ms',
			pass: atMost( pct( httpMs, 99 ), 5 ) && ! sendErrors,
			detail: `p50 ${ f1( pct( httpMs, 50 ) ) } ms; ${ sendErrors } errors`,
		} );

		// -- persisted messages/s, 50 conversations sending back to back.
		const fifty = convs.slice( 0, 50 );
		const seqBefore = await Promise.all(
			fifty.map( ( c ) =>
				call( bridge.base, 'GET', `/v1/conversations/${ c.id }`, {
					token: c.token,
				} ).then( ( r ) => r.conversation.lastSeq )
			)
		);
		const busyBefore = bridge.log.busy;
		const cpuBefore = bridge.cpuSeconds();
		let ok = 0;
		let errors = 0;
		let busyResponses = 0;
		const errorSamples = new Set();
		const tpMs = [];
		const ts = now();
		const end = ts + LIMITS.throughputSeconds * 1000;
		await Promise.all(
			fifty.map( async ( c ) => {
				while ( now() < end ) {
					const r = await send( c, 'tp' ).catch( ( err ) => ( {
						status: 0,
						text: String( err ),
						ms: 0,
					} ) );
					if ( r.status === 201 ) {
						ok++;
						tpMs.push( r.ms );
					} else {
						errors++;
						busyResponses += /SQLITE_BUSY/.test( r.text ) ? 1 : 0;
						errorSamples.add(
							`${ r.status } ${ String( r.text ).slice( 0, 120 ) }`
						);
					}
				}
			} )
		);
		const secs = ( now() - ts ) / 1000;
		const cpu = bridge.cpuSeconds() - cpuBefore;
		const seqAfter = await Promise.all(
			fifty.map( ( c ) =>
				call( bridge.base, 'GET', `/v1/conversations/${ c.id }`, {
					token: c.token,
				} ).then( ( r ) => r.conversation.lastSeq )
			)
		);
		const persisted = seqAfter.reduce(
			( s, x, i ) => s + x - seqBefore[ i ],
			0
		);
		const busy = bridge.log.busy - busyBefore + busyResponses;
		const perSec = persisted / secs;
		figure( {
			section: 'throughput',
			name: `${ L } persisted messages/s, 50 conversations sending`,
			value: `${ int( perSec ) }/s, ${ errors } err, ${ busy } BUSY`,
			goal: '≥ 2,000/s, 0 errors, 0 SQLITE_BUSY',
			pass: perSec >= 2000 && ! errors && ! busy && persisted === ok,
			detail: `${ int( persisted ) } persisted (${ int( ok ) } × 201) in ${ secs.toFixed( 1 ) } s; send p50 ${ f1( pct( tpMs, 50 ) ) } / p99 ${ f1( pct( tpMs, 99 ) ) } ms; bridge CPU ${ Math.round( ( 100 * cpu ) / secs ) } % of a core, ${ f1( ( cpu * 1000 ) / Math.max( 1, persisted ) ) } ms per message${ errorSamples.size ? '; e.g. ' + [ ...errorSamples ][ 0 ] : '' }`,
		} );

		if ( inbox ) {
			await inboxCalls(
				bridge,
				advisor,
				seed,
				convs.slice( 50, 60 ),
				send
			);
		}
	} finally {
		await bridge.stop();
	}
}

// ---------------------------------------------------------------- the inbox at 100k / 1M
async function inboxCalls( bridge, advisor, seed, senders, send ) {
	say(
		`\nInbox calls at ${ int( seed.meta.conversations ) } conversations / ${ int( seed.meta.messages ) } messages (p95 of ≤ ${ LIMITS.samples } calls each), with 10 sends/s beside them`
	);
	// Sends at 10 msg/s all along, measured.
	const sendMs = [];
	let sendErrors = 0;
	let running = true;
	const sender = ( async () => {
		let i = 0;
		const t0 = now();
		const pending = [];
		while ( running ) {
			const due = t0 + i * 100;
			if ( due > now() ) {
				await sleep( due - now() );
			}
			pending.push(
				send( senders[ i++ % senders.length ], 'inbox' ).then( ( r ) =>
					r.status === 201 ? sendMs.push( r.ms ) : sendErrors++
				)
			);
		}
		await Promise.all( pending );
	} )();

	const calls = [];
	for ( const list of [ 'live', 'closed', 'bot' ] ) {
		for ( const filter of [ 'all', 'unassigned', 'unread', 'mine' ] ) {
			calls.push( {
				name: `list ${ list } × ${ filter }`,
				kind: 'list',
				path: `/v1/inbox?list=${ list }&filter=${ filter }&limit=30`,
			} );
		}
	}
	// A deep page: the cursor after 10 pages of the live list.
	let cursor = null;
	for ( let i = 0; i < 10; i++ ) {
		const page = await call(
			bridge.base,
			'GET',
			`/v1/inbox?list=closed&filter=all&limit=30${ cursor ? `&cursor=${ encodeURIComponent( cursor ) }` : '' }`,
			{ token: advisor }
		);
		cursor = page.nextCursor ?? cursor;
	}
	calls.push( {
		name: 'list closed × all, page 11 (keyset)',
		kind: 'list',
		path: `/v1/inbox?list=closed&filter=all&limit=30&cursor=${ encodeURIComponent( cursor ) }`,
	} );
	calls.push( {
		name: 'summary (menu count)',
		kind: 'other',
		path: '/v1/inbox/summary',
	} );
	for ( const q of seed.meta.searches ) {
		calls.push( {
			name: `search "${ q }"`,
			kind: 'search',
			path: `/v1/search?q=${ encodeURIComponent( q ) }&limit=20`,
		} );
	}
	// Opening a conversation as the admin does: the conversation, its latest 100 messages, the visitor panel.
	const samples = seed.meta.samples.length
		? seed.meta.samples
		: [ senders[ 0 ].id ];
	let k = 0;
	calls.push( {
		name: 'open: conversation + last 100 messages + visitor',
		kind: 'other',
		run: async () => {
			const id = samples[ k++ % samples.length ];
			const t = now();
			const { conversation } = await call(
				bridge.base,
				'GET',
				`/v1/conversations/${ id }`,
				{ token: advisor }
			);
			await Promise.all( [
				call(
					bridge.base,
					'GET',
					`/v1/conversations/${ id }/messages?before=${ conversation.lastSeq + 1 }&limit=100`,
					{ token: advisor }
				),
				call( bridge.base, 'GET', `/v1/conversations/${ id }/visitor`, {
					token: advisor,
				} ),
			] );
			return now() - t;
		},
	} );
	calls.push( {
		name: 'history: a page backwards (100)',
		kind: 'other',
		pathFn: () =>
			`/v1/conversations/${ samples[ k++ % samples.length ] }/messages?before=10&limit=100`,
	} );
	calls.push( {
		name: 'catch-up: messages?after=0',
		kind: 'other',
		pathFn: () =>
			`/v1/conversations/${ samples[ k++ % samples.length ] }/messages?after=0&limit=200`,
	} );
	for ( const [ name, p ] of [
		[ 'advisors', '/v1/advisors' ],
		[ 'advisors/me', '/v1/advisors/me' ],
		[ 'settings', '/v1/settings' ],
		[ 'online visitors', '/v1/inbox/online' ],
	] ) {
		calls.push( { name, kind: 'other', path: p } );
	}

	const goals = { list: 20, search: 50, other: 50 };
	let worst = 0;
	let allPass = true;
	for ( const c of calls ) {
		const xs = [];
		const t0 = now();
		let failed = null;
		let what = '';
		while (
			xs.length < LIMITS.samples &&
			( xs.length < 3 || now() - t0 < LIMITS.callSeconds * 1000 )
		) {
			try {
				if ( c.run ) {
					xs.push( await c.run() );
				} else {
					const r = await request(
						bridge.base,
						'GET',
						c.path ?? c.pathFn(),
						{ token: advisor }
					);
					if ( r.status >= 400 ) {
						throw new Error(
							`${ r.status } ${ r.text.slice( 0, 120 ) }`
						);
					}
					xs.push( r.ms );
					what ||= r.body?.counts
						? `${ r.body.conversations.length } items; counts ${ JSON.stringify( r.body.counts ) }`
						: Array.isArray( r.body?.results )
							? `${ r.body.results.length }${ r.body.nextCursor ? '+' : '' } results`
							: '';
				}
			} catch ( err ) {
				failed = err.message;
				break;
			}
		}
		const p95 = pct( xs, 95 );
		const pass = ! failed && atMost( p95, goals[ c.kind ] );
		allPass &&= pass;
		worst = Math.max( worst, p95 );
		figure( {
			section: 'inbox',
			name: `inbox: ${ c.name }, p95`,
			value: failed ? 'error' : `${ f1( p95 ) } ms`,
			goal: `≤ ${ goals[ c.kind ] } ms`,
			pass,
			detail:
				failed ??
				`p50 ${ f1( pct( xs, 50 ) ) } ms, ${ xs.length } calls${ what ? '; ' + what : '' }`,
		} );
	}
	running = false;
	await sender;
	figure( {
		section: 'inbox',
		name: 'sends while the inbox calls run, HTTP p99',
		value: `${ f1( pct( sendMs, 99 ) ) } ms`,
		goal: '≤ 5 ms (unaffected)',
		pass: atMost( pct( sendMs, 99 ), 5 ) && ! sendErrors,
		detail: `p50 ${ f1( pct( sendMs, 50 ) ) } ms, max ${ f1( Math.max( ...sendMs ) ) } ms; ${ sendMs.length } sends at 10/s, ${ sendErrors } errors`,
	} );
}

// ---------------------------------------------------------------- a Pusher-protocol server alone
async function realtimeServer( label, host, port ) {
	const sdk = new PusherServer( {
		appId: REALTIME.REALTIME_APP_ID,
		key: REALTIME.REALTIME_KEY,
		secret: REALTIME.REALTIME_SECRET,
		host,
		port: String( port ),
		useTLS: false,
	} );
	const checked = async ( p ) => {
		const res = await p;
		// soketi answers some errors with 200 and { error } in the body.
		if ( res && typeof res.text === 'function' ) {
			const t = await res.text();
			if ( /"error"/.test( t ) ) {
				throw new Error( t );
			}
		}
	};
	// Latency: one pusher-js receiver on its own thread, triggers at 200/s.
	const worker = new Worker(
		new URL( './bench/receiver-worker.mjs', import.meta.url ),
		{
			workerData: {
				root: ROOT,
				key: REALTIME.REALTIME_KEY,
				wsHost: host,
				wsPort: port,
				channel: 'bench-latency',
				event: 'tick',
			},
		}
	);
	const started = new Map();
	const lat = [];
	await new Promise( ( resolve, reject ) => {
		worker.on( 'message', ( m ) => {
			if ( m.ready ) {
				resolve();
			} else if ( started.has( m.clientId ) ) {
				lat.push( m.at - started.get( m.clientId ) );
				started.delete( m.clientId );
			}
		} );
		worker.on( 'error', reject );
	} );
	const t0 = now();
	const pending = [];
	for ( let i = 0; i < LIMITS.rtEvents; i++ ) {
		const due = t0 + i * 5;
		if ( due > now() ) {
			await sleep( due - now() );
		}
		started.set( String( i ), abs() );
		pending.push(
			checked(
				sdk.trigger( 'bench-latency', 'tick', {
					message: { clientId: String( i ) },
				} )
			)
		);
	}
	await Promise.all( pending );
	for ( let w = 0; started.size && w < 3000; w += 50 ) {
		await sleep( 50 );
	}
	worker.postMessage( 'stop' );
	await worker.terminate();
	const p99 = pct( lat, 99 );
	figure( {
		section: 'realtime',
		name: `${ label }: trigger → pusher-js p99`,
		value: `${ f1( p99 ) } ms`,
		detail: `p50 ${ f1( pct( lat, 50 ) ) } ms; ${ LIMITS.rtEvents } triggers at 200/s; ${ started.size } lost`,
	} );

	// Deliveries/s: 100 subscribers, batches of 10 events, 16 batches in flight.
	const fan = new Worker(
		new URL( './bench/fanout-worker.mjs', import.meta.url ),
		{
			workerData: {
				root: ROOT,
				url: `ws://${ host }:${ port }/app/${ REALTIME.REALTIME_KEY }?protocol=7&client=bench&version=1`,
				channel: 'bench-fanout',
				event: 'fan',
				subscribers: 100,
			},
		}
	);
	let report;
	await new Promise( ( resolve, reject ) => {
		fan.on( 'message', ( m ) =>
			m.ready
				? resolve()
				: m.error
					? reject( new Error( m.error ) )
					: report?.( m )
		);
		fan.on( 'error', reject );
	} );
	const expected = LIMITS.fanoutBatches * 10 * 100;
	const payload = { text: 'Bonjour, où en est ma livraison ? '.repeat( 4 ) };
	const tf = abs();
	await pool( LIMITS.fanoutBatches, 16, () =>
		checked(
			sdk.triggerBatch(
				Array.from( { length: 10 }, () => ( {
					channel: 'bench-fanout',
					name: 'fan',
					data: payload,
				} ) )
			)
		)
	);
	let got = { count: 0, last: tf };
	for ( let w = 0; w < 15000; w += 100 ) {
		got = await new Promise( ( r ) => {
			report = r;
			fan.postMessage( 'report' );
		} );
		if ( got.count >= expected ) {
			break;
		}
		await sleep( 100 );
	}
	fan.postMessage( 'stop' );
	await fan.terminate();
	const deliveries = ( got.count / Math.max( 1, got.last - tf ) ) * 1000;
	figure( {
		section: 'realtime',
		name: `${ label }: deliveries/s, 100 subscribers, batches of 10`,
		value: `${ int( deliveries ) }/s`,
		detail: `${ int( got.count ) } of ${ int( expected ) } delivered`,
	} );
	return { p99, deliveries };
}

// ---------------------------------------------------------------- bytes
function bytes() {
	const build = ( f ) => path.join( ROOT, 'plugin/build', f );
	const gz = ( f ) =>
		existsSync( f )
			? gzipSync( readFileSync( f ), { level: 9 } ).length
			: NaN;
	const kb = ( n ) => `${ ( n / 1024 ).toFixed( 1 ) } KB`;
	// The launcher (view script + style) and the WordPress scripts it declares, with theirs.
	const own = [
		'blocks/widget/view.js',
		'blocks/widget/style-index.css',
	].map( ( f ) => [ f, gz( build( f ) ) ] );
	const assetFile = build( 'blocks/widget/view.asset.php' );
	const declared = existsSync( assetFile )
		? readFileSync( assetFile, 'utf8' ).match(
				/'dependencies' => array\(([^)]*)\)/
			)
		: null;
	const deps = declared
		? [ ...declared[ 1 ].matchAll( /'([a-z0-9-]+)'/g ) ].map(
				( m ) => m[ 1 ]
			)
		: [];
	const core = path.join( ROOT, '.cache/wordpress/core' );
	const packages = existsSync(
		path.join( core, 'wp-includes/assets/script-loader-packages.php' )
	)
		? readFileSync(
				path.join(
					core,
					'wp-includes/assets/script-loader-packages.php'
				),
				'utf8'
			)
		: '';
	const pulled = [];
	const seen = new Set();
	const visit = ( handle ) => {
		if ( seen.has( handle ) ) {
			return;
		}
		seen.add( handle );
		const name = handle.replace( /^wp-/, '' );
		const m = packages.match(
			new RegExp(
				`'${ name }\\.js' => array\\('dependencies' => array\\(([^)]*)\\)`
			)
		);
		( m
			? [ ...m[ 1 ].matchAll( /'([a-z0-9-]+)'/g ) ].map( ( x ) => x[ 1 ] )
			: []
		).forEach( visit );
		const file = path.join(
			core,
			'wp-includes/js/dist',
			`${ name }.min.js`
		);
		pulled.push( [ handle, gz( file ) ] );
	};
	deps.forEach( visit );
	const total = [ ...own, ...pulled ].reduce( ( s, [ , n ] ) => s + n, 0 );
	figure( {
		section: 'bytes',
		name: 'launcher + pulled-in scripts, gzip',
		value: kb( total ),
		goal: '≤ 7 KB',
		pass: Number.isFinite( total ) ? total <= 7 * 1024 : false,
		detail:
			[ ...own, ...pulled ]
				.map( ( [ f, n ] ) => `${ path.basename( f ) } ${ kb( n ) }` )
				.join( ', ' ) +
			( packages
				? ''
				: '; WordPress core not in .cache/wordpress: run npm start once' ),
	} );
	figure( {
		section: 'bytes',
		name: 'chat panel, loaded on hover/open (gzip)',
		value: kb( gz( build( 'blocks/widget/chat-panel.js' ) ) ),
	} );
	figure( {
		section: 'bytes',
		name: 'wp-admin app (gzip)',
		value: kb( gz( build( 'admin/index.js' ) ) ),
	} );
}

/**
 * Runs `fn(i)` for i < n with at most `concurrency` in flight.
 * @param n
 * @param concurrency
 * @param fn
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

// ---------------------------------------------------------------- run, then the table
let failure = null;
try {
	await main();
} catch ( err ) {
	failure = err;
} finally {
	for ( const c of cleanup.reverse() ) {
		await Promise.resolve()
			.then( c )
			.catch( () => {} );
	}
}
machine.loadAfter = os.loadavg().map( ( x ) => Number( x.toFixed( 2 ) ) );
const w = {
	name: Math.max( 6, ...results.map( ( r ) => r.name.length ) ),
	value: Math.max( 5, ...results.map( ( r ) => String( r.value ).length ) ),
	goal: Math.max( 4, ...results.map( ( r ) => r.goal.length ) ),
};
say( '\nSummary' );
say(
	`  ${ 'figure'.padEnd( w.name ) }  ${ 'value'.padEnd( w.value ) }  ${ 'goal'.padEnd( w.goal ) }  result`
);
say(
	`  ${ '-'.repeat( w.name ) }  ${ '-'.repeat( w.value ) }  ${ '-'.repeat( w.goal ) }  ------`
);
for ( const r of results.filter( ( x ) => x.goal ) ) {
	say(
		`  ${ r.name.padEnd( w.name ) }  ${ String( r.value ).padEnd( w.value ) }  ${ r.goal.padEnd( w.goal ) }  ${ r.status }`
	);
}
const counts = { PASS: 0, FAIL: 0, SKIP: 0 };
results.forEach( ( r ) => r.status in counts && counts[ r.status ]++ );
say(
	`\n  ${ counts.PASS } PASS, ${ counts.FAIL } FAIL, ${ counts.SKIP } not measured`
);
say(
	`  load average before: ${ machine.loadBefore.join( ' ' ) }; after: ${ machine.loadAfter.join( ' ' ) } (${ machine.cores } cores)`
);
if ( failure ) {
	say( `\nbench stopped: ${ failure.stack ?? failure }` );
	process.exitCode = 1;
}
const doc = {
	machine,
	sizes: { conversations: N_CONV, messages: N_MSG, quick: QUICK },
	results,
	summary: counts,
	error: failure ? String( failure.message ) : undefined,
};
if ( opt[ 'json-file' ] ) {
	writeFileSync( opt[ 'json-file' ], JSON.stringify( doc, null, 2 ) + '\n' );
}
if ( opt[ 'markdown-file' ] ) {
	writeFileSync( opt[ 'markdown-file' ], markdown( doc ) );
}
if ( opt.json ) {
	writeOut( JSON.stringify( doc, null, 2 ) + '\n' );
}

/**
 * The run as a Markdown section for docs/benchmarks.md: the machine, then every figure.
 * @param root0
 * @param root0.machine
 * @param root0.sizes
 * @param root0.results
 */
function markdown( { machine: m, sizes, results: rows } ) {
	const cell = ( x ) => String( x ).replace( /\|/g, '\\|' );
	return [
		`### ${ m.date.slice( 0, 10 ) }, commit ${ m.commit }`,
		'',
		`- machine: ${ m.cpu }, ${ m.cores } cores, ${ m.memoryGB } GB; node ${ m.node }`,
		`- command: \`${ m.command }\``,
		`- date: ${ m.date }`,
		`- load average (1, 5, 15 min) before: ${ m.loadBefore.join( ' ' ) }; after: ${ m.loadAfter.join( ' ' ) }`,
		`- sizes: ${ sizes.conversations.toLocaleString( 'en' ) } conversations / ${ sizes.messages.toLocaleString( 'en' ) } messages`,
		...( m.loadBefore[ 0 ] > m.cores / 2 || m.loadAfter[ 0 ] > m.cores / 2
			? [
					`- **under contention**: other work kept the load above ${ m.cores / 2 } on ${ m.cores } cores; figures are not comparable with a quiet run`,
				]
			: [] ),
		'',
		'| figure | value | goal | result | detail |',
		'|---|---|---|---|---|',
		...rows.map(
			( r ) =>
				`| ${ cell( r.name ) } | ${ cell( r.value ) } | ${ cell( r.goal ) } | ${ r.status } | ${ cell( r.detail ) } |`
		),
		'',
	].join( '\n' );
}
