/**
 * A send's database path (issue 11): statements counted with knex's `query` event, the
 * unique index answering replays, and concurrent sends — one clientId stored once, one
 * conversation's seqs without gap or duplicate.
 */
import type { Knex } from 'knex';
import { advisorToken } from '../test-utils/harness';
import { newClientId } from '../test-utils/chat';
import { setUpBridge } from '../test-utils/set-up-bridge';
import { onPostgres } from '../test-utils/test-database';

const { h, c } = setUpBridge();

/**
 * Every statement the handler issues on the bridge's knex while `fn` runs (BEGIN and COMMIT included;
 * statements run inside triggers are part of their statement). The inbox summary that a
 * timer publishes after a burst of writes (events.refreshInboxSummary) is not the request's:
 * the previous one is waited for and none is started meanwhile.
 */
async function statements( fn: () => Promise< unknown > ): Promise< string[] > {
	const events = h.ctx.services.events as any;
	await events.idle();
	const refresh = events.refreshInboxSummary;
	events.refreshInboxSummary = () => {};
	const sql: string[] = [];
	const listener = ( q: Knex.Sql ) => sql.push( q.sql );
	h.ctx.db.on( 'query', listener );
	try {
		await fn();
	} finally {
		h.ctx.db.removeListener( 'query', listener );
		events.refreshInboxSummary = refresh;
	}
	// The rate limiter's counter (before the handler; RATE_LIMIT_STORE=database, PostgreSQL's
	// default: one upsert per limited request, none on loopback's exempt per-IP limit) is not the send's.
	const counted = sql.filter( ( x ) => x.includes( 'rate_limit_hits' ) );
	expect( counted ).toHaveLength(
		h.ctx.config.rateLimits.store === 'database' ? 1 : 0
	);
	return sql.filter( ( x ) => ! counted.includes( x ) );
}

/** knex quotes names with backticks on sqlite3, double quotes on PostgreSQL. */
const q = ( name: string ) =>
	onPostgres() ? `"${ name }"` : `\`${ name }\``;
const SEND = [
	// sqlite3 takes the write lock at BEGIN (db/index.ts); PostgreSQL locks the row at the UPDATE.
	onPostgres() ? /^BEGIN;$/ : /^BEGIN IMMEDIATE;$/,
	new RegExp(
		`^update ${ q( 'conversations' ) } set .*${ q( 'last_seq' ) } = ${ q(
			'last_seq'
		) } \\+ 1.* returning \\*$`
	),
	new RegExp( `^insert into ${ q( 'messages' ) }` ),
	/^COMMIT;$/,
];

async function liveConversation() {
	const v = await c.visitor();
	const started = await c.start( v.token, { mode: 'live' } );
	expect( started.status ).toBe( 201 );
	return { ...v, id: started.body.conversation.id as string };
}

it( 'stores a visitor send and an advisor reply in 4 statements each', async () => {
	const v = await liveConversation();
	// The first send also notes the visitor as seen (at most once a minute).
	expect( ( await c.say( v.token, v.id, 'Hello' ) ).status ).toBe( 201 );
	let res: any;
	const visitor = await statements( async () => {
		res = await c.say( v.token, v.id, 'Are you there?' );
	} );
	expect( res.status ).toBe( 201 );
	expect( visitor ).toHaveLength( 4 );
	visitor.forEach( ( s, i ) => expect( s ).toMatch( SEND[ i ] ) );

	const anna = await advisorToken( h.site, '41', { name: 'Anna' } );
	// The first reply takes the conversation (a state change: one more UPDATE).
	expect( ( await c.say( anna, v.id, 'Hi, Anna here' ) ).status ).toBe( 201 );
	const advisor = await statements( async () => {
		res = await c.say( anna, v.id, 'How can I help?' );
	} );
	expect( res.status ).toBe( 201 );
	// Every advisor request first reads the advisor (revocation, licence, pages): admission,
	// before the route; the reply itself is the same 4 statements.
	expect( advisor[ 0 ] ).toMatch(
		new RegExp( `^select \\* from ${ q( 'advisors' ) }` )
	);
	expect( advisor.slice( 1 ) ).toHaveLength( 4 );
	advisor.slice( 1 ).forEach( ( s, i ) => expect( s ).toMatch( SEND[ i ] ) );

	// What the trigger did in that INSERT: the reply is counted and read by Anna.
	const row = await h.ctx
		.db( 'advisors' )
		.where( { site_id: h.site.id, id: '41' } )
		.first();
	expect( Number( row.message_count ) ).toBe( 2 );
	const read = await h.ctx
		.db( 'conversation_reads' )
		.where( { conversation_id: v.id, advisor_id: '41' } )
		.first();
	expect( Number( read.last_read_seq ) ).toBe( res.body.message.seq );
	const conversation = await h.ctx
		.db( 'conversations' )
		.where( { id: v.id } )
		.first();
	expect( Number( conversation.advisors_last_read_seq ) ).toBe(
		res.body.message.seq
	);
} );

