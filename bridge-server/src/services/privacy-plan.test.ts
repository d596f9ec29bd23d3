/**
 * A privacy request finds its data subject by email through the expression index of migration
 * 20261205P, on sqlite3 (`EXPLAIN QUERY PLAN`) and PostgreSQL (`EXPLAIN`): the lookup the
 * bridge runs is captured and explained, among enough variables of two sites that a scan
 * would be the planner's worse choice.
 */
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h } = setUpBridge();
const pg = () => h.ctx.db.client.config.client === 'pg';

beforeAll( async () => {
	const db = h.ctx.db;
	const other = await h.ctx.services.sites.create( {
		demoFlow: false,
		name: 'Other',
		quota: 5,
	} );
	const at = '2026-01-01T00:00:00.000Z';
	for ( const [ site, n ] of [
		[ h.site.id, 2000 ],
		[ other.id, 6000 ],
	] as const ) {
		const visitors = [];
		const variables = [];
		for ( let i = 0; i < n; i++ ) {
			const id = `v-${ site }-${ i }`;
			visitors.push( {
				id,
				site_id: site,
				created_at: at,
				last_seen_at: at,
			} );
			for ( const [ name, value ] of [
				[ 'EMAIL', ` Person${ i }@Example.com ` ],
				[ 'PRENOM', `Person ${ i }` ],
				[ 'SOCIETE', `Company ${ i % 50 }` ],
			] ) {
				variables.push( {
					site_id: site,
					visitor_id: id,
					name,
					value,
					updated_at: at,
				} );
			}
		}
		for ( let i = 0; i < visitors.length; i += 500 ) {
			await db.batchInsert( 'visitors', visitors.slice( i, i + 500 ) );
		}
		for ( let i = 0; i < variables.length; i += 500 ) {
			await db.batchInsert(
				'visitor_variables',
				variables.slice( i, i + 500 )
			);
		}
	}
	await db.raw( pg() ? 'ANALYZE visitor_variables' : 'ANALYZE' );
} );

it( 'finds a data subject by email through the folded-value index, not a scan', async () => {
	const queries: Array< { sql: string; bindings: unknown } > = [];
	const listener = ( q: { sql: string; bindings: unknown } ) => {
		if ( /from "?`?visitor_variables/i.test( q.sql ) ) {
			queries.push( q );
		}
	};
	h.ctx.db.on( 'query', listener );
	const ids = await h.ctx.services.privacy.visitorIds( h.site.id, {
		email: 'PERSON42@example.com',
	} );
	h.ctx.db.removeListener( 'query', listener );
	// The trimmed, case-folded match, on this site only.
	expect( ids ).toEqual( [ `v-${ h.site.id }-42` ] );
	expect( queries ).toHaveLength( 1 );
	const rows = await h.ctx.db.raw(
		`${ pg() ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN' } ${ queries[ 0 ].sql.replace(
			/\$\d+/g,
			'?'
		) }`,
		queries[ 0 ].bindings as any[]
	);
	const plan = pg()
		? rows.rows.map( ( r: any ) => r[ 'QUERY PLAN' ] ).join( '\n' )
		: rows.map( ( r: any ) => r.detail ).join( '\n' );
	expect( plan ).toContain( 'visitor_variables_folded_value' );
	expect( plan ).not.toMatch( /Seq Scan|SCAN visitor_variables(?! USING)/ );
} );
