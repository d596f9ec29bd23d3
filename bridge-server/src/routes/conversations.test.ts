import { advisorToken } from '../test-utils/harness';
import type { Chat } from '../test-utils/chat';
import { setUpBridge } from '../test-utils/set-up-bridge';

const bridge = setUpBridge();
const h = bridge.h;
const call = ( ...args: Parameters< Chat[ 'call' ] > ) =>
	bridge.c.call( ...args );

async function newVisitor() {
	const res = await call( 'POST', `/v1/sites/${ h.site.id }/visitors`, {
		body: {},
	} );
	expect( res.status ).toBe( 201 );
	return res.body as { visitorId: string; token: string };
}

async function newConversation( token: string, mode: 'live' | 'bot' = 'live' ) {
	const res = await call( 'POST', '/v1/conversations', {
		token,
		body: {
			pageUrl: 'http://127.0.0.1/chat-demo/',
			pageTitle: 'Chat demo',
			mode,
		},
	} );
	expect( res.status ).toBe( 201 );
	return res.body.conversation as {
		id: string;
		state: string;
		lastSeq: number;
	};
}

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

describe( 'advisors', () => {
	it( 'rejects advisor tokens that are forged, foreign, expired or long-lived', async () => {
		const other = await h.ctx.services.sites.create( { name: 'Other' } );
		const tokens = [
			await advisorToken( h.site, '1', { secret: other.secret } ),
			await advisorToken( h.site, '1', { ttl: -120 } ),
			await advisorToken( h.site, '1', { ttl: 86400 } ),
			await advisorToken( h.site, '1', { iss: 'someone-else' } ),
		];
		for ( const token of tokens ) {
			expect(
				( await call( 'GET', '/v1/inbox', { token } ) ).status
			).toBe( 401 );
		}
		const visitor = await newVisitor();
		expect(
			( await call( 'GET', '/v1/inbox', { token: visitor.token } ) )
				.status
		).toBe( 403 );
		// A valid advisor of another site sees nothing of this one.
		const foreign = await advisorToken( other, '1' );
		const c = await newConversation( visitor.token );
		expect(
			(
				await call( 'GET', `/v1/conversations/${ c.id }`, {
					token: foreign,
				} )
			).status
		).toBe( 404 );
	} );

	it( 'lists, filters and paginates the inbox; a reply takes the conversation', async () => {
		const site = await h.ctx.services.sites.create( {
			name: 'Inbox site',
		} );
		const anna = await advisorToken( site, '11', { name: 'Anna' } );
		const ben = await advisorToken( site, '12', { name: 'Ben' } );
		const ids: string[] = [];
		for ( let i = 0; i < 3; i++ ) {
			const v = (
				await call( 'POST', `/v1/sites/${ site.id }/visitors`, {
					body: {},
				} )
			).body.token as string;
			const c = await newConversation( v );
			await call( 'POST', `/v1/conversations/${ c.id }/messages`, {
				token: v,
				body: {
					clientId: `visitor-msg-${ i }`,
					text: `question ${ i }`,
				},
			} );
			ids.push( c.id );
			await new Promise( ( r ) => setTimeout( r, 3 ) ); // distinct updated_at for a stable order
		}
		const all = await call( 'GET', '/v1/inbox?list=live&filter=all', {
			token: anna,
		} );
		expect( all.status ).toBe( 200 );
		expect( all.body.conversations.map( ( c: any ) => c.id ) ).toEqual(
			[ ...ids ].reverse()
		);
		expect( all.body.counts ).toEqual( { live: 3, closed: 0, bot: 0 } );

		const p1 = await call( 'GET', '/v1/inbox?list=live&limit=2', {
			token: anna,
		} );
		expect( p1.body.conversations ).toHaveLength( 2 );
		const p2 = await call(
			'GET',
			`/v1/inbox?list=live&limit=2&cursor=${ encodeURIComponent( p1.body.nextCursor ) }`,
			{ token: anna }
		);
		expect( p2.body.conversations.map( ( c: any ) => c.id ) ).toEqual( [
			ids[ 0 ],
		] );
		expect( p2.body.nextCursor ).toBeNull();
		expect(
			( await call( 'GET', '/v1/inbox?cursor=%%%', { token: anna } ) )
				.status
		).toBe( 400 );
		expect(
			( await call( 'GET', '/v1/inbox?list=nope', { token: anna } ) )
				.status
		).toBe( 400 );

		const reply = await call(
			'POST',
			`/v1/conversations/${ ids[ 1 ] }/messages`,
			{
				token: anna,
				body: { clientId: 'anna-reply-1', text: 'Hello, Anna here' },
			}
		);
		expect( reply.status ).toBe( 201 );
		expect( reply.body.message.author ).toEqual( {
			type: 'advisor',
			id: '11',
			name: 'Anna',
		} );
		const conv = await call( 'GET', `/v1/conversations/${ ids[ 1 ] }`, {
			token: ben,
		} );
		expect( conv.body.conversation ).toEqual(
			expect.objectContaining( {
				state: 'live',
				assignedAdvisorId: '11',
			} )
		);

		const ids_ = ( r: any ) =>
			r.body.conversations.map( ( c: any ) => c.id ).sort();
		expect(
			ids_(
				await call( 'GET', '/v1/inbox?filter=mine', { token: anna } )
			)
		).toEqual( [ ids[ 1 ] ] );
		expect(
			ids_( await call( 'GET', '/v1/inbox?filter=mine', { token: ben } ) )
		).toEqual( [] );
		expect(
			ids_(
				await call( 'GET', '/v1/inbox?filter=unassigned', {
					token: ben,
				} )
			)
		).toEqual( [ ids[ 0 ], ids[ 2 ] ].sort() );
		// Anna answered conversation 1, so it is no longer unread for her; Ben has read nothing.
		expect(
			ids_(
				await call( 'GET', '/v1/inbox?filter=unread', { token: anna } )
			)
		).toEqual( [ ids[ 0 ], ids[ 2 ] ].sort() );
		expect(
			( await call( 'GET', '/v1/inbox?filter=unread', { token: ben } ) )
				.body.counts.live
		).toBe( 2 );
	} );
} );

describe( 'health', () => {
	it( 'reports database and realtime', async () => {
		const res = await call( 'GET', '/healthz' );
		expect( res.status ).toBe( 200 );
		expect( res.body ).toEqual( {
			status: 'ok',
			database: 'ok',
			realtime: 'ok',
		} );
		expect( res.headers.get( 'x-content-type-options' ) ).toBe( 'nosniff' );
	} );
} );
