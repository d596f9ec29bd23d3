/**
 * Advisors over HTTP on a real bridge: which advisor tokens are refused, and the inbox
 * (lists, filters, paging) with a reply that takes the conversation.
 * Visitors and their conversations are in conversations.test.ts.
 */
import { advisorToken } from '../test-utils/harness';
import { conversationCalls } from '../test-utils/conversation-calls';
import { setUpBridge } from '../test-utils/set-up-bridge';

const bridge = setUpBridge();
const h = bridge.h;
const { call, newVisitor, newConversation } = conversationCalls( bridge );

describe( 'advisors', () => {
	it( 'rejects advisor tokens that are forged, foreign, expired or long-lived', async () => {
		const other = await h.ctx.services.sites.create( {
			demoFlow: true,
			name: 'Other',
		} );
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
			demoFlow: true,
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
