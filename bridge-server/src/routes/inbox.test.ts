/**
 * The inbox's items (unread, unanswered, assignee, pseudonym), counts, the "to handle"
 * summary and its event, long histories read backwards, and the per-site settings.
 */
import { DEFAULT_HOURS, inboxChannel } from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import type { Site } from '../services/sites';

const { h, c } = setUpBridge();

async function conversation(
	site: Site,
	mode: 'live' | 'bot',
	says: string[] = []
) {
	const v = await c.visitor( site.id );
	const id = ( await c.start( v.token, { mode } ) ).body.conversation
		.id as string;
	for ( const text of says ) {
		expect( ( await c.say( v.token, id, text ) ).status ).toBe( 201 );
	}
	await new Promise( ( r ) => setTimeout( r, 3 ) ); // distinct updated_at for a stable order
	return { ...v, id };
}

it( 'marks items unread, unanswered, assigned and named, with counts per list and filter and a live "to handle" count', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Inbox items',
	} );
	const anna = await advisorToken( site, '11', { name: 'Anna' } );
	const ben = await advisorToken( site, '12', { name: 'Ben' } );
	const onInbox = await c.listen( c.connect( ben ), inboxChannel( site.id ) );

	const waiting = await conversation( site, 'live', [ 'Hello?' ] );
	const answered = await conversation( site, 'live', [ 'Prices?' ] );
	expect(
		( await c.say( anna, answered.id, 'Here they are.' ) ).status
	).toBe( 201 );
	const bot = await conversation( site, 'bot', [ 'Léa', 'ACME' ] );
	const closed = await conversation( site, 'live', [ 'Bye' ] );
	await c.patch( ben, closed.id, { type: 'close' } );

	const list = async ( token: string, q = 'list=live' ) =>
		( await c.call( 'GET', `/v1/inbox?${ q }`, { token } ) ).body;
	const live = await list( ben );
	const item = ( id: string, page = live ) =>
		page.conversations.find( ( x: any ) => x.id === id );
	expect( live.conversations.map( ( x: any ) => x.id ) ).toEqual( [
		answered.id,
		waiting.id,
	] );
	expect( item( waiting.id ) ).toEqual(
		expect.objectContaining( {
			state: 'waiting',
			unread: true,
			unanswered: true,
			assignedAdvisor: null,
			visitorOnline: false,
			visitorName: null,
		} )
	);
	expect( item( answered.id ) ).toEqual(
		expect.objectContaining( {
			state: 'live',
			unread: false,
			unanswered: false,
			assignedAdvisor: { id: '11', name: 'Anna', avatar: null },
		} )
	);
	expect( item( bot.id, await list( ben, 'list=bot' ) ) ).toEqual(
		expect.objectContaining( {
			visitorName: 'Léa (ACME)',
			unanswered: false,
		} )
	);
	expect( live.counts ).toEqual( { live: 2, closed: 1, bot: 1 } );
	expect( ( await list( anna, 'list=live&filter=mine' ) ).counts ).toEqual( {
		live: 1,
		closed: 0,
		bot: 0,
	} );
	expect(
		( await list( anna, 'list=live&filter=unassigned' ) ).counts
	).toEqual( { live: 1, closed: 1, bot: 1 } );
	// Unread for Ben: the waiting one and the closed one (the bot's replies do not count as answers).
	expect(
		( await list( ben, 'list=live&filter=unread' ) ).conversations.map(
			( x: any ) => x.id
		)
	).toEqual( [ waiting.id ] );

	const summary = async () =>
		( await c.call( 'GET', '/v1/inbox/summary', { token: ben } ) ).body;
	expect( await summary() ).toEqual( {
		toHandle: 1,
		countedAt: expect.any( Number ),
	} );
	await c.say( answered.token, answered.id, 'And delivery?' );
	expect( await summary() ).toEqual( {
		toHandle: 2,
		countedAt: expect.any( Number ),
	} );
	await waitFor(
		() =>
			onInbox.events.find(
				( e ) => e.event === 'inbox-summary' && e.data.toHandle === 2
			),
		3000,
		'inbox-summary'
	);
	await c.patch( ben, waiting.id, { type: 'close' } );
	expect( await summary() ).toEqual( {
		toHandle: 1,
		countedAt: expect.any( Number ),
	} );
	await waitFor(
		() =>
			onInbox.events
				.filter( ( e ) => e.event === 'inbox-summary' )
				.at( -1 )?.data.toHandle === 1,
		3000,
		'summary down'
	);

	expect(
		( await c.call( 'GET', '/v1/inbox/summary', { token: waiting.token } ) )
			.status
	).toBe( 403 );
	expect(
		( await c.call( 'GET', '/v1/advisors', { token: waiting.token } ) )
			.status
	).toBe( 403 );
	const colleagues = (
		await c.call( 'GET', '/v1/advisors', { token: anna } )
	).body.advisors;
	expect( colleagues.map( ( a: any ) => a.id ) ).toEqual( [ '11', '12' ] );
	const other = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Elsewhere',
	} );
	expect(
		await (
			await c.call( 'GET', '/v1/inbox/summary', {
				token: await advisorToken( other, '11' ),
			} )
		).body
	).toEqual( { toHandle: 0, countedAt: expect.any( Number ) } );
	expect(
		( await list( await advisorToken( other, '11' ) ) ).conversations
	).toEqual( [] );
	expect(
		(
			await c.call( 'GET', '/v1/advisors', {
				token: await advisorToken( other, '11' ),
			} )
		).body.advisors.map( ( a: any ) => a.id )
	).toEqual( [ '11' ] );
} );

