/**
 * Reports (issue 15 item 4, services/reports.ts): each conversation carries its milestones so
 * a report reads conversations in a date range through one index instead of scanning messages:
 *
 * - `escalated_at`: the first time it reached the advisors' side (state `waiting` or `live`:
 *   a transfer, an advisor replying or taking it, a reopening, or started in live chat);
 * - `first_response_at`, `first_response_advisor_id`: the first visible advisor message
 *   (text or image, not a note) at or after `escalated_at`, and who sent it;
 * - `closed_at`: the first close;
 * - `rating_advisor_id`: who had the conversation when the visitor rated it (it was closed).
 *
 * The unit of work (services/conversation-tx.ts) keeps them true from now on; this fills them
 * from the messages already stored (`backfill`, also used by the tests to check both agree).
 * Indexes: (site_id, created_at, id, …milestones) for the range and the CSV export's keyset
 * pages, and a partial index of advisors' visible messages for the per-advisor counts.
 */
import type { Knex } from 'knex';

const COLUMNS = [
	'escalated_at',
	'first_response_at',
	'first_response_advisor_id',
	'closed_at',
	'rating_advisor_id',
];
const RANGE_INDEX = 'conversations_site_created';
const ADVISOR_MESSAGES_INDEX = 'messages_advisor_visible';

const isPg = ( knex: Knex ) => knex.client.config.client === 'pg';

/** A field of a message's JSON `meta` (event lines: `event`, `actor.id`, `assignee.id`). */
function metaField( knex: Knex, ...path: string[] ): string {
	return isPg( knex )
		? `(CAST(m.meta AS json) #>> '{${ path.join( ',' ) }}')`
		: `json_extract(m.meta, '$.${ path.join( '.' ) }')`;
}

/**
 * The milestones recomputed from the messages of every conversation (or of `ids`). An
 * escalation is read off what the unit of work writes when a conversation leaves the bot: the
 * `transferred` event line, an advisor's visible message, a `reopened` line, or an `assigned`
 * line where the advisor took it themself (take); live-chat-only conversations start escalated.
 * (An advisor assigning a bot conversation to themself without taking it reads as a take:
 * the only case where the history is ambiguous.)
 */
export async function backfill( knex: Knex, ids?: string[] ): Promise< void > {
	const event = metaField( knex, 'event' );
	const scope = ( q: Knex.QueryBuilder ) =>
		ids ? q.whereIn( 'id', ids ) : q;
	const advisorVisible = `m.author_type = 'advisor' AND m.kind <> 'note'`;
	await scope(
		knex( 'conversations' ).update( {
			escalated_at:
				knex.raw( `CASE WHEN conversations.mode = 'live' THEN conversations.created_at ELSE (
				SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = conversations.id AND (
					(${ advisorVisible })
					OR (m.kind = 'event' AND (
						${ event } IN ('transferred', 'reopened')
						OR (${ event } = 'assigned' AND ${ metaField(
							knex,
							'actor',
							'id'
						) } = ${ metaField( knex, 'assignee', 'id' ) })
					))
				)
			) END` ),
		} )
	);
	const firstReply = ( column: string ) =>
		knex.raw( `(SELECT m.${ column } FROM messages m
			WHERE m.conversation_id = conversations.id AND ${ advisorVisible }
				AND m.created_at >= conversations.escalated_at
			ORDER BY m.seq LIMIT 1)` );
	await scope(
		knex( 'conversations' ).update( {
			first_response_at: firstReply( 'created_at' ),
			first_response_advisor_id: firstReply( 'author_id' ),
			// Every close writes a `closed` line; the row's last change stands in for a lost one.
			closed_at:
				knex.raw( `COALESCE((SELECT MIN(m.created_at) FROM messages m
				WHERE m.conversation_id = conversations.id AND m.kind = 'event' AND ${ event } = 'closed'),
				CASE WHEN conversations.state = 'closed' THEN conversations.updated_at END)` ),
			rating_advisor_id: knex.raw(
				'CASE WHEN conversations.rating_score IS NOT NULL THEN conversations.assigned_advisor_id END'
			),
		} )
	);
}

export async function up( knex: Knex ): Promise< void > {
	await knex.schema.alterTable( 'conversations', ( t ) => {
		t.string( 'escalated_at', 30 ).nullable();
		t.string( 'first_response_at', 30 ).nullable();
		t.string( 'first_response_advisor_id', 64 ).nullable();
		t.string( 'closed_at', 30 ).nullable();
		t.string( 'rating_advisor_id', 64 ).nullable();
	} );
	await backfill( knex );
	// The range in creation order (the CSV export's keyset pages), carrying the milestones so
	// the figures read the index alone, never the wide conversation rows. Sends change none
	// of these columns, so they never update this index.
	await knex.raw(
		`CREATE INDEX ${ RANGE_INDEX } ON conversations (site_id, created_at, id, escalated_at, first_response_at, first_response_advisor_id, closed_at, rating_score, rating_advisor_id)`
	);
	// The per-advisor figures join the range's conversations to these messages only (the
	// condition's columns included: the index answers without reading the messages' rows).
	await knex.raw(
		`CREATE INDEX ${ ADVISOR_MESSAGES_INDEX } ON messages (conversation_id, author_id, author_type, kind) WHERE author_type = 'advisor' AND kind <> 'note'`
	);
}

// Plain DROP COLUMN on both databases: knex's sqlite3 way rebuilds `conversations`, which
// the search index's triggers on it (20261205E) do not survive.
export async function down( knex: Knex ): Promise< void > {
	await knex.raw( `DROP INDEX IF EXISTS ${ ADVISOR_MESSAGES_INDEX }` );
	await knex.raw( `DROP INDEX IF EXISTS ${ RANGE_INDEX }` );
	for ( const column of COLUMNS ) {
		await knex.raw( `ALTER TABLE conversations DROP COLUMN ${ column }` );
	}
}
