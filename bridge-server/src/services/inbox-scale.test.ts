/**
 * The inbox at 100,000 conversations on sqlite3: every list query seeks in an index
 * (no temporary sort), a page deep in a list stays fast, and counts come from counters.
 */
import type { Knex } from 'knex';
import { advisorToken, client } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const N = 100_000;
const { h } = setUpBridge();

beforeAll( async () => {
	const db = h.ctx.db;
	await db( 'visitors' ).insert( {
		id: 'v_scale',
		site_id: h.site.id,
		created_at: '2026-01-01T00:00:00.000Z',
		last_seen_at: '2026-01-01T00:00:00.000Z',
	} );
	const lists = [ 'live', 'closed', 'closed', 'closed', 'bot' ];
	const rows = Array.from( { length: N }, ( _, i ) => {
		const list = lists[ i % lists.length ];
		const at = new Date( Date.UTC( 2026, 0, 1 ) + i * 1000 ).toISOString();
		return {
			id: `c_${ String( i ).padStart( 8, '0' ) }`,
			site_id: h.site.id,
			visitor_id: 'v_scale',
			state: list === 'live' ? liveState( i ) : list,
			inbox_list: list,
			mode: 'live',
			assigned_advisor_id: i % 3 ? String( i % 7 ) : null,
			last_seq: 2,
			last_visitor_seq: 2,
			last_advisor_seq: i % 4 ? 1 : 0,
			created_at: at,
			updated_at: at,
		};
	} );
	await db.transaction( ( trx ) =>
		trx.batchInsert( 'conversations', rows, 400 )
	);
	await db.raw( 'ANALYZE' );
}, 60_000 );

/** Runs `fn` and returns the sqlite query plans of the SELECTs it issued. */
async function plans(
	fn: () => Promise< unknown >,
	table = 'conversations'
): Promise< string[] > {
	const queries: Knex.Sql[] = [];
	const listener = ( q: Knex.Sql ) => {
		if (
			/^select/i.test( q.sql ) &&
			q.sql.includes( `from \`${ table }\`` )
		) {
			queries.push( q );
		}
	};
	h.ctx.readDb.on( 'query', listener );
	await fn();
	h.ctx.readDb.removeListener( 'query', listener );
	const out: string[] = [];
	for ( const q of queries ) {
		const rows = await h.ctx.db.raw(
			`EXPLAIN QUERY PLAN ${ q.sql }`,
			q.bindings as any[]
		);
		out.push( rows.map( ( r: any ) => r.detail ).join( ' | ' ) );
	}
	return out;
}

it( 'pages every list and filter through an index, without sorting, and fast', async () => {
	const call = client( h.url );
	const token = await advisorToken( h.site, '3' );
	for ( const filter of [ 'all', 'mine', 'unassigned', 'unread' ] ) {
		for ( const list of [ 'live', 'closed', 'bot' ] ) {
			let cursor = '';
			// Walk a few pages in, then measure one deep page.
			for ( let i = 0; i < 3; i++ ) {
				const page = await call(
					'GET',
					`/v1/inbox?list=${ list }&filter=${ filter }&limit=100${ cursor }`,
					{ token }
				);
				expect( page.status ).toBe( 200 );
				cursor = page.body.nextCursor
					? `&cursor=${ encodeURIComponent( page.body.nextCursor ) }`
					: '';
			}
			// `unread` reads the advisor's own rows (migration 20261205F), the others conversations.
			const [ listPlan ] = await plans(
				() =>
					h.ctx.services.inbox.list( advisor(), {
						list,
						filter,
						limit: 50,
						cursor: cursor
							? decodeURIComponent( cursor.slice( 8 ) )
							: undefined,
					} as any ),
				filter === 'unread' ? 'advisor_unread' : 'conversations'
			);
			expect( listPlan ).toMatch(
				filter === 'unread'
					? /USING (COVERING )?INDEX advisor_unread_list/
					: /USING (COVERING )?INDEX conversations_(inbox_list|inbox_assignee)/
			);
			expect( listPlan ).not.toMatch( /TEMP B-TREE/ );
			if ( process.env.SHOW_PLANS ) {
				const t = Date.now();
				await call(
					'GET',
					`/v1/inbox?list=${ list }&filter=${ filter }&limit=50${ cursor }`,
					{ token }
				);
				// eslint-disable-next-line no-console -- opt-in diagnostics (SHOW_PLANS=1)
				console.log( list, filter, Date.now() - t, 'ms', listPlan );
			}
		}
	}
	const deep = await call( 'GET', '/v1/inbox?list=closed&limit=50', {
		token,
	} );
	expect( deep.body.counts ).toEqual( {
		live: N / 5,
		closed: ( 3 * N ) / 5,
		bot: N / 5,
	} );
	// The summary and the counts are sums of counters: no conversation is read.
	expect(
		await plans( () => h.ctx.services.inbox.summary( advisor() ) )
	).toEqual( [] );
	const summary = await plans(
		() => h.ctx.services.inbox.summary( advisor() ),
		'inbox_totals'
	);
	expect( summary[ 0 ] ).toMatch( /USING (COVERING )?INDEX/ );
}, 60_000 );

/** Advisor 3 as the services see them: no manage, every page. */
function advisor() {
	return {
		role: 'advisor' as const,
		siteId: h.site.id,
		advisorId: '3',
		name: 'A',
		avatar: null,
		manage: false,
		issuedAt: 0,
		expiresAt: 0,
	};
}

/** Live chat holds both states: alternate them. */
function liveState( i: number ) {
	return i % 2 ? 'live' : 'waiting';
}
