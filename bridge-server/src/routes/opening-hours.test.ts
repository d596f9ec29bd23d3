/**
 * Opening hours, away and reply by email (issue 15 item 3), through the HTTP API: the widget's
 * availability, the advisors' away switch honoured by routing, the offline form's conversation,
 * "answer me by email", the transfer fallback's email kept as `replyEmail`, and an advisor's
 * reply queued for WordPress (email-reply) when the visitor is not online, whose resume link
 * opens the conversation again.
 */
import {
	advisorsPresenceChannel,
	DEFAULT_HOURS,
	inboxChannel,
	visitorChannel,
	type OpeningHours,
} from '@handoff-chat/contracts';
import { signResumeToken } from '../auth/resume-token';
import {
	startFakeWordPress,
	type SignedCall,
} from '../test-utils/fake-wordpress';
import { advisorToken, waitFor } from '../test-utils/harness';
import { png } from '../test-utils/images';
import { newClientId } from '../test-utils/chat';
import { setUpBridge } from '../test-utils/set-up-bridge';
import type { Site } from '../services/sites';

const PUBLIC_URL = 'https://bridge.example';
const { h, c } = setUpBridge(
	{ PUBLIC_URL },
	{ services: { notifier: { intervalMs: 50, baseDelayMs: 50 } } }
);

// WordPress's notify route, checking signatures as the plugin does.
let wp: Awaited< ReturnType< typeof startFakeWordPress > >;
const secrets = new Map< string, string >();
beforeAll( async () => {
	wp = await startFakeWordPress(
		( id ) => secrets.get( id ),
		( call, res ) => {
			res.writeHead( call.verified ? 200 : 401 ).end(
				'{"duplicate":false}'
			);
		}
	);
} );
afterAll( () => wp.close() );
const calls = ( type: string, siteId: string ): SignedCall[] =>
	wp.received.filter( ( r ) => r.site === siteId && r.body.type === type );

const CLOSED_WEEK: OpeningHours[ 'weekly' ] = {
	mon: [],
	tue: [],
	wed: [],
	thu: [],
	fri: [],
	sat: [],
	sun: [],
};
const ALWAYS: OpeningHours[ 'weekly' ] = Object.fromEntries(
	Object.keys( CLOSED_WEEK ).map( ( d ) => [
		d,
		[ { from: '00:00', to: '24:00' } ],
	] )
) as OpeningHours[ 'weekly' ];

async function newSite( name: string, withWordPress = false ) {
	const site = await h.ctx.services.sites.create( {
		demoFlow: true,
		name,
		// With a URL, the bridge calls WordPress back (notifications).
		url: withWordPress ? wp.url + '/' : null,
	} );
	secrets.set( site.id, site.secret );
	const manager = await advisorToken( site, '1', { manage: true } );
	return { site, manager };
}

async function setHours(
	manager: string,
	hours: Partial< OpeningHours > | null
) {
	const res = await c.call( 'PUT', '/v1/settings', {
		token: manager,
		body: { hours: { ...DEFAULT_HOURS, ...hours } },
	} );
	expect( res.status ).toBe( 200 );
	return res;
}

const availability = ( token: string, pageUrl?: string ) =>
	c.call(
		'GET',
		`/v1/availability${
			pageUrl ? `?pageUrl=${ encodeURIComponent( pageUrl ) }` : ''
		}`,
		{ token }
	);

async function online( site: Site, token: string ) {
	await c.listen( c.connect( token ), advisorsPresenceChannel( site.id ) );
}

/** The demo bot until "talk to a human" (the transfer runs after the answer). */
async function escalated( siteId: string ) {
	const v = await c.visitor( siteId );
	const id = ( await c.start( v.token, { mode: 'bot' } ) ).body.conversation
		.id as string;
	expect(
		( await c.act( v.token, id, { type: 'request_human' } ) ).status
	).toBe( 201 );
	await h.ctx.services.events.idle();
	return { ...v, id };
}

const outbox = ( siteId: string ) =>
	h.ctx
		.db( 'notification_outbox' )
		.where( { site_id: siteId } )
		.orderBy( 'id' );

/** The site's outbox rows once none is pending any more. */
async function settled( siteId: string ) {
	for ( let i = 0; i < 300; i++ ) {
		const rows = await outbox( siteId );
		if ( rows.every( ( r: any ) => r.status !== 'pending' ) ) {
			return rows.map( ( r: any ) => [
				JSON.parse( r.payload ).type,
				r.status,
			] );
		}
		await new Promise( ( r ) => setTimeout( r, 20 ) );
	}
	throw new Error( 'outbox rows still pending' );
}

