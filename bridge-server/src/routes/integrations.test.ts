/**
 * Integrations: outgoing webhooks delivered to a receiver this test starts on 127.0.0.1
 * (WEBHOOKS_ALLOW_PRIVATE=true), their signature checked as a receiver would, a failure retried,
 * the delivery log; two bridges on one database never delivering a row twice; site API keys
 * allowed within their scope, refused outside it, and refused at once when revoked.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import {
	WEBHOOK_EVENT_HEADER,
	WEBHOOK_ID_HEADER,
	WEBHOOK_SIGNATURE_HEADER,
} from '@handoff-chat/contracts';
import {
	advisorToken,
	client,
	startBridge,
	startTwoBridges,
	waitFor,
} from '../test-utils/harness';
import { isPrivateAddress } from '../services/safe-address';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge(
	{ WEBHOOKS_ALLOW_PRIVATE: 'true' },
	{ services: { webhooks: { baseDelayMs: 1, intervalMs: 20 } } }
);

interface Received {
	id: string;
	type: string;
	body: any;
	verified: boolean;
	status: number;
}
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** Status codes the receiver answers next (then 200). */
const failures: number[] = [];
/** The secret the receiver checks signatures with. */
let secret = '';

function readBody( req: IncomingMessage ): Promise< string > {
	return new Promise( ( resolve ) => {
		const chunks: Buffer[] = [];
		req.on( 'data', ( b ) => chunks.push( b ) );
		req.on( 'end', () => resolve( Buffer.concat( chunks ).toString() ) );
	} );
}

/** What a receiver does: recompute HMAC-SHA256 over `<t>.<raw body>` and compare in constant time. */
function verify( header: string, raw: string, key: string ): boolean {
	const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec( header );
	if ( ! m ) {
		return false;
	}
	const expected = createHmac( 'sha256', key )
		.update( `${ m[ 1 ] }.${ raw }` )
		.digest();
	return timingSafeEqual( expected, Buffer.from( m[ 2 ], 'hex' ) );
}

beforeAll( async () => {
	receiver = createServer( async ( req, res ) => {
		const raw = await readBody( req );
		const status = failures.shift() ?? 200;
		received.push( {
			id: String( req.headers[ WEBHOOK_ID_HEADER.toLowerCase() ] ),
			type: String( req.headers[ WEBHOOK_EVENT_HEADER.toLowerCase() ] ),
			body: JSON.parse( raw ),
			verified: verify(
				String( req.headers[ WEBHOOK_SIGNATURE_HEADER.toLowerCase() ] ),
				raw,
				secret
			),
			status,
		} );
		res.writeHead( status ).end();
	} );
	await new Promise< void >( ( r ) =>
		receiver.listen( 0, '127.0.0.1', () => r() )
	);
	receiverUrl = `http://127.0.0.1:${
		( receiver.address() as AddressInfo ).port
	}/hooks`;
} );

afterAll( async () => {
	receiver.closeAllConnections();
	await new Promise( ( r ) => receiver.close( r ) );
} );

beforeEach( () => {
	received.length = 0;
	failures.length = 0;
} );

const manager = () =>
	advisorToken( h.site, 'owner', { name: 'Owner', manage: true } );

async function addEndpoint( events: string[], call = client( h.url ) ) {
	const res = await call( 'POST', '/v1/integrations/webhooks', {
		token: await manager(),
		body: { url: receiverUrl, events },
	} );
	expect( res.status ).toBe( 201 );
	expect( res.body.endpoint.secret ).toMatch( /^whsec_/ );
	secret = res.body.endpoint.secret;
	return res.body.endpoint as { id: string; secret: string };
}

async function removeEndpoint( id: string ) {
	const res = await client( h.url )(
		'DELETE',
		`/v1/integrations/webhooks/${ id }`,
		{
			token: await manager(),
		}
	);
	expect( res.status ).toBe( 204 );
}

