/**
 * The retention setting: closed conversations older than `retention_days` are deleted by the
 * bridge's purge (services/privacy.ts); null or 0 keeps them. The purge walks the existing
 * (site_id, state, updated_at, id) index of conversations.
 */
import type { Knex } from 'knex';

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.alterTable( 'site_settings', ( t ) => {
		t.integer( 'retention_days' ).nullable();
	} );
}

export async function down( knex: Knex ): Promise< void > {
	// site_settings is referenced by nothing: rebuilding it (sqlite3) cascades nowhere.
	await knex.schema.alterTable( 'site_settings', ( t ) => {
		t.dropColumn( 'retention_days' );
	} );
}
