/**
 * "Unread" per advisor as stored rows (issue 11): `advisor_unread` holds one row per advisor
 * and conversation that awaits an answer (the visitor spoke last) past what that advisor has
 * read, with the conversation's list, page and updated_at copied in, so the `unread` list is
 * one index range per advisor — instead of walking every conversation awaiting an answer and
 * skipping those the advisor has read (tens of thousands for an advisor who reads a lot).
 *
 * Triggers keep it exact in the same statement as the change, whichever code path makes it: a
 * visitor message adds a row for each advisor of the site who has not read it; an answer
 * removes the conversation's rows; a read removes the reader's; a conversation moving list or
 * page, or touched (updated_at), moves its rows; a new advisor gets rows for what awaits.
 * Advisors here are the site's `advisors` rows (every advisor calling the bridge has one);
 * page restrictions are applied when reading (restrictToPages on the copied page_key).
 * `advisor_unread_totals` counts the rows per advisor and list, moved by triggers on them: the
 * `unread` counts of an advisor who sees every page, read without counting.
 *
 * It replaces 20261205D's `conversation_reads.read_unanswered` (the unread count was the
 * bucket's `awaiting` minus those rows, a join over everything the advisor ever read, and a
 * visitor message rewrote every read row of its conversation): counts and list now read the
 * same rows, and that column, its index and its triggers go, with the partial index
 * `conversations_awaiting` the unread list used to walk.
 *
 * PostgreSQL gets the same as plpgsql functions (untested until issue 14).
 */
import type { Knex } from 'knex';
import {
	BACKFILL_READ_UNANSWERED,
	PG_READ_UNANSWERED_FUNCTION,
	pgInboxCountsFunction,
	SQLITE_TRIGGERS as COUNTER_TRIGGERS,
} from './20261205D-add-inbox-counters';

const awaiting = ( r: string ) =>
	`${ r }.last_visitor_seq > ${ r }.last_advisor_seq`;

/** Rows for conversation `c` (NEW, or the alias of a join) and the site's advisors `a`. */
const rowsOf = ( c: string, advisorCondition: string ) =>
	`SELECT a.id, ${ c }.id, ${ c }.site_id, ${ c }.inbox_list, COALESCE(${ c }.page_key, ''), ${ c }.updated_at
	FROM advisors a LEFT JOIN conversation_reads r
		ON r.conversation_id = ${ c }.id AND r.advisor_id = a.id
	WHERE a.site_id = ${ c }.site_id AND ${ advisorCondition }
		AND COALESCE(r.last_read_seq, 0) < ${ c }.last_visitor_seq`;

const INSERT = `INSERT INTO advisor_unread (advisor_id, conversation_id, site_id, inbox_list, page_key, updated_at)`;

/** A new visitor message (or the conversation awaiting again): every advisor who has not read it. */
const arrive = `${ INSERT } ${ rowsOf( 'NEW', '1 = 1' ) }
	ON CONFLICT (advisor_id, conversation_id) DO UPDATE SET
		inbox_list = excluded.inbox_list, page_key = excluded.page_key, updated_at = excluded.updated_at;`;
const arrived = `${ awaiting( 'NEW' ) } AND (NEW.last_visitor_seq <> OLD.last_visitor_seq OR NOT (${ awaiting(
	'OLD'
) }))`;
const answered = `${ awaiting( 'OLD' ) } AND NOT (${ awaiting( 'NEW' ) })`;
/** Still awaiting, same visitor message, but touched, moved to another list or page. `isNot`: the dialect's null-safe "differs". */
const touched = ( isNot: string ) => `${ awaiting( 'NEW' ) } AND ${ awaiting(
	'OLD'
) } AND NEW.last_visitor_seq = OLD.last_visitor_seq
	AND (OLD.updated_at <> NEW.updated_at OR OLD.inbox_list <> NEW.inbox_list OR OLD.page_key ${ isNot } NEW.page_key)`;
const move = `UPDATE advisor_unread SET inbox_list = NEW.inbox_list,
	page_key = COALESCE(NEW.page_key, ''), updated_at = NEW.updated_at WHERE conversation_id = NEW.id;`;
