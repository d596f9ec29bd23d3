/**
 * The inbox counters (migration 20261205D) against a full recount: many mixed operations —
 * sends, replies, takes, assignments, closes, reopens, back to the bot, reads — on
 * conversations of several pages, then every advisor's summary and per-list counts (each
 * filter) compared with the queries the inbox ran before (kept here as the oracle), for an
 * advisor who sees everything, one restricted to some pages, and one without the Chatbot list;
 * and every list's rows, page by page, with those the same queries select (the `unread` rows
 * are stored per advisor, migration 20261205F).
 */
import type { Knex } from 'knex';
import type { PageRestriction } from '@handoff-chat/contracts';
import { restrictToPages } from './access';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

const PAGES = [
	'https://shop.example/delivery/',
	'https://shop.example/help/returns/',
	'https://shop.example/careers/',
	null,
];
const RESTRICTION: PageRestriction = {
	mode: 'some',
	pages: [ { id: 1, url: 'https://shop.example/delivery', title: 'D' } ],
	prefixes: [ '/help/' ],
};

/** The recount the inbox used to run: the oracle. */
function oracle(
	db: Knex,
	siteId: string,
	advisorId: string,
	pages: PageRestriction,
	showBot: boolean
) {
	const filtered = ( filter: string ) => {
		const q = db( 'conversations as c' ).where( 'c.site_id', siteId );
		restrictToPages( q, pages );
		if ( filter === 'unassigned' ) {
			q.whereNull( 'c.assigned_advisor_id' );
		} else if ( filter === 'mine' ) {
			q.where( 'c.assigned_advisor_id', advisorId );
		} else if ( filter === 'unread' ) {
			q.leftJoin( 'conversation_reads as r', ( j ) =>
				j
					.on( 'r.conversation_id', '=', 'c.id' )
					.andOnVal( 'r.advisor_id', '=', advisorId )
			)
				.whereRaw( 'c.last_visitor_seq > c.last_advisor_seq' )
				.andWhereRaw(
					'COALESCE(r.last_read_seq, 0) < c.last_visitor_seq'
				);
		}
		return q;
	};
	return {
		/** Ids of one list under `filter`, in the inbox's order. */
		async ids( list: string, filter: string ): Promise< string[] > {
			if ( list === 'bot' && ! showBot ) {
				return [];
			}
			return filtered( filter )
				.where( 'c.inbox_list', list )
				.orderBy( [
					{ column: 'c.updated_at', order: 'desc' },
					{ column: 'c.id', order: 'desc' },
				] )
				.pluck( 'c.id' );
		},
		async counts( filter: string ) {
			const rows: any[] = await filtered( filter )
				.select( { list: 'c.inbox_list' } )
				.count( { n: '*' } )
				.groupBy( 'c.inbox_list' );
			const by = ( l: string ) =>
				Number( rows.find( ( r ) => r.list === l )?.n ?? 0 );
			return {
				live: by( 'live' ),
				closed: by( 'closed' ),
				bot: showBot ? by( 'bot' ) : 0,
			};
		},
		async toHandle() {
			const q = db( 'conversations as c' )
				.where( { 'c.site_id': siteId, 'c.inbox_list': 'live' } )
				.andWhere( ( w ) =>
					w
						.where( 'c.state', 'waiting' )
						.orWhereRaw( 'c.last_visitor_seq > c.last_advisor_seq' )
				);
			restrictToPages( q, pages );
			const [ row ] = await q.count( { n: '*' } );
			return Number( row?.n ?? 0 );
		},
	};
}

/** A deterministic sequence, so a failure replays the same operations. */
function random( seed: number ) {
	return () => {
		seed = ( seed * 1103515245 + 12345 ) % 2147483648;
		return seed / 2147483648;
	};
}

