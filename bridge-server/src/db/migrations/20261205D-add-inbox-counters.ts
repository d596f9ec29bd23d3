/**
 * The inbox's counts without recounting (issue 11): `inbox_totals` holds, per site, inbox list
 * and assignee, how many conversations there are, how many are "to handle" and how many await
 * an answer (the visitor spoke last); `inbox_counts` the same per page too, for advisors
 * restricted to some pages (the totals stay a handful of rows for everyone else). Triggers on
 * `conversations` keep both exact in the same statement — so in the same transaction — as
 * every change that moves a conversation
 * between buckets, whichever code path makes it (sends, takes, closes, routing, erasure).
 *
 * Per advisor, `conversation_reads.read_unanswered` says "this advisor has read the visitor's
 * last message and nobody has answered it": the `unread` count is the bucket's `awaiting`
 * minus those rows (a partial index keeps them few), instead of a join over every conversation.
 *
 * An advisor's reply also counts their message and moves their read state (a trigger on
 * messages), so a send is BEGIN, one UPDATE … RETURNING, one INSERT, COMMIT.
 *
 * PostgreSQL gets the same triggers as plpgsql functions (untested until issue 14).
 */
import type { Knex } from 'knex';

/** Which bucket a conversation row (`r` = NEW or OLD) counts in, and its flags as 0/1. */
const key = ( r: string ) =>
	`${ r }.site_id, ${ r }.inbox_list, COALESCE(${ r }.page_key, ''), COALESCE(${ r }.assigned_advisor_id, '')`;
const awaiting = ( r: string ) =>
	`CASE WHEN ${ r }.last_visitor_seq > ${ r }.last_advisor_seq THEN 1 ELSE 0 END`;
/** Same rule as services/inbox.ts's oracle: waiting, or live with the visitor speaking last. */
const toHandle = ( r: string ) =>
	`CASE WHEN ${ r }.inbox_list = 'live' AND (${ r }.state = 'waiting' OR ${ r }.last_visitor_seq > ${ r }.last_advisor_seq) THEN 1 ELSE 0 END`;
const readUnanswered = ( c: string, seq: string ) =>
	`CASE WHEN ${ c }.last_visitor_seq > ${ c }.last_advisor_seq AND ${ seq } >= ${ c }.last_visitor_seq THEN 1 ELSE 0 END`;
/** True when the row moved to another bucket or its flags changed (a plain send: neither). */
const moved = `OLD.site_id IS NOT NEW.site_id OR OLD.inbox_list IS NOT NEW.inbox_list
	OR OLD.page_key IS NOT NEW.page_key OR OLD.assigned_advisor_id IS NOT NEW.assigned_advisor_id
	OR ${ toHandle( 'OLD' ) } <> ${ toHandle( 'NEW' ) } OR ${ awaiting( 'OLD' ) } <> ${ awaiting( 'NEW' ) }`;
const pgMoved = moved.replace( /IS NOT/g, 'IS DISTINCT FROM' );

const upsert = (
	table: string,
	keys: string,
	values: string,
	r: string
) => `INSERT INTO ${ table } (site_id, inbox_list, ${ keys }, total, to_handle, awaiting)
	VALUES (${ values }, 1, ${ toHandle( r ) }, ${ awaiting( r ) })
	ON CONFLICT (site_id, inbox_list, ${ keys }) DO UPDATE SET
		total = ${ table }.total + 1,
		to_handle = ${ table }.to_handle + excluded.to_handle,
		awaiting = ${ table }.awaiting + excluded.awaiting;`;
const decrement = (
	table: string,
	keys: string,
	values: string,
	r: string
) => `UPDATE ${ table } SET total = total - 1,
		to_handle = to_handle - ${ toHandle( r ) }, awaiting = awaiting - ${ awaiting( r ) }
	WHERE (site_id, inbox_list, ${ keys }) = (${ values });`;
/** The site-wide totals (advisors who see every page) and the per-page counts (restricted ones). */
const siteKey = ( r: string ) =>
	`${ r }.site_id, ${ r }.inbox_list, COALESCE(${ r }.assigned_advisor_id, '')`;
const add = ( r: string ) =>
	upsert( 'inbox_totals', 'assignee', siteKey( r ), r ) +
	upsert( 'inbox_counts', 'page_key, assignee', key( r ), r );
const remove = ( r: string ) =>
	decrement( 'inbox_totals', 'assignee', siteKey( r ), r ) +
	decrement( 'inbox_counts', 'page_key, assignee', key( r ), r );
/** The advisors' read rows of conversation NEW, after its seqs moved. */
const rereads = `UPDATE conversation_reads SET read_unanswered = ${ readUnanswered(
	'NEW',
	'conversation_reads.last_read_seq'
) } WHERE conversation_id = NEW.id;`;
/** A new visitor message, or an answer: the advisors' `read_unanswered` may change. */
const seqsMoved = `OLD.last_visitor_seq IS NOT NEW.last_visitor_seq OR ${ awaiting( 'OLD' ) } <> ${ awaiting( 'NEW' ) }`;

