import type { Knex } from 'knex';

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.createTable( 'sites', ( t ) => {
		t.string( 'id', 40 ).primary();
		t.string( 'name', 200 ).notNullable();
		t.string( 'url', 2048 ).nullable();
		// HMAC key shared with WordPress: signs advisor and visitor tokens and server-to-server calls.
		t.string( 'secret', 128 ).notNullable();
		t.integer( 'licence_quota' ).notNullable().defaultTo( 5 );
		t.string( 'created_at', 30 ).notNullable();
	} );

	await knex.schema.createTable( 'visitors', ( t ) => {
		t.string( 'id', 64 ).primary();
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'created_at', 30 ).notNullable();
		t.string( 'last_seen_at', 30 ).notNullable();
		t.index( [ 'site_id' ] );
	} );

	await knex.schema.createTable( 'conversations', ( t ) => {
		t.string( 'id', 64 ).primary();
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'visitor_id', 64 )
			.notNullable()
			.references( 'visitors.id' )
			.onDelete( 'CASCADE' );
		t.string( 'state', 16 ).notNullable();
		t.string( 'mode', 16 ).notNullable();
		t.string( 'assigned_advisor_id', 64 ).nullable();
		t.integer( 'last_seq' ).notNullable().defaultTo( 0 );
		t.string( 'last_message_at', 30 ).nullable();
		t.string( 'last_message_preview', 200 ).nullable();
		t.string( 'last_message_author_type', 16 ).nullable();
		t.string( 'page_url', 2048 ).nullable();
		t.string( 'page_title', 300 ).nullable();
		t.string( 'created_at', 30 ).notNullable();
		t.string( 'updated_at', 30 ).notNullable();
		// Inbox lists are keyset-paginated on (updated_at, id) within a site and state.
		t.index( [ 'site_id', 'state', 'updated_at', 'id' ] );
		t.index( [ 'site_id', 'visitor_id', 'created_at' ] );
	} );

	await knex.schema.createTable( 'messages', ( t ) => {
		t.string( 'id', 64 ).primary();
		t.string( 'conversation_id', 64 )
			.notNullable()
			.references( 'conversations.id' )
			.onDelete( 'CASCADE' );
		t.integer( 'seq' ).notNullable();
		t.string( 'client_id', 64 ).nullable();
		t.string( 'kind', 16 ).notNullable();
		t.string( 'author_type', 16 ).notNullable();
		t.string( 'author_id', 64 ).nullable();
		t.string( 'author_name', 200 ).nullable();
		t.text( 'text' ).notNullable();
		t.string( 'created_at', 30 ).notNullable();
		t.unique( [ 'conversation_id', 'seq' ] );
		// Idempotent sends: a retried clientId finds the original message.
		t.unique( [ 'conversation_id', 'client_id' ] );
	} );

	// Read state is per advisor: the highest seq each advisor has seen.
	await knex.schema.createTable( 'conversation_reads', ( t ) => {
		t.string( 'conversation_id', 64 )
			.notNullable()
			.references( 'conversations.id' )
			.onDelete( 'CASCADE' );
		t.string( 'advisor_id', 64 ).notNullable();
		t.integer( 'last_read_seq' ).notNullable().defaultTo( 0 );
		t.primary( [ 'conversation_id', 'advisor_id' ] );
	} );
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.dropTableIfExists( 'conversation_reads' );
	await knex.schema.dropTableIfExists( 'messages' );
	await knex.schema.dropTableIfExists( 'conversations' );
	await knex.schema.dropTableIfExists( 'visitors' );
	await knex.schema.dropTableIfExists( 'sites' );
}
