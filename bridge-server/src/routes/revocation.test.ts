/**
 * Revocation takes effect at once, on HTTP and on realtime: a token minted before a
 * revocation is refused, the advisor's open sockets are closed (and cannot subscribe
 * again with that token), an expired token cannot keep a subscription alive, and an
 * advisor whose right has ended is no longer given conversations.
 */
import { advisorsPresenceChannel, inboxChannel } from '@handoff-chat/contracts';
import { advisorToken } from '../test-utils/harness';
import { rawSocket } from '../test-utils/raw-socket';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

const newSite = () =>
	h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Revocation',
		url: null,
	} );

/** A visitor escalated to the advisors by the demo flow's "talk to a human". */
async function escalated( siteId: string ) {
	const v = await c.visitor( siteId );
	const id = ( await c.start( v.token, { mode: 'bot' } ) ).body.conversation
		.id as string;
	expect(
		( await c.act( v.token, id, { type: 'request_human' } ) ).status
	).toBe( 201 );
	await h.ctx.services.events.idle();
	return { ...v, id };
}

it( 'refuses the tokens and closes the sockets of an advisor whose licence is revoked', async () => {
	const site = await newSite();
	const manager = await advisorToken( site, '1', { manage: true } );
	const anna = await advisorToken( site, '11', { name: 'Anna' } );
	const socket = await rawSocket( h, anna );
	expect( await socket.subscribe( inboxChannel( site.id ) ) ).toBe( 'ok' );
	expect( await socket.subscribe( advisorsPresenceChannel( site.id ) ) ).toBe(
		'ok'
	);

	const revoke = await c.call( 'PATCH', '/v1/advisors/11', {
		token: manager,
		body: { licensed: false },
	} );
	expect( revoke.body.advisor.licensed ).toBe( false );
	// The socket is closed by the server at once (4200: clients reconnect with a fresh token).
	expect( await socket.closed ).toBe( 4200 );
	// Her token, minted before, no longer works anywhere.
	const refused = await c.call( 'GET', '/v1/inbox?list=live', {
		token: anna,
	} );
	expect( refused.status ).toBe( 401 );
	expect( refused.body.error.code ).toBe( 'revoked' );
	const again = await rawSocket( h, anna );
	expect( await again.subscribe( inboxChannel( site.id ) ) ).toBe( 401 );
	again.close();
} );

it( 'closes the sockets of an advisor WordPress says can no longer answer, and stops routing to them', async () => {
	const site = await newSite();
	const anna = await advisorToken( site, '11', { name: 'Anna' } );
	const socket = await rawSocket( h, anna );
	expect( await socket.subscribe( advisorsPresenceChannel( site.id ) ) ).toBe(
		'ok'
	);
	const first = await escalated( site.id );
	expect(
		( await h.ctx.services.conversations.peek( first.id ) )
			?.assigned_advisor_id
	).toBe( '11' );

	await h.ctx.services.advisorAdmin.syncOne( site.id, '11', {
		displayName: 'Anna',
		email: null,
		avatar: null,
		canAnswer: false,
	} );
	expect( await socket.closed ).toBe( 4200 );
	const second = await escalated( site.id );
	expect(
		( await h.ctx.services.conversations.peek( second.id ) )
			?.assigned_advisor_id
	).toBeNull();
} );

it( 'drops the socket of an advisor whose token has expired, so they are no longer auto-assigned', async () => {
	const site = await newSite();
	const ben = await advisorToken( site, '12', { name: 'Ben' } );
	const socket = await rawSocket( h, ben );
	expect( await socket.subscribe( advisorsPresenceChannel( site.id ) ) ).toBe(
		'ok'
	);
	expect( await socket.subscribe( inboxChannel( site.id ) ) ).toBe( 'ok' );
	const before = await escalated( site.id );
	expect(
		( await h.ctx.services.conversations.peek( before.id ) )
			?.assigned_advisor_id
	).toBe( '12' );

	// The periodic sweep as it runs once the token's 15 minutes are over (docs/api.md: ≤ 30 s later).
	const now = Date.now() / 1000;
	h.ctx.services.channelAuth.sweep( now );
	expect( socket.frames.some( ( f ) => f.includes( 'pusher:error' ) ) ).toBe(
		false
	); // still valid now
	h.ctx.services.channelAuth.sweep( now + 16 * 60 );
	expect( await socket.closed ).toBe( 4200 );
	const after = await escalated( site.id );
	expect(
		( await h.ctx.services.conversations.peek( after.id ) )
			?.assigned_advisor_id
	).toBeNull();
} );
