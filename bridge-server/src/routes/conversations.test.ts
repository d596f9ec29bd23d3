/**
 * Visitors and conversations over HTTP on a real bridge: visitor identities, starting
 * conversations, idempotent and validated messages, isolation between visitors,
 * catch-up paging, and the health check. Advisors' tokens and inbox are in
 * conversations-advisors.test.ts.
 */
import { advisorToken } from '../test-utils/harness';
import { conversationCalls } from '../test-utils/conversation-calls';
import { setUpBridge } from '../test-utils/set-up-bridge';

const bridge = setUpBridge();
const h = bridge.h;
const { call, newVisitor, newConversation } = conversationCalls( bridge );

describe( 'visitors', () => {
	it( 'creates a visitor with a token and the realtime settings', async () => {
		const v = await newVisitor();
		expect( v.visitorId ).toMatch( /^v_[0-9a-f]{32}$/ );
		const res = await call( 'POST', `/v1/sites/${ h.site.id }/visitors`, {
			body: { token: v.token },
		} );
		expect( res.status ).toBe( 200 );
		expect( res.body.visitorId ).toBe( v.visitorId );
		expect( res.body.realtime ).toEqual(
			expect.objectContaining( {
				key: 'handoff-chat-key',
				wsHost: '127.0.0.1',
				forceTLS: false,
			} )
		);
	} );

	it( 'reads a text/plain JSON body (the widget’s preflight-free first call), and only on this route', async () => {
		const v = await newVisitor();
		const res = await call( 'POST', `/v1/sites/${ h.site.id }/visitors`, {
			raw: JSON.stringify( { token: v.token } ),
			contentType: 'text/plain;charset=UTF-8',
		} );
		expect( res.status ).toBe( 200 );
		expect( res.body.visitorId ).toBe( v.visitorId );
		const bad = await call( 'POST', `/v1/sites/${ h.site.id }/visitors`, {
			raw: '{ not json',
			contentType: 'text/plain',
		} );
		expect( bad.status ).toBe( 400 );
		// Elsewhere text/plain is no JSON: refused, never run as if nothing had been sent.
		const start = await call( 'POST', '/v1/conversations', {
			token: v.token,
			raw: JSON.stringify( { mode: 'bot' } ),
			contentType: 'text/plain',
		} );
		expect( start.status ).toBe( 415 );
		expect( start.body.error.code ).toBe( 'unsupported_media_type' );
	} );

	it( 'gives a new identity for a forged or foreign token', async () => {
		const forged = await advisorToken(
			{ id: h.site.id, secret: 'x'.repeat( 64 ) },
			'1'
		);
		const res = await call( 'POST', `/v1/sites/${ h.site.id }/visitors`, {
			body: { token: forged },
		} );
		expect( res.status ).toBe( 201 );
	} );

	it( 'answers 404 for an unknown site and 400 for unknown fields', async () => {
		expect(
			(
				await call( 'POST', '/v1/sites/site_nope/visitors', {
					body: {},
				} )
			).status
		).toBe( 404 );
		const bad = await call( 'POST', `/v1/sites/${ h.site.id }/visitors`, {
			body: { admin: true },
		} );
		expect( bad.status ).toBe( 400 );
		expect( bad.body.error.code ).toBe( 'bad_request' );
	} );
} );

