/**
 * The visitor side panel: details (browser, first/last seen, sessions), variables edited
 * by advisors, and the green dot from the visitor's own realtime channel.
 */
import { inboxChannel, visitorChannel } from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

const UA = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';

async function visitorWithUa( ua = UA ) {
	const res = await fetch( `${ h.url }/v1/sites/${ h.site.id }/visitors`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'User-Agent': ua },
		body: '{}',
	} );
	const v = ( await res.json() ) as { visitorId: string; token: string };
	const id = (
		await c.start( v.token, {
			mode: 'live',
			pageUrl: 'https://shop.example/cart',
			pageTitle: 'Cart',
		} )
	).body.conversation.id as string;
	return { ...v, id };
}

const refresh = ( token: string ) =>
	fetch( `${ h.url }/v1/sites/${ h.site.id }/visitors`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'User-Agent': UA },
		body: JSON.stringify( { token } ),
	} );

it( 'shows the visitor’s browser, visits and first/last seen; a refresh after 30 minutes is a new session', async () => {
	const anna = await advisorToken( h.site, '11' );
	const v = await visitorWithUa( `  ${ UA }\t ` );
	const panel = async () =>
		(
			await c.call( 'GET', `/v1/conversations/${ v.id }/visitor`, {
				token: anna,
			} )
		).body;
	const first = await panel();
	expect( first ).toEqual( {
		visitor: {
			id: v.visitorId,
			firstSeenAt: expect.any( String ),
			lastSeenAt: expect.any( String ),
			sessions: 1,
			userAgent: UA,
			online: false,
		},
		variables: [],
		variablesHidden: false,
	} );
	expect( await c.conversation( anna, v.id ) ).toEqual(
		expect.objectContaining( {
			pageUrl: 'https://shop.example/cart',
			pageTitle: 'Cart',
		} )
	);

	expect( ( await refresh( v.token ) ).status ).toBe( 200 );
	expect( ( await panel() ).visitor.sessions ).toBe( 1 );
	const longAgo = new Date( Date.now() - 31 * 60_000 ).toISOString();
	await h.ctx
		.db( 'visitors' )
		.where( { id: v.visitorId } )
		.update( { last_seen_at: longAgo } );
	expect( ( await refresh( v.token ) ).status ).toBe( 200 );
	const later = await panel();
	expect( later.visitor.sessions ).toBe( 2 );
	expect( later.visitor.lastSeenAt > longAgo ).toBe( true );
	expect( later.visitor.firstSeenAt ).toBe( first.visitor.firstSeenAt );

	// Hostile callers.
	expect(
		(
			await c.call( 'GET', `/v1/conversations/${ v.id }/visitor`, {
				token: v.token,
			} )
		).status
	).toBe( 403 );
	const other = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Other',
	} );
	expect(
		(
			await c.call( 'GET', `/v1/conversations/${ v.id }/visitor`, {
				token: await advisorToken( other, '11' ),
			} )
		).status
	).toBe( 404 );
} );

