/**
 * Rate-limit counters shared by every bridge process on the database (RATE_LIMIT_STORE=database,
 * rate-limit-store.ts): one row per limit key, with its window's end. Counters are worth nothing after a
 * crash, so on PostgreSQL the table is UNLOGGED (no write-ahead log, emptied by crash recovery).
 */
import type { Knex } from 'knex';

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.createTable( 'rate_limit_hits', ( t ) => {
		// `<limit>:<ip or caller>`; longer keys are hashed by the store.
		t.string( 'key', 200 ).primary();
		t.integer( 'hits' ).notNullable();
		// Milliseconds since the epoch at which the key's window ends (its first hit + the window).
		t.bigInteger( 'reset_at' ).notNullable();
		// The sweep deletes ended windows.
		t.index( [ 'reset_at' ] );
	} );
	if ( knex.client.config.client === 'pg' ) {
		await knex.raw( 'ALTER TABLE rate_limit_hits SET UNLOGGED' );
	}
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.dropTableIfExists( 'rate_limit_hits' );
}
