/**
 * GET /v1/reports and /v1/reports/export through createApp() (sqlite3, and PostgreSQL with
 * scripts/test-pg.mjs), against a seeded dataset whose answers were worked out by hand.
 *
 * The dataset is stored as the bridge stores history (conversations and their messages, at
 * chosen times) and its milestones are filled by migration 20261205O's backfill, so these
 * figures also prove the backfill. Times are UTC; the report reads them in Europe/Paris,
 * across the change to summer time on 2026-03-29 (01:00 UTC: 02:00 CET → 03:00 CEST).
 *
 * | conv | created (UTC)         | Paris           | page    | escalated         | first response     | first close | rating    |
 * | C0   | 03-26 22:59:59        | Thu 23:59:59    | pricing | transfer 23:00:10 | a1 23:01           |             |           | (out of range)
 * | C1   | 03-26 23:30           | Fri 27 00:30    | pricing | no                |                    |             |           |
 * | C2   | 03-27 09:00           | Fri 10:00       | pricing | transfer 09:01    | a1 09:03 → 120 s   | 09:20 1200s | 5 (a1)    |
 * | C3   | 03-27 09:30 (live)    | Fri 10:30       | contact | at creation       | a2 09:31 → 60 s    | 10:30 3600s | 3 (a2)    |
 * | C11  | 03-28 08:00 (live)    | Sat 09:00       | pricing | at creation       | a1 image → 600 s   | 09:00 3600s | 2 (a1)    |
 * | C4   | 03-28 15:00           | Sat 16:00       | pricing | a1 reply 15:05    | a1 15:05 → 0 s     | 15:10 600s  |           |
 * | C5   | 03-29 00:30           | Sun 01:30 CET   | contact | no                |                    |             |           |
 * | C6   | 03-29 01:30           | Sun 03:30 CEST  | pricing | transfer 01:31    | none yet           |             |           |
 * | C7   | 03-29 22:30           | Mon 30 00:30    | pricing | transfer 22:31    | a2 22:45 → 840 s   | 23:00 1800s | 4 (a2)    | (reopened, closed again)
 * | C8   | 03-30 10:00           | Mon 12:00       | pricing | no (assigned by a2, not taken) |       | 10:05 300s  |           |
 * | C9   | 03-30 21:59:59        | Mon 23:59:59    | promo   | no                |                    |             |           |
 * | C10  | 03-30 22:00 (live)    | Tue 31 00:00    | pricing | at creation       | a1 22:01           |             |           | (out of range)
 *
 * Messages per advisor (visible, notes excluded): a1 — C2 ×2, C3 ×1 (+1 note), C4 ×1, C11 ×1;
 * a2 — C3 ×1, C11 ×1, C7 ×2.
 */
import { backfill } from '../db/migrations/20261205O-add-report-milestones';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

const PRICING = 'https://shop.example/pricing';
const CONTACT = 'https://shop.example/contact';
const PROMO = 'https://shop.example/promo';
const FORMULA = '=HYPERLINK("https://evil.example","Win")';

type Who = 'visitor' | 'bot' | 'a1' | 'a2' | 'system';
type Line = [
	time: string,
	who: Who,
	kind?: 'text' | 'note' | 'image' | 'event',
	meta?: Record< string, unknown >,
];
interface Seed {
	id: string;
	created: string;
	mode?: 'bot' | 'live';
	state: 'bot' | 'waiting' | 'live' | 'closed';
	page: string | null;
	title?: string;
	assigned?: 'a1' | 'a2';
	rating?: number;
	lines: Line[];
}

const ADVISORS = { a1: 'Anna', a2: '=Ben' } as const;
const actor = ( id: 'a1' | 'a2' ) => ( { id, name: ADVISORS[ id ] } );
const closed = ( by: 'a1' | 'a2' ) => ( {
	event: 'closed',
	actor: actor( by ),
} );
const TRANSFERRED = { event: 'transferred', stepId: 'handoff' };

const day = ( d: string, t: string ) => `2026-03-${ d }T${ t }.000Z`;

