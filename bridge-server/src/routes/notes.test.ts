/**
 * Private notes: idempotent, in the advisors' view, never on the visitor's channel nor in
 * any visitor response (catch-up, backwards history, current, the conversation itself).
 */
import { conversationChannel, inboxChannel } from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

it( 'keeps notes among advisors, over HTTP and realtime', async () => {
	const anna = await advisorToken( h.site, '11', { name: 'Anna' } );
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	await c.say( v.token, id, 'My order is late' );
	const onVisitor = await c.listen(
		c.connect( v.token ),
		conversationChannel( h.site.id, id )
	);
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( h.site.id )
	);

	const first = await c.note(
		anna,
		id,
		'VIP customer, be nice',
		'note-client-1'
	);
	expect( first.status ).toBe( 201 );
	expect( first.body.message ).toEqual(
		expect.objectContaining( {
			kind: 'note',
			seq: 2,
			text: 'VIP customer, be nice',
			author: { type: 'advisor', id: '11', name: 'Anna' },
		} )
	);
	const retry = await c.note(
		anna,
		id,
		'VIP customer, be nice',
		'note-client-1'
	);
	expect( retry.status ).toBe( 200 );
	expect( retry.body.message.id ).toBe( first.body.message.id );
	await c.say( anna, id, 'Let me check.' );

	// The advisor sees it in order; the preview and the unanswered state ignore it.
	expect( ( await c.messages( anna, id ) ).map( ( m ) => m.kind ) ).toEqual( [
		'text',
		'note',
		'text',
	] );
	const view = (
		await c.call( 'GET', `/v1/conversations/${ id }`, { token: anna } )
	).body.conversation;
	expect( view ).toEqual(
		expect.objectContaining( {
			lastMessagePreview: 'Let me check.',
			unanswered: false,
		} )
	);

	// The visitor: catch-up, backwards history, current, the conversation, realtime.
	expect(
		( await c.messages( v.token, id ) ).map( ( m ) => m.text )
	).toEqual( [ 'My order is late', 'Let me check.' ] );
	const before = await c.call(
		'GET',
		`/v1/conversations/${ id }/messages?before=4&limit=5`,
		{ token: v.token }
	);
	expect( before.body.messages.map( ( m: any ) => m.kind ) ).toEqual( [
		'text',
		'text',
	] );
	const current = (
		await c.call( 'GET', '/v1/conversations/current', { token: v.token } )
	).body;
	const own = (
		await c.call( 'GET', `/v1/conversations/${ id }`, { token: v.token } )
	).body;
	for ( const body of [ current, own, before.body ] ) {
		expect( JSON.stringify( body ) ).not.toMatch( /VIP customer/ );
	}
	const hint = await waitFor(
		() => onInbox.events.find( ( e ) => e.data.kind === 'note' ),
		3000,
		'note hint'
	);
	expect( hint.data ).toEqual( {
		conversationId: id,
		messageId: first.body.message.id,
		seq: 2,
		kind: 'note',
	} );
	await waitFor(
		() =>
			onVisitor.events.find(
				( e ) => e.data.message?.text === 'Let me check.'
			),
		3000,
		'reply'
	);
	expect( JSON.stringify( onVisitor.events ) ).not.toMatch(
		/VIP customer|"note"/
	);
	expect( JSON.stringify( onInbox.events ) ).not.toMatch( /VIP customer/ );

	// A visitor replaying the note's clientId gets a conflict, not the note.
	const stolen = await c.say( v.token, id, 'x', 'note-client-1' );
	expect( stolen.status ).toBe( 409 );
	expect( JSON.stringify( stolen.body ) ).not.toMatch( /VIP/ );
} );

it( 'refuses notes from visitors, other sites and bad input, and allows them on closed conversations', async () => {
	const anna = await advisorToken( h.site, '12', { name: 'Anna' } );
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	const other = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Other',
	} );
	expect( ( await c.note( v.token, id, 'sneaky' ) ).status ).toBe( 403 );
	expect(
		( await c.note( await advisorToken( other, '12' ), id, 'sneaky' ) )
			.status
	).toBe( 404 );
	const empty = await c.note( anna, id, '   ' );
	expect( empty.status ).toBe( 400 );
	expect( empty.body.error.message ).toBe( 'text: text must not be empty' );
	expect( ( await c.note( anna, id, 'x'.repeat( 4001 ) ) ).status ).toBe(
		400
	);
	expect( ( await c.note( anna, id, 'ok', 'bad id!' ) ).status ).toBe( 400 );
	expect( await c.messages( anna, id ) ).toEqual( [] );

	await c.patch( anna, id, { type: 'close' } );
	expect( ( await c.note( anna, id, 'Follow up by email' ) ).status ).toBe(
		201
	);
} );