it( 'reads a 5,000-message history backwards, page by page, without gaps', async () => {
	const anna = await advisorToken( h.site, '21' );
	const v = await conversation( h.site, 'live' );
	// Written straight to the store: 5,000 published events would only slow the test down.
	const now = new Date().toISOString();
	const rows = Array.from( { length: 5000 }, ( _, i ) => ( {
		id: `m_${ v.id }_${ i + 1 }`,
		conversation_id: v.id,
		seq: i + 1,
		kind: 'text',
		author_type: i % 2 ? 'advisor' : 'visitor',
		text: `m${ i + 1 }`,
		created_at: now,
	} ) );
	await h.ctx.db.batchInsert( 'messages', rows, 500 );
	await h.ctx
		.db( 'conversations' )
		.where( { id: v.id } )
		.update( { last_seq: 5000 } );
	const seen: number[] = [];
	let before = 5001;
	let pages = 0;
	for (;;) {
		const page = (
			await c.call(
				'GET',
				`/v1/conversations/${ v.id }/messages?before=${ before }&limit=200`,
				{ token: anna }
			)
		).body;
		pages++;
		const seqs = page.messages.map( ( m: any ) => m.seq );
		expect( seqs ).toEqual( [ ...seqs ].sort( ( a, b ) => a - b ) ); // each page in seq order
		seen.unshift( ...seqs );
		if ( ! page.hasMore ) {
			break;
		}
		before = seqs[ 0 ];
	}
	expect( pages ).toBe( 25 );
	expect( seen ).toEqual( Array.from( { length: 5000 }, ( _, i ) => i + 1 ) );
	const both = await c.call(
		'GET',
		`/v1/conversations/${ v.id }/messages?before=10&after=2`,
		{ token: anna }
	);
	expect( both.status ).toBe( 400 );
	expect( both.body.error.message ).toBe(
		'Use after (catch-up) or before (older history), not both.'
	);
	expect(
		(
			await c.call(
				'GET',
				`/v1/conversations/${ v.id }/messages?before=0`,
				{ token: anna }
			)
		).status
	).toBe( 400 );
	expect(
		(
			await c.call(
				'GET',
				`/v1/conversations/${ v.id }/messages?before=x`,
				{ token: anna }
			)
		).status
	).toBe( 400 );
} );

