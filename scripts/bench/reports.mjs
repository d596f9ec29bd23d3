/**
 * Reports at the bench's size (`npm run bench -- --only reports`): the built bridge on a copy of
 * the seeded database (100,000 conversations over 90 days, 1,000,000 messages), the report of
 * the last 30 and 365 days (UTC and Europe/Paris, with and without a page filter), and the CSV
 * exports, each timed over HTTP as wp-admin calls them; the bridge's memory while it streams
 * every conversation; and the plan sqlite3 chooses for each query (EXPLAIN QUERY PLAN).
 *
 * The seed predates ratings: a third of the closed conversations get one (1–5) on the copy, for
 * their assignee, so the rating figures have data. Everything else is the seed's own history
 * (report milestones filled by migration 20261205O's backfill while seeding).
 */
import { copyFileSync, constants, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort } from '../lib/stack.mjs';
import { request, startBridge } from './bridge.mjs';
import { f1, int, now, pct } from './figures.mjs';

const rssMb = ( pid ) => {
	const m = /VmRSS:\s+(\d+) kB/.exec(
		readFileSync( `/proc/${ pid }/status`, 'utf8' )
	);
	return m ? Number( m[ 1 ] ) / 1024 : NaN;
};

const DAY = 86400e3;
const dateOf = ( ms ) => new Date( ms ).toISOString().slice( 0, 10 );

/**
 * A download read to its end: time to the last byte, bytes, lines, and the bridge's peak RSS
 * meanwhile (sampled every 20 ms).
 * @param {string} url
 * @param {string} token
 * @param {number} pid
 */
function download( url, token, pid ) {
	return new Promise( ( resolve, reject ) => {
		const t = now();
		let peak = rssMb( pid );
		const timer = setInterval( () => {
			peak = Math.max( peak, rssMb( pid ) );
		}, 20 );
		const req = http.get(
			url,
			{ headers: { Authorization: `Bearer ${ token }` } },
			( res ) => {
				let bytes = 0;
				let lines = 0;
				res.on( 'data', ( c ) => {
					bytes += c.length;
					for ( const b of c ) {
						lines += b === 10 ? 1 : 0;
					}
				} );
				res.on( 'end', () => {
					clearInterval( timer );
					resolve( {
						status: res.statusCode,
						ms: now() - t,
						bytes,
						lines,
						peak,
					} );
				} );
				res.on( 'error', reject );
			}
		);
		req.on( 'error', ( err ) => {
			clearInterval( timer );
			reject( err );
		} );
	} );
}

/**
 * @param {Object}   o
 * @param {string}   o.root     The repository.
 * @param {string}   o.runDir   Where the bridge's data folder goes.
 * @param {Function} o.require  require() from the bridge's package.
 * @param {Object}   o.seed     seededDatabase()'s answer.
 * @param {Function} o.mint     (siteId, secret, userId, manage) → an advisor token.
 * @param {Object}   o.realtime The REALTIME_* variables.
 * @param {Function} o.figure   Records one figure.
 * @param {Function} o.say      Prints a line.
 * @param {number}   o.samples  Calls per timed figure.
 */
