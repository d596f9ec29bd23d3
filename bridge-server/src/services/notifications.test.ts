/**
 * Escalation notifications to WordPress through the outbox, with a local HTTP server standing
 * in for WordPress that checks the signature exactly as the plugin does.
 */
import { advisorsPresenceChannel } from '@handoff-chat/contracts';
import { lastButtons, newClientId } from '../test-utils/chat';
import {
	startFakeWordPress,
	type SignedCall,
} from '../test-utils/fake-wordpress';
import { advisorToken, waitFor } from '../test-utils/harness';
import { png } from '../test-utils/images';
import { setUpBridge } from '../test-utils/set-up-bridge';
import type { Site } from './sites';

const { h, c } = setUpBridge(
	{},
	{
		services: {
			notifier: { baseDelayMs: 50, intervalMs: 50, maxAttempts: 3 },
		},
	}
);
let wp: Awaited< ReturnType< typeof startFakeWordPress > >;
let wpUrl: string;
let received: SignedCall[];
/** Status codes WordPress answers next (then 200). */
const failures: number[] = [];
/** While set, WordPress holds its answers until it resolves (a slow WordPress). */
let hold: Promise< void > | null = null;
/** WordPress answering with a page (plain permalinks, wrong URL) instead of the plugin's JSON. */
let htmlInstead = false;
let sites: Map< string, Site >;

beforeAll( async () => {
	sites = new Map();
	wp = await startFakeWordPress(
		( id ) => sites.get( id )?.secret,
		async ( call, res ) => {
			await hold;
			const status = call.verified ? ( failures.shift() ?? 200 ) : 401;
			// The plugin acknowledges with `{ duplicate }`; anything else (a theme page) is not a delivery.
			res.writeHead( status ).end(
				status === 200 && ! htmlInstead
					? '{"duplicate":false}'
					: '<html></html>'
			);
		}
	);
	wpUrl = wp.url;
	received = wp.received;
} );
afterAll( () => wp.close() );

async function site( url: string | null ) {
	const s = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'WP',
		url,
	} );
	sites.set( s.id, s );
	return s;
}

/** A bot conversation where the visitor gave name and company, then asks for a human. */
async function escalate( s: Site ) {
	const v = await c.visitor( s.id );
	const id = ( await c.start( v.token ) ).body.conversation.id as string;
	await c.say( v.token, id, 'Léa' );
	await c.say( v.token, id, 'ACME' );
	expect(
		( await c.act( v.token, id, { type: 'request_human' } ) ).status
	).toBe( 201 );
	return { id };
}

const outbox = ( siteId: string ) =>
	h.ctx.db( 'notification_outbox' ).where( { site_id: siteId } );

/** The site's outbox row once it is no longer pending. */
async function settled( siteId: string ) {
	for ( let i = 0; i < 200; i++ ) {
		const row = await outbox( siteId ).first();
		if ( row && row.status !== 'pending' ) {
			return row;
		}
		await new Promise( ( r ) => setTimeout( r, 20 ) );
	}
	throw new Error( 'outbox row still pending' );
}

it( 'calls WordPress back, signed, when a conversation is escalated, with whoever got it', async () => {
	const s = await site( wpUrl + '/' );
	const { id } = await escalate( s );
	const call = await waitFor(
		() => received.find( ( r ) => r.body.conversationId === id ),
		3000,
		'notify'
	);
	expect( call ).toEqual( {
		path: '/?rest_route=/handoff-chat/v1/notify',
		verified: true,
		site: s.id,
		body: {
			type: 'escalated',
			conversationId: id,
			assignedAdvisorId: null,
			// Nobody holds a licence on this site yet: nobody to mail.
			recipients: [],
			visitorName: 'Léa (ACME)',
			// Their name and company answered the bot's questions: variables, not what they said.
			preview: null,
			lines: [],
			pageUrl: null,
			pageTitle: null,
		},
	} );
	// WordPress has the call; the bridge marks the row once it has read the answer.
	expect( await settled( s.id ) ).toEqual(
		expect.objectContaining( { status: 'delivered', attempts: 1 } )
	);

	// With an advisor online, the round robin's choice is in the call.
	const anna = c.connect( await advisorToken( s, '11', { name: 'Anna' } ) );
	await c.listen( anna, advisorsPresenceChannel( s.id ) );
	const second = await escalate( s );
	const assigned = await waitFor(
		() => received.find( ( r ) => r.body.conversationId === second.id ),
		3000,
		'notify 2'
	);
	expect( assigned.body.assignedAdvisorId ).toBe( '11' );
	anna.disconnect();
} );