export const SQLITE_TRIGGERS = [
	`CREATE TRIGGER inbox_counts_insert AFTER INSERT ON conversations BEGIN ${ add(
		'NEW'
	) } END`,
	`CREATE TRIGGER inbox_counts_delete AFTER DELETE ON conversations BEGIN ${ remove(
		'OLD'
	) } END`,
	`CREATE TRIGGER inbox_counts_update AFTER UPDATE ON conversations WHEN ${ moved } BEGIN ${ remove(
		'OLD'
	) } ${ add( 'NEW' ) } END`,
	`CREATE TRIGGER conversation_reads_seqs AFTER UPDATE ON conversations WHEN ${ seqsMoved } BEGIN ${ rereads } END`,
	// Recursive triggers are off in sqlite: the inner UPDATE does not fire these again.
	`CREATE TRIGGER conversation_reads_insert AFTER INSERT ON conversation_reads BEGIN
		UPDATE conversation_reads SET read_unanswered = (SELECT ${ readUnanswered(
			'c',
			'NEW.last_read_seq'
		) } FROM conversations c WHERE c.id = NEW.conversation_id)
		WHERE conversation_id = NEW.conversation_id AND advisor_id = NEW.advisor_id; END`,
	`CREATE TRIGGER conversation_reads_update AFTER UPDATE OF last_read_seq ON conversation_reads BEGIN
		UPDATE conversation_reads SET read_unanswered = (SELECT ${ readUnanswered(
			'c',
			'NEW.last_read_seq'
		) } FROM conversations c WHERE c.id = NEW.conversation_id)
		WHERE conversation_id = NEW.conversation_id AND advisor_id = NEW.advisor_id; END`,
	`CREATE TRIGGER messages_advisor_reply AFTER INSERT ON messages
		WHEN NEW.author_type = 'advisor' AND NEW.kind <> 'note' AND NEW.author_id IS NOT NULL BEGIN
		UPDATE advisors SET message_count = message_count + 1
			WHERE id = NEW.author_id AND site_id = (SELECT site_id FROM conversations WHERE id = NEW.conversation_id);
		INSERT INTO conversation_reads (conversation_id, advisor_id, last_read_seq)
			VALUES (NEW.conversation_id, NEW.author_id, NEW.seq)
			ON CONFLICT (conversation_id, advisor_id) DO UPDATE SET
				last_read_seq = MAX(conversation_reads.last_read_seq, excluded.last_read_seq); END`,
];
const SQLITE_TRIGGER_NAMES = [
	'inbox_counts_insert',
	'inbox_counts_delete',
	'inbox_counts_update',
	'conversation_reads_seqs',
	'conversation_reads_insert',
	'conversation_reads_update',
	'messages_advisor_reply',
];

/** The counters' plpgsql function; `withRereads` (until 20261205F) also keeps read_unanswered. */
export const pgInboxCountsFunction = ( withRereads: boolean ) => `
CREATE OR REPLACE FUNCTION handoff_inbox_counts() RETURNS trigger AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN ${ remove( 'OLD' ) } END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN ${ add( 'NEW' ) } END IF;
	${
		withRereads
			? `IF TG_OP = 'UPDATE' AND (${ seqsMoved.replace(
					/IS NOT/g,
					'IS DISTINCT FROM'
				) }) THEN ${ rereads } END IF;`
			: ''
	}
	RETURN NULL;
END $$ LANGUAGE plpgsql;
`;

/** read_unanswered's plpgsql function (also restored by 20261205F's rollback). */
export const PG_READ_UNANSWERED_FUNCTION = `CREATE OR REPLACE FUNCTION handoff_read_unanswered() RETURNS trigger AS $$
BEGIN
	NEW.read_unanswered := (SELECT ${ readUnanswered(
		'c',
		'NEW.last_read_seq'
	) } FROM conversations c WHERE c.id = NEW.conversation_id);
	RETURN NEW;
END $$ LANGUAGE plpgsql;
`;

/** read_unanswered recomputed from the reads (also by 20261205F's rollback). */
export const BACKFILL_READ_UNANSWERED = `UPDATE conversation_reads SET read_unanswered = COALESCE((SELECT ${ readUnanswered(
	'c',
	'conversation_reads.last_read_seq'
) } FROM conversations c WHERE c.id = conversation_reads.conversation_id), 0)`;

const PG_FUNCTIONS = `${ pgInboxCountsFunction( true ) }
${ PG_READ_UNANSWERED_FUNCTION }CREATE OR REPLACE FUNCTION handoff_advisor_reply() RETURNS trigger AS $$
BEGIN
	UPDATE advisors SET message_count = message_count + 1
		WHERE id = NEW.author_id AND site_id = (SELECT site_id FROM conversations WHERE id = NEW.conversation_id);
	INSERT INTO conversation_reads (conversation_id, advisor_id, last_read_seq)
		VALUES (NEW.conversation_id, NEW.author_id, NEW.seq)
		ON CONFLICT (conversation_id, advisor_id) DO UPDATE SET
			last_read_seq = GREATEST(conversation_reads.last_read_seq, excluded.last_read_seq);
	RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER inbox_counts_insert AFTER INSERT OR DELETE ON conversations
	FOR EACH ROW EXECUTE FUNCTION handoff_inbox_counts();
CREATE TRIGGER inbox_counts_update AFTER UPDATE ON conversations
	FOR EACH ROW WHEN (${ pgMoved }) EXECUTE FUNCTION handoff_inbox_counts();
CREATE TRIGGER conversation_reads_flag BEFORE INSERT OR UPDATE OF last_read_seq ON conversation_reads
	FOR EACH ROW EXECUTE FUNCTION handoff_read_unanswered();
CREATE TRIGGER messages_advisor_reply AFTER INSERT ON messages
	FOR EACH ROW WHEN (NEW.author_type = 'advisor' AND NEW.kind <> 'note' AND NEW.author_id IS NOT NULL) EXECUTE FUNCTION handoff_advisor_reply();
`;

