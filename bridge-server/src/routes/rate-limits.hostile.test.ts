/**
 * Rate limits of the public routes (rate-limits.ts): per IP and per caller, each refusal a
 * 429 `rate_limited` with Retry-After that stores nothing, and nobody else affected. The
 * client IPs are those a reverse proxy reports (TRUST_PROXY=1, X-Forwarded-For), so each
 * test has its own network.
 */
import { conversationChannel } from '@handoff-chat/contracts';
import { newClientId } from '../test-utils/chat';
import { client, startBridge } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h } = setUpBridge( {
	TRUST_PROXY: '1',
	RATE_LIMIT_EXEMPT_IPS: 'none',
	RATE_LIMIT_IP_PER_MINUTE: '12',
	RATE_LIMIT_VISITORS_PER_MINUTE: '3',
	RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '2',
	RATE_LIMIT_MESSAGES_PER_MINUTE: '3',
	RATE_LIMIT_ACTIONS_PER_MINUTE: '2',
	RATE_LIMIT_REALTIME_AUTH_PER_MINUTE: '2',
} );

/** Calls as a client of network `ip`. */
const from = ( ip: string ) => {
	const call = client( h.url );
	return (
		method: string,
		p: string,
		opts: { token?: string; body?: unknown } = {}
	) =>
		call( method, p, {
			...opts,
			headers: { 'X-Forwarded-For': ip, Origin: 'https://shop.example' },
		} );
};

const count = async ( table: string, where: Record< string, string > = {} ) =>
	Number(
		( await h.ctx.db( table ).where( where ).count( { n: '*' } ) )[ 0 ].n
	);

/** The refusal every limit answers. */
function expectLimited(
	r: { status: number; body: any; headers: Headers },
	message: RegExp
) {
	expect( r.status ).toBe( 429 );
	expect( r.body ).toEqual( {
		error: {
			code: 'rate_limited',
			message: expect.stringMatching( message ),
		},
	} );
	const retryAfter = Number( r.headers.get( 'retry-after' ) );
	expect( retryAfter ).toBeGreaterThanOrEqual( 1 );
	expect( retryAfter ).toBeLessThanOrEqual( 60 );
	// The widget and wp-admin call from another origin: they may read it.
	expect( r.headers.get( 'access-control-expose-headers' ) ).toMatch(
		/\bRetry-After\b/i
	);
}

async function visitorOf( call: ReturnType< typeof from > ) {
	const r = await call( 'POST', `/v1/sites/${ h.site.id }/visitors`, {
		body: {},
	} );
	expect( r.status ).toBe( 201 );
	return r.body as { visitorId: string; token: string };
}

async function liveConversation(
	call: ReturnType< typeof from >,
	token: string
) {
	const r = await call( 'POST', '/v1/conversations', {
		token,
		body: { mode: 'live' },
	} );
	expect( r.status ).toBe( 201 );
	return r.body.conversation.id as string;
}

const say = (
	call: ReturnType< typeof from >,
	token: string,
	id: string,
	clientId = newClientId()
) =>
	call( 'POST', `/v1/conversations/${ id }/messages`, {
		token,
		body: { clientId, text: 'Bonjour' },
	} );

it( 'limits visitor creation per IP', async () => {
	const a = from( '203.0.113.1' );
	for ( let i = 0; i < 3; i++ ) {
		await visitorOf( a );
	}
	const before = await count( 'visitors' );
	expectLimited(
		await a( 'POST', `/v1/sites/${ h.site.id }/visitors`, { body: {} } ),
		/new visitors/
	);
	expect( await count( 'visitors' ) ).toBe( before );
	// Another network is not affected.
	await visitorOf( from( '203.0.113.2' ) );
} );

it( 'limits conversations started per visitor', async () => {
	const call = from( '203.0.113.3' );
	const v = await visitorOf( call );
	await liveConversation( call, v.token );
	await liveConversation( call, v.token );
	const before = await count( 'conversations' );
	expectLimited(
		await call( 'POST', '/v1/conversations', {
			token: v.token,
			body: { mode: 'live' },
		} ),
		/conversations started/
	);
	expect( await count( 'conversations' ) ).toBe( before );
	// Another visitor on the same network is not affected.
	await liveConversation( call, ( await visitorOf( call ) ).token );
} );