describe( 'conversations and messages', () => {
	it( 'starts live-chat conversations in waiting, bot ones in bot', async () => {
		const v = await newVisitor();
		expect( ( await newConversation( v.token, 'live' ) ).state ).toBe(
			'waiting'
		);
		const v2 = await newVisitor();
		expect( ( await newConversation( v2.token, 'bot' ) ).state ).toBe(
			'bot'
		);
		const current = await call( 'GET', '/v1/conversations/current', {
			token: v2.token,
		} );
		expect( current.body.conversation.state ).toBe( 'bot' );
	} );

	it( 'requires a visitor token to start a conversation', async () => {
		expect(
			( await call( 'POST', '/v1/conversations', { body: {} } ) ).status
		).toBe( 401 );
		const adv = await advisorToken( h.site, '1' );
		expect(
			(
				await call( 'POST', '/v1/conversations', {
					token: adv,
					body: {},
				} )
			).status
		).toBe( 403 );
		expect(
			(
				await call( 'POST', '/v1/conversations', {
					token: 'Bearer.garbage.token',
					body: {},
				} )
			).status
		).toBe( 401 );
	} );

	it( 'returns the original message when a clientId is retried', async () => {
		const v = await newVisitor();
		const c = await newConversation( v.token );
		const first = await call(
			'POST',
			`/v1/conversations/${ c.id }/messages`,
			{
				token: v.token,
				body: { clientId: 'client-abc-123', text: 'Hello' },
			}
		);
		expect( first.status ).toBe( 201 );
		expect( first.body.message ).toEqual(
			expect.objectContaining( {
				seq: 1,
				text: 'Hello',
				kind: 'text',
				clientId: 'client-abc-123',
			} )
		);
		const retry = await call(
			'POST',
			`/v1/conversations/${ c.id }/messages`,
			{
				token: v.token,
				body: { clientId: 'client-abc-123', text: 'Hello' },
			}
		);
		expect( retry.status ).toBe( 200 );
		expect( retry.body.message.id ).toBe( first.body.message.id );

		// Concurrent retries still write once.
		const burst = await Promise.all(
			[ 1, 2, 3, 4, 5 ].map( () =>
				call( 'POST', `/v1/conversations/${ c.id }/messages`, {
					token: v.token,
					body: { clientId: 'client-burst-01', text: 'Once' },
				} )
			)
		);
		expect( new Set( burst.map( ( r ) => r.body.message.id ) ).size ).toBe(
			1
		);
		expect( burst.filter( ( r ) => r.status === 201 ) ).toHaveLength( 1 );
		const all = await call( 'GET', `/v1/conversations/${ c.id }/messages`, {
			token: v.token,
		} );
		expect( all.body.messages.map( ( m: any ) => m.seq ) ).toEqual( [
			1, 2,
		] );

		// Someone else reusing the clientId gets a conflict, not the visitor's message.
		const adv = await advisorToken( h.site, '7' );
		const stolen = await call(
			'POST',
			`/v1/conversations/${ c.id }/messages`,
			{
				token: adv,
				body: { clientId: 'client-abc-123', text: 'x' },
			}
		);
		expect( stolen.status ).toBe( 409 );
	} );

	it( 'rejects bad message input with clear errors', async () => {
		const v = await newVisitor();
		const c = await newConversation( v.token );
		const post = ( body: unknown ) =>
			call( 'POST', `/v1/conversations/${ c.id }/messages`, {
				token: v.token,
				body,
			} );
		const empty = await post( { clientId: 'client-0001', text: '   ' } );
		expect( empty.status ).toBe( 400 );
		expect( empty.body.error.message ).toMatch( /empty/ );
		expect(
			(
				await post( {
					clientId: 'client-0002',
					text: 'x'.repeat( 4001 ),
				} )
			).status
		).toBe( 400 );
		expect(
			( await post( { clientId: 'bad id!', text: 'hi' } ) ).status
		).toBe( 400 );
		expect( ( await post( { text: 'no client id' } ) ).status ).toBe( 400 );
		const malformed = await call(
			'POST',
			`/v1/conversations/${ c.id }/messages`,
			{
				token: v.token,
				raw: '{"clientId":',
			}
		);
		expect( malformed.status ).toBe( 400 );
		const huge = await call(
			'POST',
			`/v1/conversations/${ c.id }/messages`,
			{
				token: v.token,
				raw: JSON.stringify( {
					clientId: 'client-0003',
					text: 'x'.repeat( 70 * 1024 ),
				} ),
			}
		);
		expect( huge.status ).toBe( 413 );
		// Nothing was stored by the failures.
		const msgs = await call(
			'GET',
			`/v1/conversations/${ c.id }/messages`,
			{ token: v.token }
		);
		expect( msgs.body.messages ).toHaveLength( 0 );
	} );

	it( 'keeps each visitor out of the others’ conversations', async () => {
		const a = await newVisitor();
		const b = await newVisitor();
		const c = await newConversation( a.token );
		for ( const [ method, p ] of [
			[ 'GET', `/v1/conversations/${ c.id }` ],
			[ 'GET', `/v1/conversations/${ c.id }/messages` ],
		] ) {
			expect(
				( await call( method, p, { token: b.token } ) ).status
			).toBe( 404 );
		}
		const write = await call(
			'POST',
			`/v1/conversations/${ c.id }/messages`,
			{
				token: b.token,
				body: { clientId: 'intruder-01', text: 'hi' },
			}
		);
		expect( write.status ).toBe( 404 );
	} );

	it( 'serves catch-up after a seq, in order, with hasMore paging', async () => {
		const v = await newVisitor();
		const c = await newConversation( v.token );
		for ( let i = 1; i <= 5; i++ ) {
			await call( 'POST', `/v1/conversations/${ c.id }/messages`, {
				token: v.token,
				body: { clientId: `client-seq-${ i }`, text: `m${ i }` },
			} );
		}
		const page = await call(
			'GET',
			`/v1/conversations/${ c.id }/messages?after=2&limit=2`,
			{
				token: v.token,
			}
		);
		expect( page.body.messages.map( ( m: any ) => m.text ) ).toEqual( [
			'm3',
			'm4',
		] );
		expect( page.body ).toEqual(
			expect.objectContaining( { hasMore: true, lastSeq: 5 } )
		);
		const bad = await call(
			'GET',
			`/v1/conversations/${ c.id }/messages?after=-1`,
			{ token: v.token }
		);
		expect( bad.status ).toBe( 400 );
	} );
} );

describe( 'health', () => {
	it( 'reports database and realtime, with the realtime counts', async () => {
		const res = await call( 'GET', '/healthz' );
		expect( res.status ).toBe( 200 );
		expect( res.body ).toEqual( {
			status: 'ok',
			database: 'ok',
			realtime: 'ok',
			metrics: {
				realtime: expect.objectContaining( {
					connections: expect.any( Number ),
					subscriptions: expect.any( Number ),
				} ),
			},
		} );
		expect( res.headers.get( 'x-content-type-options' ) ).toBe( 'nosniff' );
	} );
} );
