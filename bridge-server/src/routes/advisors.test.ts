/**
 * Advisors and licences over HTTP on a real bridge: WordPress's signed syncs, the list,
 * managers' changes, the quota (atomic grants under real concurrency, refusals that name
 * the quota, a lowered quota), and who may do what.
 */
import { advisorToken, client, signedHeaders } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import type { Site } from '../services/sites';

const { h, c } = setUpBridge();

/** A call signed as the WordPress plugin signs it. */
async function wordpress(
	site: Site,
	method: string,
	path: string,
	body: unknown
) {
	const raw = JSON.stringify( body );
	const headers = signedHeaders( site, method, path, raw );
	return client( h.url )( method, path, { raw, headers } );
}

const user = ( id: string, name: string ) => ( {
	id,
	displayName: name,
	email: `${ name.toLowerCase() }@example.test`,
	avatar: null,
} );

async function newSite( quota = 5 ) {
	return h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Advisors',
		quota,
	} );
}

it( 'lists the users WordPress says can answer, before they ever log in, and revokes the others', async () => {
	const site = await newSite();
	const manager = await advisorToken( site, '1', {
		name: 'Owner',
		manage: true,
	} );
	const synced = await wordpress( site, 'PUT', '/v1/advisors', {
		advisors: [
			user( '1', 'Owner' ),
			user( '7', 'Camille' ),
			user( '8', 'Dominique' ),
		],
	} );
	expect( synced.status ).toBe( 200 );
	expect(
		synced.body.advisors.map( ( a: any ) => [
			a.id,
			a.name,
			a.licensed,
			a.email,
		] )
	).toEqual( [
		[ '7', 'Camille', false, 'camille@example.test' ],
		[ '8', 'Dominique', false, 'dominique@example.test' ],
		[ '1', 'Owner', true, 'owner@example.test' ],
	] );
	expect( synced.body.licences ).toEqual( { granted: 1, quota: 5 } );

	// A colleague reads the list for the pickers, without emails.
	const camille = await advisorToken( site, '7', {
		name: 'Camille',
		licensed: false,
	} );
	const seen = await c.call( 'GET', '/v1/advisors', { token: camille } );
	expect( seen.status ).toBe( 200 );
	expect( seen.body.advisors.every( ( a: any ) => a.email === null ) ).toBe(
		true
	);

	// Dominique leaves the list: she can no longer answer and her token stops working.
	const dominique = await advisorToken( site, '8', {
		name: 'Dominique',
		licensed: false,
	} );
	expect(
		( await c.call( 'GET', '/v1/advisors/me', { token: dominique } ) )
			.status
	).toBe( 200 );
	const after = await wordpress( site, 'PUT', '/v1/advisors', {
		advisors: [ user( '1', 'Owner' ), user( '7', 'Camille' ) ],
	} );
	expect( after.body.advisors.map( ( a: any ) => a.id ) ).toEqual( [
		'7',
		'1',
	] );
	const refused = await c.call( 'GET', '/v1/advisors', { token: dominique } );
	expect( refused.status ).toBe( 401 );
	expect( refused.body.error.code ).toBe( 'revoked' );

	// One user at a time: the capability removed in WordPress.
	const one = await wordpress( site, 'PUT', '/v1/advisors/7', {
		displayName: 'Camille',
		email: null,
		avatar: null,
		canAnswer: false,
	} );
	expect( one.body.advisor ).toMatchObject( {
		id: '7',
		canAnswer: false,
		licensed: false,
	} );
	expect(
		(
			await c.call( 'GET', '/v1/advisors', { token: manager } )
		).body.advisors.map( ( a: any ) => a.id )
	).toEqual( [ '1' ] );

	// Only WordPress's signature syncs; an advisor token cannot.
	expect(
		(
			await c.call( 'PUT', '/v1/advisors', {
				token: manager,
				body: { advisors: [] },
			} )
		).status
	).toBe( 403 );
	expect(
		(
			await wordpress( site, 'PUT', '/v1/advisors', {
				advisors: [
					{
						id: 'admin',
						displayName: 'x',
						email: null,
						avatar: null,
					},
				],
			} )
		).status
	).toBe( 400 );
} );

