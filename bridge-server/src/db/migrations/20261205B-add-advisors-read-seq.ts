/**
 * Read receipts for the visitor (issue 10, item 13): the highest seq any advisor has read,
 * kept on the conversation so every read of a conversation carries it without a join.
 * Filled from the advisors' own read states.
 */
import type { Knex } from 'knex';

// Like 20261125A: dropping columns in sqlite3 rebuilds `conversations`, which must happen with
// foreign keys off (outside a transaction) or it would cascade into messages.
export const config = { transaction: false };

export async function up( db: Knex ): Promise< void > {
	await db.transaction( async ( knex ) => {
		await knex.schema.alterTable( 'conversations', ( t ) => {
			t.integer( 'advisors_last_read_seq' ).notNullable().defaultTo( 0 );
		} );
		await knex( 'conversations' ).update( {
			advisors_last_read_seq: knex.raw(
				'COALESCE((SELECT MAX(r.last_read_seq) FROM conversation_reads r WHERE r.conversation_id = conversations.id), 0)'
			),
		} );
	} );
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.dropColumn( 'advisors_last_read_seq' );
	} );
}