const offlineStart = ( token: string, extra: Record< string, unknown > = {} ) =>
	c.start( token, {
		mode: 'live',
		pageUrl: 'https://shop.example/contact/',
		pageTitle: 'Contact',
		locale: 'fr-FR',
		offline: {
			question: '  Do you ship to Lyon?  ',
			email: 'lea@example.fr',
		},
		...extra,
	} );

describe( 'availability', () => {
	it( 'says whether someone available is online, not away and allowed on the page', async () => {
		const { site, manager } = await newSite( 'Availability' );
		const v = await c.visitor( site.id );
		expect( ( await availability( v.token ) ).body ).toEqual( {
			open: true,
			advisorsAvailable: false,
			nextOpenAt: null,
			replyByEmail: true,
		} );

		const rita = await advisorToken( site, '5', { name: 'Rita' } );
		await c.call( 'PATCH', '/v1/advisors/5', {
			token: manager,
			body: {
				pages: { mode: 'some', pages: [], prefixes: [ '/shop/' ] },
			},
		} );
		await online( site, rita );
		expect(
			( await availability( v.token, 'https://x.example/shop/bike' ) )
				.body
		).toEqual( {
			open: true,
			advisorsAvailable: true,
			nextOpenAt: null,
			replyByEmail: false,
		} );
		// Not allowed on that page: nobody for it.
		expect(
			( await availability( v.token, 'https://x.example/blog/' ) ).body
				.advisorsAvailable
		).toBe( false );

		// Away: online, but not available.
		expect(
			(
				await c.call( 'PUT', '/v1/advisors/me/status', {
					token: rita,
					body: { away: true },
				} )
			).body
		).toEqual( { away: true } );
		expect(
			( await availability( v.token, 'https://x.example/shop/bike' ) )
				.body
		).toEqual(
			expect.objectContaining( {
				advisorsAvailable: false,
				replyByEmail: true,
			} )
		);

		// Outside opening hours (closed every day): not open, whoever is online.
		await c.call( 'PUT', '/v1/advisors/me/status', {
			token: rita,
			body: { away: false },
		} );
		await setHours( manager, { enabled: true, weekly: CLOSED_WEEK } );
		expect(
			( await availability( v.token, 'https://x.example/shop/bike' ) )
				.body
		).toEqual( {
			open: false,
			advisorsAvailable: true,
			nextOpenAt: null,
			replyByEmail: true,
		} );
		await setHours( manager, { enabled: true, weekly: ALWAYS } );
		expect(
			( await availability( v.token, 'https://x.example/shop/bike' ) )
				.body
		).toEqual(
			expect.objectContaining( { open: true, replyByEmail: false } )
		);

		// Visitors only.
		expect( ( await availability( manager ) ).status ).toBe( 403 );
	} );

	it( 'gives the next opening in the site’s time zone', async () => {
		const { site, manager } = await newSite( 'Next opening' );
		await setHours( manager, {
			enabled: true,
			timeZone: 'Europe/Paris',
		} );
		// Saturday 5 December 2026, noon UTC: Monday 9:00 in Paris (UTC+1).
		expect(
			await h.ctx.services.handoff.availability(
				site.id,
				null,
				new Date( '2026-12-05T12:00:00Z' )
			)
		).toEqual( {
			open: false,
			advisorsAvailable: false,
			nextOpenAt: '2026-12-07T08:00:00.000Z',
			replyByEmail: true,
		} );
	} );

	it( 'refuses hours that cannot be, naming the field', async () => {
		const { manager } = await newSite( 'Bad hours' );
		const res = await c.call( 'PUT', '/v1/settings', {
			token: manager,
			body: {
				hours: {
					...DEFAULT_HOURS,
					weekly: {
						...DEFAULT_HOURS.weekly,
						tue: [ { from: '18:00', to: '09:00' } ],
					},
				},
			},
		} );
		expect( res.status ).toBe( 400 );
		expect( res.body.error.message ).toBe(
			'hours.weekly.tue.0: to must be after from'
		);
		const saved = await setHours( manager, {
			enabled: true,
			timeZone: 'Asia/Kolkata',
		} );
		expect( saved.body.settings.hours ).toEqual( {
			...DEFAULT_HOURS,
			enabled: true,
			timeZone: 'Asia/Kolkata',
		} );
		// Other settings keep the hours.
		const other = await c.call( 'PUT', '/v1/settings', {
			token: manager,
			body: { ratingEnabled: false },
		} );
		expect( other.body.settings.hours.timeZone ).toBe( 'Asia/Kolkata' );
	} );
} );