it( 'lets advisors set and delete variables, which rename the visitor and notify the inbox', async () => {
	const anna = await advisorToken( h.site, '12' );
	const v = await visitorWithUa();
	const onInbox = await c.listen(
		c.connect( anna ),
		inboxChannel( h.site.id )
	);
	const put = ( token: string, body: unknown ) =>
		c.call( 'PUT', `/v1/conversations/${ v.id }/variables`, {
			token,
			body,
		} );

	const first = await put( anna, {
		variables: {
			PRENOM: '  Léa ',
			SOCIETE: 'ACME',
			EMAIL: 'lea@example.org',
		},
	} );
	expect( first.status ).toBe( 200 );
	expect(
		first.body.variables.map( ( x: any ) => [ x.name, x.value ] )
	).toEqual( [
		[ 'EMAIL', 'lea@example.org' ],
		[ 'PRENOM', 'Léa' ],
		[ 'SOCIETE', 'ACME' ],
	] );
	expect( ( await c.conversation( anna, v.id ) ).visitorName ).toBe(
		'Léa (ACME)'
	);
	await waitFor(
		() =>
			onInbox.events.find(
				( e ) =>
					e.event === 'conversation-updated' &&
					e.data.conversation.id === v.id
			),
		3000,
		'update'
	);

	const removed = await put( anna, {
		variables: { SOCIETE: null, EMAIL: '' },
	} );
	expect( removed.body.variables.map( ( x: any ) => x.name ) ).toEqual( [
		'PRENOM',
	] );
	expect( ( await c.conversation( anna, v.id ) ).visitorName ).toBe( 'Léa' );
	// The visitor reads their own variables as before.
	expect(
		(
			await c.call( 'GET', `/v1/conversations/${ v.id }/variables`, {
				token: v.token,
			} )
		).body.variables
	).toHaveLength( 1 );

	const bad: Array< [ unknown, RegExp ] > = [
		[ { variables: { prenom: 'x' } }, /variable names are UPPER_CASE/ ],
		[
			{ variables: { PRENOM: 'x'.repeat( 501 ) } },
			/limited to 500 characters/,
		],
		[ { variables: {} }, /at least one variable/ ],
		[
			{
				variables: Object.fromEntries(
					Array.from( { length: 51 }, ( _, i ) => [ `V${ i }`, 'x' ] )
				),
			},
			/at most 50/,
		],
		[ { variables: { PRENOM: 3 } }, /variables\.PRENOM/ ],
		[ { PRENOM: 'x' }, /variables|unrecognized/i ],
	];
	for ( const [ body, message ] of bad ) {
		const res = await put( anna, body );
		expect( res.status ).toBe( 400 );
		expect( res.body.error.message ).toMatch( message );
	}
	expect(
		( await put( v.token, { variables: { PRENOM: 'Hacker' } } ) ).status
	).toBe( 403 );
	const other = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Other 2',
	} );
	expect(
		(
			await put( await advisorToken( other, '12' ), {
				variables: { PRENOM: 'X' },
			} )
		).status
	).toBe( 404 );
	expect( ( await c.conversation( anna, v.id ) ).visitorName ).toBe( 'Léa' );
} );

it( 'shows a green dot while the visitor’s own channel is open, and only they may open it', async () => {
	const anna = await advisorToken( h.site, '13' );
	const v = await visitorWithUa();
	const intruder = await c.visitor();
	const channel = visitorChannel( h.site.id, v.visitorId );
	await expect(
		c.listen( c.connect( intruder.token ), channel )
	).rejects.toThrow( /subscription refused: 403/ );
	await expect( c.listen( c.connect( anna ), channel ) ).rejects.toThrow(
		/subscription refused: 403/
	);

	const online = async () =>
		( await c.call( 'GET', '/v1/inbox/online', { token: anna } ) ).body
			.visitorIds as string[];
	expect( await online() ).not.toContain( v.visitorId );
	const socket = c.connect( v.token );
	await c.listen( socket, channel );
	expect( await online() ).toContain( v.visitorId );
	expect( await online() ).not.toContain( intruder.visitorId );
	const item = (
		await c.call( 'GET', '/v1/inbox?list=live', { token: anna } )
	).body.conversations.find( ( x: any ) => x.id === v.id );
	expect( item.visitorOnline ).toBe( true );
	expect(
		(
			await c.call( 'GET', `/v1/conversations/${ v.id }/visitor`, {
				token: anna,
			} )
		).body.visitor.online
	).toBe( true );

	// Closing the widget (or the tab) unsubscribes: the dot goes within moments.
	socket.disconnect();
	const deadline = Date.now() + 5000;
	while ( ( await online() ).includes( v.visitorId ) ) {
		expect( Date.now() ).toBeLessThan( deadline );
		await new Promise( ( r ) => setTimeout( r, 50 ) );
	}
	expect(
		( await c.call( 'GET', '/v1/inbox/online', { token: v.token } ) ).status
	).toBe( 403 );
} );