it( 'grants and revokes licences against the quota, and refuses beyond it with the quota named', async () => {
	const site = await newSite( 2 );
	const manager = await advisorToken( site, '1', { manage: true } );
	await wordpress( site, 'PUT', '/v1/advisors', {
		advisors: [
			user( '1', 'Owner' ),
			user( '7', 'Camille' ),
			user( '8', 'Dominique' ),
		],
	} );
	const grant = ( id: string, licensed = true, token = manager ) =>
		c.call( 'PATCH', `/v1/advisors/${ id }`, {
			token,
			body: { licensed },
		} );

	const ok = await grant( '7' );
	expect( ok.status ).toBe( 200 );
	expect( ok.body ).toMatchObject( {
		advisor: { id: '7', licensed: true },
		licences: { granted: 2, quota: 2 },
	} );
	const full = await grant( '8' );
	expect( full.status ).toBe( 409 );
	expect( full.body.error ).toEqual( {
		code: 'quota_full',
		message:
			'All 2 licences of this site are in use: revoke one first, or raise the quota.',
	} );
	// Granting again what is held changes nothing.
	expect( ( await grant( '7' ) ).body.licences ).toEqual( {
		granted: 2,
		quota: 2,
	} );

	// A lowered quota keeps the grants and refuses new ones until it fits.
	await h.ctx.services.sites.setQuota( site.id, 1 );
	expect( ( await grant( '7', false ) ).body.licences ).toEqual( {
		granted: 1,
		quota: 1,
	} );
	expect( ( await grant( '8' ) ).body.error.code ).toBe( 'quota_full' );
	await h.ctx.services.sites.setQuota( site.id, 0 );
	expect( ( await grant( '8' ) ).body.error.message ).toBe(
		"This site's quota is 0 licences and 1 are granted: revoke licences until it fits before granting another."
	);

	// Managers only; unknown users and bad bodies are refused.
	const dominique = await advisorToken( site, '8', { licensed: false } );
	expect( ( await grant( '7', true, dominique ) ).status ).toBe( 403 );
	expect( ( await grant( '999' ) ).status ).toBe( 404 );
	expect(
		(
			await c.call( 'PATCH', '/v1/advisors/7', {
				token: manager,
				body: {},
			} )
		).status
	).toBe( 400 );
	expect(
		(
			await c.call( 'PATCH', '/v1/advisors/7', {
				token: manager,
				body: { capacity: 0 },
			} )
		).status
	).toBe( 400 );
	expect(
		(
			await c.call( 'PATCH', '/v1/advisors/7', {
				token: manager,
				body: {
					pages: { mode: 'some', pages: [], prefixes: [ 'shop' ] },
				},
			} )
		).body.error.message
	).toMatch( /prefixes/ );
} );

it( 'accepts exactly the free seats when many grants race (sqlite3, parallel HTTP calls)', async () => {
	const site = await newSite( 5 );
	const manager = await advisorToken( site, '1', { manage: true } ); // takes 1 seat
	const ids = Array.from( { length: 12 }, ( _, i ) => String( 100 + i ) );
	await wordpress( site, 'PUT', '/v1/advisors', {
		advisors: [
			user( '1', 'Owner' ),
			...ids.map( ( id ) => user( id, `A${ id }` ) ),
		],
	} );
	const answers = await Promise.all(
		ids.map( ( id ) =>
			c.call( 'PATCH', `/v1/advisors/${ id }`, {
				token: manager,
				body: { licensed: true },
			} )
		)
	);
	expect( answers.filter( ( a ) => a.status === 200 ) ).toHaveLength( 4 );
	expect( answers.filter( ( a ) => a.status === 409 ) ).toHaveLength( 8 );
	expect( await h.ctx.services.licences.count( site.id ) ).toEqual( {
		granted: 5,
		quota: 5,
	} );
	// The same race straight on the service (no HTTP in between).
	await h.ctx.services.sites.setQuota( site.id, 7 );
	const results = await Promise.all(
		ids.map( ( id ) => h.ctx.services.licences.grant( site.id, id ) )
	);
	expect( results.filter( ( r ) => r.ok ) ).toHaveLength( 4 + 2 ); // the 4 held already, 2 new
	expect( await h.ctx.services.licences.count( site.id ) ).toEqual( {
		granted: 7,
		quota: 7,
	} );
} );

