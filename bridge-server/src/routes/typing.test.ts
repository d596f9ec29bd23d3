/** Typing indicators both ways and the visitor's read receipts, with pusher-js listeners. */
import {
	conversationChannel,
	EVENTS,
	inboxChannel,
} from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

async function live() {
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	return { ...v, id };
}

it( 'sends advisor typing to the visitor and visitor typing to the inbox, at most once per 2 s each', async () => {
	const anna = await advisorToken( h.site, '11', { name: 'Anna' } );
	const v = await live();
	const onVisitor = await c.listen(
		c.connect( v.token ),
		conversationChannel( h.site.id, v.id )
	);
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( h.site.id )
	);
	const typing = ( token: string, body: unknown = {} ) =>
		c.call( 'POST', `/v1/conversations/${ v.id }/typing`, { token, body } );

	expect( ( await typing( anna ) ).body ).toEqual( { sent: true } );
	expect( ( await typing( anna ) ).body ).toEqual( { sent: false } ); // throttled
	expect( ( await typing( v.token ) ).body ).toEqual( { sent: true } );
	const fromAdvisor = await waitFor(
		() => onVisitor.events.find( ( e ) => e.event === 'typing' ),
		3000,
		'advisor typing'
	);
	expect( fromAdvisor.data ).toEqual( {
		conversationId: v.id,
		by: 'advisor',
		name: 'Anna',
	} );
	const fromVisitor = await waitFor(
		() => onInbox.events.find( ( e ) => e.event === 'typing' ),
		3000,
		'visitor typing'
	);
	expect( fromVisitor.data ).toEqual( {
		conversationId: v.id,
		by: 'visitor',
	} );
	// A message is the marker: each channel receives its events in order, so once the marker
	// is in, a second typing event would be in too (waited for, not slept through).
	await c.say( v.token, v.id, 'marker' );
	for ( const channel of [ onVisitor, onInbox ] ) {
		await waitFor(
			() =>
				channel.events.some(
					( e ) => e.event === EVENTS.messageCreated
				),
			3000,
			'the marker message'
		);
	}
	expect(
		onVisitor.events.filter( ( e ) => e.event === 'typing' )
	).toHaveLength( 1 );
	expect(
		onInbox.events.filter( ( e ) => e.event === 'typing' )
	).toHaveLength( 1 );

	expect( ( await typing( anna, { text: 'x' } ) ).status ).toBe( 400 );
	expect( ( await typing( ( await c.visitor() ).token ) ).status ).toBe(
		404
	);
	await c.patch( anna, v.id, { type: 'close' } );
	expect(
		( await typing( await advisorToken( h.site, '12' ) ) ).status
	).toBe( 409 );
} );

it( 'stores the visitor’s read receipts and tells the advisors, without moving the inbox order', async () => {
	const anna = await advisorToken( h.site, '21', { name: 'Anna' } );
	const v = await live();
	await c.say( v.token, v.id, 'Hi' );
	await c.say( anna, v.id, 'Hello!' );
	await c.say( anna, v.id, 'How can I help?' );
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( h.site.id )
	);
	const read = ( token: string, body: unknown ) =>
		c.call( 'POST', `/v1/conversations/${ v.id }/read`, { token, body } );
	const before = await c.conversation( anna, v.id );
	expect( before.visitorLastReadSeq ).toBe( 0 );

	const res = await read( v.token, { seq: 2 } );
	expect( res.status ).toBe( 200 );
	expect( res.body.conversation ).toEqual(
		expect.objectContaining( {
			visitorLastReadSeq: 2,
			updatedAt: before.updatedAt,
		} )
	);
	const seen = await waitFor(
		() =>
			onInbox.events.find(
				( e ) =>
					e.event === 'conversation-updated' &&
					e.data.conversation.visitorLastReadSeq === 2
			),
		3000,
		'read receipt'
	);
	expect( seen.data.conversation.id ).toBe( v.id );
	// Capped at the last seq, never moves back, and an unchanged receipt publishes nothing.
	expect(
		( await read( v.token, { seq: 99 } ) ).body.conversation
			.visitorLastReadSeq
	).toBe( 3 );
	expect(
		( await read( v.token, { seq: 1 } ) ).body.conversation
			.visitorLastReadSeq
	).toBe( 3 );
	// The visitor's typing is the marker on the inbox channel, which receives its events in order.
	await c.call( 'POST', `/v1/conversations/${ v.id }/typing`, {
		token: v.token,
		body: {},
	} );
	await waitFor(
		() => onInbox.events.some( ( e ) => e.event === EVENTS.typing ),
		3000,
		'the marker typing event'
	);
	expect(
		onInbox.events.filter( ( e ) => e.event === 'conversation-updated' )
	).toHaveLength( 2 );
	expect( await c.conversation( anna, v.id ) ).toEqual(
		expect.objectContaining( {
			visitorLastReadSeq: 3,
			updatedAt: before.updatedAt,
		} )
	);

	expect( ( await read( anna, { seq: 3 } ) ).status ).toBe( 403 );
	expect(
		( await read( ( await c.visitor() ).token, { seq: 3 } ) ).status
	).toBe( 404 );
	for ( const body of [ {}, { seq: -1 }, { seq: 1.5 }, { seq: '2' } ] ) {
		const bad = await read( v.token, body );
		expect( bad.status ).toBe( 400 );
		expect( bad.body.error.message ).toMatch( /^seq: / );
	}
} );

