/**
 * The report's queries read through the indexes of migration 20261205O, on sqlite3
 * (`EXPLAIN QUERY PLAN`) and on PostgreSQL (`EXPLAIN`, scripts/test-pg.mjs): every query of
 * `GET /v1/reports` and of the CSV export is captured as the bridge runs it, then explained.
 * Two sites share the tables, so a query that scanned instead of seeking would read the other
 * site's conversations too.
 */
import type { Knex } from 'knex';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();
const pg = () => h.ctx.db.client.config.client === 'pg';

let token: string;
beforeAll( async () => {
	const db = h.ctx.db;
	const other = await h.ctx.services.sites.create( {
		demoFlow: false,
		name: 'Other',
		quota: 5,
	} );
	token = await advisorToken( h.site, 'boss', { manage: true } );
	const conversations: Record< string, unknown >[] = [];
	const messages: Record< string, unknown >[] = [];
	for ( const [ site, n ] of [
		[ h.site.id, 3000 ],
		[ other.id, 15000 ],
	] as const ) {
		await db( 'visitors' ).insert( {
			id: `v-${ site }`,
			site_id: site,
			created_at: '2026-01-01T00:00:00.000Z',
			last_seen_at: '2026-01-01T00:00:00.000Z',
		} );
		for ( let i = 0; i < n; i++ ) {
			// A year of conversations, one every ~3 hours (ours) or ~35 minutes (the other site's).
			const t =
				Date.UTC( 2026, 0, 1 ) +
				Math.floor( ( i * 365 * 86400e3 ) / n );
			const at = ( s: number ) => new Date( t + s * 1000 ).toISOString();
			const id = `c-${ site }-${ i }`;
			conversations.push( {
				id,
				site_id: site,
				visitor_id: `v-${ site }`,
				state: 'closed',
				inbox_list: 'closed',
				mode: 'live',
				assigned_advisor_id: 'boss',
				last_seq: 2,
				page_url: `https://shop.example/p${ i % 20 }`,
				created_at: at( 0 ),
				updated_at: at( 120 ),
				escalated_at: at( 0 ),
				first_response_at: at( 30 ),
				first_response_advisor_id: 'boss',
				closed_at: at( 120 ),
				rating_score: ( i % 5 ) + 1,
				rating_advisor_id: 'boss',
			} );
			messages.push(
				{
					id: `${ id }-1`,
					conversation_id: id,
					seq: 1,
					kind: 'text',
					author_type: 'visitor',
					text: 'Hello',
					created_at: at( 5 ),
				},
				{
					id: `${ id }-2`,
					conversation_id: id,
					seq: 2,
					kind: 'text',
					author_type: 'advisor',
					author_id: 'boss',
					text: 'Hi',
					created_at: at( 30 ),
				}
			);
		}
	}
	await db.batchInsert( 'conversations', conversations as any[], 200 );
	await db.batchInsert( 'messages', messages as any[], 200 );
	await db.raw( 'ANALYZE' );
}, 120_000 );

/** The SELECTs `fn` made the bridge run, each with its plan. */
async function plans( fn: () => Promise< unknown > ) {
	const queries: Knex.Sql[] = [];
	const listener = ( q: Knex.Sql ) => {
		if (
			/^select/i.test( q.sql ) &&
			/from "?`?conversations/.test( q.sql )
		) {
			queries.push( q );
		}
	};
	const db = h.ctx.readDb;
	db.on( 'query', listener );
	await fn();
	db.removeListener( 'query', listener );
	const out: Array< { sql: string; plan: string } > = [];
	for ( const q of queries ) {
		// knex reports PostgreSQL's SQL with $n placeholders; raw() takes ?.
		const rows = await h.ctx.db.raw(
			`${ pg() ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN' } ${ q.sql.replace(
				/\$\d+/g,
				'?'
			) }`,
			q.bindings as any[]
		);
		const plan = pg()
			? rows.rows.map( ( r: any ) => r[ 'QUERY PLAN' ] ).join( '\n' )
			: rows.map( ( r: any ) => r.detail ).join( '\n' );
		out.push( { sql: q.sql, plan } );
	}
	return out;
}

it( 'reads the range through (site_id, created_at, id) and advisors’ messages through their partial index', async () => {
	const report = await plans( async () => {
		const res = await c.call(
			'GET',
			'/v1/reports?from=2026-03-01&to=2026-03-30&timeZone=Europe%2FParis',
			{ token }
		);
		expect( res.status ).toBe( 200 );
		// 30 days of one conversation every ~2.9 hours (~246).
		expect( res.body.totals.conversations ).toBeGreaterThan( 200 );
	} );
	// Buckets, first responses, resolutions, advisors' messages, ratings, pages.
	expect( report ).toHaveLength( 6 );
	for ( const { sql, plan } of report ) {
		expect( [ sql, plan ] ).toEqual( [
			sql,
			expect.stringContaining( 'conversations_site_created' ),
		] );
		expect( plan ).not.toMatch(
			pg() ? /Seq Scan on conversations/ : /SCAN c\b(?! USING)/
		);
	}
	const joined = report.find( ( p ) => p.sql.includes( 'messages' ) )!;
	// PostgreSQL, at this size (half the messages are advisors'), rightly prefers one hash join
	// over a sequential read of `messages` to a few hundred index probes: asserted on sqlite3.
	if ( ! pg() ) {
		expect( joined.plan ).toContain(
			'COVERING INDEX messages_advisor_visible'
		);
		// Only the pages' query reads the conversations' rows (their URL and title).
		expect(
			report
				.filter(
					( p ) =>
						! p.plan.includes(
							'COVERING INDEX conversations_site_created'
						)
				)
				.map( ( p ) => p.sql )
		).toEqual( [ expect.stringMatching( /page_title/ ) ] );
	}

	const exported = await plans( async () => {
		const res = await fetch(
			`${ h.url }/v1/reports/export?from=2026-01-01&to=2026-12-31&table=conversations`,
			{ headers: { Authorization: `Bearer ${ token }` } }
		);
		expect( ( await res.text() ).split( '\r\n' ).length ).toBe( 3000 + 2 );
	} );
	// Three keyset pages of 1,000 rows, and the last, empty one.
	expect( exported.length ).toBe( 4 );
	// PostgreSQL, for 3,000 rows of a site, rightly prefers reading them all and sorting to
	// 1,000 ordered index probes per page: docs/benchmarks.md has its plan at 100,000.
	if ( ! pg() ) {
		for ( const { plan } of exported ) {
			expect( plan ).toContain( 'conversations_site_created' );
			// Rows come in index order: no sort of the range.
			expect( plan ).not.toContain( 'TEMP B-TREE FOR ORDER BY' );
		}
	}
} );
