/**
 * PATCH /v1/conversations/:id through createApp() on sqlite3 with pusher-js listeners:
 * take, assign, unassign, close, reopen and per-advisor read state.
 */
import {
	conversationChannel,
	inboxChannel,
	type Message,
} from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import type { Site } from '../services/sites';

const { h, c } = setUpBridge();

/** A live-chat conversation in which the visitor asked something. */
async function waitingConversation( site: Pick< Site, 'id' > = h.site ) {
	const v = await c.visitor( site.id );
	const started = await c.start( v.token, { mode: 'live' } );
	const id = started.body.conversation.id as string;
	expect( ( await c.say( v.token, id, 'Hello, anyone?' ) ).status ).toBe(
		201
	);
	return { ...v, id };
}

const events = ( ms: Message[] ) =>
	ms
		.filter( ( m ) => m.kind === 'event' )
		.map( ( m ) => [
			m.author.type,
			m.meta?.event,
			m.meta?.assignee?.name ?? null,
			m.meta?.actor?.name,
		] );

it( 'takes, reassigns, unassigns, closes and reopens, each as an event in seq order, published on both channels', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Patch site',
	} );
	const anna = await advisorToken( site, '11', { name: 'Anna' } );
	const ben = await advisorToken( site, '12', { name: 'Ben' } );
	expect(
		( await c.call( 'GET', '/v1/inbox', { token: ben } ) ).status
	).toBe( 200 ); // the bridge now knows Ben
	const v = await waitingConversation( site );
	const onVisitor = await c.listen(
		c.connect( v.token ),
		conversationChannel( site.id, v.id )
	);
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( site.id )
	);

	const took = await c.patch( anna, v.id, { type: 'take' } );
	expect( took.status ).toBe( 200 );
	expect( took.body.conversation ).toEqual(
		expect.objectContaining( {
			state: 'live',
			assignedAdvisorId: '11',
			assignedAdvisor: { id: '11', name: 'Anna', avatar: null },
		} )
	);
	const again = await c.patch( anna, v.id, { type: 'take' } );
	expect( again.status ).toBe( 409 );
	expect( again.body.error.message ).toBe(
		'You already have this conversation.'
	);

	const toBen = await c.patch( anna, v.id, {
		type: 'assign',
		advisorId: '12',
	} );
	expect( toBen.body.conversation ).toEqual(
		expect.objectContaining( { state: 'live', assignedAdvisorId: '12' } )
	);
	expect( toBen.body.conversation.assignedAdvisor.name ).toBe( 'Ben' );
	expect(
		( await c.patch( anna, v.id, { type: 'assign', advisorId: '12' } ) )
			.body.error.message
	).toBe( 'This conversation is already assigned to Ben.' );

	const nobody = await c.patch( ben, v.id, {
		type: 'assign',
		advisorId: null,
	} );
	expect( nobody.body.conversation ).toEqual(
		expect.objectContaining( {
			state: 'waiting',
			assignedAdvisorId: null,
			assignedAdvisor: null,
		} )
	);
	expect(
		( await c.patch( ben, v.id, { type: 'assign', advisorId: null } ) )
			.status
	).toBe( 409 );

	expect(
		( await c.patch( anna, v.id, { type: 'close' } ) ).body.conversation
			.state
	).toBe( 'closed' );
	const twice = await c.patch( anna, v.id, { type: 'close' } );
	expect( twice.status ).toBe( 409 );
	expect( twice.body.error ).toEqual( {
		code: 'conflict',
		message: 'This conversation is already closed.',
	} );
	expect(
		( await c.patch( anna, v.id, { type: 'take' } ) ).body.error.message
	).toBe( 'This conversation is closed. Reopen it first.' );
	expect( ( await c.say( anna, v.id, 'late reply' ) ).status ).toBe( 409 );

	// Unassigned: back to the queue.
	expect(
		( await c.patch( ben, v.id, { type: 'reopen' } ) ).body.conversation
			.state
	).toBe( 'waiting' );
	const open = await c.patch( ben, v.id, { type: 'reopen' } );
	expect( open.status ).toBe( 409 );
	expect( open.body.error.message ).toMatch( /not closed/ );

	const all = await c.messages( anna, v.id );
	expect( all.map( ( m ) => m.seq ) ).toEqual( all.map( ( _, i ) => i + 1 ) );
	expect( events( all ) ).toEqual( [
		[ 'system', 'assigned', 'Anna', 'Anna' ],
		[ 'system', 'assigned', 'Ben', 'Anna' ],
		[ 'system', 'unassigned', null, 'Ben' ],
		[ 'system', 'closed', null, 'Anna' ],
		[ 'system', 'reopened', null, 'Ben' ],
	] );
	// Events never count as answers: the visitor's question is still unanswered.
	const view = (
		await c.call( 'GET', `/v1/conversations/${ v.id }`, { token: anna } )
	).body.conversation;
	expect( view ).toEqual(
		expect.objectContaining( {
			unanswered: true,
			lastMessagePreview: 'Hello, anyone?',
		} )
	);

	const states = ( got: { events: Array< { event: string; data: any } > } ) =>
		got.events
			.filter( ( e ) => e.event === 'conversation-updated' )
			.map( ( e ) => e.data.conversation.state );
	for ( const got of [ onVisitor, onInbox ] ) {
		await waitFor(
			() => states( got ).length >= 5,
			3000,
			'conversation-updated'
		);
		expect( states( got ) ).toEqual( [
			'live',
			'live',
			'waiting',
			'closed',
			'waiting',
		] );
	}
	await waitFor(
		() =>
			onVisitor.events.filter( ( e ) => e.data.message?.kind === 'event' )
				.length === 5,
		3000,
		'event messages'
	);
} );