it( 'delivers signed events, retries a failure and logs both attempts', async () => {
	const call = client( h.url );
	const endpoint = await addEndpoint( [
		'conversation.created',
		'conversation.escalated',
		'conversation.assigned',
		'message.created',
		'conversation.closed',
	] );
	// The secret is shown once: the list never carries it.
	const listed = await call( 'GET', '/v1/integrations/webhooks', {
		token: await manager(),
	} );
	expect( listed.body.endpoints ).toEqual( [
		{
			id: endpoint.id,
			url: receiverUrl,
			events: expect.any( Array ),
			createdAt: expect.any( String ),
		},
	] );

	failures.push( 500 );
	const v = await c.visitor();
	const started = await c.start( v.token );
	expect( started.status ).toBe( 201 );
	const id = started.body.conversation.id as string;
	const anna = await advisorToken( h.site, 'anna', { name: 'Anna' } );
	expect( ( await c.patch( anna, id, { type: 'take' } ) ).status ).toBe(
		200
	);
	expect( ( await c.patch( anna, id, { type: 'close' } ) ).status ).toBe(
		200
	);

	const types = [
		'conversation.created',
		'message.created',
		'conversation.escalated',
		'conversation.assigned',
		'conversation.closed',
	];
	await waitFor(
		() =>
			types.every( ( t ) =>
				received.some( ( r ) => r.type === t && r.status === 200 )
			),
		5000,
		'every event delivered'
	);
	expect( received.every( ( r ) => r.verified ) ).toBe( true );
	for ( const r of received ) {
		expect( r.body ).toEqual(
			expect.objectContaining( {
				id: r.id,
				type: r.type,
				siteId: h.site.id,
				createdAt: expect.any( String ),
			} )
		);
		expect( r.body.data.conversation.id ).toBe( id );
	}
	const greeting = received.find( ( r ) => r.type === 'message.created' );
	expect( greeting?.body.data.message.author.type ).toBe( 'bot' );
	const closed = received.find( ( r ) => r.type === 'conversation.closed' );
	expect( closed?.body.data.conversation.state ).toBe( 'closed' );
	const assigned = received.find(
		( r ) => r.type === 'conversation.assigned'
	);
	expect( assigned?.body.data.conversation.assignedAdvisorId ).toBe( 'anna' );

	// The first delivery failed (500) and was sent again, with the same event id.
	const first = received[ 0 ];
	expect( first.status ).toBe( 500 );
	const again = received.filter( ( r ) => r.id === first.id );
	expect( again.map( ( r ) => r.status ) ).toEqual( [ 500, 200 ] );

	const log = await call(
		'GET',
		`/v1/integrations/webhooks/${ endpoint.id }/deliveries`,
		{ token: await manager() }
	);
	expect( log.status ).toBe( 200 );
	const ofFirst = log.body.deliveries
		.filter( ( d: any ) => d.eventId === first.id )
		.reverse();
	expect( ofFirst ).toEqual( [
		expect.objectContaining( {
			attempt: 1,
			statusCode: 500,
			delivered: false,
			error: 'The endpoint answered 500',
			durationMs: expect.any( Number ),
		} ),
		expect.objectContaining( {
			attempt: 2,
			statusCode: 200,
			delivered: true,
			error: null,
		} ),
	] );
	// Nothing is left to send.
	expect(
		await h.ctx.db( 'webhook_outbox' ).where( { endpoint_id: endpoint.id } )
	).toEqual( [] );
	await removeEndpoint( endpoint.id );
} );

it( 'sends a test event to one endpoint, and conversation.rated through emit()', async () => {
	const call = client( h.url );
	const endpoint = await addEndpoint( [ 'conversation.rated' ] );
	const test = await call(
		'POST',
		`/v1/integrations/webhooks/${ endpoint.id }/test`,
		{ token: await manager() }
	);
	expect( test.status ).toBe( 202 );
	await waitFor( () => received.length === 1, 5000, 'the test event' );
	expect( received[ 0 ] ).toEqual(
		expect.objectContaining( {
			id: test.body.eventId,
			type: 'webhook.test',
			verified: true,
		} )
	);

	const v = await c.visitor();
	const started = await c.start( v.token, { mode: 'live' } );
	const queued = await h.ctx.services.webhooks.emit(
		h.site.id,
		'conversation.rated',
		{
			conversation: started.body.conversation,
			rating: { score: 5, comment: 'Merci !' },
		}
	);
	expect( queued ).toBe( 1 );
	await waitFor( () => received.length === 2, 5000, 'the rating' );
	expect( received[ 1 ].body.data.rating ).toEqual( {
		score: 5,
		comment: 'Merci !',
	} );
	// Not subscribed to conversation.created: the conversation's start sent nothing.
	expect( received.map( ( r ) => r.type ) ).toEqual( [
		'webhook.test',
		'conversation.rated',
	] );
	await removeEndpoint( endpoint.id );
} );

