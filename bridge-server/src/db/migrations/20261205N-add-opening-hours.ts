/**
 * Opening hours and reply by email (issue 15 item 3): the site's hours as JSON in
 * `site_settings.hours` (null: the defaults, always open), each advisor's "away" switch, and
 * on conversations the address replies are emailed to and the visitor's language.
 */
import type { Knex } from 'knex';

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.alterTable( 'site_settings', ( t ) => {
		t.text( 'hours' ).nullable();
	} );
	await knex.schema.alterTable( 'advisors', ( t ) => {
		t.boolean( 'away' ).notNullable().defaultTo( false );
	} );
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.string( 'reply_email', 254 ).nullable();
		t.string( 'locale', 20 ).nullable();
	} );
}

// Plain DROP COLUMN on both databases: knex's sqlite3 way rebuilds the table, which the
// search index's triggers on `conversations` (20261205E) do not survive.
export async function down( knex: Knex ): Promise< void > {
	await knex.raw( 'ALTER TABLE conversations DROP COLUMN locale' );
	await knex.raw( 'ALTER TABLE conversations DROP COLUMN reply_email' );
	await knex.raw( 'ALTER TABLE advisors DROP COLUMN away' );
	await knex.raw( 'ALTER TABLE site_settings DROP COLUMN hours' );
}
