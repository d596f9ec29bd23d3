/**
 * POST/GET /v1/conversations/:id/rating through createApp() (sqlite3, and PostgreSQL with
 * scripts/test-pg.mjs): the visitor rates their closed conversation once; the inbox hears
 * it, the advisors' views carry it, and a site can turn the question off.
 */
import { inboxChannel } from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

const rate = ( token: string, id: string, body: unknown ) =>
	c.call( 'POST', `/v1/conversations/${ id }/rating`, { token, body } );
const ratingOf = async ( token: string, id: string ) =>
	( await c.call( 'GET', `/v1/conversations/${ id }/rating`, { token } ) )
		.body;

async function closedConversation( site = h.site ) {
	const anna = await advisorToken( site, '31', { name: 'Anna' } );
	const v = await c.visitor( site.id );
	const started = await c.start( v.token, { mode: 'live' } );
	const id = started.body.conversation.id as string;
	expect( ( await c.say( v.token, id, 'Hello?' ) ).status ).toBe( 201 );
	expect( ( await c.patch( anna, id, { type: 'take' } ) ).status ).toBe(
		200
	);
	return { ...v, id, anna };
}

it( 'stores the visitor’s rating of a closed conversation once, publishes it to the inbox and shows it to advisors', async () => {
	const v = await closedConversation();
	// Still open: nothing to rate yet.
	const early = await rate( v.token, v.id, { score: 4 } );
	expect( early.status ).toBe( 409 );
	expect( early.body.error ).toEqual( {
		code: 'not_closed',
		message: 'Only a closed conversation can be rated.',
	} );
	expect( await ratingOf( v.token, v.id ) ).toEqual( {
		enabled: true,
		rating: null,
	} );

	await c.patch( v.anna, v.id, { type: 'close' } );
	const onInbox = await c.listen(
		c.connect( v.anna ),
		inboxChannel( h.site.id )
	);
	const rated = await rate( v.token, v.id, {
		score: 4,
		comment: '  Quick and kind  ',
	} );
	expect( rated.status ).toBe( 201 );
	const rating = {
		score: 4,
		comment: 'Quick and kind',
		ratedAt: expect.any( String ),
	};
	expect( rated.body.conversation.rating ).toEqual( rating );
	expect( await ratingOf( v.token, v.id ) ).toEqual( {
		enabled: true,
		rating,
	} );

	// Once: the first answer stands.
	const again = await rate( v.token, v.id, { score: 1 } );
	expect( again.status ).toBe( 409 );
	expect( again.body.error ).toEqual( {
		code: 'already_rated',
		message: 'This conversation is already rated.',
	} );

	await waitFor(
		() =>
			onInbox.events.some(
				( e ) =>
					e.event === 'conversation-updated' &&
					e.data.conversation.rating?.score === 4
			),
		3000,
		'the rating on the inbox channel'
	);
	const view = await c.conversation( v.anna, v.id );
	expect( view.rating ).toEqual( rating );
	const inbox = await c.call( 'GET', '/v1/inbox?list=closed', {
		token: v.anna,
	} );
	expect(
		inbox.body.conversations.find( ( x: any ) => x.id === v.id )?.rating
	).toEqual( rating );
	const row = await h.ctx.db( 'conversations' ).where( { id: v.id } ).first();
	expect( [ Number( row.rating_score ), row.rating_comment ] ).toEqual( [
		4,
		'Quick and kind',
	] );
} );

it( 'refuses bad ratings with clear errors, and other visitors and advisors', async () => {
	const v = await closedConversation();
	await c.patch( v.anna, v.id, { type: 'close' } );
	for ( const [ body, message ] of [
		[ {}, /score/ ],
		[ { score: 0 }, /score must be a whole number from 1 to 5/ ],
		[ { score: 6 }, /score must be a whole number from 1 to 5/ ],
		[ { score: 3.5 }, /score must be a whole number from 1 to 5/ ],
		[ { score: '4' }, /score must be a whole number from 1 to 5/ ],
		[ { score: 4, comment: 'x'.repeat( 1001 ) }, /limited to 1000/ ],
		[ { score: 4, stars: 5 }, /stars|unrecognized/i ],
	] as const ) {
		const res = await rate( v.token, v.id, body );
		expect( res.status ).toBe( 400 );
		expect( res.body.error.message ).toMatch( message );
	}
	const other = await c.visitor();
	expect( ( await rate( other.token, v.id, { score: 5 } ) ).status ).toBe(
		404
	);
	expect( ( await rate( v.anna, v.id, { score: 5 } ) ).status ).toBe( 403 );
	expect( ( await ratingOf( v.token, v.id ) ).rating ).toBeNull();
} );

it( 'asks nothing and refuses ratings when the site turns ratings off', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'No ratings',
	} );
	const manager = await advisorToken( site, '1', {
		name: 'Mia',
		manage: true,
	} );
	const saved = await c.call( 'PUT', '/v1/settings', {
		token: manager,
		body: { ratingEnabled: false },
	} );
	expect( saved.status ).toBe( 200 );
	expect( saved.body.settings.ratingEnabled ).toBe( false );
	expect(
		(
			await c.call( 'PUT', '/v1/settings', {
				token: manager,
				body: { ratingEnabled: 'no' },
			} )
		).body.error.message
	).toMatch( /ratingEnabled must be true or false/ );

	const v = await closedConversation( site );
	await c.patch( v.anna, v.id, { type: 'close' } );
	expect( await ratingOf( v.token, v.id ) ).toEqual( {
		enabled: false,
		rating: null,
	} );
	const refused = await rate( v.token, v.id, { score: 5 } );
	expect( refused.status ).toBe( 403 );
	expect( refused.body.error.message ).toBe(
		'This site does not ask for ratings.'
	);
} );

it( 'queues a conversation.rated webhook with the rating, in the rating’s transaction', async () => {
	const v = await closedConversation();
	await c.patch( v.anna, v.id, { type: 'close' } );
	// A manager subscribes an endpoint to ratings (Conversations → Integrations).
	const owner = await advisorToken( h.site, '1', {
		name: 'Owner',
		manage: true,
	} );
	const added = await c.call( 'POST', '/v1/integrations/webhooks', {
		token: owner,
		body: {
			url: 'https://hooks.example.invalid/handoff',
			events: [ 'conversation.rated' ],
		},
	} );
	expect( added.status ).toBe( 201 );
	const endpointId = added.body.endpoint.id as string;
	expect(
		( await rate( v.token, v.id, { score: 5, comment: 'Perfect' } ) ).status
	).toBe( 201 );
	// Queued with the rating (delivery to that address can only fail: the row stays for its retry).
	const rows = await h.ctx
		.db( 'webhook_outbox' )
		.where( { endpoint_id: endpointId } );
	expect( rows.map( ( r: any ) => r.event_type ) ).toEqual( [
		'conversation.rated',
	] );
	expect( JSON.parse( rows[ 0 ].payload ) ).toMatchObject( {
		type: 'conversation.rated',
		data: {
			conversation: { id: v.id, state: 'closed' },
			rating: { score: 5, comment: 'Perfect' },
		},
	} );
	// A refused second rating queues nothing more.
	expect( ( await rate( v.token, v.id, { score: 1 } ) ).status ).toBe( 409 );
	expect(
		await h.ctx.db( 'webhook_outbox' ).where( { endpoint_id: endpointId } )
	).toHaveLength( 1 );
} );