const SEEDS: Seed[] = [
	{
		id: 'C0',
		created: day( '26', '22:59:59' ),
		state: 'live',
		page: PRICING,
		assigned: 'a1',
		lines: [
			[ day( '26', '23:00:05' ), 'visitor' ],
			[ day( '26', '23:00:10' ), 'system', 'event', TRANSFERRED ],
			[ day( '26', '23:01:00' ), 'a1' ],
		],
	},
	{
		id: 'C1',
		created: day( '26', '23:30:00' ),
		state: 'bot',
		page: PRICING,
		lines: [
			[ day( '26', '23:30:10' ), 'visitor' ],
			[ day( '26', '23:30:11' ), 'bot' ],
		],
	},
	{
		id: 'C2',
		created: day( '27', '09:00:00' ),
		state: 'closed',
		page: PRICING,
		assigned: 'a1',
		rating: 5,
		lines: [
			[ day( '27', '09:00:30' ), 'visitor' ],
			[ day( '27', '09:01:00' ), 'system', 'event', TRANSFERRED ],
			[ day( '27', '09:03:00' ), 'a1' ],
			[ day( '27', '09:03:30' ), 'visitor' ],
			[ day( '27', '09:04:00' ), 'a1' ],
			[ day( '27', '09:20:00' ), 'system', 'event', closed( 'a1' ) ],
		],
	},
	{
		id: 'C3',
		created: day( '27', '09:30:00' ),
		mode: 'live',
		state: 'closed',
		page: CONTACT,
		assigned: 'a2',
		rating: 3,
		lines: [
			[ day( '27', '09:30:05' ), 'visitor' ],
			[ day( '27', '09:31:00' ), 'a2' ],
			[ day( '27', '09:32:00' ), 'a1', 'note' ],
			[ day( '27', '09:35:00' ), 'a1' ],
			[ day( '27', '10:30:00' ), 'system', 'event', closed( 'a2' ) ],
		],
	},
	{
		id: 'C11',
		created: day( '28', '08:00:00' ),
		mode: 'live',
		state: 'closed',
		page: PRICING,
		assigned: 'a1',
		rating: 2,
		lines: [
			[ day( '28', '08:00:05' ), 'visitor' ],
			[ day( '28', '08:10:00' ), 'a1', 'image' ],
			[ day( '28', '08:11:00' ), 'a2' ],
			[ day( '28', '09:00:00' ), 'system', 'event', closed( 'a1' ) ],
		],
	},
	{
		id: 'C4',
		created: day( '28', '15:00:00' ),
		state: 'closed',
		page: PRICING,
		assigned: 'a1',
		lines: [
			[ day( '28', '15:00:10' ), 'visitor' ],
			[ day( '28', '15:00:11' ), 'bot' ],
			[ day( '28', '15:05:00' ), 'a1' ],
			[ day( '28', '15:10:00' ), 'system', 'event', closed( 'a1' ) ],
		],
	},
	{
		id: 'C5',
		created: day( '29', '00:30:00' ),
		state: 'bot',
		page: CONTACT,
		lines: [ [ day( '29', '00:30:05' ), 'visitor' ] ],
	},
	{
		id: 'C6',
		created: day( '29', '01:30:00' ),
		state: 'waiting',
		page: PRICING,
		lines: [
			[ day( '29', '01:30:05' ), 'visitor' ],
			[ day( '29', '01:31:00' ), 'system', 'event', TRANSFERRED ],
		],
	},
	{
		id: 'C7',
		created: day( '29', '22:30:00' ),
		state: 'closed',
		page: PRICING,
		assigned: 'a2',
		rating: 4,
		lines: [
			[ day( '29', '22:30:05' ), 'visitor' ],
			[ day( '29', '22:31:00' ), 'system', 'event', TRANSFERRED ],
			[
				day( '29', '22:40:00' ),
				'system',
				'event',
				{
					event: 'assigned',
					assignee: actor( 'a2' ),
					actor: actor( 'a2' ),
				},
			],
			[ day( '29', '22:45:00' ), 'a2' ],
			[ day( '29', '23:00:00' ), 'system', 'event', closed( 'a2' ) ],
			[
				day( '29', '23:10:00' ),
				'system',
				'event',
				{ event: 'reopened', actor: actor( 'a2' ) },
			],
			[ day( '29', '23:15:00' ), 'a2' ],
			[ day( '29', '23:20:00' ), 'system', 'event', closed( 'a2' ) ],
		],
	},
	{
		id: 'C8',
		created: day( '30', '10:00:00' ),
		state: 'closed',
		page: PRICING,
		assigned: 'a1',
		lines: [
			[ day( '30', '10:00:05' ), 'visitor' ],
			[
				day( '30', '10:01:00' ),
				'system',
				'event',
				{
					event: 'assigned',
					assignee: actor( 'a1' ),
					actor: actor( 'a2' ),
				},
			],
			[ day( '30', '10:05:00' ), 'system', 'event', closed( 'a2' ) ],
		],
	},
	{
		id: 'C9',
		created: day( '30', '21:59:59' ),
		state: 'bot',
		page: PROMO,
		title: FORMULA,
		lines: [ [ day( '30', '22:00:05' ), 'visitor' ] ],
	},
	{
		id: 'C10',
		created: day( '30', '22:00:00' ),
		mode: 'live',
		state: 'live',
		page: PRICING,
		assigned: 'a1',
		lines: [
			[ day( '30', '22:00:30' ), 'visitor' ],
			[ day( '30', '22:01:00' ), 'a1' ],
		],
	},
];

