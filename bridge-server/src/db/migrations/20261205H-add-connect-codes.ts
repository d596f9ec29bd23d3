/**
 * One-time connection codes (issue 13): `sites:create`, `sites:connect-code` and
 * `sites:rotate-secret` print a code that WordPress exchanges once (POST /v1/connect) for the
 * site id and a fresh secret. Only the key derived from the code's secret part is stored
 * (auth/connect-code.ts connectKey()), never the code. `used_*` records which WordPress took it.
 *
 * `site_secret_grace`: after a reconnection replaced a site's secret, the previous one still
 * proves a returning visitor's identity (the token refresh only) until `until`, so visitors
 * keep their conversation; a rotation ends it at once.
 */
import type { Knex } from 'knex';

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.createTable( 'connect_codes', ( t ) => {
		t.string( 'id', 10 ).primary();
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		// Hex HMAC-SHA256 key derived from the code's secret part.
		t.string( 'key', 64 ).notNullable();
		t.string( 'created_at', 30 ).notNullable();
		t.string( 'expires_at', 30 ).notNullable();
		t.string( 'used_at', 30 ).nullable();
		t.string( 'used_url', 2000 ).nullable();
		t.string( 'used_locale', 20 ).nullable();
		t.index( [ 'site_id' ] );
	} );
	await knex.schema.createTable( 'site_secret_grace', ( t ) => {
		t.string( 'site_id', 40 )
			.primary()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'secret', 128 ).notNullable();
		t.string( 'until', 30 ).notNullable();
	} );
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.dropTableIfExists( 'site_secret_grace' );
	await knex.schema.dropTableIfExists( 'connect_codes' );
}