it( 'lets only managers manage webhooks, and refuses bad URLs', async () => {
	const call = client( h.url );
	const anna = await advisorToken( h.site, 'anna', { name: 'Anna' } );
	const refused = await call( 'POST', '/v1/integrations/webhooks', {
		token: anna,
		body: { url: receiverUrl, events: [ 'message.created' ] },
	} );
	expect( refused.status ).toBe( 403 );
	expect(
		( await call( 'GET', '/v1/integrations/webhooks', { token: anna } ) )
			.status
	).toBe( 403 );
	for ( const [ url, events ] of [
		[ 'ftp://example.com/x', [ 'message.created' ] ],
		[ 'http://example.com/x', [ 'message.created' ] ],
		[ 'https://user:pw@example.com/x', [ 'message.created' ] ],
		[ 'https://example.com/x', [ 'message.deleted' ] ],
		[ 'https://example.com/x', [] ],
	] as const ) {
		const res = await call( 'POST', '/v1/integrations/webhooks', {
			token: await manager(),
			body: { url, events },
		} );
		expect( res.status ).toBe( 400 );
	}
} );

it( 'refuses private and loopback targets unless WEBHOOKS_ALLOW_PRIVATE', async () => {
	const strict = await startBridge();
	try {
		const call = client( strict.url );
		const token = await advisorToken( strict.site, 'owner', {
			manage: true,
		} );
		for ( const url of [
			receiverUrl,
			'https://127.0.0.1/x',
			'https://10.1.2.3/x',
			'https://[::1]/x',
			'https://localhost/x',
			'https://169.254.169.254/latest',
		] ) {
			const res = await call( 'POST', '/v1/integrations/webhooks', {
				token,
				body: { url, events: [ 'message.created' ] },
			} );
			expect( res.status ).toBe( 400 );
			expect( res.body.error.message ).toMatch( /private|https/ );
		}
		// A name that is no address but resolves to a private one (the machine's own name, in
		// /etc/hosts) passes the URL check, and is refused by the connection's own lookup.
		expect(
			isPrivateAddress( ( await lookup( hostname() ) ).address )
		).toBe( true );
		await strict.ctx.db( 'webhook_endpoints' ).insert( {
			id: 'wh_sneaky',
			site_id: strict.site.id,
			url: receiverUrl.replace( '127.0.0.1', hostname() ),
			secret: 's',
			events: JSON.stringify( [ 'webhook.test' ] ),
			created_at: new Date().toISOString(),
		} );
		const test = await call(
			'POST',
			'/v1/integrations/webhooks/wh_sneaky/test',
			{ token }
		);
		expect( test.status ).toBe( 202 );
		const log = await waitForLog( strict, 'wh_sneaky', token );
		expect( log[ 0 ] ).toEqual(
			expect.objectContaining( {
				delivered: false,
				statusCode: null,
				error: expect.stringMatching( /private/ ),
			} )
		);
		expect( received ).toEqual( [] );
	} finally {
		await strict.close();
	}
} );

async function waitForLog(
	bridge: { url: string },
	id: string,
	token: string
): Promise< any[] > {
	const call = client( bridge.url );
	for (;;) {
		const res = await call(
			'GET',
			`/v1/integrations/webhooks/${ id }/deliveries`,
			{ token }
		);
		if ( res.body.deliveries.length ) {
			return res.body.deliveries;
		}
		await new Promise( ( r ) => setImmediate( r ) );
	}
}

it( 'two bridges on one database never deliver one event twice', async () => {
	const [ a, b ] = await startTwoBridges( {
		WEBHOOKS_ALLOW_PRIVATE: 'true',
	} );
	try {
		const token = await advisorToken( a.site, 'owner', { manage: true } );
		const created = await client( a.url )(
			'POST',
			'/v1/integrations/webhooks',
			{
				token,
				body: { url: receiverUrl, events: [ 'conversation.rated' ] },
			}
		);
		expect( created.status ).toBe( 201 );
		secret = created.body.endpoint.secret;
		// Queued inside a transaction: nothing kicks a delivery, both bridges race for the rows.
		await a.ctx.db.transaction( async ( trx ) => {
			for ( let i = 0; i < 20; i++ ) {
				await a.ctx.services.webhooks.emit(
					a.site.id,
					'conversation.rated',
					{ rating: { score: ( i % 5 ) + 1, comment: null } },
					trx
				);
			}
		} );
		await Promise.all( [
			a.ctx.services.webhooks.deliverDue(),
			b.ctx.services.webhooks.deliverDue(),
			a.ctx.services.webhooks.deliverDue(),
			b.ctx.services.webhooks.deliverDue(),
		] );
		await waitFor( () => received.length >= 20, 5000, '20 deliveries' );
		const ids = received.map( ( r ) => r.id );
		expect( new Set( ids ).size ).toBe( 20 );
		expect( ids ).toHaveLength( 20 );
		expect( received.every( ( r ) => r.verified ) ).toBe( true );
	} finally {
		await b.close();
		await a.close();
	}
} );