it( 'limits messages per visitor; a limited send stores nothing', async () => {
	const call = from( '203.0.113.4' );
	const v = await visitorOf( call );
	const id = await liveConversation( call, v.token );
	for ( let i = 0; i < 3; i++ ) {
		expect( ( await say( call, v.token, id ) ).status ).toBe( 201 );
	}
	const before = await count( 'messages', { conversation_id: id } );
	const clientId = newClientId();
	expectLimited( await say( call, v.token, id, clientId ), /messages/ );
	expect( await count( 'messages', { conversation_id: id } ) ).toBe( before );
	expect(
		await count( 'messages', { conversation_id: id, client_id: clientId } )
	).toBe( 0 );
	// Another visitor on the same network is not affected.
	const w = await visitorOf( call );
	expect(
		( await say( call, w.token, await liveConversation( call, w.token ) ) )
			.status
	).toBe( 201 );
} );

it( 'limits actions (buttons, request a human, back to the bot, read receipts) per visitor', async () => {
	const call = from( '203.0.113.5' );
	const v = await visitorOf( call );
	const started = await call( 'POST', '/v1/conversations', {
		token: v.token,
		body: { mode: 'bot' },
	} );
	expect( started.status ).toBe( 201 );
	const id = started.body.conversation.id as string;
	const act = ( type: string ) =>
		call( 'POST', `/v1/conversations/${ id }/actions`, {
			token: v.token,
			body: { type, clientId: newClientId() },
		} );
	expect( ( await act( 'request_human' ) ).status ).toBe( 201 );
	expect( ( await act( 'back_to_bot' ) ).status ).toBe( 201 );
	const before = await count( 'messages', { conversation_id: id } );
	expectLimited( await act( 'request_human' ), /actions/ );
	expectLimited(
		await call( 'POST', `/v1/conversations/${ id }/read`, {
			token: v.token,
			body: { seq: 1 },
		} ),
		/actions/
	);
	expect( await count( 'messages', { conversation_id: id } ) ).toBe( before );
	const after = await call( 'GET', `/v1/conversations/${ id }`, {
		token: v.token,
	} );
	expect( after.body.conversation.state ).toBe( 'bot' );
	// Another visitor on the same network is not affected.
	const w = await visitorOf( call );
	const other = await call( 'POST', '/v1/conversations', {
		token: w.token,
		body: { mode: 'bot' },
	} );
	expect(
		(
			await call(
				'POST',
				`/v1/conversations/${ other.body.conversation.id }/actions`,
				{
					token: w.token,
					body: { type: 'request_human', clientId: newClientId() },
				}
			)
		).status
	).toBe( 201 );
} );

it( 'limits realtime authorisations per caller', async () => {
	const call = from( '203.0.113.6' );
	const v = await visitorOf( call );
	const id = await liveConversation( call, v.token );
	const auth = ( token: string ) =>
		call( 'POST', '/v1/realtime/auth', {
			token,
			body: {
				socket_id: '123.456',
				channel_name: conversationChannel( h.site.id, id ),
			},
		} );
	const first = await auth( v.token );
	expect( first.status ).not.toBe( 429 );
	expect( ( await auth( v.token ) ).status ).not.toBe( 429 );
	expectLimited( await auth( v.token ), /realtime/ );
	expect(
		( await auth( ( await visitorOf( call ) ).token ) ).status
	).not.toBe( 429 );
} );

it( 'limits every public route together per IP, whoever the visitor', async () => {
	const e = from( '203.0.113.7' );
	// 3 visitor creations + 3 conversations + 6 sends: the network's 12 requests.
	const visitors = [];
	for ( let i = 0; i < 3; i++ ) {
		const v = await visitorOf( e );
		visitors.push( { ...v, id: await liveConversation( e, v.token ) } );
	}
	for ( const v of visitors ) {
		for ( let i = 0; i < 2; i++ ) {
			expect( ( await say( e, v.token, v.id ) ).status ).toBe( 201 );
		}
	}
	const v = visitors[ 0 ];
	const before = await count( 'messages', { conversation_id: v.id } );
	expectLimited( await say( e, v.token, v.id ), /network/ );
	expectLimited(
		await e( 'POST', `/v1/sites/${ h.site.id }/visitors`, { body: {} } ),
		/network/
	);
	expect( await count( 'messages', { conversation_id: v.id } ) ).toBe(
		before
	);
	// The same visitor from another network: within its own limit.
	expect( ( await say( from( '203.0.113.8' ), v.token, v.id ) ).status ).toBe(
		201
	);
} );

it( 'exempts loopback from the per-IP limits by default (bench, e2e, a local proxy)', async () => {
	const local = await startBridge( {
		RATE_LIMIT_IP_PER_MINUTE: '1',
		RATE_LIMIT_VISITORS_PER_MINUTE: '1',
	} );
	try {
		const call = client( local.url );
		for ( let i = 0; i < 3; i++ ) {
			expect(
				(
					await call(
						'POST',
						`/v1/sites/${ local.site.id }/visitors`,
						{
							body: {},
						}
					)
				).status
			).toBe( 201 );
		}
	} finally {
		await local.close();
	}
} );
