/**
 * The retention purge, on an injected clock: with "delete closed conversations after N days",
 * only conversations closed and untouched for longer go, with their messages and images
 * (rows and bytes), and their visitors once nothing of theirs is left and they are unseen as
 * long; open and recent ones stay, and 0 keeps everything. Two purges at once delete once.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { advisorToken } from '../test-utils/harness';
import { png } from '../test-utils/images';
import { setUpBridge } from '../test-utils/set-up-bridge';

const DAY = 86400_000;
let now = Date.parse( '2027-03-01T12:00:00.000Z' );
/** Whether the disk store still has the upload's bytes. */
const stored = ( id: string ) =>
	existsSync( path.join( h.dataDir, 'uploads', id.slice( 0, 2 ), id ) );

const { h, c } = setUpBridge(
	{},
	// A long interval: the test runs the purge itself, on its own clock.
	{ services: { retention: { clock: () => now, intervalMs: 3600_000 } } }
);

const iso = ( ms: number ) => new Date( ms ).toISOString();

it( 'deletes only the conversations closed more than N days ago, images included', async () => {
	const boss = await advisorToken( h.site, '41', { manage: true } );
	const seed = async ( closed: boolean, ageDays: number ) => {
		const v = await c.visitor();
		const id = ( await c.start( v.token, { mode: 'live' } ) ).body
			.conversation.id as string;
		await c.say( v.token, id, `Aged ${ ageDays } days` );
		const up = await c.upload( v.token, png( 3, 3 ) );
		await c.call( 'POST', `/v1/conversations/${ id }/messages`, {
			token: v.token,
			body: { clientId: `image-${ id }`, uploadId: up.body.upload.id },
		} );
		if ( closed ) {
			expect(
				( await c.patch( boss, id, { type: 'close' } ) ).status
			).toBe( 200 );
		}
		const at = iso( now - ageDays * DAY );
		await h.ctx
			.db( 'conversations' )
			.where( { id } )
			.update( { updated_at: at } );
		await h.ctx
			.db( 'visitors' )
			.where( { id: v.visitorId } )
			.update( { last_seen_at: at } );
		return {
			id,
			visitorId: v.visitorId,
			uploadId: up.body.upload.id as string,
		};
	};
	const oldClosed = await seed( true, 40 );
	const oldOpen = await seed( false, 40 );
	const recentClosed = await seed( true, 10 );
	const purge = () => h.ctx.services.privacy.purge();

	// No retention set: nothing goes.
	expect( await purge() ).toBe( 0 );
	const put = await c.call( 'PUT', '/v1/settings', {
		token: boss,
		body: { retentionDays: 30 },
	} );
	expect( put.status ).toBe( 200 );
	expect( put.body.settings.retentionDays ).toBe( 30 );

	// Two processes purging at once delete the conversation once.
	const [ a, b ] = await Promise.all( [ purge(), purge() ] );
	expect( a + b ).toBe( 1 );
	const left = await h.ctx
		.db( 'conversations' )
		.whereIn( 'id', [ oldClosed.id, oldOpen.id, recentClosed.id ] )
		.pluck( 'id' );
	expect( left.sort() ).toEqual( [ oldOpen.id, recentClosed.id ].sort() );
	expect(
		await h.ctx.db( 'messages' ).where( { conversation_id: oldClosed.id } )
	).toEqual( [] );
	expect(
		await h.ctx.db( 'uploads' ).where( { id: oldClosed.uploadId } )
	).toEqual( [] );
	expect( stored( oldClosed.uploadId ) ).toBe( false );
	expect( stored( recentClosed.uploadId ) ).toBe( true );
	expect(
		await h.ctx.db( 'visitors' ).where( { id: oldClosed.visitorId } )
	).toEqual( [] );
	expect(
		await h.ctx.db( 'visitors' ).where( { id: recentClosed.visitorId } )
	).toHaveLength( 1 );

	// Twenty-one days later the other closed one is past 30 days too; the open one never goes.
	now += 21 * DAY;
	expect( await purge() ).toBe( 1 );
	expect(
		await h.ctx.db( 'conversations' ).where( { id: recentClosed.id } )
	).toEqual( [] );
	expect(
		await h.ctx.db( 'conversations' ).where( { id: oldOpen.id } )
	).toHaveLength( 1 );

	// Back to "keep": nothing more goes.
	await c.call( 'PUT', '/v1/settings', {
		token: boss,
		body: { retentionDays: 0 },
	} );
	await h.ctx.db( 'conversations' ).where( { id: oldOpen.id } ).update( {
		state: 'closed',
		inbox_list: 'closed',
	} );
	expect( await purge() ).toBe( 0 );
} );

it( 'forgets WordPress notifications a week after they were sent or given up, never one still to send', async () => {
	const row = ( status: string, ageDays: number ) => ( {
		site_id: h.site.id,
		payload: JSON.stringify( {
			type: 'email-reply',
			to: 'camille@example.com',
			note: `${ status } ${ ageDays }`,
		} ),
		status,
		attempts: 1,
		next_attempt_at: iso( now - ageDays * DAY ),
		created_at: iso( now - ageDays * DAY ),
	} );
	await h.ctx
		.db( 'notification_outbox' )
		.insert( [
			row( 'delivered', 8 ),
			row( 'failed', 8 ),
			row( 'skipped', 8 ),
			row( 'pending', 8 ),
			row( 'delivered', 6 ),
		] );
	await h.ctx.services.privacy.purge();
	expect(
		(
			await h.ctx
				.db( 'notification_outbox' )
				.where( { site_id: h.site.id } )
				.pluck( 'payload' )
		)
			.map( ( p: string ) => JSON.parse( p ).note )
			.filter( Boolean )
			.sort()
	).toEqual( [ 'delivered 6', 'pending 8' ] );
} );
