/**
 * When a send's events leave: after its HTTP response is written, and in seq order per
 * conversation even when sends race, as real pusher-js clients (visitors and an advisor) see.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { conversationChannel, inboxChannel } from '@handoff-chat/contracts';
import { createApp } from '../app';
import { advisorToken, waitFor } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import { chat } from '../test-utils/chat';

const { h, c } = setUpBridge();

const seqsOf = (
	events: Array< { event: string; data: any } >,
	conversationId: string
) =>
	events
		.filter(
			( e ) =>
				e.event === 'message-created' &&
				e.data.message?.conversationId === conversationId
		)
		.map( ( e ) => e.data.message.seq as number );

it( 'writes the response of a send before its events are published', async () => {
	// A second server on the same bridge, to see when each response has been written.
	const server: Server = createApp( h.ctx ).listen( 0, '127.0.0.1' );
	await new Promise( ( r ) => server.once( 'listening', r ) );
	const answered = new Set< string >();
	server.on( 'request', ( req: any, res ) =>
		res.once( 'finish', () => answered.add( req.body?.clientId ) )
	);
	const published: Array< { clientId: string; answered: boolean } > = [];
	const record = ( data: any ) => {
		const clientId = data?.message?.clientId;
		if ( clientId ) {
			published.push( { clientId, answered: answered.has( clientId ) } );
		}
	};
	const trigger = jest
		.spyOn( h.ctx.realtime, 'trigger' )
		.mockImplementation( async ( _channels, _name, data ) =>
			record( data )
		);
	const batch = jest
		.spyOn( h.ctx.realtime, 'triggerBatch' )
		.mockImplementation( async ( events ) =>
			events.forEach( ( e ) => record( e.data ) )
		);
	try {
		// `h` is a proxy: name what chat() reads.
		const local = chat( {
			ctx: h.ctx,
			site: h.site,
			dataDir: h.dataDir,
			close: h.close,
			url: `http://127.0.0.1:${ ( server.address() as AddressInfo ).port }`,
		} );
		const v = await local.visitor();
		const id = ( await local.start( v.token, { mode: 'live' } ) ).body
			.conversation.id;
		const sent = await Promise.all(
			Array.from( { length: 6 }, ( _, i ) =>
				local.say( v.token, id, `hello ${ i }` )
			)
		);
		expect( sent.map( ( r ) => r.status ) ).toEqual(
			Array( 6 ).fill( 201 )
		);
		await h.ctx.services.events.idle();
		// Each message goes to the conversation and the inbox channels.
		expect( published ).toHaveLength( 12 );
		expect( published.filter( ( p ) => ! p.answered ) ).toEqual( [] );
	} finally {
		trigger.mockRestore();
		batch.mockRestore();
		server.closeAllConnections();
		await new Promise( ( r ) => server.close( r ) );
	}
} );

it( 'delivers concurrent sends in seq order per conversation, to visitors and to the inbox', async () => {
	const advisor = c.connect( await advisorToken( h.site, '7' ) );
	const inbox = await c.listen( advisor, inboxChannel( h.site.id ) );
	const visitors = await Promise.all(
		Array.from( { length: 4 }, async () => {
			const v = await c.visitor();
			const id = ( await c.start( v.token, { mode: 'live' } ) ).body
				.conversation.id as string;
			const own = await c.listen(
				c.connect( v.token ),
				conversationChannel( h.site.id, id )
			);
			return { ...v, id, own };
		} )
	);
	// Every visitor sends 10 messages at once, all conversations together.
	const sent = await Promise.all(
		visitors.flatMap( ( v ) =>
			Array.from( { length: 10 }, ( _, i ) =>
				c.say( v.token, v.id, `message ${ i }` )
			)
		)
	);
	expect( sent.every( ( r ) => r.status === 201 ) ).toBe( true );
	for ( const v of visitors ) {
		const stored = ( await c.messages( v.token, v.id ) ).map(
			( m ) => m.seq
		);
		const all = ( events: typeof inbox.events ) =>
			seqsOf( events, v.id ).length >= stored.length;
		await waitFor( () => all( v.own.events ), 5000, 'visitor events' );
		await waitFor( () => all( inbox.events ), 5000, 'inbox events' );
		// Exactly the stored messages, each once, in seq order.
		expect( seqsOf( v.own.events, v.id ) ).toEqual( stored );
		expect( seqsOf( inbox.events, v.id ) ).toEqual( stored );
	}
} );
