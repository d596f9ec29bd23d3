/**
 * Routing: a transfer's round robin goes over advisors online, licensed, allowed on the
 * page and under their capacity; when an advisor frees a slot, the longest-waiting
 * conversation that fits is offered to them.
 */
import { advisorsPresenceChannel } from '@handoff-chat/contracts';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

async function escalated( siteId: string, pageUrl = 'https://shop.example/' ) {
	const v = await c.visitor( siteId );
	const id = ( await c.start( v.token, { mode: 'bot', pageUrl } ) ).body
		.conversation.id as string;
	expect(
		( await c.act( v.token, id, { type: 'request_human' } ) ).status
	).toBe( 201 );
	await h.ctx.services.events.idle();
	return { ...v, id };
}

const assignee = async ( id: string ) =>
	( await h.ctx.services.conversations.peek( id ) )?.assigned_advisor_id ??
	null;

it( 'round robin stays under each advisor’s capacity and re-offers when a slot frees', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Routing',
		url: null,
	} );
	const manager = await advisorToken( site, '1', { manage: true } ); // not online
	const anna = await advisorToken( site, '11', { name: 'Anna' } );
	const ben = await advisorToken( site, '12', { name: 'Ben' } );
	const uma = await advisorToken( site, '13', {
		name: 'Uma',
		licensed: false,
	} );
	for ( const id of [ '11', '12' ] ) {
		await c.call( 'PATCH', `/v1/advisors/${ id }`, {
			token: manager,
			body: { capacity: 1 },
		} );
	}
	for ( const token of [ anna, ben ] ) {
		await c.listen(
			c.connect( token ),
			advisorsPresenceChannel( site.id )
		);
	}
	// Without a licence, Uma cannot even join the routing channel.
	await expect(
		c.listen( c.connect( uma ), advisorsPresenceChannel( site.id ) )
	).rejects.toThrow( /403/ );

	const first = await escalated( site.id );
	const second = await escalated( site.id );
	expect(
		[ await assignee( first.id ), await assignee( second.id ) ].sort()
	).toEqual( [ '11', '12' ] );
	// Both are busy: the third waits, told an advisor is coming (not the email fallback).
	const third = await escalated( site.id );
	expect( await assignee( third.id ) ).toBeNull();
	const texts = ( await c.messages( third.token, third.id ) ).map(
		( m ) => m.text
	);
	expect( texts.join( '\n' ) ).not.toMatch(
		/Leave your email|laissez votre e-mail/i
	);

	// Whoever had the first one closes it: the waiting conversation is theirs now.
	const freed = await assignee( first.id );
	const freedToken = freed === '11' ? anna : ben;
	expect(
		( await c.patch( freedToken, first.id, { type: 'close' } ) ).status
	).toBe( 200 );
	expect( await assignee( third.id ) ).toBe( freed );
} );

it( 'routes only to advisors allowed on the conversation’s page', async () => {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Routing pages',
		url: null,
	} );
	const manager = await advisorToken( site, '1', { manage: true } );
	const rita = await advisorToken( site, '5', { name: 'Rita' } );
	await c.call( 'PATCH', '/v1/advisors/5', {
		token: manager,
		body: { pages: { mode: 'some', pages: [], prefixes: [ '/shop/' ] } },
	} );
	await c.listen( c.connect( rita ), advisorsPresenceChannel( site.id ) );
	expect(
		await assignee(
			( await escalated( site.id, 'https://x.example/shop/bike' ) ).id
		)
	).toBe( '5' );
	const elsewhere = await escalated( site.id, 'https://x.example/blog/' );
	expect( await assignee( elsewhere.id ) ).toBeNull();
	// Nobody online may take it: the visitor gets the fallback instead of waiting in vain.
	const texts = ( await c.messages( elsewhere.token, elsewhere.id ) )
		.map( ( m ) => m.text )
		.join( '\n' );
	expect( texts ).toMatch( /No advisor is available/ );
} );