describe( 'away and hours in routing', () => {
	it( 'lists, stores and announces the away switch; away advisors get no transfer', async () => {
		const { site, manager } = await newSite( 'Away' );
		const anna = await advisorToken( site, '11', { name: 'Anna' } );
		await online( site, anna );
		const inbox = await c.listen(
			c.connect( manager ),
			inboxChannel( site.id )
		);

		expect(
			( await c.call( 'GET', '/v1/advisors/me/status', { token: anna } ) )
				.body
		).toEqual( { away: false } );
		expect(
			(
				await c.call( 'PUT', '/v1/advisors/me/status', {
					token: anna,
					body: { away: 'yes' },
				} )
			).status
		).toBe( 400 );
		await c.call( 'PUT', '/v1/advisors/me/status', {
			token: anna,
			body: { away: true },
		} );
		expect(
			( await c.call( 'GET', '/v1/advisors/me/status', { token: anna } ) )
				.body
		).toEqual( { away: true } );
		const list = (
			await c.call( 'GET', '/v1/advisors', { token: manager } )
		).body.advisors;
		expect( list.map( ( a: any ) => [ a.id, a.away ] ).sort() ).toEqual( [
			[ '1', false ],
			[ '11', true ],
		] );
		await waitFor(
			() =>
				inbox.events.find(
					( e ) =>
						e.event === 'advisor-status' &&
						e.data.advisorId === '11' &&
						e.data.away === true
				),
			3000,
			'advisor-status'
		);

		// The only advisor online is away: the visitor gets the fallback's email question.
		const v = await escalated( site.id );
		const row = await h.ctx.services.conversations.peek( v.id );
		expect( row?.assigned_advisor_id ).toBeNull();
		expect( ( await c.conversation( v.token, v.id ) ).handoff ).toBe(
			'no_advisor'
		);

		// Back: she gets a new transfer.
		await c.call( 'PUT', '/v1/advisors/me/status', {
			token: anna,
			body: { away: false },
		} );
		const w = await escalated( site.id );
		expect(
			( await h.ctx.services.conversations.peek( w.id ) )
				?.assigned_advisor_id
		).toBe( '11' );
	} );

	it( 'treats a transfer outside opening hours as nobody online', async () => {
		const { site, manager } = await newSite( 'Closed' );
		const anna = await advisorToken( site, '11', { name: 'Anna' } );
		await online( site, anna );
		await setHours( manager, { enabled: true, weekly: CLOSED_WEEK } );
		const v = await escalated( site.id );
		expect(
			( await h.ctx.services.conversations.peek( v.id ) )
				?.assigned_advisor_id
		).toBeNull();
		expect( ( await c.conversation( v.token, v.id ) ).handoff ).toBe(
			'no_advisor'
		);
		// Open again: routed as before.
		await setHours( manager, { enabled: true, weekly: ALWAYS } );
		const w = await escalated( site.id );
		expect(
			( await h.ctx.services.conversations.peek( w.id ) )
				?.assigned_advisor_id
		).toBe( '11' );
	} );
} );

