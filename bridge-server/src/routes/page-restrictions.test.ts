/**
 * Page restrictions and the Chatbot-list option bound what an advisor receives, over HTTP
 * and over realtime: an advisor restricted to page A never receives anything of a
 * conversation started on page B — asserted on the raw frames of their socket.
 */
import {
	advisorInboxChannel,
	conversationChannel,
	inboxChannel,
} from '@handoff-chat/contracts';
import { advisorToken } from '../test-utils/harness';
import { rawSocket } from '../test-utils/raw-socket';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

const PAGE_A = 'https://shop.example/delivery/';
const PAGE_B = 'https://shop.example/careers/jobs?ref=nav';

async function startOn(
	siteId: string,
	pageUrl: string,
	mode: 'live' | 'bot' = 'live',
	says = 'Hello'
) {
	const v = await c.visitor( siteId );
	const id = ( await c.start( v.token, { mode, pageUrl } ) ).body.conversation
		.id as string;
	if ( says ) {
		expect( ( await c.say( v.token, id, says ) ).status ).toBe( 201 );
	}
	return { ...v, id };
}

it( 'an advisor restricted to page A receives nothing of page B, over HTTP or realtime', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Restricted',
		url: null,
	} );
	const manager = await advisorToken( site, '1', { manage: true } );
	const rita = await advisorToken( site, '5', { name: 'Rita' } );
	const restricted = await c.call( 'PATCH', '/v1/advisors/5', {
		token: manager,
		body: {
			pages: {
				mode: 'some',
				pages: [
					{
						id: 12,
						url: 'https://shop.example/delivery',
						title: 'Delivery',
					},
				],
				prefixes: [ '/help/' ],
			},
		},
	} );
	expect( restricted.status ).toBe( 200 );

	// Her socket may not take the site's inbox channel; her own carries her conversations.
	const socket = await rawSocket( h, rita );
	expect( await socket.subscribe( inboxChannel( site.id ) ) ).toBe( 403 );
	expect(
		await socket.subscribe( advisorInboxChannel( site.id, '1' ) )
	).toBe( 403 );
	expect(
		await socket.subscribe( advisorInboxChannel( site.id, '5' ) )
	).toBe( 'ok' );

	const b = await startOn( site.id, PAGE_B, 'live', 'Secret B text' );
	expect(
		await socket.subscribe( conversationChannel( site.id, b.id ) )
	).toBe( 403 );
	const a = await startOn( site.id, PAGE_A, 'live', 'Question about page A' );
	const help = await startOn(
		site.id,
		'https://shop.example/help/returns/',
		'live',
		'Help page'
	);
	await c.note( manager, b.id, 'Note on B' );
	await c.call( 'POST', `/v1/conversations/${ b.id }/typing`, {
		token: b.token,
		body: {},
	} );
	await c.say( manager, b.id, 'Answer on B' );
	await h.ctx.services.events.idle();
	await socket.sync();

	const frames = socket.frames.join( '\n' );
	expect( frames ).toContain( a.id );
	expect( frames ).toContain( help.id );
	expect( frames ).not.toContain( b.id );
	expect( frames ).not.toMatch( /Secret B text|Answer on B|careers/ );
	// The menu count on her channel counts her pages only (two waiting: A and /help/).
	const summaries = socket.frames
		.map( ( f ) => JSON.parse( f ) )
		.filter( ( f ) => f.event === 'inbox-summary' );
	expect( JSON.parse( summaries[ summaries.length - 1 ].data ) ).toEqual( {
		toHandle: 2,
		countedAt: expect.any( Number ),
	} );

	// HTTP: lists, counts, the summary, search, the conversation and its parts.
	const list = (
		await c.call( 'GET', '/v1/inbox?list=live', { token: rita } )
	).body;
	expect( list.conversations.map( ( x: any ) => x.id ).sort() ).toEqual(
		[ a.id, help.id ].sort()
	);
	expect( list.counts.live ).toBe( 2 );
	expect(
		( await c.call( 'GET', '/v1/inbox/summary', { token: rita } ) ).body
	).toEqual( { toHandle: 2, countedAt: expect.any( Number ) } );
	// The manager, with all pages, also counts a visitor waiting on another page.
	await startOn( site.id, 'https://shop.example/about/' );
	expect(
		( await c.call( 'GET', '/v1/inbox/summary', { token: manager } ) ).body
	).toEqual( { toHandle: 3, countedAt: expect.any( Number ) } );
	const search = ( await c.call( 'GET', '/v1/search?q=B', { token: rita } ) )
		.body;
	expect( JSON.stringify( search ) ).not.toContain( b.id );
	for ( const path of [ '', '/messages', '/visitor', '/variables' ] ) {
		expect(
			(
				await c.call( 'GET', `/v1/conversations/${ b.id }${ path }`, {
					token: rita,
				} )
			).status
		).toBe( 404 );
	}
	expect( ( await c.say( rita, b.id, 'Can I?' ) ).status ).toBe( 404 );
	// Nobody can hand her a conversation from another page.
	const assign = await c.patch( manager, b.id, {
		type: 'assign',
		advisorId: '5',
	} );
	expect( assign.status ).toBe( 409 );
	expect( assign.body.error.message ).toMatch(
		/Rita does not receive conversations from this page/
	);
	expect(
		( await c.patch( manager, a.id, { type: 'assign', advisorId: '5' } ) )
			.status
	).toBe( 200 );
	socket.close();
} );

it( 'an advisor without the Chatbot option has no Chatbot list and no bot-phase events', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'No bot list',
		url: null,
	} );
	const manager = await advisorToken( site, '1', { manage: true } );
	const nina = await advisorToken( site, '6', { name: 'Nina' } );
	await c.call( 'PATCH', '/v1/advisors/6', {
		token: manager,
		body: { showBotConversations: false },
	} );
	const socket = await rawSocket( h, nina );
	expect( await socket.subscribe( inboxChannel( site.id ) ) ).toBe( 403 );
	expect(
		await socket.subscribe( advisorInboxChannel( site.id, '6' ) )
	).toBe( 'ok' );

	const bot = await startOn( site.id, PAGE_A, 'bot', 'Léa' );
	await h.ctx.services.events.idle();
	await socket.sync();
	expect( socket.frames.join( '\n' ) ).not.toContain( bot.id );
	const botList = (
		await c.call( 'GET', '/v1/inbox?list=bot', { token: nina } )
	).body;
	expect( botList.conversations ).toEqual( [] );
	expect( botList.counts.bot ).toBe( 0 );
	expect(
		( await c.call( 'GET', '/v1/inbox?list=bot', { token: manager } ) ).body
			.conversations
	).toHaveLength( 1 );

	// Once the visitor asks for a human, the conversation is hers to see.
	expect(
		( await c.act( bot.token, bot.id, { type: 'request_human' } ) ).status
	).toBe( 201 );
	await h.ctx.services.events.idle();
	await socket.sync();
	expect( socket.frames.join( '\n' ) ).toContain( bot.id );
	socket.close();
} );