it( 'keeps every count equal to a full recount through many mixed operations', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Counted',
		url: null,
	} );
	const manager = await advisorToken( site, '1', {
		manage: true,
		name: 'Max',
	} );
	const anna = await advisorToken( site, '2', { name: 'Anna' } );
	const rita = await advisorToken( site, '3', { name: 'Rita' } );
	const nobot = await advisorToken( site, '4', { name: 'Noé' } );
	expect(
		(
			await c.call( 'PATCH', '/v1/advisors/3', {
				token: manager,
				body: { pages: RESTRICTION },
			} )
		).status
	).toBe( 200 );
	expect(
		(
			await c.call( 'PATCH', '/v1/advisors/4', {
				token: manager,
				body: { showBotConversations: false },
			} )
		).status
	).toBe( 200 );
	const advisors = [
		{ id: '1', token: manager },
		{ id: '2', token: anna },
		{ id: '3', token: rita },
		{ id: '4', token: nobot },
	];

	const rnd = random( 11 );
	const pick = < T >( xs: T[] ) => xs[ Math.floor( rnd() * xs.length ) ];
	const conversations: Array< { id: string; token: string } > = [];
	const patch = ( token: string, id: string, body: object ) =>
		c.call( 'PATCH', `/v1/conversations/${ id }`, { token, body } );

	for ( let step = 0; step < 160; step++ ) {
		const op = conversations.length < 4 ? 0 : Math.floor( rnd() * 9 );
		if ( op === 0 ) {
			const v = await c.visitor( site.id );
			const page = pick( PAGES );
			const started = await c.start( v.token, {
				mode: pick( [ 'bot', 'live' ] ),
				...( page ? { pageUrl: page } : {} ),
			} );
			expect( started.status ).toBe( 201 );
			conversations.push( {
				id: started.body.conversation.id,
				token: v.token,
			} );
			continue;
		}
		const conv = pick( conversations );
		const a = pick( advisors );
		// Refusals (a closed conversation, a page the advisor may not see…) are part of the mix.
		if ( op <= 2 ) {
			await c.say( conv.token, conv.id, `visitor ${ step }` );
		} else if ( op === 3 ) {
			await c.say( a.token, conv.id, `advisor ${ step }` );
		} else if ( op === 4 ) {
			await patch( a.token, conv.id, { type: 'take' } );
		} else if ( op === 5 ) {
			await patch( a.token, conv.id, {
				type: pick( [ 'close', 'reopen' ] ),
			} );
		} else if ( op === 6 ) {
			await patch( a.token, conv.id, {
				type: 'assign',
				advisorId: pick( [ null, '1', '2', '3' ] ),
			} );
		} else if ( op === 7 ) {
			await c.act( conv.token, conv.id, {
				type: pick( [ 'back_to_bot', 'request_human' ] ),
			} );
		} else {
			await patch( a.token, conv.id, {
				type: 'read',
				seq: Math.floor( rnd() * 8 ),
			} );
		}
	}

	const states = await h.ctx
		.db( 'conversations' )
		.where( 'site_id', site.id )
		.pluck( 'state' );
	// The mix reached every list.
	expect( new Set( states ) ).toEqual(
		new Set( [ 'bot', 'waiting', 'live', 'closed' ] )
	);

	for ( const a of advisors ) {
		const scope = await h.ctx.services.access.scope( {
			role: 'advisor',
			siteId: site.id,
			advisorId: a.id,
		} as any );
		const expected = oracle(
			h.ctx.db,
			site.id,
			a.id,
			scope.pages,
			scope.showBot
		);
		const summary = await c.call( 'GET', '/v1/inbox/summary', {
			token: a.token,
		} );
		expect( summary.body ).toEqual( {
			toHandle: await expected.toHandle(),
			countedAt: expect.any( Number ),
		} );
		for ( const filter of [ 'all', 'unassigned', 'mine', 'unread' ] ) {
			const page = await c.call(
				'GET',
				`/v1/inbox?list=live&filter=${ filter }`,
				{
					token: a.token,
				}
			);
			expect( {
				advisor: a.id,
				filter,
				counts: page.body.counts,
			} ).toEqual( {
				advisor: a.id,
				filter,
				counts: await expected.counts( filter ),
			} );
			// Each list's rows, page after page, are the oracle's (unread: stored per advisor, 20261205F).
			for ( const list of [ 'live', 'closed', 'bot' ] ) {
				const ids: string[] = [];
				let cursor = '';
				do {
					const res = await c.call(
						'GET',
						`/v1/inbox?list=${ list }&filter=${ filter }&limit=7${
							cursor ? `&cursor=${ cursor }` : ''
						}`,
						{ token: a.token }
					);
					expect( res.status ).toBe( 200 );
					ids.push(
						...res.body.conversations.map(
							( x: { id: string } ) => x.id
						)
					);
					cursor = res.body.nextCursor ?? '';
				} while ( cursor );
				expect( { advisor: a.id, list, filter, ids } ).toEqual( {
					advisor: a.id,
					list,
					filter,
					ids: await expected.ids( list, filter ),
				} );
			}
		}
	}
	// The restricted advisor's counts are really restricted.
	const everything = oracle( h.ctx.db, site.id, '3', { mode: 'all' }, true );
	const restricted = oracle( h.ctx.db, site.id, '3', RESTRICTION, true );
	expect( await restricted.counts( 'all' ) ).not.toEqual(
		await everything.counts( 'all' )
	);
}, 120_000 );
