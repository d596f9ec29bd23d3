/**
 * Realtime through real clients: pusher-js authorises through the bridge's
 * /v1/realtime/auth and receives what the bridge triggers via the pusher SDK on
 * the embedded Pusher-protocol server.
 */
import {
	conversationChannel,
	inboxChannel,
	advisorsPresenceChannel,
} from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import type { Chat } from '../test-utils/chat';
import { setUpBridge } from '../test-utils/set-up-bridge';

const bridge = setUpBridge();
const h = bridge.h;
const call = ( ...args: Parameters< Chat[ 'call' ] > ) =>
	bridge.c.call( ...args );
const connect = ( token: string ) => bridge.c.connect( token );

/** Unlike chat's listen(), a refusal resolves too: these tests expect some. */
function subscribe(
	pusher: any,
	name: string
): Promise< { channel: any; ok: boolean; status?: number } > {
	return new Promise( ( resolve ) => {
		const channel = pusher.subscribe( name );
		channel.bind( 'pusher:subscription_succeeded', () =>
			resolve( { channel, ok: true } )
		);
		channel.bind( 'pusher:subscription_error', ( e: any ) =>
			resolve( { channel, ok: false, status: e?.status } )
		);
	} );
}

async function visitorWithConversation() {
	const v = (
		await call( 'POST', `/v1/sites/${ h.site.id }/visitors`, { body: {} } )
	).body;
	const c = (
		await call( 'POST', '/v1/conversations', { token: v.token, body: {} } )
	).body.conversation;
	return { token: v.token as string, conversationId: c.id as string };
}

it( 'delivers an advisor reply to the visitor and the visitor message to the inbox', async () => {
	const { token, conversationId } = await visitorWithConversation();
	const adv = await advisorToken( h.site, '3', { name: 'Camille' } );

	const visitor = connect( token );
	const vSub = await subscribe(
		visitor,
		conversationChannel( h.site.id, conversationId )
	);
	expect( vSub.ok ).toBe( true );
	const advisor = connect( adv );
	const aSub = await subscribe( advisor, inboxChannel( h.site.id ) );
	expect( aSub.ok ).toBe( true );

	const seenByVisitor: any[] = [];
	const seenByInbox: any[] = [];
	vSub.channel.bind( 'message-created', ( d: any ) =>
		seenByVisitor.push( d.message )
	);
	aSub.channel.bind( 'message-created', ( d: any ) =>
		seenByInbox.push( d.message )
	);

	await call( 'POST', `/v1/conversations/${ conversationId }/messages`, {
		token,
		body: { clientId: 'rt-visitor-1', text: 'Is anyone there?' },
	} );
	await waitFor(
		() => seenByInbox.find( ( m ) => m.text === 'Is anyone there?' ),
		3000,
		'inbox message'
	);

	await call( 'POST', `/v1/conversations/${ conversationId }/messages`, {
		token: adv,
		body: { clientId: 'rt-advisor-1', text: 'Yes, Camille here.' },
	} );
	const reply = await waitFor(
		() => seenByVisitor.find( ( m ) => m.text === 'Yes, Camille here.' ),
		3000,
		'reply'
	);
	expect( reply.author ).toEqual( {
		type: 'advisor',
		id: '3',
		name: 'Camille',
	} );
} );

it( 'refuses channels that are not the caller’s', async () => {
	const a = await visitorWithConversation();
	const b = await visitorWithConversation();
	const intruder = connect( b.token );
	expect(
		(
			await subscribe(
				intruder,
				conversationChannel( h.site.id, a.conversationId )
			)
		).ok
	).toBe( false );
	expect(
		( await subscribe( intruder, inboxChannel( h.site.id ) ) ).ok
	).toBe( false );
	expect(
		( await subscribe( intruder, advisorsPresenceChannel( h.site.id ) ) ).ok
	).toBe( false );
	expect( ( await subscribe( intruder, 'private-anything-else' ) ).ok ).toBe(
		false
	);

	// The auth endpoint itself: malformed socket ids and foreign sites are refused.
	const bad = await call( 'POST', '/v1/realtime/auth', {
		token: a.token,
		body: {
			socket_id: 'abc',
			channel_name: conversationChannel( h.site.id, a.conversationId ),
		},
	} );
	expect( bad.status ).toBe( 400 );
	const foreign = await call( 'POST', '/v1/realtime/auth', {
		token: a.token,
		body: {
			socket_id: '123.456',
			channel_name: inboxChannel( 'site_0000000000000000' ),
		},
	} );
	expect( foreign.status ).toBe( 403 );
	const own = await call( 'POST', '/v1/realtime/auth', {
		token: a.token,
		raw: `socket_id=123.456&channel_name=${ encodeURIComponent( conversationChannel( h.site.id, a.conversationId ) ) }`,
		contentType: 'application/x-www-form-urlencoded',
	} );
	expect( own.status ).toBe( 200 );
	expect( own.body.auth ).toMatch( /^handoff-chat-key:[0-9a-f]{64}$/ );
} );

it( 'shows advisors on the presence channel with identity from their token', async () => {
	const one = connect( await advisorToken( h.site, '21', { name: 'Dana' } ) );
	const two = connect( await advisorToken( h.site, '22', { name: 'Eli' } ) );
	const s1 = await subscribe( one, advisorsPresenceChannel( h.site.id ) );
	expect( s1.ok ).toBe( true );
	const added: any[] = [];
	s1.channel.bind( 'pusher:member_added', ( m: any ) => added.push( m ) );
	await subscribe( two, advisorsPresenceChannel( h.site.id ) );
	const eli = await waitFor(
		() => added.find( ( m ) => m.id === '22' ),
		3000,
		'member_added'
	);
	expect( eli.info ).toEqual( { name: 'Eli', avatar: null } );
	expect( s1.channel.members.count ).toBe( 2 );
} );

it( 'catches up over HTTP after a dropped connection, without duplicates', async () => {
	const { token, conversationId } = await visitorWithConversation();
	const adv = await advisorToken( h.site, '4' );
	const visitor = connect( token );
	const sub = await subscribe(
		visitor,
		conversationChannel( h.site.id, conversationId )
	);
	const held = new Map< string, any >();
	sub.channel.bind( 'message-created', ( d: any ) =>
		held.set( d.message.id, d.message )
	);

	await call( 'POST', `/v1/conversations/${ conversationId }/messages`, {
		token: adv,
		body: { clientId: 'before-drop', text: 'one' },
	} );
	await waitFor( () => held.size === 1, 3000, 'first message' );

	visitor.disconnect();
	await waitFor(
		() => visitor.connection.state === 'disconnected',
		3000,
		'disconnect'
	);
	for ( const text of [ 'two', 'three' ] ) {
		await call( 'POST', `/v1/conversations/${ conversationId }/messages`, {
			token: adv,
			body: { clientId: `while-away-${ text }`, text },
		} );
	}
	expect( held.size ).toBe( 1 );

	visitor.connect();
	await waitFor(
		() => visitor.connection.state === 'connected',
		3000,
		'reconnect'
	);
	const lastSeq = Math.max( ...[ ...held.values() ].map( ( m ) => m.seq ) );
	const page = await call(
		'GET',
		`/v1/conversations/${ conversationId }/messages?after=${ lastSeq }`,
		{ token }
	);
	for ( const m of page.body.messages ) {
		held.set( m.id, m );
	}
	expect(
		[ ...held.values() ]
			.sort( ( a, b ) => a.seq - b.seq )
			.map( ( m ) => m.text )
	).toEqual( [ 'one', 'two', 'three' ] );
} );