describe( 'API keys', () => {
	async function createKey( scope: 'read' | 'read-write' ) {
		const res = await client( h.url )(
			'POST',
			'/v1/integrations/api-keys',
			{
				token: await manager(),
				body: { name: `CRM ${ scope }`, scope },
			}
		);
		expect( res.status ).toBe( 201 );
		expect( res.body.key.key ).toMatch( /^hck_[A-Za-z0-9_-]{43}$/ );
		return res.body.key as { id: string; key: string };
	}

	it( 'allows a read key its scope, refuses the rest, and a revoked key at once', async () => {
		const call = client( h.url );
		const v = await c.visitor();
		const started = await c.start( v.token, { mode: 'live' } );
		const id = started.body.conversation.id as string;
		expect( ( await c.say( v.token, id, 'Bonjour' ) ).status ).toBe( 201 );

		const { id: keyId, key } = await createKey( 'read' );
		const inbox = await call( 'GET', '/v1/inbox?list=live', {
			token: key,
		} );
		expect( inbox.status ).toBe( 200 );
		expect( inbox.body.conversations.map( ( x: any ) => x.id ) ).toContain(
			id
		);
		const messages = await call(
			'GET',
			`/v1/conversations/${ id }/messages`,
			{ token: key }
		);
		expect( messages.status ).toBe( 200 );
		expect( messages.body.messages.map( ( m: any ) => m.text ) ).toContain(
			'Bonjour'
		);
		expect(
			( await call( 'GET', '/v1/advisors', { token: key } ) ).status
		).toBe( 200 );

		// Out of scope: writes, configuration, realtime, and management of keys.
		for ( const [ method, path, body ] of [
			[ 'PATCH', `/v1/conversations/${ id }`, { type: 'close' } ],
			[
				'POST',
				`/v1/conversations/${ id }/messages`,
				{ clientId: 'c-1', text: 'hi' },
			],
			[ 'GET', '/v1/flows', undefined ],
			[ 'PUT', '/v1/settings', {} ],
			[ 'GET', '/v1/integrations/api-keys', undefined ],
			[ 'POST', '/v1/realtime/auth', undefined ],
		] as const ) {
			const res = await call( method, path, { token: key, body } );
			expect( [ method, path, res.status ] ).toEqual( [
				method,
				path,
				403,
			] );
		}

		// Listed with its last use, never with the key or its hash.
		const list = await call( 'GET', '/v1/integrations/api-keys', {
			token: await manager(),
		} );
		const listed = list.body.keys.find( ( k: any ) => k.id === keyId );
		expect( listed ).toEqual( {
			id: keyId,
			name: 'CRM read',
			scope: 'read',
			prefix: key.slice( 0, 12 ),
			createdAt: expect.any( String ),
			lastUsedAt: expect.any( String ),
		} );
		const row = await h.ctx.db( 'api_keys' ).where( { id: keyId } ).first();
		expect( JSON.stringify( row ) ).not.toContain( key );

		const revoked = await call(
			'DELETE',
			`/v1/integrations/api-keys/${ keyId }`,
			{
				token: await manager(),
			}
		);
		expect( revoked.status ).toBe( 204 );
		const after = await call( 'GET', '/v1/inbox?list=live', {
			token: key,
		} );
		expect( after.status ).toBe( 401 );
		expect( after.body.error.message ).toBe(
			'Invalid or revoked API key.'
		);
	} );

	it( 'lets a read-write key close and reopen, never take', async () => {
		const call = client( h.url );
		const v = await c.visitor();
		const started = await c.start( v.token, { mode: 'live' } );
		const id = started.body.conversation.id as string;
		const { key } = await createKey( 'read-write' );
		const closed = await call( 'PATCH', `/v1/conversations/${ id }`, {
			token: key,
			body: { type: 'close' },
		} );
		expect( closed.status ).toBe( 200 );
		expect( closed.body.conversation.state ).toBe( 'closed' );
		expect(
			(
				await call( 'PATCH', `/v1/conversations/${ id }`, {
					token: key,
					body: { type: 'take' },
				} )
			).status
		).toBe( 403 );
	} );

	it( 'refuses unknown keys and lets only managers create keys', async () => {
		const call = client( h.url );
		expect(
			(
				await call( 'GET', '/v1/inbox', {
					token: 'hck_' + 'A'.repeat( 43 ),
				} )
			).status
		).toBe( 401 );
		const anna = await advisorToken( h.site, 'anna', { name: 'Anna' } );
		expect(
			(
				await call( 'POST', '/v1/integrations/api-keys', {
					token: anna,
					body: { name: 'Mine', scope: 'read' },
				} )
			).status
		).toBe( 403 );
	} );
} );