const TITLES: Record< string, string > = {
	[ PRICING ]: 'Pricing',
	[ CONTACT ]: 'Contact',
	[ PROMO ]: FORMULA,
};

/** Stores the seeds on `siteId` (ids prefixed), then fills their milestones as the migration does. */
async function seed( siteId: string, prefix: string ) {
	const db = h.ctx.db;
	await db( 'advisors' )
		.insert(
			( [ 'a1', 'a2' ] as const ).map( ( id ) => ( {
				site_id: siteId,
				id,
				name: ADVISORS[ id ],
				avatar: id === 'a1' ? 'https://example.test/anna.png' : null,
				last_seen_at: day( '01', '00:00:00' ),
			} ) )
		)
		.onConflict( [ 'site_id', 'id' ] )
		.merge( [ 'name', 'avatar' ] );
	const visitorId = `${ prefix }-v`;
	await db( 'visitors' ).insert( {
		id: visitorId,
		site_id: siteId,
		created_at: day( '01', '00:00:00' ),
		last_seen_at: day( '01', '00:00:00' ),
	} );
	for ( const s of SEEDS ) {
		const id = `${ prefix }-${ s.id }`;
		const last = s.lines[ s.lines.length - 1 ][ 0 ];
		await db( 'conversations' ).insert( {
			id,
			site_id: siteId,
			visitor_id: visitorId,
			state: s.state,
			inbox_list: [ 'waiting', 'live' ].includes( s.state )
				? 'live'
				: s.state,
			mode: s.mode ?? 'bot',
			assigned_advisor_id: s.assigned ?? null,
			last_seq: s.lines.length,
			page_url: s.page,
			page_title: s.page ? ( s.title ?? TITLES[ s.page ] ) : null,
			rating_score: s.rating ?? null,
			rated_at: s.rating ? last : null,
			created_at: s.created,
			updated_at: last,
		} );
		await db( 'messages' ).insert(
			s.lines.map( ( [ at, who, kind = 'text', meta ], i ) => ( {
				id: `${ id }-m${ i + 1 }`,
				conversation_id: id,
				seq: i + 1,
				kind,
				author_type: who === 'a1' || who === 'a2' ? 'advisor' : who,
				author_id: who === 'a1' || who === 'a2' ? who : null,
				author_name:
					who === 'a1' || who === 'a2' ? ADVISORS[ who ] : null,
				text: kind === 'event' ? '' : `${ who } at ${ at }`,
				meta: meta ? JSON.stringify( meta ) : null,
				created_at: at,
			} ) )
		);
	}
	await backfill(
		db,
		SEEDS.map( ( s ) => `${ prefix }-${ s.id }` )
	);
}

