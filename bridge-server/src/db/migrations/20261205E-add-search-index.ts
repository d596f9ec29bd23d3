/**
 * Indexed search (services/search.ts). On sqlite3: two contentless FTS5 tables with the
 * trigram tokenizer (any substring of 3+ characters matches, case- and accent-insensitive:
 * "etre" finds "être"), keyed by the rowid of the row they index, and kept in step by
 * triggers, so every write path — the send path, the bot, variable edits, cascading deletes
 * of a conversation, visitor or site — updates them in its own transaction without a line of
 * code. Only what search covers is indexed: message kinds `text`, `image` (captions) and
 * `note` (events never), and visitor variable values.
 *
 * A later migration that rebuilds `messages` or `visitor_variables` (a sqlite3 column drop
 * copies the table) drops these triggers and may renumber rowids: it must run this
 * migration's `down` then `up` around itself.
 *
 * On PostgreSQL: the same folding as FTS5's (accents removed, then lower case) in an
 * immutable function `handoff_fold` (unaccent itself is only stable: its dictionary could
 * change), pg_trgm GIN indexes on the folded text that serve `handoff_fold(text) LIKE
 * '%…%'`, and an index for its newest-first order. pg_trgm and unaccent are trusted
 * extensions: the database's owner may create them.
 */
import type { Knex } from 'knex';

/** The message kinds search covers (notes only for licensed advisors, filtered at query time). */
const SEARCHED_KINDS = [ 'text', 'image', 'note' ] as const;

const KINDS_SQL = SEARCHED_KINDS.map( ( k ) => `'${ k }'` ).join( ', ' );
const TOKENIZER = `tokenize = 'trigram remove_diacritics 1'`;

export async function up( knex: Knex ): Promise< void > {
	if ( knex.client.config.client === 'pg' ) {
		await knex.raw( 'CREATE EXTENSION IF NOT EXISTS pg_trgm' );
		await knex.raw( 'CREATE EXTENSION IF NOT EXISTS unaccent' );
		// Schema-qualified: an index expression runs with any search_path.
		await knex.raw( `CREATE OR REPLACE FUNCTION handoff_fold(text) RETURNS text
			LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
			AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$` );
		await knex.raw(
			'CREATE INDEX messages_text_trgm ON messages USING gin (handoff_fold(text) gin_trgm_ops)'
		);
		await knex.raw(
			'CREATE INDEX visitor_variables_value_trgm ON visitor_variables USING gin (handoff_fold(value) gin_trgm_ops)'
		);
		await knex.raw(
			'CREATE INDEX messages_created_at_id ON messages (created_at DESC, id DESC)'
		);
		return;
	}
	// contentless_delete: a row leaves the index by its rowid alone (SQLite ≥ 3.43).
	await knex.raw(
		`CREATE VIRTUAL TABLE messages_search USING fts5(text, content = '', contentless_delete = 1, ${ TOKENIZER })`
	);
	await knex.raw(
		`CREATE VIRTUAL TABLE visitor_variables_search USING fts5(value, content = '', contentless_delete = 1, ${ TOKENIZER })`
	);
	await knex.raw(
		`INSERT INTO messages_search (rowid, text) SELECT rowid, text FROM messages WHERE kind IN (${ KINDS_SQL })`
	);
	await knex.raw(
		'INSERT INTO visitor_variables_search (rowid, value) SELECT rowid, value FROM visitor_variables'
	);
	for ( const sql of [
		`CREATE TRIGGER messages_search_insert AFTER INSERT ON messages WHEN new.kind IN (${ KINDS_SQL }) BEGIN
			INSERT INTO messages_search (rowid, text) VALUES (new.rowid, new.text);
		END`,
		`CREATE TRIGGER messages_search_update AFTER UPDATE OF text, kind ON messages BEGIN
			DELETE FROM messages_search WHERE rowid = old.rowid;
			INSERT INTO messages_search (rowid, text) SELECT new.rowid, new.text WHERE new.kind IN (${ KINDS_SQL });
		END`,
		`CREATE TRIGGER messages_search_delete AFTER DELETE ON messages WHEN old.kind IN (${ KINDS_SQL }) BEGIN
			DELETE FROM messages_search WHERE rowid = old.rowid;
		END`,
		`CREATE TRIGGER visitor_variables_search_insert AFTER INSERT ON visitor_variables BEGIN
			INSERT INTO visitor_variables_search (rowid, value) VALUES (new.rowid, new.value);
		END`,
		// An upsert (ON CONFLICT … DO UPDATE) of an existing variable fires this one.
		`CREATE TRIGGER visitor_variables_search_update AFTER UPDATE OF value ON visitor_variables BEGIN
			DELETE FROM visitor_variables_search WHERE rowid = old.rowid;
			INSERT INTO visitor_variables_search (rowid, value) VALUES (new.rowid, new.value);
		END`,
		`CREATE TRIGGER visitor_variables_search_delete AFTER DELETE ON visitor_variables BEGIN
			DELETE FROM visitor_variables_search WHERE rowid = old.rowid;
		END`,
	] ) {
		await knex.raw( sql );
	}
}

export async function down( knex: Knex ): Promise< void > {
	if ( knex.client.config.client === 'pg' ) {
		await knex.raw( 'DROP INDEX IF EXISTS messages_created_at_id' );
		await knex.raw( 'DROP INDEX IF EXISTS visitor_variables_value_trgm' );
		await knex.raw( 'DROP INDEX IF EXISTS messages_text_trgm' );
		await knex.raw( 'DROP FUNCTION IF EXISTS handoff_fold(text)' );
		return;
	}
	for ( const trigger of [
		'messages_search_insert',
		'messages_search_update',
		'messages_search_delete',
		'visitor_variables_search_insert',
		'visitor_variables_search_update',
		'visitor_variables_search_delete',
	] ) {
		await knex.raw( `DROP TRIGGER IF EXISTS ${ trigger }` );
	}
	await knex.raw( 'DROP TABLE IF EXISTS visitor_variables_search' );
	await knex.raw( 'DROP TABLE IF EXISTS messages_search' );
}