it( 'tells the visitor how far the advisors have read, per conversation: on their channel only, and in GET', async () => {
	const anna = await advisorToken( h.site, '31', { name: 'Anna' } );
	const bob = await advisorToken( h.site, '32', { name: 'Bob' } );
	const v = await live();
	await c.say( v.token, v.id, 'Hi' );
	await c.say( v.token, v.id, 'Anyone there?' );
	const onVisitor = await c.listen(
		c.connect( v.token ),
		conversationChannel( h.site.id, v.id )
	);
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( h.site.id )
	);
	const before = await c.conversation( v.token, v.id );
	expect( before.advisorsLastReadSeq ).toBe( 0 );
	const reads = () =>
		onVisitor.events
			.filter( ( e ) => e.event === 'advisors-read' )
			.map( ( e ) => e.data );

	expect(
		( await c.patch( anna, v.id, { type: 'read', seq: 1 } ) ).status
	).toBe( 200 );
	// Not further than Anna: nothing to tell. Past her (capped at the last seq): told.
	await c.patch( bob, v.id, { type: 'read', seq: 1 } );
	await c.patch( bob, v.id, { type: 'read', seq: 99 } );
	await waitFor( () => reads().length === 2, 3000, 'advisors read' );
	expect( reads() ).toEqual( [
		{ conversationId: v.id, advisorsLastReadSeq: 1 },
		{ conversationId: v.id, advisorsLastReadSeq: 2 },
	] );
	// A reload shows it; the inbox order does not move.
	for ( const path of [
		`/v1/conversations/${ v.id }`,
		'/v1/conversations/current',
	] ) {
		expect(
			( await c.call( 'GET', path, { token: v.token } ) ).body
				.conversation
		).toEqual(
			expect.objectContaining( {
				advisorsLastReadSeq: 2,
				updatedAt: before.updatedAt,
			} )
		);
	}
	// The inbox keeps each advisor's own read state: the event never goes there.
	await c.call( 'POST', `/v1/conversations/${ v.id }/typing`, {
		token: v.token,
	} );
	await waitFor(
		() => onInbox.events.some( ( e ) => e.event === 'typing' ),
		3000,
		'visitor typing'
	);
	expect(
		onInbox.events.filter( ( e ) => e.event === 'advisors-read' )
	).toEqual( [] );

	// A reply reads the thread up to itself: its conversation-updated says so.
	const reply = await c.say( anna, v.id, 'Hello!' );
	expect( reply.status ).toBe( 201 );
	const replySeq: number = reply.body.message.seq;
	await waitFor(
		() =>
			onVisitor.events.find(
				( e ) =>
					e.event === 'conversation-updated' &&
					e.data.conversation.advisorsLastReadSeq === replySeq
			),
		3000,
		'reply read'
	);
	await c.say( v.token, v.id, 'Thanks' );
	expect(
		( await c.conversation( v.token, v.id ) ).advisorsLastReadSeq
	).toBe( replySeq );
} );