describe( 'reply by email', () => {
	it( 'starts the offline form’s conversation: the question, the email, the language, the advisors told', async () => {
		const { site } = await newSite( 'Offline', true );
		const v = await c.visitor( site.id );

		const bad = await offlineStart( v.token, {
			offline: { question: 'Hello?', email: 'lea@example' },
		} );
		expect( bad.status ).toBe( 400 );
		expect( bad.body.error.message ).toBe(
			'offline.email: a valid email address'
		);
		expect(
			( await offlineStart( v.token, { locale: 'not a language' } ) )
				.status
		).toBe( 400 );

		const res = await offlineStart( v.token );
		expect( res.status ).toBe( 201 );
		const conversation = res.body.conversation;
		expect( conversation ).toEqual(
			expect.objectContaining( {
				mode: 'live',
				state: 'waiting',
				flowId: null,
				replyEmail: 'lea@example.fr',
				locale: 'fr_FR',
				handoff: 'email_left',
				pageUrl: 'https://shop.example/contact/',
			} )
		);
		expect(
			res.body.messages.map( ( m: any ) => [
				m.kind,
				m.author.type,
				m.text,
			] )
		).toEqual( [ [ 'text', 'visitor', 'Do you ship to Lyon?' ] ] );
		const anna = await advisorToken( site, '11', { name: 'Anna' } );
		const vars = (
			await c.call(
				'GET',
				`/v1/conversations/${ conversation.id }/variables`,
				{ token: anna }
			)
		).body.variables;
		expect( vars ).toEqual( [
			expect.objectContaining( {
				name: 'EMAIL',
				value: 'lea@example.fr',
			} ),
		] );
		// In the inbox like any new conversation, and WordPress emails the advisors.
		const inbox = (
			await c.call( 'GET', '/v1/inbox?list=live', { token: anna } )
		).body.conversations;
		expect( inbox.map( ( x: any ) => [ x.id, x.replyEmail ] ) ).toEqual( [
			[ conversation.id, 'lea@example.fr' ],
		] );
		const call = await waitFor(
			() => calls( 'escalated', site.id )[ 0 ],
			3000,
			'escalation'
		);
		expect( call.body ).toEqual(
			expect.objectContaining( {
				conversationId: conversation.id,
				assignedAdvisorId: null,
				lines: [ { kind: 'text', text: 'Do you ship to Lyon?' } ],
				pageUrl: 'https://shop.example/contact/',
			} )
		);
	} );

	it( 'lets the visitor ask to be answered by email, until the conversation is closed', async () => {
		const { site } = await newSite( 'Answer me by email' );
		const v = await c.visitor( site.id );
		const id = ( await c.start( v.token, { mode: 'live' } ) ).body
			.conversation.id as string;
		const url = `/v1/conversations/${ id }/reply-by-email`;
		const bad = await c.call( 'POST', url, {
			token: v.token,
			body: { email: 'nope' },
		} );
		expect( bad.status ).toBe( 400 );
		expect( bad.body.error.message ).toBe( 'email: a valid email address' );
		const other = await c.visitor( site.id );
		expect(
			(
				await c.call( 'POST', url, {
					token: other.token,
					body: { email: 'x@example.fr' },
				} )
			).status
		).toBe( 404 );

		const ok = await c.call( 'POST', url, {
			token: v.token,
			body: { email: ' lea@example.fr ' },
		} );
		expect( ok.status ).toBe( 200 );
		expect( ok.body.conversation ).toEqual(
			expect.objectContaining( {
				id,
				replyEmail: 'lea@example.fr',
				handoff: 'email_left',
			} )
		);

		const anna = await advisorToken( site, '11', { name: 'Anna' } );
		await c.patch( anna, id, { type: 'close' } );
		const closed = await c.call( 'POST', url, {
			token: v.token,
			body: { email: 'lea@example.fr' },
		} );
		expect( closed.status ).toBe( 409 );
		expect( closed.body.error.code ).toBe( 'conversation_closed' );
	} );

	it( 'keeps the transfer fallback’s email answer as the reply address', async () => {
		const { site } = await newSite( 'Fallback email' );
		const v = await escalated( site.id );
		expect(
			( await c.conversation( v.token, v.id ) ).replyEmail
		).toBeNull();
		await c.say( v.token, v.id, 'lea at example' );
		expect(
			( await c.conversation( v.token, v.id ) ).replyEmail
		).toBeNull();
		await c.say( v.token, v.id, 'lea@example.com' );
		expect( await c.conversation( v.token, v.id ) ).toEqual(
			expect.objectContaining( {
				replyEmail: 'lea@example.com',
				handoff: 'email_left',
			} )
		);
	} );

	it( 'sends the advisor’s reply to WordPress to email while the visitor is away, with a resume link', async () => {
		const { site } = await newSite( 'Emailed replies', true );
		const v = await c.visitor( site.id );
		const started = ( await offlineStart( v.token ) ).body.conversation;
		const anna = await advisorToken( site, '11', { name: 'Anna' } );
		const sent = ( messageId: string ) =>
			waitFor(
				() =>
					calls( 'email-reply', site.id ).find(
						( r ) => r.body.messageId === messageId
					),
				3000,
				'email-reply'
			);

		const reply = await c.say( anna, started.id, 'Yes, in two days.' );
		expect( reply.status ).toBe( 201 );
		const first = ( await sent( reply.body.message.id ) ).body;
		expect( first ).toEqual( {
			type: 'email-reply',
			conversationId: started.id,
			messageId: reply.body.message.id,
			to: 'lea@example.fr',
			locale: 'fr_FR',
			advisorName: 'Anna',
			text: 'Yes, in two days.',
			imageUrl: null,
			pageUrl: 'https://shop.example/contact/',
			pageTitle: 'Contact',
			resumeToken: expect.stringMatching( /^hcr1\.[\w-]+\.[\w-]+$/ ),
			siteName: 'Emailed replies',
		} );
		// A note is not for the visitor: nothing is queued for it.
		expect(
			( await c.note( anna, started.id, 'Check stock first' ) ).status
		).toBe( 201 );
		const upload = await c.upload( anna, png( 4, 3 ) );
		const image = await c.call(
			'POST',
			`/v1/conversations/${ started.id }/messages`,
			{
				token: anna,
				body: {
					clientId: newClientId(),
					uploadId: upload.body.upload.id,
					text: 'Our van',
				},
			}
		);
		expect( image.status ).toBe( 201 );
		expect( ( await sent( image.body.message.id ) ).body ).toEqual(
			expect.objectContaining( {
				text: 'Our van',
				imageUrl: `${ PUBLIC_URL }/v1/uploads/${ upload.body.upload.id }`,
			} )
		);
		expect( await settled( site.id ) ).toEqual( [
			[ 'escalated', 'delivered' ],
			[ 'email-reply', 'delivered' ],
			[ 'email-reply', 'delivered' ],
		] );

		// The link: a session of that visitor, on that conversation, usable again.
		for ( let i = 0; i < 2; i++ ) {
			const resumed = await c.call(
				'POST',
				`/v1/sites/${ site.id }/visitors`,
				{ body: { resume: first.resumeToken } }
			);
			expect( resumed.status ).toBe( 200 );
			expect( resumed.body ).toEqual(
				expect.objectContaining( {
					visitorId: v.visitorId,
					resumeConversationId: started.id,
				} )
			);
			const texts = (
				await c.messages( resumed.body.token, started.id )
			).map( ( m ) => m.text );
			expect( texts ).toEqual( [
				'Do you ship to Lyon?',
				'Yes, in two days.',
				'Our van',
			] );
		}

		// The visitor has the widget open: the reply is read there, not emailed.
		await c.listen(
			c.connect( v.token ),
			visitorChannel( site.id, v.visitorId )
		);
		expect(
			( await c.say( anna, started.id, 'See you in the chat' ) ).status
		).toBe( 201 );
		expect( ( await settled( site.id ) ).slice( 3 ) ).toEqual( [
			[ 'email-reply', 'skipped' ],
		] );
		expect( calls( 'email-reply', site.id ) ).toHaveLength( 2 );
	} );

	it( 'refuses a forged, another site’s, a dangling or an expired resume link', async () => {
		const { site } = await newSite( 'Resume links' );
		const other = await newSite( 'Other site' );
		const v = await c.visitor( site.id );
		const id = ( await offlineStart( v.token ) ).body.conversation.id;
		const open = ( resume: string, siteId = site.id ) =>
			c.call( 'POST', `/v1/sites/${ siteId }/visitors`, {
				body: { resume },
			} );
		const claims = {
			siteId: site.id,
			visitorId: v.visitorId,
			conversationId: id,
		};
		const good = signResumeToken( site.secret, claims );
		expect( ( await open( good ) ).status ).toBe( 200 );

		const code = async ( resume: string, siteId?: string ) => {
			const res = await open( resume, siteId );
			return [ res.status, res.body.error?.code ];
		};
		expect(
			await code( signResumeToken( 'not the secret', claims ) )
		).toEqual( [ 401, 'resume_invalid' ] );
		expect( await code( good.slice( 0, -2 ) + 'xx' ) ).toEqual( [
			401,
			'resume_invalid',
		] );
		expect( await code( 'hcr1.e30.abc' ) ).toEqual( [
			401,
			'resume_invalid',
		] );
		// Signed for this site, presented to another.
		expect( await code( good, other.site.id ) ).toEqual( [
			401,
			'resume_invalid',
		] );
		// A conversation that is not this visitor's.
		expect(
			await code(
				signResumeToken( site.secret, {
					...claims,
					conversationId: 'c_gone',
				} )
			)
		).toEqual( [ 401, 'resume_invalid' ] );
		// Signed 31 days ago: past its 30 days.
		expect(
			await code(
				signResumeToken(
					site.secret,
					claims,
					Date.now() / 1000 - 31 * 86400
				)
			)
		).toEqual( [ 401, 'resume_expired' ] );
	} );
} );
