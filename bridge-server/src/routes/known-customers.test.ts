/**
 * Known customers: WordPress's signed identity of a logged-in visitor (auth/identity.ts) gives
 * them one visitor per WordPress user and site — the same conversation on every device — with
 * the name and email it vouched for; forged, expired, replayed or another site's identities
 * are refused, and nothing the visitor types can pose as them.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { IDENTITY_AUDIENCE } from '@handoff-chat/contracts';
import { advisorToken } from '../test-utils/harness';
import { setUpBridge } from '../test-utils/set-up-bridge';
import type { Site } from '../services/sites';

const { h, c } = setUpBridge();

/** An identity exactly as WordPress mints it (Token_Signer::sign_identity_token). */
function identity(
	site: Pick< Site, 'id' | 'secret' >,
	userId: string,
	opts: {
		name?: string;
		email?: string;
		secret?: string;
		/** `iat`, Unix seconds (default now). */
		issuedAt?: number;
		ttl?: number;
		jti?: string;
		aud?: string;
	} = {}
): Promise< string > {
	const now = opts.issuedAt ?? Math.floor( Date.now() / 1000 );
	return new SignJWT( {
		site: site.id,
		name: opts.name ?? 'Camille Martin',
		email: opts.email ?? 'camille@example.com',
	} )
		.setProtectedHeader( { alg: 'HS256', typ: 'JWT' } )
		.setIssuer( 'wordpress' )
		.setAudience( opts.aud ?? IDENTITY_AUDIENCE )
		.setSubject( userId )
		.setIssuedAt( now )
		.setExpirationTime( now + ( opts.ttl ?? 300 ) )
		.setJti( opts.jti ?? randomBytes( 16 ).toString( 'hex' ) )
		.sign( new TextEncoder().encode( opts.secret ?? site.secret ) );
}

const open = ( body: Record< string, unknown >, siteId = h.site.id ) =>
	c.call( 'POST', `/v1/sites/${ siteId }/visitors`, { body } );

const variables = async ( token: string, id: string ) =>
	(
		await c.call( 'GET', `/v1/conversations/${ id }/variables`, { token } )
	).body.variables.map( ( v: any ) => [ v.name, v.value ] );

it( 'recognises a logged-in customer: their name and email, one visitor and conversation on every device', async () => {
	const anna = await advisorToken( h.site, '11', { name: 'Anna' } );
	// The first device: an anonymous visitor who then logs in keeps their conversation.
	const anonymous = await c.visitor();
	const conversation = ( await c.start( anonymous.token, { mode: 'live' } ) )
		.body.conversation;
	expect(
		(
			await c.say(
				anonymous.token,
				conversation.id,
				'Where is my order?'
			)
		).status
	).toBe( 201 );
	const first = await open( {
		token: anonymous.token,
		identity: await identity( h.site, '42' ),
	} );
	expect( first.status ).toBe( 200 );
	expect( first.body ).toEqual(
		expect.objectContaining( {
			visitorId: anonymous.visitorId,
			customer: true,
		} )
	);
	expect( await variables( anna, conversation.id ) ).toEqual( [
		[ 'WP_EMAIL', 'camille@example.com' ],
		[ 'WP_NAME', 'Camille Martin' ],
		[ 'WP_USER_ID', '42' ],
	] );
	// The inbox names them as WordPress knows them, not with a pseudonym.
	const inbox = (
		await c.call( 'GET', '/v1/inbox?list=live', { token: anna } )
	).body.conversations;
	expect(
		inbox.find( ( x: any ) => x.id === conversation.id ).visitorName
	).toBe( 'Camille Martin' );

	// A second device (no previous token): the same visitor and its open conversation.
	const second = await open( { identity: await identity( h.site, '42' ) } );
	expect( second.status ).toBe( 200 );
	expect( second.body.visitorId ).toBe( anonymous.visitorId );
	const current = await c.call( 'GET', '/v1/conversations/current', {
		token: second.body.token,
	} );
	expect( current.body.conversation.id ).toBe( conversation.id );
	expect(
		( await c.messages( second.body.token, conversation.id ) ).map(
			( m ) => m.text
		)
	).toContain( 'Where is my order?' );

	// Another browser whose own anonymous visitor differs: switched to the customer's.
	const third = await c.visitor();
	const switched = await open( {
		token: third.token,
		identity: await identity( h.site, '42', { name: 'Camille M.' } ),
	} );
	expect( switched.body.visitorId ).toBe( anonymous.visitorId );
	// WordPress's current profile wins.
	expect( await variables( anna, conversation.id ) ).toContainEqual( [
		'WP_NAME',
		'Camille M.',
	] );

	// Another user is another visitor; a first visit from nowhere is a new one (201).
	const other = await open( { identity: await identity( h.site, '43' ) } );
	expect( other.status ).toBe( 201 );
	expect( other.body.visitorId ).not.toBe( anonymous.visitorId );

	// Logged out on that browser: its customer token no longer refreshes into their visitor.
	const loggedOut = await open( { token: second.body.token } );
	expect( loggedOut.status ).toBe( 201 );
	expect( loggedOut.body.visitorId ).not.toBe( anonymous.visitorId );
	expect( loggedOut.body.customer ).toBeUndefined();
} );