const forget = ( c: string ) =>
	`DELETE FROM advisor_unread WHERE conversation_id = ${ c }.id;`;
/** A read up to the visitor's last message: that advisor's row goes. */
const read = `DELETE FROM advisor_unread WHERE advisor_id = NEW.advisor_id
	AND conversation_id = NEW.conversation_id
	AND NEW.last_read_seq >= (SELECT last_visitor_seq FROM conversations WHERE id = NEW.conversation_id);`;
const joined = `${ INSERT } SELECT NEW.id, c.id, c.site_id, c.inbox_list, COALESCE(c.page_key, ''), c.updated_at
	FROM conversations c LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.advisor_id = NEW.id
	WHERE c.site_id = NEW.site_id AND ${ awaiting(
		'c'
	) } AND COALESCE(r.last_read_seq, 0) < c.last_visitor_seq
	ON CONFLICT (advisor_id, conversation_id) DO NOTHING;`;
const left = `DELETE FROM advisor_unread WHERE advisor_id = OLD.id AND site_id = OLD.site_id;`;

/** `advisor_unread_totals`: rows per advisor, site and list, moved with the rows themselves. */
const countIn = (
	r: string
) => `INSERT INTO advisor_unread_totals (advisor_id, site_id, inbox_list, n)
	VALUES (${ r }.advisor_id, ${ r }.site_id, ${ r }.inbox_list, 1)
	ON CONFLICT (advisor_id, site_id, inbox_list) DO UPDATE SET n = advisor_unread_totals.n + 1;`;
const countOut = ( r: string ) => `UPDATE advisor_unread_totals SET n = n - 1
	WHERE advisor_id = ${ r }.advisor_id AND site_id = ${ r }.site_id AND inbox_list = ${ r }.inbox_list;`;

const SQLITE_TRIGGERS: Array< [ string, string ] > = [
	[
		'advisor_unread_totals_insert',
		`AFTER INSERT ON advisor_unread BEGIN ${ countIn( 'NEW' ) } END`,
	],
	[
		'advisor_unread_totals_delete',
		`AFTER DELETE ON advisor_unread BEGIN ${ countOut( 'OLD' ) } END`,
	],
	[
		'advisor_unread_totals_move',
		`AFTER UPDATE OF inbox_list ON advisor_unread WHEN OLD.inbox_list <> NEW.inbox_list
			BEGIN ${ countOut( 'OLD' ) } ${ countIn( 'NEW' ) } END`,
	],
	[
		'advisor_unread_insert',
		`AFTER INSERT ON conversations WHEN ${ awaiting(
			'NEW'
		) } BEGIN ${ arrive } END`,
	],
	[
		'advisor_unread_arrive',
		`AFTER UPDATE ON conversations WHEN ${ arrived } BEGIN ${ arrive } END`,
	],
	[
		'advisor_unread_answered',
		`AFTER UPDATE ON conversations WHEN ${ answered } BEGIN ${ forget(
			'NEW'
		) } END`,
	],
	[
		'advisor_unread_touched',
		`AFTER UPDATE ON conversations WHEN ${ touched( 'IS NOT' ) } BEGIN ${ move } END`,
	],
	[
		'advisor_unread_delete',
		`AFTER DELETE ON conversations BEGIN ${ forget( 'OLD' ) } END`,
	],
	[
		'advisor_unread_read_insert',
		`AFTER INSERT ON conversation_reads BEGIN ${ read } END`,
	],
	[
		'advisor_unread_read_update',
		`AFTER UPDATE OF last_read_seq ON conversation_reads BEGIN ${ read } END`,
	],
	[
		'advisor_unread_advisor_insert',
		`AFTER INSERT ON advisors BEGIN ${ joined } END`,
	],
	[
		'advisor_unread_advisor_delete',
		`AFTER DELETE ON advisors BEGIN ${ left } END`,
	],
];

