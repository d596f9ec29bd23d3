/**
 * A manager deletes one conversation (messages, images, counters, open inboxes told) or
 * downloads its transcript as text, JSON or CSV (formula-like cells neutralised); advisors
 * without `manage` may do neither.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { conversationChannel, inboxChannel } from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { png } from '../test-utils/images';
import { setUpBridge } from '../test-utils/set-up-bridge';
import { csvCell } from '../services/csv';

/** Whether the disk store still has the upload's bytes. */
const stored = ( id: string ) =>
	existsSync( path.join( h.dataDir, 'uploads', id.slice( 0, 2 ), id ) );

const { h, c } = setUpBridge();

async function conversationWithImage( text: string ) {
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	await c.say( v.token, id, text );
	const up = await c.upload( v.token, png( 2, 2 ) );
	await c.call( 'POST', `/v1/conversations/${ id }/messages`, {
		token: v.token,
		body: { clientId: `img-${ id }`, uploadId: up.body.upload.id },
	} );
	return { v, id, uploadId: up.body.upload.id as string };
}

it( 'lets a manager delete a conversation, with its images, and tells open inboxes and the visitor', async () => {
	const anna = await advisorToken( h.site, '31' );
	const boss = await advisorToken( h.site, '32', { manage: true } );
	const { v, id, uploadId } = await conversationWithImage( 'Delete me' );
	const counts = async () =>
		( await c.call( 'GET', '/v1/inbox?list=live', { token: boss } ) ).body
			.counts.live;
	const before = await counts();
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( h.site.id )
	);
	const onVisitor = await c.listen(
		c.connect( v.token ),
		conversationChannel( h.site.id, id )
	);

	const refused = await c.call( 'DELETE', `/v1/conversations/${ id }`, {
		token: anna,
	} );
	expect( refused.status ).toBe( 403 );
	expect( refused.body.error.message ).toBe(
		'Only site managers may delete conversations or download transcripts.'
	);
	expect(
		(
			await c.call( 'DELETE', `/v1/conversations/${ id }`, {
				token: v.token,
			} )
		).status
	).toBe( 403 );

	expect( stored( uploadId ) ).toBe( true );
	const done = await c.call( 'DELETE', `/v1/conversations/${ id }`, {
		token: boss,
	} );
	expect( done.status ).toBe( 204 );
	expect( await counts() ).toBe( before - 1 );
	expect(
		( await c.call( 'GET', `/v1/conversations/${ id }`, { token: boss } ) )
			.status
	).toBe( 404 );
	expect(
		(
			await c.call( 'DELETE', `/v1/conversations/${ id }`, {
				token: boss,
			} )
		).status
	).toBe( 404 );
	expect(
		await h.ctx.db( 'uploads' ).where( { id: uploadId } ).first()
	).toBeUndefined();
	expect( stored( uploadId ) ).toBe( false );
	for ( const events of [ onInbox.events, onVisitor.events ] ) {
		await waitFor(
			() =>
				events.find(
					( e ) =>
						e.event === 'conversation-deleted' &&
						e.data.conversationId === id
				),
			3000,
			'conversation-deleted'
		);
	}
} );

it( 'gives managers transcripts as text, JSON and CSV, notes only to licensed ones', async () => {
	const anna = await advisorToken( h.site, '33', { name: 'Anna' } );
	const boss = await advisorToken( h.site, '34', {
		manage: true,
		name: 'Boss',
	} );
	const { v, id, uploadId } = await conversationWithImage(
		'=HYPERLINK("http://evil.example","click")'
	);
	await c.say( boss, id, 'Hello, "friend"' );
	await c.note( boss, id, 'Private remark', 'note-transcript' );
	const get = ( token: string, format: string ) =>
		fetch(
			`${ h.url }/v1/conversations/${ id }/transcript?format=${ format }`,
			{
				headers: { Authorization: `Bearer ${ token }` },
			}
		);

	expect( ( await get( anna, 'text' ) ).status ).toBe( 403 );
	expect( ( await get( v.token, 'text' ) ).status ).toBe( 403 );
	expect( ( await get( boss, 'pdf' ) ).status ).toBe( 400 );

	const text = await get( boss, 'text' );
	expect( text.status ).toBe( 200 );
	expect( text.headers.get( 'content-type' ) ).toBe(
		'text/plain; charset=utf-8'
	);
	expect( text.headers.get( 'content-disposition' ) ).toBe(
		`attachment; filename="conversation-${ id }.txt"`
	);
	const body = await text.text();
	expect( body ).toContain( `Conversation ${ id }` );
	expect( body ).toMatch( /\] Visitor: =HYPERLINK/ );
	expect( body ).toContain( `[image: /v1/uploads/${ uploadId }]` );
	expect( body ).toMatch( /\] Boss: Hello, "friend"/ );
	expect( body ).toMatch( /\] Boss \(private note\): Private remark/ );

	const json: any = await ( await get( boss, 'json' ) ).json();
	expect( json.conversation.id ).toBe( id );
	expect( json.messages.map( ( m: any ) => m.kind ) ).toEqual(
		expect.arrayContaining( [ 'text', 'image', 'note' ] )
	);

	const csv = await ( await get( boss, 'csv' ) ).text();
	const lines = csv.trimEnd().split( '\r\n' );
	expect( lines[ 0 ] ).toBe(
		'"seq","time","author_type","author","kind","text"'
	);
	expect( csv ).toContain(
		`"'=HYPERLINK(""http://evil.example"",""click"")"`
	);
	expect( csv ).toContain( '"Hello, ""friend"""' );

	// A manager whose licence another manager took back: no notes in the transcript.
	const unlicensed = await advisorToken( h.site, '35', { manage: true } );
	await h.ctx
		.db( 'advisors' )
		.where( { site_id: h.site.id, id: '35' } )
		.update( {
			licensed: false,
			licence_decided_at: '2026-01-01T00:00:00.000Z',
		} );
	expect( await ( await get( unlicensed, 'text' ) ).text() ).not.toContain(
		'Private remark'
	);
} );