it( 'refuses forged, expired, replayed, other-site and mistyped identities, changing nothing', async () => {
	const before = await h.ctx.db( 'visitors' ).count( { n: '*' } );
	const refused = async (
		body: Record< string, unknown >,
		code: string,
		siteId = h.site.id
	) => {
		const res = await open( body, siteId );
		expect( [ res.status, res.body.error?.code ] ).toEqual( [ 401, code ] );
	};
	await refused(
		{
			identity: await identity( h.site, '42', {
				secret: 'not-the-secret',
			} ),
		},
		'identity_invalid'
	);
	const now = Math.floor( Date.now() / 1000 );
	await refused(
		{ identity: await identity( h.site, '42', { issuedAt: now - 600 } ) },
		'identity_expired'
	);
	// Longer than five minutes, or minted in the future: not what WordPress mints.
	await refused(
		{ identity: await identity( h.site, '42', { ttl: 3600 } ) },
		'identity_invalid'
	);
	await refused(
		{ identity: await identity( h.site, '42', { issuedAt: now + 120 } ) },
		'identity_invalid'
	);
	// An advisor token is no identity, nor the reverse.
	await refused(
		{ identity: await advisorToken( h.site, '42', { licensed: false } ) },
		'identity_invalid'
	);
	await refused( { identity: 'not.a.token' }, 'identity_invalid' );
	// Another site's identity, signed with that site's own secret.
	const elsewhere = await h.ctx.services.sites.create( { name: 'Other' } );
	await refused(
		{ identity: await identity( elsewhere, '42' ) },
		'identity_invalid'
	);
	await refused(
		{ identity: await identity( h.site, '42' ) },
		'identity_invalid',
		elsewhere.id
	);
	// Single use, whichever device replays it.
	const once = await identity( h.site, '44' );
	expect( ( await open( { identity: once } ) ).status ).toBe( 201 );
	await refused( { identity: once }, 'identity_replayed' );
	expect(
		Number( ( await h.ctx.db( 'visitors' ).count( { n: '*' } ) )[ 0 ].n )
	).toBe( Number( before[ 0 ].n ) + 1 );
} );

it( 'keeps the vouched variables out of reach of bot answers and advisors’ edits', async () => {
	const site = await h.ctx.services.sites.create( { name: 'Flows' } );
	const pose = ( variable: string ) => ( {
		name: 'Pose',
		mode: 'bot',
		startSequence: 'main',
		allowedLinkDomains: [],
		sequences: [
			{
				id: 'main',
				name: 'Main',
				steps: [
					{
						id: 'ask',
						type: 'question',
						text: 'Name?',
						variable,
						answerType: 'text',
						invalidText: '',
					},
					{ id: 'done', type: 'end', text: 'Thanks {{WP_NAME}}' },
				],
			},
		],
	} );
	// A flow writing a WP_ name is refused when saved…
	await expect(
		h.ctx.services.flows.put( site.id, 'pose', pose( 'WP_NAME' ) )
	).rejects.toThrow( /WP_ variables are set only by WordPress/ );
	// …but one saved before that rule may still ask for one: the bridge writes nothing then.
	await h.ctx.services.flows.put( site.id, 'pose', pose( 'NAME' ) );
	await h.ctx
		.db( 'flows' )
		.where( { site_id: site.id, id: 'pose' } )
		.update( {
			definition: JSON.stringify( {
				id: 'pose',
				...pose( 'WP_NAME' ),
			} ),
		} );
	const v = await open( { identity: await identity( site, '7' ) }, site.id );
	const started = await c.start( v.body.token, {
		mode: 'bot',
		flowId: 'pose',
	} );
	expect( started.status ).toBe( 201 );
	const id = started.body.conversation.id;
	expect( ( await c.say( v.body.token, id, 'Mallory' ) ).status ).toBe( 201 );
	// The old flow ran: it asked, took the answer, and still greets the vouched name.
	expect(
		( await c.messages( v.body.token, id ) ).map( ( m ) => m.text )
	).toEqual( [ 'Name?', 'Mallory', 'Thanks Camille Martin' ] );
	const anna = await advisorToken( site, '11' );
	expect( await variables( anna, id ) ).toContainEqual( [
		'WP_NAME',
		'Camille Martin',
	] );
	const edit = await c.call( 'PUT', `/v1/conversations/${ id }/variables`, {
		token: anna,
		body: { variables: { WP_EMAIL: 'mallory@example.com' } },
	} );
	expect( edit.status ).toBe( 400 );
	expect( await variables( anna, id ) ).toContainEqual( [
		'WP_EMAIL',
		'camille@example.com',
	] );
} );

it( 'two people logging in at once on one browser: one adopts its visitor, the other gets a new one', async () => {
	// A shared computer: the same anonymous token presented with two users' identities at the
	// same moment. Both requests check the visitor is nobody's before either claims it; the
	// loser of that race must get a visitor of their own, never an error.
	for ( let round = 0; round < 8; round++ ) {
		const shared = await c.visitor();
		const [ a, b ] = await Promise.all(
			[ `${ 500 + round * 2 }`, `${ 501 + round * 2 }` ].map(
				async ( user ) =>
					open( {
						token: shared.token,
						identity: await identity( h.site, user ),
					} )
			)
		);
		expect( [ a.status, b.status ].sort() ).toEqual( [ 200, 201 ] );
		expect(
			[ a.body.visitorId, b.body.visitorId ].filter(
				( id ) => id === shared.visitorId
			)
		).toHaveLength( 1 );
		expect( a.body.visitorId ).not.toBe( b.body.visitorId );
	}
} );