let manager: string;
let advisor: string;
beforeAll( async () => {
	manager = await advisorToken( h.site, 'a1', {
		name: 'Anna',
		manage: true,
		avatar: 'https://example.test/anna.png',
	} );
	advisor = await advisorToken( h.site, 'a2', { name: '=Ben' } );
	await seed( h.site.id, 'r' );
} );

const report = ( query: string, token = manager ) =>
	c.call( 'GET', `/v1/reports?${ query }`, { token } );

async function download( query: string, token = manager ) {
	const res = await fetch( `${ h.url }/v1/reports/export?${ query }`, {
		headers: { Authorization: `Bearer ${ token }` },
	} );
	return { res, text: await res.text() };
}

/** RFC 4180 as the export writes it: every cell quoted, CRLF lines. */
const parseCsv = ( text: string ): string[][] =>
	text
		.split( '\r\n' )
		.filter( Boolean )
		.map( ( line ) =>
			[ ...line.matchAll( /"((?:[^"]|"")*)"/g ) ].map( ( m ) =>
				m[ 1 ].replace( /""/g, '"' )
			)
		);

const PARIS = 'from=2026-03-27&to=2026-03-30&timeZone=Europe%2FParis';
const hours = ( cells: Array< [ number, number, number ] > ) => {
	const grid = Array.from( { length: 7 }, () =>
		new Array< number >( 24 ).fill( 0 )
	);
	for ( const [ weekday, hour, n ] of cells ) {
		grid[ weekday ][ hour ] = n;
	}
	return grid;
};

it( 'computes the figures of a range of local days, across a change to summer time', async () => {
	const res = await report( PARIS );
	expect( res.status ).toBe( 200 );
	expect( res.body ).toEqual( {
		range: {
			from: '2026-03-27',
			to: '2026-03-30',
			timeZone: 'Europe/Paris',
			pageUrl: null,
		},
		totals: {
			conversations: 10,
			botOnly: 4,
			escalated: 6,
			closed: 6,
			rated: 4,
			averageRating: 3.5,
		},
		days: [
			{ date: '2026-03-27', conversations: 3, botOnly: 1, escalated: 2 },
			{ date: '2026-03-28', conversations: 2, botOnly: 0, escalated: 2 },
			{ date: '2026-03-29', conversations: 2, botOnly: 1, escalated: 1 },
			{ date: '2026-03-30', conversations: 3, botOnly: 2, escalated: 1 },
		],
		// 0, 60, 120, 600, 840: ranks ⌈2.5⌉ = 3 and ⌈4.5⌉ = 5.
		firstResponse: { count: 5, medianSeconds: 120, p90Seconds: 840 },
		// 300, 600, 1200, 1800, 3600, 3600: ranks 3 and ⌈5.4⌉ = 6.
		resolution: { count: 6, medianSeconds: 1200, p90Seconds: 3600 },
		advisors: [
			{
				advisorId: 'a1',
				name: 'Anna',
				avatar: 'https://example.test/anna.png',
				handled: 4,
				messages: 5,
				// 0, 120, 600
				firstResponse: {
					count: 3,
					medianSeconds: 120,
					p90Seconds: 600,
				},
				ratings: { count: 2, average: 3.5 },
			},
			{
				advisorId: 'a2',
				name: '=Ben',
				avatar: null,
				handled: 3,
				messages: 4,
				// 60, 840
				firstResponse: { count: 2, medianSeconds: 60, p90Seconds: 840 },
				ratings: { count: 2, average: 3.5 },
			},
		],
		// Monday = 0. C6 (01:30 UTC on the 29th) is 03:30 summer time, not 02:30.
		busiestHours: hours( [
			[ 4, 0, 1 ],
			[ 4, 10, 2 ],
			[ 5, 9, 1 ],
			[ 5, 16, 1 ],
			[ 6, 1, 1 ],
			[ 6, 3, 1 ],
			[ 0, 0, 1 ],
			[ 0, 12, 1 ],
			[ 0, 23, 1 ],
		] ),
		pages: [
			{ pageUrl: PRICING, pageTitle: 'Pricing', conversations: 7 },
			{ pageUrl: CONTACT, pageTitle: 'Contact', conversations: 2 },
			{ pageUrl: PROMO, pageTitle: FORMULA, conversations: 1 },
		],
	} );
} );

