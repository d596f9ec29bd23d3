import type { Knex } from 'knex';

export async function up( knex: Knex ): Promise< void > {
	// Metadata of uploaded images; the bytes live in the upload store under the same id.
	await knex.schema.createTable( 'uploads', ( t ) => {
		t.string( 'id', 32 ).primary();
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'owner_type', 16 ).notNullable();
		t.string( 'owner_id', 64 ).notNullable();
		t.string( 'type', 32 ).notNullable();
		t.integer( 'bytes' ).notNullable();
		t.integer( 'width' ).nullable();
		t.integer( 'height' ).nullable();
		// Set once: an upload belongs to at most one message.
		t.string( 'message_id', 64 ).nullable().unique();
		t.string( 'created_at', 30 ).notNullable();
	} );

	// Calls to WordPress, persisted so that a slow or down WordPress never blocks nor loses one.
	await knex.schema.createTable( 'notification_outbox', ( t ) => {
		t.increments( 'id' ).primary();
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.text( 'payload' ).notNullable();
		// pending → delivered | failed (gave up).
		t.string( 'status', 16 ).notNullable();
		t.integer( 'attempts' ).notNullable().defaultTo( 0 );
		t.string( 'next_attempt_at', 30 ).notNullable();
		// A lease, so two bridge processes never send the same row at once.
		t.string( 'locked_until', 30 ).nullable();
		t.string( 'last_error', 500 ).nullable();
		t.string( 'created_at', 30 ).notNullable();
		t.string( 'delivered_at', 30 ).nullable();
		t.index( [ 'status', 'next_attempt_at' ] );
	} );
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.dropTableIfExists( 'notification_outbox' );
	await knex.schema.dropTableIfExists( 'uploads' );
}
