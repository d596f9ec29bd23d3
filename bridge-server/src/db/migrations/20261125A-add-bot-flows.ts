import type { Knex } from 'knex';
import { DEMO_FLOW } from '@handoff-chat/contracts';

// sqlite3 drops a column by rebuilding the table; inside knex's migration transaction
// foreign keys stay on and dropping the old `conversations` would cascade into messages.
// So this migration manages its own transaction, and `down` lets knex switch them off.
export const config = { transaction: false };

export async function up( db: Knex ): Promise< void > {
	await db.transaction( ( knex ) => upIn( knex ) );
}

async function upIn( knex: Knex ): Promise< void > {
	await knex.schema.createTable( 'flows', ( t ) => {
		t.string( 'site_id', 40 ).notNullable().references( 'sites.id' ).onDelete( 'CASCADE' );
		t.string( 'id', 48 ).notNullable();
		// name and mode are copies of the definition's, so lists need not parse it.
		t.string( 'name', 120 ).notNullable();
		t.string( 'mode', 16 ).notNullable();
		t.text( 'definition' ).notNullable();
		t.string( 'created_at', 30 ).notNullable();
		t.string( 'updated_at', 30 ).notNullable();
		t.primary( [ 'site_id', 'id' ] );
	} );

	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.string( 'flow_id', 48 ).nullable();
		// The engine's position (services/flow-engine.ts FlowState), JSON.
		t.text( 'flow_state' ).nullable();
		t.string( 'back_to_bot_sequence', 48 ).nullable();
		t.string( 'back_to_bot_label', 80 ).nullable();
		// Unread = the last human message is the visitor's and past what the advisor read;
		// bot replies after it do not count (services/inbox.ts).
		t.integer( 'last_visitor_seq' ).notNullable().defaultTo( 0 );
		t.integer( 'last_advisor_seq' ).notNullable().defaultTo( 0 );
	} );
	for ( const [ column, author ] of [
		[ 'last_visitor_seq', 'visitor' ],
		[ 'last_advisor_seq', 'advisor' ],
	] ) {
		await knex( 'conversations' ).update( {
			[ column ]: knex.raw( 'COALESCE((?), 0)', [
				knex( 'messages' )
					.max( 'seq' )
					.where( 'messages.conversation_id', knex.ref( 'conversations.id' ) )
					.andWhere( 'messages.author_type', author )
					.andWhereNot( 'messages.kind', 'note' ),
			] ),
		} );
	}

	await knex.schema.alterTable( 'messages', ( t ) => {
		t.text( 'meta' ).nullable();
	} );

	// Variables belong to the visitor: a returning visitor keeps them across conversations.
	await knex.schema.createTable( 'visitor_variables', ( t ) => {
		t.string( 'site_id', 40 ).notNullable().references( 'sites.id' ).onDelete( 'CASCADE' );
		t.string( 'visitor_id', 64 ).notNullable().references( 'visitors.id' ).onDelete( 'CASCADE' );
		t.string( 'name', 32 ).notNullable();
		t.text( 'value' ).notNullable();
		t.string( 'updated_at', 30 ).notNullable();
		t.primary( [ 'site_id', 'visitor_id', 'name' ] );
	} );

	// Round-robin position per site: the advisor who got the last transfer.
	await knex.schema.createTable( 'round_robin_cursors', ( t ) => {
		t.string( 'site_id', 40 ).primary().references( 'sites.id' ).onDelete( 'CASCADE' );
		t.string( 'last_advisor_id', 64 ).notNullable();
		t.string( 'updated_at', 30 ).notNullable();
	} );

	// Sites created before flows existed get the demo flow as it is today.
	const now = new Date().toISOString();
	const sites: Array< { id: string } > = await knex( 'sites' ).select( 'id' );
	for ( const s of sites ) {
		await knex( 'flows' ).insert( {
			site_id: s.id,
			id: DEMO_FLOW.id,
			name: DEMO_FLOW.name,
			mode: DEMO_FLOW.mode,
			definition: JSON.stringify( DEMO_FLOW ),
			created_at: now,
			updated_at: now,
		} );
	}
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.dropTableIfExists( 'round_robin_cursors' );
	await knex.schema.dropTableIfExists( 'visitor_variables' );
	await knex.schema.alterTable( 'messages', ( t ) => {
		t.dropColumn( 'meta' );
	} );
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.dropColumns( 'flow_id', 'flow_state', 'back_to_bot_sequence', 'back_to_bot_label', 'last_visitor_seq', 'last_advisor_seq' );
	} );
	await knex.schema.dropTableIfExists( 'flows' );
}
