/**
 * The report milestones (migration 20261205O) kept true by the write path, through the HTTP
 * API (sqlite3, and PostgreSQL with scripts/test-pg.mjs): escalation (live chat, a transfer,
 * an advisor replying to or taking a bot conversation), the first visible advisor response
 * (not a note), the first close (not a later one after a reopening), and who had it when it
 * was rated. Each value is the time of the message that caused it — exactly what the
 * migration's backfill reads off the messages, which the last test checks.
 */
import type { Message } from '@handoff-chat/contracts';
import { backfill } from '../db/migrations/20261205O-add-report-milestones';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

const COLUMNS = [
	'escalated_at',
	'first_response_at',
	'first_response_advisor_id',
	'closed_at',
	'rating_advisor_id',
] as const;

const milestones = async ( id: string ) =>
	h.ctx
		.db( 'conversations' )
		.where( { id } )
		.first( ...COLUMNS );

let anna: string;
let ben: string;
const ids: string[] = [];
beforeAll( async () => {
	anna = await advisorToken( h.site, 'anna', { name: 'Anna', manage: true } );
	ben = await advisorToken( h.site, 'ben', { name: 'Ben' } );
} );

async function started( mode: 'live' | 'bot' ) {
	const v = await c.visitor();
	const res = await c.start( v.token, { mode } );
	expect( res.status ).toBe( 201 );
	const id = res.body.conversation.id as string;
	ids.push( id );
	return { token: v.token, id, createdAt: res.body.conversation.createdAt };
}

const all = ( id: string ) => c.messages( anna, id );
const eventLine = ( list: Message[], event: string ) =>
	list.filter( ( m ) => m.meta?.event === event );
const by = ( list: Message[], advisorId: string ) =>
	list.filter(
		( m ) => m.author.type === 'advisor' && m.author.id === advisorId
	);

it( 'live chat: escalated at creation, first visible reply, first close kept over a reopening, rating for the assignee', async () => {
	const v = await started( 'live' );
	expect( await milestones( v.id ) ).toEqual( {
		escalated_at: v.createdAt,
		first_response_at: null,
		first_response_advisor_id: null,
		closed_at: null,
		rating_advisor_id: null,
	} );
	expect( ( await c.say( v.token, v.id, 'Hello?' ) ).status ).toBe( 201 );
	// A note is not an answer the visitor sees.
	expect( ( await c.note( anna, v.id, 'VIP' ) ).status ).toBe( 201 );
	expect( ( await milestones( v.id ) ).first_response_at ).toBeNull();
	expect( ( await c.say( anna, v.id, 'Hi, Anna here' ) ).status ).toBe( 201 );
	expect( ( await c.say( ben, v.id, 'And Ben' ) ).status ).toBe( 201 );
	expect( ( await c.patch( anna, v.id, { type: 'close' } ) ).status ).toBe(
		200
	);
	expect( ( await c.patch( anna, v.id, { type: 'reopen' } ) ).status ).toBe(
		200
	);
	expect( ( await c.patch( anna, v.id, { type: 'close' } ) ).status ).toBe(
		200
	);
	const rated = await c.call( 'POST', `/v1/conversations/${ v.id }/rating`, {
		token: v.token,
		body: { score: 5 },
	} );
	expect( rated.status ).toBe( 201 );

	const list = await all( v.id );
	const closes = eventLine( list, 'closed' );
	expect( closes ).toHaveLength( 2 );
	expect( await milestones( v.id ) ).toEqual( {
		escalated_at: v.createdAt,
		first_response_at: by( list, 'anna' ).find(
			( m ) => m.kind === 'text'
		)!.createdAt,
		first_response_advisor_id: 'anna',
		closed_at: closes[ 0 ].createdAt,
		rating_advisor_id: 'anna',
	} );
} );

it( 'a transfer the visitor asked for escalates at the transfer; the first reply after it is the response', async () => {
	const v = await started( 'bot' );
	expect( ( await milestones( v.id ) ).escalated_at ).toBeNull();
	expect(
		( await c.act( v.token, v.id, { type: 'request_human' } ) ).status
	).toBe( 201 );
	expect( ( await c.say( ben, v.id, 'Ben here' ) ).status ).toBe( 201 );
	const list = await all( v.id );
	const [ transferred ] = eventLine( list, 'transferred' );
	expect( await milestones( v.id ) ).toEqual( {
		escalated_at: transferred.createdAt,
		first_response_at: by( list, 'ben' )[ 0 ].createdAt,
		first_response_advisor_id: 'ben',
		closed_at: null,
		rating_advisor_id: null,
	} );
} );

it( 'an advisor replying to a bot conversation escalates it at that reply (0 s); taking one escalates at the take', async () => {
	const replied = await started( 'bot' );
	expect( ( await c.say( anna, replied.id, 'Can I help?' ) ).status ).toBe(
		201
	);
	const [ reply ] = by( await all( replied.id ), 'anna' );
	expect( await milestones( replied.id ) ).toEqual(
		expect.objectContaining( {
			escalated_at: reply.createdAt,
			first_response_at: reply.createdAt,
			first_response_advisor_id: 'anna',
		} )
	);

	const taken = await started( 'bot' );
	expect( ( await c.patch( ben, taken.id, { type: 'take' } ) ).status ).toBe(
		200
	);
	const [ assigned ] = eventLine( await all( taken.id ), 'assigned' );
	expect( await milestones( taken.id ) ).toEqual(
		expect.objectContaining( {
			escalated_at: assigned.createdAt,
			first_response_at: null,
		} )
	);
} );

it( 'a bot conversation closed without an advisor stays bot-only, with its close', async () => {
	const v = await started( 'bot' );
	expect( ( await c.patch( anna, v.id, { type: 'close' } ) ).status ).toBe(
		200
	);
	const [ closed ] = eventLine( await all( v.id ), 'closed' );
	expect( await milestones( v.id ) ).toEqual( {
		escalated_at: null,
		first_response_at: null,
		first_response_advisor_id: null,
		closed_at: closed.createdAt,
		rating_advisor_id: null,
	} );
} );

it( 'what the write path stored is what the migration’s backfill reads off the messages, and the report counts it', async () => {
	const stored = await Promise.all( ids.map( milestones ) );
	await h.ctx
		.db( 'conversations' )
		.whereIn( 'id', ids )
		.update( Object.fromEntries( COLUMNS.map( ( k ) => [ k, null ] ) ) );
	await backfill( h.ctx.db, ids );
	expect( await Promise.all( ids.map( milestones ) ) ).toEqual( stored );

	const created = (
		await h.ctx
			.db( 'conversations' )
			.whereIn( 'id', ids )
			.pluck( 'created_at' )
	).sort();
	const from = created[ 0 ].slice( 0, 10 );
	const to = created[ created.length - 1 ].slice( 0, 10 );
	const res = await c.call( 'GET', `/v1/reports?from=${ from }&to=${ to }`, {
		token: anna,
	} );
	expect( res.status ).toBe( 200 );
	expect( res.body.totals ).toEqual( {
		conversations: 5,
		botOnly: 1,
		escalated: 4,
		closed: 2,
		rated: 1,
		averageRating: 5,
	} );
	expect( res.body.firstResponse.count ).toBe( 3 );
	expect(
		res.body.advisors.map( ( a: any ) => [
			a.advisorId,
			a.handled,
			a.messages,
		] )
	).toEqual( [
		[ 'anna', 2, 2 ],
		[ 'ben', 2, 2 ],
	] );
} );