it( 'shows visitors and colleagues the visible name, and counts messages and activity', async () => {
	const site = await newSite();
	const manager = await advisorToken( site, '1', {
		name: 'Owner',
		manage: true,
	} );
	const camille = await advisorToken( site, '7', {
		name: 'Camille Durand',
		avatar: 'https://example.test/camille.png',
	} );
	expect(
		(
			await c.call( 'PATCH', '/v1/advisors/7', {
				token: manager,
				body: {
					visibleName: 'Camille',
					capacity: 3,
					showBotConversations: false,
				},
			} )
		).body.advisor
	).toMatchObject( {
		name: 'Camille',
		displayName: 'Camille Durand',
		capacity: 3,
		showBotConversations: false,
	} );
	const v = await c.visitor( site.id );
	const id = ( await c.start( v.token, { mode: 'live' } ) ).body.conversation
		.id;
	const reply = await c.say( camille, id, 'Bonjour !' );
	expect( reply.body.message.author ).toMatchObject( {
		type: 'advisor',
		id: '7',
		name: 'Camille',
	} );
	// What the visitor sees of her: the visible name and her avatar.
	const seen = ( await c.messages( v.token, id ) ).find(
		( m ) => m.author.type === 'advisor'
	);
	expect( seen?.meta?.avatar ).toBe( 'https://example.test/camille.png' );
	expect( seen?.author.name ).toBe( 'Camille' );
	const me = ( await c.call( 'GET', '/v1/advisors/me', { token: camille } ) )
		.body;
	expect( me.advisor ).toMatchObject( {
		id: '7',
		messageCount: 1,
		visibleName: 'Camille',
	} );
	expect( me.advisor.lastActiveAt ).toEqual( expect.any( String ) );
	// Without the Chatbot list, Camille's inbox events come on her own channel.
	expect( me.inboxChannel ).toBe( `private-advisor-${ site.id }-7` );
	expect(
		( await c.call( 'GET', '/v1/advisors/me', { token: manager } ) ).body
			.inboxChannel
	).toBe( `private-inbox-${ site.id }` );
} );

it( 'lets a site manager take a free licence on their first call, unless a manager decided otherwise', async () => {
	const site = await newSite( 3 );
	// Synced by WordPress before they ever open the inbox: no licence yet.
	await wordpress( site, 'PUT', '/v1/advisors', {
		advisors: [
			user( '1', 'Owner' ),
			user( '2', 'Co-owner' ),
			user( '7', 'Camille' ),
		],
	} );
	const owner = await advisorToken( site, '1', {
		manage: true,
		licensed: false,
	} );
	const me = ( await c.call( 'GET', '/v1/advisors/me', { token: owner } ) )
		.body;
	expect( me.advisor.licensed ).toBe( true );
	// A colleague without `manage` does not.
	const camille = await advisorToken( site, '7', { licensed: false } );
	expect(
		( await c.call( 'GET', '/v1/advisors/me', { token: camille } ) ).body
			.advisor.licensed
	).toBe( false );
	// The owner revokes the co-owner's licence: the co-owner does not take it back by calling.
	expect(
		(
			await c.call( 'PATCH', '/v1/advisors/2', {
				token: owner,
				body: { licensed: false },
			} )
		).status
	).toBe( 200 );
	const coOwner = await advisorToken( site, '2', {
		manage: true,
		licensed: false,
		// Minted after the revocation (which refuses tokens issued up to its second).
		issuedAt: Math.floor( Date.now() / 1000 ) + 1,
	} );
	expect(
		( await c.call( 'GET', '/v1/advisors/me', { token: coOwner } ) ).body
			.advisor.licensed
	).toBe( false );
} );