it( 'filters by page (the pages list stays the whole range’s)', async () => {
	const res = await report(
		`${ PARIS }&pageUrl=${ encodeURIComponent( CONTACT ) }`
	);
	expect( res.status ).toBe( 200 );
	const r = res.body;
	expect( r.range.pageUrl ).toBe( CONTACT );
	expect( r.totals ).toEqual( {
		conversations: 2,
		botOnly: 1,
		escalated: 1,
		closed: 1,
		rated: 1,
		averageRating: 3,
	} );
	expect( r.days ).toEqual( [
		{ date: '2026-03-27', conversations: 1, botOnly: 0, escalated: 1 },
		{ date: '2026-03-28', conversations: 0, botOnly: 0, escalated: 0 },
		{ date: '2026-03-29', conversations: 1, botOnly: 1, escalated: 0 },
		{ date: '2026-03-30', conversations: 0, botOnly: 0, escalated: 0 },
	] );
	expect( r.firstResponse ).toEqual( {
		count: 1,
		medianSeconds: 60,
		p90Seconds: 60,
	} );
	expect( r.resolution ).toEqual( {
		count: 1,
		medianSeconds: 3600,
		p90Seconds: 3600,
	} );
	// Both handled one: by name.
	expect(
		r.advisors.map( ( a: any ) => [
			a.advisorId,
			a.handled,
			a.messages,
			a.firstResponse,
			a.ratings,
		] )
	).toEqual( [
		[
			'a2',
			1,
			1,
			{ count: 1, medianSeconds: 60, p90Seconds: 60 },
			{ count: 1, average: 3 },
		],
		[
			'a1',
			1,
			1,
			{ count: 0, medianSeconds: null, p90Seconds: null },
			{ count: 0, average: null },
		],
	] );
	expect( r.pages.map( ( p: any ) => p.conversations ) ).toEqual( [
		7, 2, 1,
	] );
	// A page nobody chatted from: zeros, every day still listed.
	const none = await report( `${ PARIS }&pageUrl=https%3A%2F%2Fnowhere` );
	expect( none.body.totals.conversations ).toBe( 0 );
	expect( none.body.days ).toHaveLength( 4 );
	expect( none.body.firstResponse ).toEqual( {
		count: 0,
		medianSeconds: null,
		p90Seconds: null,
	} );
	expect( none.body.advisors ).toEqual( [] );
} );

it( 'reads days in UTC by default, and in zones whose offset is not whole hours', async () => {
	const utc = await report( 'from=2026-03-27&to=2026-03-27' );
	expect( utc.body.range.timeZone ).toBe( 'UTC' );
	expect( utc.body.days ).toEqual( [
		{ date: '2026-03-27', conversations: 2, botOnly: 0, escalated: 2 },
	] );
	// Kolkata is UTC+05:30: its 27 March is 26 March 18:30 → 27 March 18:30 UTC.
	const kolkata = await report(
		'from=2026-03-27&to=2026-03-27&timeZone=Asia%2FKolkata'
	);
	expect( kolkata.body.days ).toEqual( [
		{ date: '2026-03-27', conversations: 4, botOnly: 1, escalated: 3 },
	] );
	// 04:29:59, 05:00, 14:30, 15:00 local: C1 (23:30 UTC) is in the 05:00 hour, not 04:00.
	expect( kolkata.body.busiestHours ).toEqual(
		hours( [
			[ 4, 4, 1 ],
			[ 4, 5, 1 ],
			[ 4, 14, 1 ],
			[ 4, 15, 1 ],
		] )
	);
} );

