import type { Knex } from 'knex';

// Like 20261125A: dropping columns in sqlite3 rebuilds `conversations`, which must happen with
// foreign keys off (outside a transaction) or it would cascade into messages.
export const config = { transaction: false };

/** Inbox list of a state; kept in conversations.inbox_list so each list is one index range. */
const LIST_OF_STATE =
	"CASE state WHEN 'closed' THEN 'closed' WHEN 'bot' THEN 'bot' ELSE 'live' END";

export async function up( db: Knex ): Promise< void > {
	await db.transaction( async ( knex ) => {
		await knex.schema.alterTable( 'conversations', ( t ) => {
			t.string( 'inbox_list', 8 ).notNullable().defaultTo( 'live' );
			// Read receipts: the highest seq the visitor has seen.
			t.integer( 'visitor_last_read_seq' ).notNullable().defaultTo( 0 );
		} );
		await knex( 'conversations' ).update( {
			inbox_list: knex.raw( LIST_OF_STATE ),
		} );
		await knex.schema.alterTable( 'conversations', ( t ) => {
			// Keyset pages of one list (all, unread), and of one assignee (mine, unassigned), in order.
			t.index(
				[ 'site_id', 'inbox_list', 'updated_at', 'id' ],
				'conversations_inbox_list'
			);
			t.index(
				[
					'site_id',
					'inbox_list',
					'assigned_advisor_id',
					'updated_at',
					'id',
				],
				'conversations_inbox_assignee'
			);
		} );

		await knex.schema.alterTable( 'visitors', ( t ) => {
			t.string( 'user_agent', 300 ).nullable();
			t.integer( 'sessions' ).notNullable().defaultTo( 1 );
		} );

		// Advisors as the bridge last saw them in their tokens (the advisors issue extends it).
		await knex.schema.createTable( 'advisors', ( t ) => {
			t.string( 'site_id', 40 )
				.notNullable()
				.references( 'sites.id' )
				.onDelete( 'CASCADE' );
			t.string( 'id', 64 ).notNullable();
			t.string( 'name', 200 ).notNullable();
			t.string( 'avatar', 2048 ).nullable();
			t.string( 'last_seen_at', 30 ).notNullable();
			t.primary( [ 'site_id', 'id' ] );
		} );

		await knex.schema.createTable( 'site_settings', ( t ) => {
			t.string( 'site_id', 40 )
				.primary()
				.references( 'sites.id' )
				.onDelete( 'CASCADE' );
			t.string( 'pseudonym_template', 200 ).notNullable();
			// JSON array of { id, shortcut, text }.
			t.text( 'canned_responses' ).notNullable();
			t.string( 'updated_at', 30 ).notNullable();
		} );
	} );
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.dropTableIfExists( 'site_settings' );
	await knex.schema.dropTableIfExists( 'advisors' );
	await knex.schema.alterTable( 'visitors', ( t ) => {
		t.dropColumns( 'user_agent', 'sessions' );
	} );
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.dropIndex( [], 'conversations_inbox_list' );
		t.dropIndex( [], 'conversations_inbox_assignee' );
	} );
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.dropColumns( 'inbox_list', 'visitor_last_read_seq' );
	} );
}
