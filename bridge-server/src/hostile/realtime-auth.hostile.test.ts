/**
 * Realtime authorisation from an attacker's side: `POST /v1/realtime/auth` with malformed
 * socket ids (400) and with channels that are not the caller's — another site's, another
 * visitor's, the inbox or presence as a visitor, a public channel — (403), each answered
 * with the error body and never a signature; and on the embedded server, a signature is
 * bound to its socket: one minted for another socket id, or forged, subscribes nothing.
 * (Client events, public channels and the subscription caps: realtime/embedded/limits.hostile.test.ts.)
 */
import {
	advisorInboxChannel,
	advisorsPresenceChannel,
	conversationChannel,
	inboxChannel,
	visitorChannel,
} from '@handoff-chat/contracts';
import type { Site } from '../services/sites';
import { advisorToken } from '../test-utils/harness';
import { rawSocket } from '../test-utils/raw-socket';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

interface Party {
	token: string;
	visitorId: string;
	conversationId: string;
}
let siteB: Site;
let visitorA: Party;
let visitorB: Party;
let otherSiteVisitor: Party;
let advisorA: string;
let unlicensedA: string;
let advisorB: string;

async function party( siteId: string ): Promise< Party > {
	const v = await c.visitor( siteId );
	const started = await c.start( v.token, { mode: 'live' } );
	expect( started.status ).toBe( 201 );
	return { ...v, conversationId: started.body.conversation.id };
}

beforeAll( async () => {
	siteB = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Other site',
		url: 'http://other.example',
	} );
	visitorA = await party( h.site.id );
	visitorB = await party( h.site.id );
	otherSiteVisitor = await party( siteB.id );
	advisorA = await advisorToken( h.site, '1', { manage: true } );
	unlicensedA = await advisorToken( h.site, '7', { licensed: false } );
	advisorB = await advisorToken( siteB, '1', { manage: true } );
} );

async function authorize(
	token: string | null,
	socketId: unknown,
	channel: unknown
) {
	const res = await fetch( `${ h.url }/v1/realtime/auth`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			...( token ? { Authorization: `Bearer ${ token }` } : {} ),
		},
		body: JSON.stringify( { socket_id: socketId, channel_name: channel } ),
	} );
	return { status: res.status, body: ( await res.json() ) as any };
}

const MALFORMED_SOCKET_IDS: Array< [ string, unknown ] > = [
	[ 'empty', '' ],
	[ 'three parts', '1.2.3' ],
	[ 'one part', '123456' ],
	[ 'huge', '1'.repeat( 5000 ) + '.1' ],
	[ 'too many digits', '1'.repeat( 21 ) + '.1' ],
	[ 'unicode digits', '١٢٣.٤٥٦' ],
	[ 'fullwidth digits', '１２３.４５６' ],
	[ 'negative', '-1.5' ],
	[ 'hex', '0x1.0x2' ],
	[ 'trailing newline', '123.456\n' ],
	[ 'leading space', ' 123.456' ],
	[ 'signature splice', '123.456:private-inbox' ],
	[ 'a number, not a string', 123.456 ],
	[ 'null', null ],
	[ 'an array', [ '123.456' ] ],
];

it.each( MALFORMED_SOCKET_IDS )(
	'refuses a malformed socket id (%s) with 400 and no signature',
	async ( _label, socketId ) => {
		const res = await authorize(
			visitorA.token,
			socketId,
			conversationChannel( h.site.id, visitorA.conversationId )
		);
		expect( res.status ).toBe( 400 );
		expect( res.body.error.code ).toBe( 'bad_request' );
		expect( res.body.auth ).toBeUndefined();
	}
);