it( 'neutralises every formula-like CSV cell', () => {
	expect(
		[ '=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'plain', '' ].map(
			csvCell
		)
	).toEqual( [
		`"'=1+1"`,
		`"'+1"`,
		`"'-1"`,
		`"'@SUM(A1)"`,
		`"'\tx"`,
		`"'\rx"`,
		'"plain"',
		'""',
	] );
} );

it( 'drops the webhook deliveries still waiting about a deleted conversation, and no other', async () => {
	const boss = await advisorToken( h.site, '33', { manage: true } );
	// An endpoint that can never be reached: its deliveries stay queued for their retries.
	const added = await c.call( 'POST', '/v1/integrations/webhooks', {
		token: boss,
		body: {
			url: 'https://hooks.example.invalid/handoff',
			events: [ 'message.created' ],
		},
	} );
	expect( added.status ).toBe( 201 );
	const endpoint = added.body.endpoint.id as string;
	const queued = async () =>
		(
			await h.ctx
				.db( 'webhook_outbox' )
				.where( { endpoint_id: endpoint } )
		)
			.map( ( r: any ) => JSON.parse( r.payload ).data.conversation.id )
			.sort();
	const v = await c.visitor();
	const [ gone, kept ] = [
		( await c.start( v.token, { mode: 'live' } ) ).body.conversation.id,
		( await c.start( v.token, { mode: 'live' } ) ).body.conversation.id,
	] as string[];
	await c.say( v.token, gone, 'My address is 3 rue des Lilas' );
	await c.say( v.token, kept, 'Another question' );
	expect( await queued() ).toEqual( [ gone, kept ].sort() );

	expect(
		(
			await c.call( 'DELETE', `/v1/conversations/${ gone }`, {
				token: boss,
			} )
		).status
	).toBe( 204 );
	// What the visitor wrote leaves the bridge with the conversation, queued copies included.
	expect( await queued() ).toEqual( [ kept ] );
} );

it( 'drops the WordPress notifications about a deleted conversation, sent or not, and no other', async () => {
	const boss = await advisorToken( h.site, '34', { manage: true } );
	const v = await c.visitor();
	const [ gone, kept ] = [
		( await c.start( v.token, { mode: 'live' } ) ).body.conversation.id,
		( await c.start( v.token, { mode: 'live' } ) ).body.conversation.id,
	] as string[];
	// As NotificationsService writes them: an escalation email quoting the visitor, an emailed
	// reply carrying their address (delivered rows keep their payload).
	const now = new Date().toISOString();
	const row = ( conversationId: string, status: string, type: string ) => ( {
		site_id: h.site.id,
		payload: JSON.stringify( {
			type,
			conversationId,
			to: 'camille@example.com',
			text: 'My address is 3 rue des Lilas',
		} ),
		status,
		attempts: status === 'pending' ? 0 : 1,
		next_attempt_at: now,
		created_at: now,
	} );
	await h.ctx
		.db( 'notification_outbox' )
		.insert( [
			row( gone, 'delivered', 'escalated' ),
			row( gone, 'pending', 'email-reply' ),
			row( kept, 'delivered', 'escalated' ),
		] );
	const about = async () =>
		(
			await h.ctx
				.db( 'notification_outbox' )
				.where( { site_id: h.site.id } )
				.pluck( 'payload' )
		)
			.map( ( p: string ) => JSON.parse( p ).conversationId )
			.filter( ( id: string ) => id === gone || id === kept );
	expect(
		(
			await c.call( 'DELETE', `/v1/conversations/${ gone }`, {
				token: boss,
			} )
		).status
	).toBe( 204 );
	expect( await about() ).toEqual( [ kept ] );
} );