const PG_FUNCTIONS = `
CREATE OR REPLACE FUNCTION handoff_advisor_unread() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN ${ forget( 'OLD' ) } RETURN NULL; END IF;
	IF TG_OP = 'INSERT' THEN
		IF ${ awaiting( 'NEW' ) } THEN ${ arrive } END IF;
		RETURN NULL;
	END IF;
	IF ${ arrived } THEN ${ arrive }
	ELSIF ${ answered } THEN ${ forget( 'NEW' ) }
	ELSIF ${ touched( 'IS DISTINCT FROM' ) } THEN ${ move }
	END IF;
	RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION handoff_advisor_unread_read() RETURNS trigger AS $$
BEGIN ${ read } RETURN NULL; END $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION handoff_advisor_unread_advisor() RETURNS trigger AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN ${ left } ELSE ${ joined } END IF;
	RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION handoff_advisor_unread_totals() RETURNS trigger AS $$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') THEN ${ countOut( 'OLD' ) } END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN ${ countIn( 'NEW' ) } END IF;
	RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER advisor_unread_totals AFTER INSERT OR DELETE ON advisor_unread
	FOR EACH ROW EXECUTE FUNCTION handoff_advisor_unread_totals();
CREATE TRIGGER advisor_unread_totals_move AFTER UPDATE OF inbox_list ON advisor_unread
	FOR EACH ROW WHEN (OLD.inbox_list <> NEW.inbox_list) EXECUTE FUNCTION handoff_advisor_unread_totals();
CREATE TRIGGER advisor_unread AFTER INSERT OR UPDATE OR DELETE ON conversations
	FOR EACH ROW EXECUTE FUNCTION handoff_advisor_unread();
CREATE TRIGGER advisor_unread_read AFTER INSERT OR UPDATE OF last_read_seq ON conversation_reads
	FOR EACH ROW EXECUTE FUNCTION handoff_advisor_unread_read();
CREATE TRIGGER advisor_unread_advisor AFTER INSERT OR DELETE ON advisors
	FOR EACH ROW EXECUTE FUNCTION handoff_advisor_unread_advisor();
`;

const isPg = ( knex: Knex ) => knex.client.config.client === 'pg';

/** Creates this migration's triggers (also after a later migration rebuilds a table on sqlite). */
export async function createAdvisorUnreadTriggers( knex: Knex ) {
	if ( isPg( knex ) ) {
		await knex.raw( PG_FUNCTIONS );
		return;
	}
	for ( const [ name, body ] of SQLITE_TRIGGERS ) {
		await knex.raw( `CREATE TRIGGER ${ name } ${ body }` );
	}
}

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.createTable( 'advisor_unread', ( t ) => {
		t.string( 'advisor_id', 64 ).notNullable();
		t.string( 'conversation_id', 64 ).notNullable();
		t.string( 'site_id', 40 ).notNullable();
		t.string( 'inbox_list', 8 ).notNullable();
		t.string( 'page_key', 600 ).notNullable().defaultTo( '' );
		t.string( 'updated_at', 30 ).notNullable();
		t.primary( [ 'advisor_id', 'conversation_id' ] );
		// The `unread` list: one range per advisor and list, in the lists' keyset order.
		t.index(
			[
				'advisor_id',
				'site_id',
				'inbox_list',
				'updated_at',
				'conversation_id',
				// Last, so restricted advisors' lists and counts filter pages inside the index.
				'page_key',
			],
			'advisor_unread_list'
		);
		t.index( [ 'conversation_id' ], 'advisor_unread_conversation' );
	} );
	await knex.raw( `${ INSERT }
		SELECT a.id, c.id, c.site_id, c.inbox_list, COALESCE(c.page_key, ''), c.updated_at
		FROM conversations c JOIN advisors a ON a.site_id = c.site_id
		LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.advisor_id = a.id
		WHERE ${ awaiting( 'c' ) } AND COALESCE(r.last_read_seq, 0) < c.last_visitor_seq` );
	// What advisors who see every page count: one row per advisor and list, not a count.
	await knex.schema.createTable( 'advisor_unread_totals', ( t ) => {
		t.string( 'advisor_id', 64 ).notNullable();
		t.string( 'site_id', 40 ).notNullable();
		t.string( 'inbox_list', 8 ).notNullable();
		t.integer( 'n' ).notNullable().defaultTo( 0 );
		t.primary( [ 'advisor_id', 'site_id', 'inbox_list' ] );
	} );
	await knex.raw( `INSERT INTO advisor_unread_totals (advisor_id, site_id, inbox_list, n)
		SELECT advisor_id, site_id, inbox_list, COUNT(*) FROM advisor_unread
		GROUP BY advisor_id, site_id, inbox_list` );
	await createAdvisorUnreadTriggers( knex );
	await dropReadUnanswered( knex );
}