/** `123.456` names no socket: the refusal depends on the channel alone. */
const FOREIGN: Array< [ string, () => string, () => string ] > = [
	[
		'another site’s conversation, as a visitor',
		() => visitorA.token,
		() => conversationChannel( siteB.id, otherSiteVisitor.conversationId ),
	],
	[
		'another site’s conversation, as that site’s id with my conversation id',
		() => visitorA.token,
		() => conversationChannel( siteB.id, visitorA.conversationId ),
	],
	[
		'another visitor’s conversation',
		() => visitorB.token,
		() => conversationChannel( h.site.id, visitorA.conversationId ),
	],
	[
		'another visitor’s presence channel',
		() => visitorB.token,
		() => visitorChannel( h.site.id, visitorA.visitorId ),
	],
	[
		'the inbox, as a visitor',
		() => visitorA.token,
		() => inboxChannel( h.site.id ),
	],
	[
		'advisors’ presence, as a visitor',
		() => visitorA.token,
		() => advisorsPresenceChannel( h.site.id ),
	],
	[
		'an advisor’s own inbox channel, as a visitor',
		() => visitorA.token,
		() => advisorInboxChannel( h.site.id, '1' ),
	],
	[
		'another site’s inbox, as its advisor’s peer',
		() => advisorB,
		() => inboxChannel( h.site.id ),
	],
	[
		'another site’s advisors presence',
		() => advisorB,
		() => advisorsPresenceChannel( h.site.id ),
	],
	[
		'another site’s conversation, as an advisor',
		() => advisorB,
		() => conversationChannel( h.site.id, visitorA.conversationId ),
	],
	[
		'a visitor’s presence channel, as an advisor (its occupancy is the visitor’s)',
		() => advisorA,
		() => visitorChannel( h.site.id, visitorA.visitorId ),
	],
	[
		'another advisor’s own inbox channel',
		() => unlicensedA,
		() => advisorInboxChannel( h.site.id, '1' ),
	],
	[
		'advisors presence, unlicensed',
		() => unlicensedA,
		() => advisorsPresenceChannel( h.site.id ),
	],
	[
		'a public channel',
		() => visitorA.token,
		() => `conversation-${ h.site.id }-${ visitorA.conversationId }`,
	],
	[
		'an unknown private channel',
		() => advisorA,
		() => 'private-anything-else',
	],
	[
		'an encrypted channel',
		() => advisorA,
		() => `private-encrypted-inbox-${ h.site.id }`,
	],
	[
		'a conversation channel with a suffix',
		() => visitorA.token,
		() => conversationChannel( h.site.id, visitorA.conversationId ) + '-x',
	],
	[
		'a channel name with unicode',
		() => visitorA.token,
		() => `private-conversation-${ h.site.id }-ｃ_1`,
	],
];

it.each( FOREIGN )(
	'refuses %s with 403 and no signature',
	async ( _label, token, channel ) => {
		const res = await authorize( token(), '123.456', channel() );
		expect( res.status ).toBe( 403 );
		expect( res.body.error.code ).toBe( 'forbidden' );
		expect( res.body.auth ).toBeUndefined();
		expect( res.body.channel_data ).toBeUndefined();
	}
);

it( 'refuses an anonymous caller (401) and an oversized channel name (400), without a signature', async () => {
	const anonymous = await authorize(
		null,
		'123.456',
		conversationChannel( h.site.id, visitorA.conversationId )
	);
	expect( anonymous.status ).toBe( 401 );
	expect( anonymous.body.auth ).toBeUndefined();
	const huge = await authorize(
		visitorA.token,
		'123.456',
		'private-' + 'x'.repeat( 5000 )
	);
	expect( huge.status ).toBe( 400 );
	expect( huge.body.auth ).toBeUndefined();
} );

it( 'binds a signature to its socket: one minted for another socket id, or forged, subscribes nothing', async () => {
	const channel = conversationChannel( h.site.id, visitorB.conversationId );
	// Visitor B may sign its own channel, for any socket id: for a socket that does not exist…
	const minted = await authorize( visitorB.token, '123.456', channel );
	expect( minted.status ).toBe( 200 );
	// …which visitor A's real socket cannot use, nor a forged one.
	const intruder = await rawSocket( h, visitorA.token );
	expect( await intruder.subscribeWith( channel, minted.body ) ).toBe(
		'refused'
	);
	expect(
		await intruder.subscribeWith( channel, {
			auth: `handoff-chat-key:${ '0'.repeat( 64 ) }`,
		} )
	).toBe( 'refused' );
	expect( await intruder.subscribeWith( channel, {} ) ).toBe( 'refused' );
	// A message on that channel reaches its visitor, never the intruder.
	const owner = await rawSocket( h, visitorB.token );
	expect( await owner.subscribe( channel ) ).toBe( 'ok' );
	const sent = await c.say( visitorB.token, visitorB.conversationId, 'mine' );
	expect( sent.status ).toBe( 201 );
	await h.ctx.services.events.idle();
	await owner.sync();
	await intruder.sync();
	expect( owner.frames.join() ).toContain( sent.body.message.id );
	const received = intruder.frames
		.map( ( f ) => JSON.parse( f ) )
		.filter( ( f ) => f.channel === channel );
	expect( received.map( ( f ) => f.event ) ).toEqual(
		Array( 3 ).fill( 'pusher:subscription_error' )
	);
	expect( intruder.frames.join() ).not.toContain( sent.body.message.id );
	owner.close();
	intruder.close();
} );
