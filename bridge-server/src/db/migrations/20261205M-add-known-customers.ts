/**
 * Known customers (issue 15): `known_customers` maps a WordPress user to ONE visitor per site
 * (primary key), so every device of that user gets the same visitor and conversation; erasing
 * the visitor removes the mapping. `identity_jtis` records each identity token used until it
 * expires: a replay is refused by the primary key, whichever bridge process sees it.
 */
import type { Knex } from 'knex';

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.createTable( 'known_customers', ( t ) => {
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'wp_user_id', 20 ).notNullable();
		t.string( 'visitor_id', 64 )
			.notNullable()
			.unique()
			.references( 'visitors.id' )
			.onDelete( 'CASCADE' );
		t.string( 'created_at', 30 ).notNullable();
		t.primary( [ 'site_id', 'wp_user_id' ] );
	} );
	await knex.schema.createTable( 'identity_jtis', ( t ) => {
		t.string( 'site_id', 40 )
			.notNullable()
			.references( 'sites.id' )
			.onDelete( 'CASCADE' );
		t.string( 'jti', 64 ).notNullable();
		t.string( 'expires_at', 30 ).notNullable();
		t.primary( [ 'site_id', 'jti' ] );
		t.index( [ 'expires_at' ] );
	} );
}

export async function down( knex: Knex ): Promise< void > {
	await knex.schema.dropTableIfExists( 'identity_jtis' );
	await knex.schema.dropTableIfExists( 'known_customers' );
}