it( 'exports each table as CSV, every cell quoted and formulas neutralised', async () => {
	const days = await download( `${ PARIS }&table=days` );
	expect( days.res.status ).toBe( 200 );
	expect( days.res.headers.get( 'content-type' ) ).toBe(
		'text/csv; charset=utf-8'
	);
	expect( days.res.headers.get( 'content-disposition' ) ).toBe(
		'attachment; filename="handoff-report-days-2026-03-27-2026-03-30.csv"'
	);
	expect( days.text.split( '\r\n' )[ 1 ] ).toBe( '"2026-03-27","3","1","2"' );
	expect( parseCsv( days.text ) ).toEqual( [
		[ 'date', 'conversations', 'bot_only', 'escalated' ],
		[ '2026-03-27', '3', '1', '2' ],
		[ '2026-03-28', '2', '0', '2' ],
		[ '2026-03-29', '2', '1', '1' ],
		[ '2026-03-30', '3', '2', '1' ],
	] );

	const advisors = await download( `${ PARIS }&table=advisors` );
	expect( advisors.res.headers.get( 'content-disposition' ) ).toContain(
		'handoff-report-advisors-2026-03-27-2026-03-30.csv'
	);
	expect( parseCsv( advisors.text ) ).toEqual( [
		[
			'advisor_id',
			'name',
			'handled',
			'messages',
			'first_responses',
			'first_response_median_seconds',
			'first_response_p90_seconds',
			'ratings',
			'average_rating',
		],
		[ 'a1', 'Anna', '4', '5', '3', '120', '600', '2', '3.5' ],
		[ 'a2', "'=Ben", '3', '4', '2', '60', '840', '2', '3.5' ],
	] );

	const conversations = await download( `${ PARIS }&table=conversations` );
	const rows = parseCsv( conversations.text );
	expect( rows[ 0 ] ).toEqual( [
		'id',
		'created_at',
		'created_local',
		'page_url',
		'page_title',
		'escalated',
		'first_response_seconds',
		'resolution_seconds',
		'assigned_advisor_id',
		'assigned_advisor',
		'rating',
	] );
	// By creation, out-of-range conversations left out.
	expect( rows.slice( 1 ).map( ( r ) => r[ 0 ] ) ).toEqual(
		[ 'C1', 'C2', 'C3', 'C11', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9' ].map(
			( id ) => `r-${ id }`
		)
	);
	const row = ( id: string ) => rows.find( ( r ) => r[ 0 ] === `r-${ id }` );
	expect( row( 'C7' ) ).toEqual( [
		'r-C7',
		'2026-03-29T22:30:00.000Z',
		'2026-03-30 00:30',
		PRICING,
		'Pricing',
		'yes',
		'840',
		'1800',
		'a2',
		"'=Ben",
		'4',
	] );
	expect( row( 'C6' )!.slice( 5, 9 ) ).toEqual( [ 'yes', '', '', '' ] );
	expect( row( 'C9' ) ).toEqual( [
		'r-C9',
		'2026-03-30T21:59:59.000Z',
		'2026-03-30 23:59',
		PROMO,
		`'${ FORMULA }`,
		'no',
		'',
		'',
		'',
		'',
		'',
	] );
	// The raw line: quotes doubled, the formula prefixed.
	expect( conversations.text ).toContain(
		'"\'=HYPERLINK(""https://evil.example"",""Win"")"'
	);

	const filtered = await download(
		`${ PARIS }&table=conversations&pageUrl=${ encodeURIComponent(
			CONTACT
		) }`
	);
	expect(
		parseCsv( filtered.text )
			.slice( 1 )
			.map( ( r ) => r[ 0 ] )
	).toEqual( [ 'r-C3', 'r-C5' ] );
} );

