/**
 * Personal data through WordPress's signed calls: a visitor found by an email held in any
 * variable (any case) or by id; the export holds their conversations, messages, notes about
 * them, variables and images; the erasure removes all of it (rows and bytes), keeps the inbox
 * counters right, tells open inboxes, and leaves other visitors alone. Paged both ways.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { inboxChannel } from '@handoff-chat/contracts';
import {
	advisorToken,
	client,
	signedHeaders,
	waitFor,
} from '../test-utils/harness';
import { png } from '../test-utils/images';
import { setUpBridge } from '../test-utils/set-up-bridge';
import { PRIVACY_PAGE } from '../services/privacy';

/** Whether the disk store still has the upload's bytes. */
const stored = ( id: string ) =>
	existsSync( path.join( h.dataDir, 'uploads', id.slice( 0, 2 ), id ) );

const { h, c } = setUpBridge();

const signed = async ( urlPath: string, body: unknown ) => {
	const raw = JSON.stringify( body );
	return client( h.url )( 'POST', urlPath, {
		raw,
		headers: signedHeaders( h.site, 'POST', urlPath, raw ),
	} );
};

async function chattingVisitor( anna: string, email: string, text: string ) {
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	await c.say( v.token, id, text );
	const up = await c.upload( v.token, png( 8, 4 ) );
	expect(
		(
			await c.call( 'POST', `/v1/conversations/${ id }/messages`, {
				token: v.token,
				body: { clientId: `img-${ id }`, uploadId: up.body.upload.id },
			} )
		).status
	).toBe( 201 );
	await c.note( anna, id, `Note about ${ text }`, `note-${ id }` );
	const put = await c.call( 'PUT', `/v1/conversations/${ id }/variables`, {
		token: anna,
		body: { variables: { EMAIL: email, PRENOM: 'Jane' } },
	} );
	expect( put.status ).toBe( 200 );
	return { ...v, conversationId: id, uploadId: up.body.upload.id as string };
}

const liveCount = async ( token: string ) =>
	(
		await c.call( 'GET', '/v1/inbox?list=live', {
			token,
		} )
	).body.counts.live as number;

it( 'exports then erases a visitor found by an email in a variable, uploads and notes included', async () => {
	const anna = await advisorToken( h.site, '21', { name: 'Anna' } );
	const jane = await chattingVisitor(
		anna,
		'Jane.Doe@Example.com',
		'My parcel is lost'
	);
	const other = await chattingVisitor(
		anna,
		'someone@example.com',
		'Hello there'
	);
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( h.site.id )
	);
	const before = await liveCount( anna );

	const exported = await signed( '/v1/privacy/export', {
		email: '  jane.doe@EXAMPLE.com',
	} );
	expect( exported.status ).toBe( 200 );
	expect( exported.body.done ).toBe( true );
	expect( exported.body.visitors ).toEqual( [
		expect.objectContaining( {
			id: jane.visitorId,
			variables: expect.arrayContaining( [
				expect.objectContaining( {
					name: 'EMAIL',
					value: 'Jane.Doe@Example.com',
				} ),
			] ),
		} ),
	] );
	const [ conv ] = exported.body.conversations;
	expect( exported.body.conversations ).toHaveLength( 1 );
	expect( conv.id ).toBe( jane.conversationId );
	expect(
		conv.messages.map( ( m: any ) => [ m.kind, m.author.type, m.text ] )
	).toEqual(
		expect.arrayContaining( [
			[ 'text', 'visitor', 'My parcel is lost' ],
			[ 'note', 'advisor', 'Note about My parcel is lost' ],
		] )
	);
	expect( conv.uploads ).toEqual( [
		expect.objectContaining( {
			id: jane.uploadId,
			type: 'image/png',
			url: `/v1/uploads/${ jane.uploadId }`,
		} ),
	] );
	// The same through the visitor id; nobody for an unknown email.
	expect(
		( await signed( '/v1/privacy/export', { visitorId: jane.visitorId } ) )
			.body.conversations[ 0 ].id
	).toBe( jane.conversationId );
	expect(
		(
			await signed( '/v1/privacy/export', {
				email: 'nobody@example.com',
			} )
		).body
	).toEqual( { visitors: [], conversations: [], done: true } );

	expect( stored( jane.uploadId ) ).toBe( true );
	const erased = await signed( '/v1/privacy/erase', {
		email: 'JANE.DOE@example.com',
	} );
	expect( erased.status ).toBe( 200 );
	expect( erased.body ).toEqual( {
		removed: {
			visitors: 1,
			conversations: 1,
			messages: expect.any( Number ),
			variables: 2,
			uploads: 1,
		},
		done: true,
	} );
	expect( erased.body.removed.messages ).toBeGreaterThanOrEqual( 3 );

	// Gone: the conversation, the image (row and bytes), the visitor; counters follow.
	expect(
		(
			await c.call( 'GET', `/v1/conversations/${ jane.conversationId }`, {
				token: anna,
			} )
		).status
	).toBe( 404 );
	expect(
		(
			await fetch( `${ h.url }/v1/uploads/${ jane.uploadId }`, {
				headers: { Authorization: `Bearer ${ anna }` },
			} )
		).status
	).toBe( 404 );
	expect( stored( jane.uploadId ) ).toBe( false );
	expect(
		await h.ctx.db( 'visitors' ).where( { id: jane.visitorId } ).first()
	).toBeUndefined();
	expect(
		await h.ctx
			.db( 'messages' )
			.where( { conversation_id: jane.conversationId } )
			.first()
	).toBeUndefined();
	expect( await liveCount( anna ) ).toBe( before - 1 );
	await waitFor(
		() =>
			onInbox.events.find(
				( e ) =>
					e.event === 'conversation-deleted' &&
					e.data.conversationId === jane.conversationId
			),
		3000,
		'conversation-deleted'
	);
	// The other visitor keeps everything; erasing again finds nothing.
	expect(
		(
			await signed( '/v1/privacy/export', {
				email: 'someone@example.com',
			} )
		).body.conversations[ 0 ].id
	).toBe( other.conversationId );
	expect(
		(
			await signed( '/v1/privacy/erase', {
				email: 'jane.doe@example.com',
			} )
		).body
	).toEqual( {
		removed: {
			visitors: 0,
			conversations: 0,
			messages: 0,
			variables: 0,
			uploads: 0,
		},
		done: true,
	} );
} );