it( 'reopens an assigned conversation as live, and takes one from the chatbot', async () => {
	const anna = await advisorToken( h.site, '21', { name: 'Anna' } );
	const v = await waitingConversation();
	await c.patch( anna, v.id, { type: 'take' } );
	await c.patch( anna, v.id, { type: 'close' } );
	expect(
		( await c.patch( anna, v.id, { type: 'reopen' } ) ).body.conversation
	).toEqual(
		expect.objectContaining( { state: 'live', assignedAdvisorId: '21' } )
	);

	const bot = await c.visitor();
	const botId = ( await c.start( bot.token, { mode: 'bot' } ) ).body
		.conversation.id;
	expect(
		( await c.patch( anna, botId, { type: 'take' } ) ).body.conversation
			.state
	).toBe( 'live' );
} );

it( 'assigns only to a colleague the bridge knows', async () => {
	const anna = await advisorToken( h.site, '31', { name: 'Anna' } );
	const v = await waitingConversation();
	const res = await c.patch( anna, v.id, {
		type: 'assign',
		advisorId: '999',
	} );
	expect( res.status ).toBe( 400 );
	expect( res.body.error.message ).toMatch(
		/"999" is not an advisor of this site/
	);
	// Assigning to oneself needs no prior visit.
	expect(
		( await c.patch( anna, v.id, { type: 'assign', advisorId: '31' } ) )
			.body.conversation.assignedAdvisorId
	).toBe( '31' );
} );

it( 'keeps read state per advisor', async () => {
	const anna = await advisorToken( h.site, '41', { name: 'Anna' } );
	const ben = await advisorToken( h.site, '42', { name: 'Ben' } );
	const v = await waitingConversation();
	const get = async ( token: string ) =>
		( await c.call( 'GET', `/v1/conversations/${ v.id }`, { token } ) ).body
			.conversation;
	expect( ( await get( anna ) ).unread ).toBe( true );
	const read = await c.patch( anna, v.id, { type: 'read', seq: 1000 } );
	expect( read.status ).toBe( 200 );
	expect( read.body.conversation ).toEqual(
		expect.objectContaining( { unread: false, lastReadSeq: 1 } )
	); // capped at the last seq
	expect( ( await get( ben ) ).unread ).toBe( true );
	// Read state never moves back, and is not a message.
	await c.patch( anna, v.id, { type: 'read', seq: 0 } );
	expect( ( await get( anna ) ).lastReadSeq ).toBe( 1 );
	expect( ( await get( anna ) ).lastSeq ).toBe( 1 );
	await c.say( v.token, v.id, 'Still there?' );
	expect( ( await get( anna ) ).unread ).toBe( true );
} );

it( 'refuses other sites, visitors, bad input and unknown ids without changing anything', async () => {
	const v = await waitingConversation();
	const other = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Other',
	} );
	const foreign = await advisorToken( other, '1' );
	const anna = await advisorToken( h.site, '51', { name: 'Anna' } );
	expect( ( await c.patch( foreign, v.id, { type: 'close' } ) ).status ).toBe(
		404
	);
	expect( ( await c.patch( v.token, v.id, { type: 'close' } ) ).status ).toBe(
		403
	);
	expect(
		(
			await c.call( 'PATCH', `/v1/conversations/${ v.id }`, {
				body: { type: 'close' },
			} )
		).status
	).toBe( 401 );
	expect(
		( await c.patch( anna, 'c_nope', { type: 'close' } ) ).status
	).toBe( 404 );
	const bad: Array< [ unknown, RegExp ] > = [
		[
			{ type: 'explode' },
			/type must be one of close, reopen, take, assign, read/,
		],
		[ {}, /type must be one of/ ],
		[ { type: 'assign' }, /advisorId/ ],
		[
			{ type: 'assign', advisorId: '../1' },
			/advisorId must be a WordPress user id/,
		],
		[ { type: 'read', seq: -1 }, /seq/ ],
		[ { type: 'read', seq: '3' }, /seq/ ],
		[ { type: 'close', force: true }, /force|unrecognized/i ],
	];
	for ( const [ body, message ] of bad ) {
		const res = await c.patch(
			anna,
			v.id,
			body as Record< string, unknown >
		);
		expect( res.status ).toBe( 400 );
		expect( res.body.error.message ).toMatch( message );
	}
	const after = await c.conversation( anna, v.id );
	expect( after ).toEqual(
		expect.objectContaining( {
			state: 'waiting',
			assignedAdvisorId: null,
			lastSeq: 1,
		} )
	);
} );