it( 'keeps per-site settings: everyone reads, managers write, templates and canned responses are checked', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Settings site',
	} );
	const anna = await advisorToken( site, '31', { name: 'Anna' } );
	const boss = await advisorToken( site, '32', {
		name: 'Boss',
		manage: true,
	} );
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( site.id )
	);
	const get = async ( token: string ) =>
		c.call( 'GET', '/v1/settings', { token } );
	const put = ( token: string, body: unknown ) =>
		c.call( 'PUT', '/v1/settings', { token, body } );
	expect( ( await get( anna ) ).body ).toEqual( {
		settings: {
			pseudonymTemplate: '{{PRENOM}} ({{SOCIETE}})',
			cannedResponses: [],
			ratingEnabled: true,
			retentionDays: 0,
			hours: DEFAULT_HOURS,
		},
		updatedAt: null,
	} );
	const denied = await put( anna, { pseudonymTemplate: '{{EMAIL}}' } );
	expect( denied.status ).toBe( 403 );
	expect( denied.body.error.message ).toBe(
		'Only site managers may change the inbox settings.'
	);

	const saved = await put( boss, {
		pseudonymTemplate: '{{SOCIETE}} – {{PRENOM}}',
		retentionDays: 90,
		cannedResponses: [
			{ id: 'hi', shortcut: 'hello', text: 'Hello! How can I help?' },
		],
	} );
	expect( saved.status ).toBe( 200 );
	expect( saved.body.updatedAt ).toEqual( expect.any( String ) );
	// Every inbox of the site hears of it (a hint: names and canned responses are read over HTTP).
	const hint = await waitFor(
		() => onInbox.events.find( ( e ) => e.event === 'settings-updated' ),
		3000,
		'settings-updated'
	);
	expect( hint.data ).toEqual( { updatedAt: saved.body.updatedAt } );
	// Omitted fields keep their value.
	const partial = await put( boss, {
		pseudonymTemplate: '{{SOCIETE}} – {{PRENOM}} ',
	} );
	expect( partial.body.settings ).toEqual( {
		pseudonymTemplate: '{{SOCIETE}} – {{PRENOM}}',
		cannedResponses: [
			{ id: 'hi', shortcut: 'hello', text: 'Hello! How can I help?' },
		],
		ratingEnabled: true,
		retentionDays: 90,
		hours: DEFAULT_HOURS,
	} );
	const v = await conversation( site, 'bot', [ 'Léa' ] );
	expect( ( await c.conversation( anna, v.id ) ).visitorName ).toBe( 'Léa' );

	const bad: Array< [ unknown, RegExp ] > = [
		[ { pseudonymTemplate: '{prenom}' }, /use \{\{VARIABLE\}\}/ ],
		[ { pseudonymTemplate: 'x'.repeat( 201 ) }, /limited to 200/ ],
		[ { retentionDays: -1 }, /retentionDays: 0 \(keep\) or more/ ],
		[ { retentionDays: 1.5 }, /retentionDays: a whole number of days/ ],
		[ { retentionDays: 3651 }, /retentionDays: at most 3650 days/ ],
		[
			{
				cannedResponses: [
					{ id: 'a', shortcut: 'Not a slug', text: 'x' },
				],
			},
			/^cannedResponses\.0\.shortcut/,
		],
		[
			{
				cannedResponses: [
					{ id: 'a', shortcut: 'a', text: 'x' },
					{ id: 'a', shortcut: 'b', text: 'y' },
				],
			},
			/duplicate id "a"/,
		],
		[
			{
				cannedResponses: Array.from( { length: 201 }, ( _, i ) => ( {
					id: `r${ i }`,
					shortcut: `s${ i }`,
					text: 'x',
				} ) ),
			},
			/at most 200/,
		],
		[ { theme: 'dark' }, /theme|unrecognized/i ],
	];
	for ( const [ body, message ] of bad ) {
		const res = await put( boss, body );
		expect( res.status ).toBe( 400 );
		expect( res.body.error.message ).toMatch( message );
	}
	// Refused writes and the manager-only refusal published nothing.
	expect(
		onInbox.events.filter( ( e ) => e.event === 'settings-updated' )
	).toHaveLength( 2 );
	expect( ( await get( anna ) ).body.settings.pseudonymTemplate ).toBe(
		'{{SOCIETE}} – {{PRENOM}}'
	);
	expect( ( await get( v.token ) ).status ).toBe( 403 );
	expect(
		( await get( await advisorToken( h.site, '31' ) ) ).body.updatedAt
	).toBeNull(); // another site's own settings
} );