it( 'pages the export and the erasure of a visitor with many conversations', async () => {
	const anna = await advisorToken( h.site, '22' );
	const v = await chattingVisitor( anna, 'many@example.com', 'First' );
	// Earlier conversations of the same visitor, as a returning visitor leaves them.
	const rows = Array.from( { length: PRIVACY_PAGE + 2 }, ( _, i ) => ( {
		id: `old-${ v.visitorId.slice( 0, 8 ) }-${ i }`,
		site_id: h.site.id,
		visitor_id: v.visitorId,
		state: 'closed',
		inbox_list: 'closed',
		mode: 'live',
		created_at: `2026-01-${ String( i + 1 ).padStart( 2, '0' ) }T00:00:00.000Z`,
		updated_at: `2026-01-${ String( i + 1 ).padStart( 2, '0' ) }T00:00:00.000Z`,
	} ) );
	await h.ctx.db( 'conversations' ).insert( rows );
	const total = rows.length + 1;

	const ids: string[] = [];
	for ( let page = 1; ; page++ ) {
		const r = await signed( '/v1/privacy/export', {
			email: 'many@example.com',
			page,
		} );
		expect( r.status ).toBe( 200 );
		expect( r.body.visitors ).toHaveLength( page === 1 ? 1 : 0 );
		ids.push( ...r.body.conversations.map( ( x: any ) => x.id ) );
		if ( r.body.done ) {
			break;
		}
	}
	expect( new Set( ids ).size ).toBe( total );

	const first = await signed( '/v1/privacy/erase', {
		email: 'many@example.com',
	} );
	expect( first.body.done ).toBe( false );
	expect( first.body.removed.conversations ).toBe( PRIVACY_PAGE );
	// Still findable by its email until the last call.
	const second = await signed( '/v1/privacy/erase', {
		email: 'many@example.com',
	} );
	expect( second.body ).toEqual( {
		removed: expect.objectContaining( {
			conversations: total - PRIVACY_PAGE,
			visitors: 1,
		} ),
		done: true,
	} );
	expect(
		await h.ctx.db( 'conversations' ).where( { visitor_id: v.visitorId } )
	).toEqual( [] );
} );

it( 'takes only signed calls from WordPress, with an email or a visitor id', async () => {
	const anna = await advisorToken( h.site, '23', { manage: true } );
	expect(
		(
			await c.call( 'POST', '/v1/privacy/export', {
				body: { email: 'a@example.com' },
			} )
		).status
	).toBe( 401 );
	expect(
		(
			await c.call( 'POST', '/v1/privacy/erase', {
				token: anna,
				body: { email: 'a@example.com' },
			} )
		).status
	).toBe( 403 );
	const empty = await signed( '/v1/privacy/erase', {} );
	expect( empty.status ).toBe( 400 );
	expect( empty.body.error.message ).toBe( 'Give an email or a visitorId.' );
	expect(
		( await signed( '/v1/privacy/export', { email: 'not-an-email' } ) )
			.status
	).toBe( 400 );
	expect(
		( await signed( '/v1/privacy/export', { email: 'a@b.c', page: 0 } ) )
			.status
	).toBe( 400 );
} );