it( 'answers a replay from the unique index: the original, nothing stored again', async () => {
	const v = await liveConversation();
	const clientId = newClientId();
	const first = await c.say( v.token, v.id, 'Once', clientId );
	expect( first.status ).toBe( 201 );
	const again = await c.say( v.token, v.id, 'Once', clientId );
	expect( again.status ).toBe( 200 );
	expect( again.body.message ).toEqual( first.body.message );
	const conversation = await h.ctx
		.db( 'conversations' )
		.where( { id: v.id } )
		.first();
	// The refused insert rolled back its seq: no gap.
	expect( Number( conversation.last_seq ) ).toBe( first.body.message.seq );
} );

it( 'stores concurrent sends of one clientId once and answers each with the original', async () => {
	const v = await liveConversation();
	const clientId = newClientId();
	const answers = await Promise.all(
		Array.from( { length: 8 }, () =>
			c.say( v.token, v.id, 'Same message', clientId )
		)
	);
	expect( answers.map( ( a ) => a.status ).sort() ).toEqual( [
		200, 200, 200, 200, 200, 200, 200, 201,
	] );
	const ids = new Set( answers.map( ( a ) => a.body.message.id ) );
	expect( ids.size ).toBe( 1 );
	expect(
		await h.ctx.db( 'messages' ).where( {
			conversation_id: v.id,
			client_id: clientId,
		} )
	).toHaveLength( 1 );
	const conversation = await h.ctx
		.db( 'conversations' )
		.where( { id: v.id } )
		.first();
	expect( Number( conversation.last_seq ) ).toBe(
		answers[ 0 ].body.message.seq
	);
} );

it( 'numbers concurrent sends in one conversation without gap or duplicate', async () => {
	const v = await liveConversation();
	const anna = await advisorToken( h.site, '42', { name: 'Anna' } );
	const N = 30;
	const answers = await Promise.all(
		Array.from( { length: N }, ( _, i ) =>
			c.say( i % 3 ? v.token : anna, v.id, `m${ i }` )
		)
	);
	expect( answers.every( ( a ) => a.status === 201 ) ).toBe( true );
	const seqs = answers
		.map( ( a ) => a.body.message.seq as number )
		.sort( ( a, b ) => a - b );
	const first = seqs[ 0 ];
	expect( seqs ).toEqual(
		Array.from( { length: N }, ( _, i ) => first + i )
	);
	// Catch-up from before the burst returns every message, in order, once.
	const page = await c.messages( v.token, v.id, first - 1 );
	expect( page.map( ( m ) => m.seq ) ).toEqual( seqs );
	expect( page.map( ( m ) => m.text ).sort() ).toEqual(
		answers.map( ( a ) => a.body.message.text ).sort()
	);
} );

it( 'refuses a send to a conversation the caller may not open, without writing', async () => {
	const v = await liveConversation();
	const other = await c.visitor();
	const res = await c.say( other.token, v.id, 'Not mine' );
	expect( res.status ).toBe( 404 );
	const conversation = await h.ctx
		.db( 'conversations' )
		.where( { id: v.id } )
		.first();
	expect( Number( conversation.last_seq ) ).toBe( 0 );
} );
