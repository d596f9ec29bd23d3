/**
 * Two bridges on one database, racing (issue 14): licence grants against the quota and
 * notification-outbox claims. On PostgreSQL (the `bridge-pg` project) each bridge has its own
 * pool of 10 connections, so the statements truly run at once; on sqlite3 the two bridges
 * share one file through their single writers. The same races within one bridge:
 * send-path.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newClientId } from '../test-utils/chat';
import { client, startBridge, type Harness } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();
/** A second bridge process on the same database. */
let other: Harness;

beforeAll( async () => {
	other = await startBridge(
		{},
		{ dataDir: h.dataDir, site: h.site, keepData: true }
	);
} );
afterAll( async () => {
	await other?.close();
} );

it( 'numbers sends through both bridges without gap or duplicate, and stores a clientId sent to both once', async () => {
	const v = await c.visitor();
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id as string;
	const bridges = [ client( h.url ), client( other.url ) ];
	const send = ( i: number, clientId = newClientId() ) =>
		bridges[ i % 2 ]( 'POST', `/v1/conversations/${ id }/messages`, {
			token: v.token,
			body: { clientId, text: `m${ i }` },
		} );
	const N = 24;
	const answers = await Promise.all(
		Array.from( { length: N }, ( _, i ) => send( i ) )
	);
	expect( answers.every( ( a ) => a.status === 201 ) ).toBe( true );
	const seqs = answers
		.map( ( a ) => a.body.message.seq as number )
		.sort( ( a, b ) => a - b );
	expect( seqs ).toEqual(
		Array.from( { length: N }, ( _, i ) => seqs[ 0 ] + i )
	);

	const clientId = newClientId();
	const replays = await Promise.all(
		Array.from( { length: 6 }, ( _, i ) => send( i, clientId ) )
	);
	expect( replays.map( ( a ) => a.status ).sort() ).toEqual( [
		200, 200, 200, 200, 200, 201,
	] );
	expect( new Set( replays.map( ( a ) => a.body.message.id ) ).size ).toBe(
		1
	);
	expect(
		await h.ctx
			.db( 'messages' )
			.where( { conversation_id: id, client_id: clientId } )
	).toHaveLength( 1 );
} );

it( 'grants no more licences than the quota when both bridges grant at once', async () => {
	const site = await h.ctx.services.sites.create( {
		name: 'Quota site',
		quota: 3,
	} );
	const ids = Array.from( { length: 16 }, ( _, i ) => `q${ i }` );
	for ( const id of ids ) {
		await h.ctx.services.advisors.syncOne( site.id, id, {
			displayName: `Advisor ${ id }`,
			email: null,
			avatar: null,
			canAnswer: true,
		} );
	}
	const results = await Promise.all(
		ids.map( ( id, i ) =>
			( i % 2 ? other : h ).ctx.services.licences.grant( site.id, id )
		)
	);
	expect( results.filter( ( r ) => r.ok ) ).toHaveLength( 3 );
	expect(
		results.filter( ( r ) => ! r.ok && r.reason === 'quota_full' )
	).toHaveLength( 13 );
	expect( await h.ctx.services.licences.count( site.id ) ).toEqual( {
		granted: 3,
		quota: 3,
	} );
} );

it( 'delivers each queued notification once when both bridges claim the outbox at once', async () => {
	const received: string[] = [];
	const wp: Server = createServer( ( req, res ) => {
		const chunks: Buffer[] = [];
		req.on( 'data', ( b ) => chunks.push( b ) );
		req.on( 'end', () => {
			received.push( JSON.parse( Buffer.concat( chunks ).toString() ).n );
			res.setHeader( 'Content-Type', 'application/json' );
			res.end( JSON.stringify( { duplicate: false } ) );
		} );
	} );
	await new Promise< void >( ( r ) => wp.listen( 0, '127.0.0.1', r ) );
	try {
		const port = ( wp.address() as AddressInfo ).port;
		const site = await h.ctx.services.sites.create( {
			name: 'Outbox site',
			url: `http://127.0.0.1:${ port }`,
		} );
		const now = new Date().toISOString();
		const items = Array.from( { length: 30 }, ( _, i ) => `item-${ i }` );
		await h.ctx.db( 'notification_outbox' ).insert(
			items.map( ( n ) => ( {
				site_id: site.id,
				payload: JSON.stringify( { n } ),
				status: 'pending',
				attempts: 0,
				next_attempt_at: now,
				created_at: now,
			} ) )
		);
		// Two claimers per bridge, all started together.
		const counts = await Promise.all( [
			h.ctx.services.notifications.deliverDue(),
			other.ctx.services.notifications.deliverDue(),
			h.ctx.services.notifications.deliverDue(),
			other.ctx.services.notifications.deliverDue(),
		] );
		// The bridges' own timers may have claimed some too: every item arrived exactly once.
		expect( [ ...received ].sort() ).toEqual( [ ...items ].sort() );
		expect( counts.reduce( ( a, b ) => a + b, 0 ) ).toBeLessThanOrEqual(
			items.length
		);
		const rows = await h.ctx
			.db( 'notification_outbox' )
			.where( { site_id: site.id } )
			.select( 'status' );
		expect( rows.map( ( r ) => r.status ) ).toEqual(
			items.map( () => 'delivered' )
		);
	} finally {
		await new Promise( ( r ) => wp.close( r ) );
	}
} );