const READ_TRIGGERS = [
	'conversation_reads_seqs',
	'conversation_reads_insert',
	'conversation_reads_update',
];

async function dropReadUnanswered( knex: Knex ) {
	if ( isPg( knex ) ) {
		await knex.raw( `DROP TRIGGER IF EXISTS conversation_reads_flag ON conversation_reads;
			DROP FUNCTION IF EXISTS handoff_read_unanswered();
			${ pgInboxCountsFunction( false ) }` );
	} else {
		for ( const name of READ_TRIGGERS ) {
			await knex.raw( `DROP TRIGGER IF EXISTS ${ name }` );
		}
	}
	await knex.raw( 'DROP INDEX IF EXISTS conversation_reads_unanswered' );
	await knex.raw(
		'ALTER TABLE conversation_reads DROP COLUMN read_unanswered'
	);
	// The unread list no longer walks conversations awaiting an answer.
	await knex.raw( 'DROP INDEX IF EXISTS conversations_awaiting' );
}

/** Back to 20261205D's read_unanswered, recomputed from the reads. */
async function restoreReadUnanswered( knex: Knex ) {
	await knex.raw(
		'ALTER TABLE conversation_reads ADD COLUMN read_unanswered integer NOT NULL DEFAULT 0'
	);
	await knex.raw( BACKFILL_READ_UNANSWERED );
	await knex.raw(
		'CREATE INDEX conversation_reads_unanswered ON conversation_reads (advisor_id, conversation_id) WHERE read_unanswered = 1'
	);
	await knex.raw(
		'CREATE INDEX conversations_awaiting ON conversations (site_id, inbox_list, updated_at, id) WHERE last_visitor_seq > last_advisor_seq'
	);
	if ( isPg( knex ) ) {
		await knex.raw( `${ pgInboxCountsFunction( true ) }
			${ PG_READ_UNANSWERED_FUNCTION }
			CREATE TRIGGER conversation_reads_flag BEFORE INSERT OR UPDATE OF last_read_seq ON conversation_reads
				FOR EACH ROW EXECUTE FUNCTION handoff_read_unanswered();` );
		return;
	}
	for ( const sql of COUNTER_TRIGGERS ) {
		if (
			READ_TRIGGERS.some( ( n ) => sql.includes( `TRIGGER ${ n } ` ) )
		) {
			await knex.raw( sql );
		}
	}
}

export async function down( knex: Knex ): Promise< void > {
	if ( isPg( knex ) ) {
		await knex.raw( `DROP TRIGGER IF EXISTS advisor_unread ON conversations;
			DROP TRIGGER IF EXISTS advisor_unread_read ON conversation_reads;
			DROP TRIGGER IF EXISTS advisor_unread_advisor ON advisors;
			DROP TRIGGER IF EXISTS advisor_unread_totals ON advisor_unread;
			DROP TRIGGER IF EXISTS advisor_unread_totals_move ON advisor_unread;
			DROP FUNCTION IF EXISTS handoff_advisor_unread_totals();
			DROP FUNCTION IF EXISTS handoff_advisor_unread();
			DROP FUNCTION IF EXISTS handoff_advisor_unread_read();
			DROP FUNCTION IF EXISTS handoff_advisor_unread_advisor();` );
	} else {
		for ( const [ name ] of SQLITE_TRIGGERS ) {
			await knex.raw( `DROP TRIGGER IF EXISTS ${ name }` );
		}
	}
	await knex.schema.dropTable( 'advisor_unread_totals' );
	await knex.schema.dropTable( 'advisor_unread' );
	await restoreReadUnanswered( knex );
}
