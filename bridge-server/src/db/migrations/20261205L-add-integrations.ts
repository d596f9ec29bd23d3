/**
 * Integrations (services/webhooks.ts, services/api-keys.ts): a site's outgoing webhook endpoints,
 * their outbox (rows claimed with a lease, like notification_outbox) and their bounded delivery
 * log, and the site's API keys (only a SHA-256 of each key is stored).
 */
import type { Knex } from 'knex';

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.createTable( 'webhook_endpoints', ( t ) => {
		t.string( 'id', 40 ).primary();
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'url', 2048 ).notNullable();
		// Sent back in no answer after creation: it signs every delivery.
		t.string( 'secret', 100 ).notNullable();
		// A JSON array of event names.
		t.text( 'events' ).notNullable();
		t.string( 'created_at', 30 ).notNullable();
		t.index( [ 'site_id' ] );
	} );
	await knex.schema.createTable( 'webhook_outbox', ( t ) => {
		t.increments( 'id' ).primary();
		t.string( 'site_id', 40 ).notNullable();
		// No foreign key: a send queueing for an endpoint deleted meanwhile (by another process)
		// must not fail; deliveries of a deleted endpoint are dropped, its rows deleted with it.
		t.string( 'endpoint_id', 40 ).notNullable();
		// The event's id (X-Handoff-Webhook-Id): the same on every attempt, for the receiver's idempotency.
		t.string( 'event_id', 40 ).notNullable();
		t.string( 'event_type', 40 ).notNullable();
		t.text( 'payload' ).notNullable();
		// pending → delivered | failed (gave up).
		t.string( 'status', 16 ).notNullable();
		t.integer( 'attempts' ).notNullable().defaultTo( 0 );
		t.string( 'next_attempt_at', 30 ).notNullable();
		t.string( 'locked_until', 30 ).nullable();
		t.string( 'created_at', 30 ).notNullable();
		t.index( [ 'status', 'next_attempt_at' ] );
	} );
	await knex.schema.createTable( 'webhook_attempts', ( t ) => {
		t.increments( 'id' ).primary();
		t.string( 'endpoint_id', 40 ).notNullable();
		t.string( 'event_id', 40 ).notNullable();
		t.string( 'event_type', 40 ).notNullable();
		t.integer( 'attempt' ).notNullable();
		// Null when no answer came (refused address, timeout, connection error).
		t.integer( 'status_code' ).nullable();
		t.integer( 'duration_ms' ).notNullable();
		t.string( 'error', 500 ).nullable();
		t.boolean( 'delivered' ).notNullable();
		t.string( 'at', 30 ).notNullable();
		t.index( [ 'endpoint_id', 'id' ] );
	} );
	await knex.schema.createTable( 'api_keys', ( t ) => {
		t.string( 'id', 40 ).primary();
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'name', 200 ).notNullable();
		// read | read-write
		t.string( 'scope', 16 ).notNullable();
		// hex SHA-256 of the whole key; the key itself is shown once and never stored.
		t.string( 'hash', 64 ).notNullable().unique();
		// The key's first characters, so a person can tell keys apart.
		t.string( 'prefix', 20 ).notNullable();
		t.string( 'created_by', 191 ).nullable();
		t.string( 'created_at', 30 ).notNullable();
		t.string( 'last_used_at', 30 ).nullable();
		t.index( [ 'site_id' ] );
	} );
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.dropTableIfExists( 'api_keys' );
	await knex.schema.dropTableIfExists( 'webhook_attempts' );
	await knex.schema.dropTableIfExists( 'webhook_outbox' );
	await knex.schema.dropTableIfExists( 'webhook_endpoints' );
}