it( 'quotes what the visitor typed, sent and chose — not their answers to the bot — and where the chat started', async () => {
	const s = await site( wpUrl );
	const v = await c.visitor( s.id );
	const id = (
		await c.start( v.token, {
			mode: 'bot',
			pageUrl: 'https://shop.example/contact/',
			pageTitle: 'Contact – Shop',
		} )
	).body.conversation.id as string;
	await c.say( v.token, id, 'Léa' );
	await c.say( v.token, id, 'ACME' );
	await c.say( v.token, id, 'Do you deliver to Lyon?' );
	const press = async ( buttonId: string ) => {
		const offered = lastButtons( await c.messages( v.token, id ) )!;
		expect(
			(
				await c.act( v.token, id, {
					type: 'button',
					stepId: offered.meta!.stepId,
					buttonId,
				} )
			).status
		).toBe( 201 );
	};
	await press( 'hours' );
	const photo = ( await c.upload( v.token, png( 4, 4 ) ) ).body.upload;
	expect(
		(
			await c.call( 'POST', `/v1/conversations/${ id }/messages`, {
				token: v.token,
				body: {
					clientId: newClientId(),
					uploadId: photo.id,
					text: 'The damaged box',
				},
			} )
		).status
	).toBe( 201 );
	await press( 'human' );

	const call = await waitFor(
		() => received.find( ( r ) => r.body.conversationId === id ),
		3000,
		'notify'
	);
	expect( call.body ).toEqual(
		expect.objectContaining( {
			preview: 'The damaged box',
			lines: [
				{ kind: 'text', text: 'Do you deliver to Lyon?' },
				{
					kind: 'choice',
					text: "Horaires d'ouverture / Opening hours",
				},
				{ kind: 'image', text: 'The damaged box' },
				{
					kind: 'choice',
					text: 'Parler à un humain / Talk to a human',
				},
			],
			pageUrl: 'https://shop.example/contact/',
			pageTitle: 'Contact – Shop',
		} )
	);
} );

it( 'keeps the signed path of a WordPress installed in a sub-folder', async () => {
	const s = await site( `${ wpUrl }/blog` );
	const { id } = await escalate( s );
	const call = await waitFor(
		() => received.find( ( r ) => r.body.conversationId === id ),
		3000,
		'notify'
	);
	expect( call ).toEqual(
		expect.objectContaining( {
			path: '/blog/?rest_route=/handoff-chat/v1/notify',
			verified: true,
		} )
	);
} );

it( 'does not take a page answered with 200 for a delivery', async () => {
	const s = await site( wpUrl );
	htmlInstead = true;
	try {
		const { id } = await escalate( s );
		await waitFor(
			() =>
				received.filter( ( r ) => r.body.conversationId === id )
					.length >= 2,
			5000,
			'a retry'
		);
	} finally {
		htmlInstead = false;
	}
	expect( await settled( s.id ) ).toEqual(
		expect.objectContaining( { status: 'delivered' } )
	);
} );

it( 'retries with backoff, gives up after the last attempt, and never makes the visitor wait', async () => {
	const s = await site( wpUrl );
	failures.push( 503, 500 );
	const retried = await escalate( s );
	await waitFor(
		() =>
			received.filter( ( r ) => r.body.conversationId === retried.id )
				.length === 3,
		5000,
		'three attempts'
	);
	expect( await settled( s.id ) ).toEqual(
		expect.objectContaining( { status: 'delivered', attempts: 3 } )
	);

	const s2 = await site( wpUrl );
	failures.push( 500, 500, 500 );
	const lost = await escalate( s2 );
	await waitFor(
		() =>
			received.filter( ( r ) => r.body.conversationId === lost.id )
				.length === 3,
		5000,
		'three failures'
	);
	expect( await settled( s2.id ) ).toEqual(
		expect.objectContaining( {
			status: 'failed',
			attempts: 3,
			last_error: 'WordPress answered 500',
		} )
	);
	// Given up: a delivery round (what the periodic timer runs) sends nothing more.
	await h.ctx.services.notifications.deliverDue();
	expect(
		received.filter( ( r ) => r.body.conversationId === lost.id )
	).toHaveLength( 3 );

	// A slow WordPress delays nobody: the escalation is answered while WordPress, called,
	// still holds its answer (were the request waiting for it, this would never return).
	let answer!: () => void;
	hold = new Promise( ( r ) => ( answer = r ) );
	try {
		const s3 = await site( wpUrl );
		const slow = await escalate( s3 );
		await waitFor(
			() => received.some( ( r ) => r.body.conversationId === slow.id ),
			5000,
			'the call to WordPress'
		);
		expect( ( await outbox( s3.id ).first() ).status ).toBe( 'pending' );
		answer();
		expect( await settled( s3.id ) ).toEqual(
			expect.objectContaining( { status: 'delivered' } )
		);
	} finally {
		answer();
		hold = null;
	}
} );

it( 'queues nothing for a site without a URL', async () => {
	const s = await site( null );
	await escalate( s );
	// The outbox row would be written in the escalation's own transaction: no wait needed.
	expect( await outbox( s.id ) ).toEqual( [] );
} );