it( 'pages through every conversation of a large range in the CSV, ties on the creation time included', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: false,
		name: 'Busy',
		quota: 5,
	} );
	const db = h.ctx.db;
	await db( 'visitors' ).insert( {
		id: 'busy-v',
		site_id: site.id,
		created_at: day( '01', '00:00:00' ),
		last_seen_at: day( '01', '00:00:00' ),
	} );
	const total = 2345;
	const rows = Array.from( { length: total }, ( _, i ) => {
		// Three conversations per second: keyset pages break ties on the id.
		const at = new Date(
			Date.UTC( 2026, 2, 10 ) + Math.floor( i / 3 ) * 1000
		).toISOString();
		return {
			id: `busy-${ String( ( i * 7919 ) % total ).padStart( 5, '0' ) }`,
			site_id: site.id,
			visitor_id: 'busy-v',
			state: 'bot',
			inbox_list: 'bot',
			mode: 'bot',
			last_seq: 0,
			created_at: at,
			updated_at: at,
		};
	} );
	for ( let i = 0; i < rows.length; i += 200 ) {
		await db( 'conversations' ).insert( rows.slice( i, i + 200 ) );
	}
	const token = await advisorToken( site, 'boss', { manage: true } );
	const { text } = await download(
		'from=2026-03-10&to=2026-03-10&table=conversations',
		token
	);
	const ids = parseCsv( text )
		.slice( 1 )
		.map( ( r ) => r[ 0 ] );
	const expected = [ ...rows ]
		.sort(
			( x, y ) =>
				x.created_at.localeCompare( y.created_at ) ||
				( x.id < y.id ? -1 : 1 )
		)
		.map( ( r ) => r.id );
	expect( ids ).toHaveLength( total );
	expect( ids ).toEqual( expected );
	const figures = await report( 'from=2026-03-10&to=2026-03-10', token );
	expect( figures.body.totals.conversations ).toBe( total );
	// Our seeded site's report does not see the other site's conversations.
	expect(
		( await report( 'from=2026-03-10&to=2026-03-10' ) ).body.totals
			.conversations
	).toBe( 0 );
} );

it( 'refuses advisors without manage (403) and bad ranges (400) with clear messages', async () => {
	const refused = await report( PARIS, advisor );
	expect( refused.status ).toBe( 403 );
	expect( refused.body.error.message ).toBe(
		'Only site managers may see reports.'
	);
	const csv = await download( `${ PARIS }&table=days`, advisor );
	expect( csv.res.status ).toBe( 403 );
	expect( JSON.parse( csv.text ).error.message ).toBe(
		'Only site managers may see reports.'
	);
	const visitor = await c.visitor();
	expect( ( await report( PARIS, visitor.token ) ).status ).toBe( 403 );
	expect( ( await c.call( 'GET', `/v1/reports?${ PARIS }` ) ).status ).toBe(
		401
	);

	for ( const [ query, message ] of [
		[ 'to=2026-03-30', 'from: from is required' ],
		[ 'from=2026-03-27', 'to: to is required' ],
		[
			'from=27%2F03%2F2026&to=2026-03-30',
			'from: from must be a date YYYY-MM-DD',
		],
		[
			'from=2026-02-30&to=2026-03-30',
			'from: from must be a date YYYY-MM-DD',
		],
		[ 'from=2026-03-30&to=2026-03-27', 'to: must be on or after from' ],
		[ 'from=2026-01-01&to=2027-01-02', 'range: at most 366 days' ],
		[
			'from=2026-01-01&to=2026-01-02&timeZone=Mars%2FOlympus',
			'timeZone: unknown time zone',
		],
	] ) {
		const res = await report( query );
		expect( [ query, res.status, res.body.error.message ] ).toEqual( [
			query,
			400,
			message,
		] );
	}
	// 366 days (a leap year's worth) is allowed.
	expect( ( await report( 'from=2028-01-01&to=2028-12-31' ) ).status ).toBe(
		200
	);
	const table = await download( `${ PARIS }&table=visitors` );
	expect( table.res.status ).toBe( 400 );
	expect( JSON.parse( table.text ).error.message ).toBe(
		'table: table must be one of days, advisors, conversations'
	);
} );
