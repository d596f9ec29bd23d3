/**
 * The visitor's rating of a closed conversation (1–5 and an optional comment), kept on the
 * conversation itself so every payload carries it without a join, and indexed by site and
 * time so reports can aggregate a period without reading every conversation. A per-site
 * switch (on by default) lets owners turn the question off.
 */
import type { Knex } from 'knex';

const INDEX = 'conversations_site_rated_at';
const COLUMNS = [ 'rating_score', 'rating_comment', 'rated_at' ];

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.integer( 'rating_score' ).nullable();
		t.text( 'rating_comment' ).nullable();
		t.string( 'rated_at', 32 ).nullable();
	} );
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.index( [ 'site_id', 'rated_at' ], INDEX );
	} );
	await knex.schema.alterTable( 'site_settings', ( t ) => {
		t.boolean( 'rating_enabled' ).notNullable().defaultTo( true );
	} );
}

// Plain DROP COLUMN on both databases: knex's sqlite3 way rebuilds `conversations`, which
// the search index's triggers on it (20261205E) do not survive.
export async function down( knex: Knex ): Promise< void > {
	await knex.raw( `DROP INDEX IF EXISTS ${ INDEX }` );
	for ( const column of COLUMNS ) {
		await knex.raw( `ALTER TABLE conversations DROP COLUMN ${ column }` );
	}
	await knex.raw( 'ALTER TABLE site_settings DROP COLUMN rating_enabled' );
}
