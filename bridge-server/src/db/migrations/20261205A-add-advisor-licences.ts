/**
 * Advisors, licences and page restrictions (issue 9): the advisors table becomes the
 * bridge's record of every WordPress user who can answer, with their licence, options and
 * counters; conversations get the normalised key of the page they started on, so lists can
 * be limited to an advisor's pages in SQL.
 */
import type { Knex } from 'knex';

// Like 20261125A: dropping columns in sqlite3 rebuilds `conversations`, which must happen with
// foreign keys off (outside a transaction) or it would cascade into messages.
export const config = { transaction: false };

/** Frozen copy of pageKey() (contracts/src/advisors-pages.ts) as this migration shipped. */
function pageKeyAtShip( url: string | null ): string | null {
	if ( ! url ) {
		return null;
	}
	let u: URL;
	try {
		u = new URL( url );
	} catch {
		return null;
	}
	if ( u.protocol !== 'http:' && u.protocol !== 'https:' ) {
		return null;
	}
	const path = u.pathname.endsWith( '/' ) ? u.pathname : u.pathname + '/';
	const post = [ 'page_id', 'p', 'post' ]
		.map( ( k ) => u.searchParams.get( k ) )
		.find( Boolean );
	return post ? `${ path }?post=${ post }` : path;
}

export async function up( db: Knex ): Promise< void > {
	await db.transaction( ( knex ) => upIn( knex ) );
}

async function upIn( knex: Knex ): Promise< void > {
	await knex.schema.alterTable( 'advisors', ( t ) => {
		// `name` stays WordPress's display name; what visitors see may be overridden.
		t.string( 'visible_name', 100 ).nullable();
		t.string( 'email', 254 ).nullable();
		t.boolean( 'can_answer' ).notNullable().defaultTo( true );
		t.boolean( 'licensed' ).notNullable().defaultTo( false );
		// Set when a manager grants or revokes: site managers take a free licence on their own until then.
		t.string( 'licence_decided_at', 30 ).nullable();
		t.boolean( 'show_bot' ).notNullable().defaultTo( true );
		// JSON PageRestriction; null: all pages.
		t.text( 'pages' ).nullable();
		t.integer( 'capacity' ).nullable();
		// Advisor tokens issued (iat, Unix seconds) before this are refused: revocation.
		t.bigInteger( 'tokens_valid_after' ).notNullable().defaultTo( 0 );
		t.integer( 'message_count' ).notNullable().defaultTo( 0 );
		t.string( 'synced_at', 30 ).nullable();
	} );
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.string( 'page_key', 600 ).nullable();
	} );

	// Before licences existed every advisor could do everything: keep that for as many as
	// the quota allows, most recently seen first, so an upgrade cuts nobody off silently.
	const sites: Array< { id: string; licence_quota: number } > = await knex(
		'sites'
	).select( 'id', 'licence_quota' );
	for ( const s of sites ) {
		const keep = await knex( 'advisors' )
			.where( 'site_id', s.id )
			.orderBy( 'last_seen_at', 'desc' )
			.limit( Math.max( 0, Number( s.licence_quota ) ) )
			.select( 'id' );
		if ( keep.length ) {
			await knex( 'advisors' )
				.where( 'site_id', s.id )
				.whereIn(
					'id',
					keep.map( ( r: { id: string } ) => r.id )
				)
				.update( { licensed: true } );
		}
	}
	const conversations: Array< { id: string; page_url: string | null } > =
		await knex( 'conversations' )
			.whereNotNull( 'page_url' )
			.select( 'id', 'page_url' );
	for ( const c of conversations ) {
		await knex( 'conversations' )
			.where( 'id', c.id )
			.update( { page_key: pageKeyAtShip( c.page_url ) } );
	}
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.dropColumn( 'page_key' );
	} );
	await knex.schema.alterTable( 'advisors', ( t ) => {
		t.dropColumns(
			'visible_name',
			'email',
			'can_answer',
			'licensed',
			'licence_decided_at',
			'show_bot',
			'pages',
			'capacity',
			'tokens_valid_after',
			'message_count',
			'synced_at'
		);
	} );
}