const isPg = ( knex: Knex ) => knex.client.config.client === 'pg';

export async function up( knex: Knex ): Promise< void > {
	for ( const table of [ 'inbox_totals', 'inbox_counts' ] ) {
		await knex.schema.createTable( table, ( t ) => {
			t.string( 'site_id', 40 )
				.notNullable()
				.references( 'sites.id' )
				.onDelete( 'CASCADE' );
			t.string( 'inbox_list', 8 ).notNullable();
			// '' for none: key columns stay NOT NULL so the upsert's conflict target matches.
			if ( table === 'inbox_counts' ) {
				t.string( 'page_key', 600 ).notNullable().defaultTo( '' );
			}
			t.string( 'assignee', 64 ).notNullable().defaultTo( '' );
			t.integer( 'total' ).notNullable().defaultTo( 0 );
			t.integer( 'to_handle' ).notNullable().defaultTo( 0 );
			t.integer( 'awaiting' ).notNullable().defaultTo( 0 );
			t.primary(
				table === 'inbox_counts'
					? [ 'site_id', 'inbox_list', 'page_key', 'assignee' ]
					: [ 'site_id', 'inbox_list', 'assignee' ]
			);
		} );
	}
	await knex.schema.alterTable( 'conversation_reads', ( t ) => {
		t.integer( 'read_unanswered' ).notNullable().defaultTo( 0 );
	} );
	// Read rows of conversations awaiting an answer, per advisor: few, so counted fast.
	await knex.raw(
		'CREATE INDEX conversation_reads_unanswered ON conversation_reads (advisor_id, conversation_id) WHERE read_unanswered = 1'
	);
	// The `unread` list seeks among conversations awaiting an answer only.
	await knex.raw(
		'CREATE INDEX conversations_awaiting ON conversations (site_id, inbox_list, updated_at, id) WHERE last_visitor_seq > last_advisor_seq'
	);
	await knex.raw( `INSERT INTO inbox_counts (site_id, inbox_list, page_key, assignee, total, to_handle, awaiting)
		SELECT site_id, inbox_list, COALESCE(page_key, ''), COALESCE(assigned_advisor_id, ''),
			COUNT(*), SUM(${ toHandle( 'c' ) }), SUM(${ awaiting( 'c' ) })
		FROM conversations c
		GROUP BY site_id, inbox_list, COALESCE(page_key, ''), COALESCE(assigned_advisor_id, '')` );
	await knex.raw( `INSERT INTO inbox_totals (site_id, inbox_list, assignee, total, to_handle, awaiting)
		SELECT site_id, inbox_list, assignee, SUM(total), SUM(to_handle), SUM(awaiting)
		FROM inbox_counts GROUP BY site_id, inbox_list, assignee` );
	await knex.raw( BACKFILL_READ_UNANSWERED );
	if ( isPg( knex ) ) {
		await knex.raw( PG_FUNCTIONS );
	} else {
		for ( const sql of SQLITE_TRIGGERS ) {
			await knex.raw( sql );
		}
	}
}

export async function down( knex: Knex ): Promise< void > {
	if ( isPg( knex ) ) {
		await knex.raw( `DROP TRIGGER IF EXISTS inbox_counts_insert ON conversations;
			DROP TRIGGER IF EXISTS inbox_counts_update ON conversations;
			DROP TRIGGER IF EXISTS conversation_reads_flag ON conversation_reads;
			DROP TRIGGER IF EXISTS messages_advisor_reply ON messages;
			DROP FUNCTION IF EXISTS handoff_inbox_counts();
			DROP FUNCTION IF EXISTS handoff_read_unanswered();
			DROP FUNCTION IF EXISTS handoff_advisor_reply();` );
	} else {
		for ( const name of SQLITE_TRIGGER_NAMES ) {
			await knex.raw( `DROP TRIGGER IF EXISTS ${ name }` );
		}
	}
	await knex.raw( 'DROP INDEX IF EXISTS conversations_awaiting' );
	await knex.raw( 'DROP INDEX IF EXISTS conversation_reads_unanswered' );
	await knex.schema.alterTable( 'conversation_reads', ( t ) => {
		t.dropColumn( 'read_unanswered' );
	} );
	await knex.schema.dropTable( 'inbox_counts' );
	await knex.schema.dropTable( 'inbox_totals' );
}