export async function reportsFigures( {
	root,
	runDir,
	require,
	seed,
	mint,
	realtime,
	figure,
	say,
	samples,
} ) {
	const dist = ( p ) => require( path.join( root, 'bridge-server/dist', p ) );
	const dataDir = path.join( runDir, 'reports' );
	mkdirSync( dataDir, { recursive: true } );
	const file = path.join( dataDir, 'bridge.sqlite' );
	copyFileSync( seed.file, file, constants.COPYFILE_FICLONE );
	const { siteId, secret } = seed.meta;

	// Ratings on the copy, and the plans of the report's queries on it.
	const { createDb } = dist( 'db/index.js' );
	const db = createDb( { client: 'sqlite3', connection: file } );
	const rated = await db.raw(
		`UPDATE conversations SET rating_score = 1 + (rowid % 5), rated_at = closed_at,
			rating_advisor_id = assigned_advisor_id
		WHERE closed_at IS NOT NULL AND assigned_advisor_id IS NOT NULL AND rowid % 3 = 0`
	);
	void rated;
	const [ { last } ] = await db( 'conversations' )
		.where( 'site_id', siteId )
		.max( { last: 'created_at' } );
	const lastMs = Date.parse( last );
	const to = dateOf( lastMs );
	const ranges = {
		30: { from: dateOf( lastMs - 29 * DAY ), to },
		365: { from: dateOf( lastMs - 364 * DAY ), to },
	};
	const pageUrl = 'https://shop.example/contact/';
	const count = async ( r ) =>
		Number(
			(
				await db( 'conversations' )
					.where( 'site_id', siteId )
					.where( 'created_at', '>=', `${ r.from }T00:00:00.000Z` )
					.count( { n: '*' } )
			)[ 0 ].n
		);
	const sizes = {
		30: await count( ranges[ 30 ] ),
		365: await count( ranges[ 365 ] ),
	};

	const { ReportsService } = dist( 'services/reports.js' );
	const { reportQuery } = require( '@handoff-chat/contracts' );
	const captured = [];
	const listener = ( q ) => {
		if ( /^select/i.test( q.sql ) && q.sql.includes( 'conversations' ) ) {
			captured.push( q );
		}
	};
	db.on( 'query', listener );
	await new ReportsService( db, { require: async () => {} } ).report(
		{ role: 'advisor', siteId, manage: true },
		reportQuery.parse( { ...ranges[ 365 ], timeZone: 'Europe/Paris' } )
	);
	db.removeListener( 'query', listener );
	const plans = [];
	for ( const q of captured ) {
		const rows = await db.raw(
			`EXPLAIN QUERY PLAN ${ q.sql }`,
			q.bindings
		);
		plans.push( rows.map( ( r ) => r.detail ).join( '; ' ) );
	}
	await db.destroy();
	// Without a page filter only the pages' query (URL, title) reads conversation rows.
	const indexed = plans.every( ( p ) =>
		/SEARCH c USING (COVERING )?INDEX conversations_site_created/.test( p )
	);
	const covering = plans.filter( ( p ) =>
		p.includes( 'COVERING INDEX conversations_site_created' )
	).length;
	const advisorIndex = plans.some( ( p ) =>
		p.includes( 'messages_advisor_visible' )
	);
	figure( {
		section: 'reports',
		name: 'report queries seek (site_id, created_at, id)',
		value: `${ plans.filter( ( p ) => p.includes( 'conversations_site_created' ) ).length } of ${ plans.length } (${ covering } index-only)`,
		goal: 'all',
		pass: indexed && advisorIndex,
		detail: plans.join( ' || ' ),
	} );

	const bridge = await startBridge( {
		root,
		dataDir,
		port: await freePort(),
		env: {
			...realtime,
			REALTIME_DRIVER: 'embedded',
			REALTIME_HOST: '127.0.0.1',
			REALTIME_PORT: String( await freePort() ),
			LOG_LEVEL: 'warn',
		},
	} );
	try {
		const token = await mint( siteId, secret, '1', true );
		const timed = async ( name, query, goalMs, detail ) => {
			const ms = [];
			let body = null;
			let cpu = 0;
			// One call first: sqlite's page cache warm, as on a bridge in use.
			for ( let i = 0; i <= samples; i++ ) {
				const cpuBefore = bridge.cpuSeconds();
				const r = await request(
					bridge.base,
					'GET',
					`/v1/reports?${ new URLSearchParams( query ) }`,
					{ token }
				);
				if ( r.status !== 200 ) {
					throw new Error(
						`${ name }: ${ r.status } ${ r.text.slice( 0, 200 ) }`
					);
				}
				body = r.body;
				if ( i > 0 ) {
					ms.push( r.ms );
					cpu += bridge.cpuSeconds() - cpuBefore;
				}
			}
			figure( {
				section: 'reports',
				name,
				value: `${ f1( pct( ms, 50 ) ) } / ${ f1( pct( ms, 95 ) ) } ms`,
				goal: `p95 ≤ ${ goalMs } ms`,
				pass: pct( ms, 95 ) <= goalMs,
				detail: `p50 / p95 of ${ samples }; bridge CPU ${ f1(
					( cpu * 1000 ) / samples
				) } ms per report (from /proc: less contention-bound than wall time); ${ int( body.totals.conversations ) } conversations, ${ int( body.totals.escalated ) } escalated, ${ body.advisors.length } advisors${ detail ? `; ${ detail }` : '' }`,
			} );
		};
		await timed(
			'report, last 30 days, UTC',
			ranges[ 30 ],
			300,
			`${ int( sizes[ 30 ] ) } in range`
		);
		await timed(
			'report, last 365 days, UTC',
			ranges[ 365 ],
			1000,
			`${ int( sizes[ 365 ] ) } in range (the whole seed)`
		);
		await timed(
			'report, last 365 days, Europe/Paris',
			{ ...ranges[ 365 ], timeZone: 'Europe/Paris' },
			1000
		);
		await timed(
			'report, last 365 days, one page',
			{ ...ranges[ 365 ], pageUrl },
			1000,
			pageUrl
		);

		for ( const table of [ 'days', 'advisors' ] ) {
			const r = await download(
				`${ bridge.base }/v1/reports/export?${ new URLSearchParams( { ...ranges[ 365 ], table } ) }`,
				token,
				bridge.pid
			);
			figure( {
				section: 'reports',
				name: `CSV export, ${ table }, 365 days`,
				value: `${ f1( r.ms ) } ms`,
				detail: `${ int( r.lines - 1 ) } rows`,
			} );
		}
		const runs = [];
		const before = rssMb( bridge.pid );
		for ( let i = 0; i < 3; i++ ) {
			runs.push(
				await download(
					`${ bridge.base }/v1/reports/export?${ new URLSearchParams( { ...ranges[ 365 ], table: 'conversations' } ) }`,
					token,
					bridge.pid
				)
			);
		}
		const best = runs.reduce( ( a, b ) => ( a.ms <= b.ms ? a : b ) );
		figure( {
			section: 'reports',
			name: 'CSV export, every conversation of 365 days',
			value: `${ f1( best.ms / 1000 ) } s`,
			goal: '≤ 10 s',
			pass: best.ms <= 10000,
			detail: `best of 3 (${ runs.map( ( r ) => f1( r.ms / 1000 ) ).join( ', ' ) } s); ${ int( best.lines - 1 ) } rows, ${ f1( best.bytes / 2 ** 20 ) } MB`,
		} );
		const growth = Math.max( ...runs.map( ( r ) => r.peak ) ) - before;
		figure( {
			section: 'reports',
			name: 'bridge memory growth while exporting them',
			value: `${ f1( growth ) } MB`,
			goal: '≤ 64 MB',
			pass: growth <= 64,
			detail: `RSS ${ f1( before ) } MB before, peak ${ f1( Math.max( ...runs.map( ( r ) => r.peak ) ) ) } MB (streamed in pages of 1,000)`,
		} );
	} finally {
		await bridge.stop();
	}
	say(
		`  (ranges ${ ranges[ 30 ].from } → ${ to } and ${ ranges[ 365 ].from } → ${ to })`
	);
}
