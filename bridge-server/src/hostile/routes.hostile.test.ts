/**
 * Every route the bridge registers (read from Express's router stack, not listed by hand),
 * called by every attacker of the threat model (README, "Security"): anonymous, a visitor
 * and an advisor and WordPress of ANOTHER site, ANOTHER visitor of the same site on visitor
 * A's conversation, and an under-privileged advisor of the same site (unlicensed, no
 * `manage`). ROUTES says who each route is for; a route missing from it fails the suite, so
 * a new route must be given its permission rule here. Each call must answer the status
 * docs/api.md gives (401 no credential, 403 wrong role or right, 404 not yours), with the
 * matching error code, never a 500, never a 2xx carrying site A's or visitor A's data; and
 * site A's data is the same after every attack as before.
 */
import { randomUUID } from 'node:crypto';
import { conversationChannel } from '@handoff-chat/contracts';
import { createApp } from '../app';
import { parseCode } from '../auth/connect-code';
import type { Role } from '../http';
import type { Site } from '../services/sites';
import { chat, newClientId } from '../test-utils/chat';
import {
	advisorToken,
	signedHeaders,
	startBridge,
	type Harness,
} from '../test-utils/harness';
import { png } from '../test-utils/images';
import { listRoutes } from '../test-utils/routes';

type Attacker =
	| 'anonymous'
	| 'otherSiteVisitor'
	| 'otherSiteAdvisor'
	| 'otherSiteWordPress'
	| 'otherVisitor'
	| 'unprivilegedAdvisor';

const ATTACKERS: Attacker[] = [
	'anonymous',
	'otherSiteVisitor',
	'otherSiteAdvisor',
	'otherSiteWordPress',
	'otherVisitor',
	'unprivilegedAdvisor',
];

interface Fixture {
	siteA: Site;
	siteB: Site;
	conversationId: string;
	/** Visitor A's other conversation, the one the unprivileged advisor works on (see below). */
	sharedConversationId: string;
	uploadId: string;
	flowId: string;
	otherFlowId: string;
	/** A WordPress user of site A: an unlicensed advisor without `manage`. */
	unprivilegedId: string;
	/** Site B's manager (kept an advisor by site B's own advisor sync). */
	otherManagerId: string;
	/** The id of an unused connection code of site A (its secret part stays unknown). */
	connectCodeId: string;
	/** Site A's webhook endpoint and API key. */
	webhookId: string;
	apiKeyId: string;
}

interface Rule {
	/** The roles the route admits, or why it is public and what an anonymous caller gets. */
	for: Role[] | { public: string; anonymous: number[]; data?: 'site' };
	/** The path names a thing of site A (conversation, flow, advisor): 404 to anyone else. */
	owned?: true;
	/** Advisors need `manage`; `licence`: a licence (403 otherwise). */
	manage?: true;
	licence?: true;
	/** What the call sends; `:params` are filled from the fixture (`id` overrides `:id`). */
	id?: ( f: Fixture ) => string;
	query?: string;
	body?: ( f: Fixture, who: Attacker ) => unknown;
	/** Exceptions to the derived expectation, with docs/api.md's reason. */
	expect?: Partial< Record< Attacker, number[] > >;
	/** Keeps the fixture true after a call that changes the caller's own credentials. */
	after?: ( f: Fixture, who: Attacker ) => Promise< void >;
}

const conversation = ( rule: Omit< Rule, 'owned' > ): Rule => ( {
	...rule,
	owned: true,
} );

/** Who may call what: docs/api.md's tables. */
const ROUTES: Record< string, Rule > = {
	'GET /healthz': {
		for: {
			public: 'liveness for load balancers: counters, no site data',
			anonymous: [ 200 ],
		},
	},
	'GET /v1/sites/:siteId/config': {
		for: {
			public: 'the widget reads its realtime settings before it has an identity',
			anonymous: [ 200 ],
			data: 'site',
		},
	},
	'POST /v1/sites/:siteId/visitors': {
		for: {
			public: 'anonymous visitors get a new identity here (rate limited)',
			anonymous: [ 201 ],
		},
		body: () => ( {} ),
	},
	// Without the code's secret part no one can sign the exchange: 401 to every attacker.
	'POST /v1/connect': {
		for: {
			public: 'WordPress exchanges a one-time connection code, signed with the key the code derives (rate limited)',
			anonymous: [ 401 ],
		},
		body: ( fx ) => ( {
			code: fx.connectCodeId,
			url: 'https://attacker.example',
		} ),
		expect: {
			otherSiteVisitor: [ 401 ],
			otherSiteAdvisor: [ 401 ],
			otherSiteWordPress: [ 401 ],
			otherVisitor: [ 401 ],
			unprivilegedAdvisor: [ 401 ],
		},
	},
	// Site B's WordPress reads and changes its own record only.
	'GET /v1/site': { for: [ 'wordpress' ] },
	'PUT /v1/site': {
		for: [ 'wordpress' ],
		body: () => ( { url: 'https://other.example' } ),
	},
	'POST /v1/site/secret': {
		for: [ 'wordpress' ],
		// Site B's own secret was rotated (which also ends its visitors' and advisors' tokens):
		// put it back, so the attacks on the routes after this one still carry valid credentials.
		after: async ( fx, who ) => {
			if ( who === 'otherSiteWordPress' ) {
				await h.ctx
					.db( 'sites' )
					.where( { id: fx.siteB.id } )
					.update( { secret: fx.siteB.secret } );
				h.ctx.services.sites.forget( fx.siteB.id );
			}
		},
	},
	'GET /v1/uploads/:id': {
		for: {
			public: '<img> sends no token: the 128-bit random id is the capability',
			anonymous: [ 200 ],
			data: 'site',
		},
	},
	'POST /v1/uploads': {
		for: [ 'visitor', 'advisor' ],
		body: () => 'png',
		// A multipart body cannot be checked against a signature: refused before the role.
		expect: { otherSiteWordPress: [ 401 ] },
	},
	'POST /v1/conversations': {
		for: [ 'visitor' ],
		body: () => ( { mode: 'live' } ),
	},
	'GET /v1/conversations/current': { for: [ 'visitor' ] },
	'GET /v1/conversations/:id': conversation( {
		for: [ 'visitor', 'advisor' ],
	} ),
	'GET /v1/conversations/:id/messages': conversation( {
		for: [ 'visitor', 'advisor' ],
		query: '?after=0',
	} ),
	'POST /v1/conversations/:id/messages': conversation( {
		for: [ 'visitor', 'advisor' ],
		body: () => ( { clientId: newClientId(), text: 'injected' } ),
	} ),
	'POST /v1/conversations/:id/actions': conversation( {
		for: [ 'visitor' ],
		body: () => ( { type: 'request_human', clientId: newClientId() } ),
	} ),
	'GET /v1/conversations/:id/variables': conversation( {
		// An unlicensed advisor gets `{ variables: [], hidden: true }`.
		for: [ 'visitor', 'advisor' ],
	} ),
	'PATCH /v1/conversations/:id': conversation( {
		for: [ 'advisor' ],
		body: () => ( { type: 'take' } ),
		// docs/api.md: "An unlicensed advisor … cannot be assigned (409)" (test at the end).
		expect: { unprivilegedAdvisor: [ 409 ] },
	} ),
	'POST /v1/conversations/:id/notes': conversation( {
		for: [ 'advisor' ],
		licence: true,
		body: () => ( { clientId: newClientId(), text: 'injected note' } ),
	} ),
	// Managers only (docs/api.md "Privacy"); site B's manager gets 404 for site A's conversation.
	'DELETE /v1/conversations/:id': conversation( {
		for: [ 'advisor' ],
		manage: true,
	} ),
	'GET /v1/conversations/:id/transcript': conversation( {
		for: [ 'advisor' ],
		manage: true,
		query: '?format=csv',
	} ),
	// Site B's WordPress finds nothing of site A's visitors (visitors are per site).
	'POST /v1/privacy/export': {
		for: [ 'wordpress' ],
		body: () => ( { visitorId: visitorA.visitorId } ),
	},
	'POST /v1/privacy/erase': {
		for: [ 'wordpress' ],
		body: () => ( { visitorId: visitorA.visitorId } ),
	},
	'GET /v1/conversations/:id/visitor': conversation( {
		// An unlicensed advisor gets `variablesHidden`.
		for: [ 'advisor' ],
	} ),
	'PUT /v1/conversations/:id/variables': conversation( {
		for: [ 'advisor' ],
		licence: true,
		body: () => ( { variables: { PRENOM: 'Mallory' } } ),
	} ),
	'POST /v1/conversations/:id/typing': conversation( {
		for: [ 'visitor', 'advisor' ],
		body: () => ( {} ),
	} ),
	'POST /v1/conversations/:id/read': conversation( {
		for: [ 'visitor' ],
		body: () => ( { seq: 1 } ),
	} ),
	'GET /v1/conversations/:id/rating': conversation( { for: [ 'visitor' ] } ),
	'POST /v1/conversations/:id/rating': conversation( {
		for: [ 'visitor' ],
		body: () => ( { score: 1, comment: 'injected' } ),
	} ),
	// Opening hours and reply by email: a visitor's own conversation, an advisor's own status.
	'POST /v1/conversations/:id/reply-by-email': conversation( {
		for: [ 'visitor' ],
		body: () => ( { email: 'mallory@example.com' } ),
	} ),
	'GET /v1/availability': {
		for: [ 'visitor' ],
		query: '?pageUrl=https%3A%2F%2Fshop.example%2F',
	},
	'GET /v1/advisors/me/status': { for: [ 'advisor' ] },
	'PUT /v1/advisors/me/status': {
		for: [ 'advisor' ],
		body: () => ( { away: true } ),
	},
	'GET /v1/inbox': { for: [ 'advisor' ] },
	'GET /v1/inbox/summary': { for: [ 'advisor' ] },
	'GET /v1/inbox/online': { for: [ 'advisor' ] },
	'GET /v1/search': { for: [ 'advisor' ], query: '?q=SECRET' },
	'GET /v1/advisors': { for: [ 'advisor' ] },
	'GET /v1/advisors/me': { for: [ 'advisor' ] },
	'PATCH /v1/advisors/:id': {
		for: [ 'advisor' ],
		manage: true,
		owned: true,
		body: () => ( { licensed: true } ),
	},
	// Site B's WordPress syncs its own advisors (keeping its manager): nothing of site A moves.
	'PUT /v1/advisors': {
		for: [ 'wordpress' ],
		body: ( f ) => ( {
			advisors: [
				{
					id: f.otherManagerId,
					displayName: 'Bea',
					email: null,
					avatar: null,
				},
			],
		} ),
	},
	'PUT /v1/advisors/:id': {
		for: [ 'wordpress' ],
		body: () => ( {
			displayName: 'Mallory',
			email: null,
			avatar: null,
			canAnswer: false,
		} ),
	},
	// Integrations: managers of their own site only (site B's manager lists and creates its own).
	'GET /v1/integrations/webhooks': { for: [ 'advisor' ], manage: true },
	'POST /v1/integrations/webhooks': {
		for: [ 'advisor' ],
		manage: true,
		body: () => ( {
			url: 'https://hooks.example.com/other',
			events: [ 'conversation.rated' ],
		} ),
	},
	'DELETE /v1/integrations/webhooks/:id': {
		for: [ 'advisor' ],
		manage: true,
		owned: true,
	},
	'POST /v1/integrations/webhooks/:id/test': {
		for: [ 'advisor' ],
		manage: true,
		owned: true,
	},
	'GET /v1/integrations/webhooks/:id/deliveries': {
		for: [ 'advisor' ],
		manage: true,
		owned: true,
	},
	'GET /v1/integrations/api-keys': { for: [ 'advisor' ], manage: true },
	'POST /v1/integrations/api-keys': {
		for: [ 'advisor' ],
		manage: true,
		body: () => ( { name: 'Other', scope: 'read' } ),
	},
	'DELETE /v1/integrations/api-keys/:id': {
		for: [ 'advisor' ],
		manage: true,
		owned: true,
	},
	// Reports: managers of their own site only (site B's manager gets site B's figures).
	'GET /v1/reports': {
		for: [ 'advisor' ],
		manage: true,
		query: '?from=2026-01-01&to=2026-12-31',
	},
	'GET /v1/reports/export': {
		for: [ 'advisor' ],
		manage: true,
		query: '?from=2026-01-01&to=2026-12-31&table=conversations',
	},
	// Site B's WordPress gets its own site pinged (site B has no address: a `no_url` report).
	'POST /v1/sites/self/check-notify': {
		for: [ 'wordpress' ],
		body: () => ( { token: 'a'.repeat( 32 ) } ),
	},
	'GET /v1/settings': { for: [ 'advisor' ] },
	'PUT /v1/settings': {
		for: [ 'advisor' ],
		manage: true,
		body: () => ( { pseudonymTemplate: 'Mallory {{PRENOM}}' } ),
	},
	'GET /v1/flows': { for: [ 'advisor', 'wordpress' ] },
	'GET /v1/flows/:id': { for: [ 'advisor', 'wordpress' ], owned: true },
	// Flow ids are per site: site B's manager writes a flow of site B under the same id.
	'PUT /v1/flows/:id': {
		for: [ 'advisor' ],
		manage: true,
		body: () => 'flow',
	},
	// A flow of site A that site B never wrote (PUT above gave site B its own `site-a-flow`).
	'DELETE /v1/flows/:id': {
		for: [ 'advisor' ],
		manage: true,
		owned: true,
		id: ( fx ) => fx.otherFlowId,
	},
	// docs/api.md: "403 for a channel that is not yours" (realtime-auth.hostile.test.ts goes further).
	'POST /v1/realtime/auth': {
		for: [ 'visitor', 'advisor' ],
		body: ( f ) => ( {
			socket_id: '123.456',
			channel_name: conversationChannel( f.siteA.id, f.conversationId ),
		} ),
		expect: {
			otherSiteVisitor: [ 403 ],
			otherSiteAdvisor: [ 403 ],
			otherVisitor: [ 403 ],
			// A conversation's channel is open to every advisor of its site who may read it.
			unprivilegedAdvisor: [ 200 ],
		},
	},
};

const ROLE_OF: Record< Exclude< Attacker, 'anonymous' >, Role > = {
	otherSiteVisitor: 'visitor',
	otherSiteAdvisor: 'advisor',
	otherSiteWordPress: 'wordpress',
	otherVisitor: 'visitor',
	unprivilegedAdvisor: 'advisor',
};

const ERROR_CODE: Record< number, string > = {
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not_found',
};

/** The statuses docs/api.md allows `who` on `rule` (2xx: the caller's own data only). */
function expected( rule: Rule, who: Attacker ): number[] | '2xx' {
	if ( rule.expect?.[ who ] ) {
		return rule.expect[ who ]!;
	}
	if ( ! Array.isArray( rule.for ) ) {
		return who === 'anonymous' ? rule.for.anonymous : '2xx';
	}
	if ( who === 'anonymous' ) {
		return [ 401 ];
	}
	const role = ROLE_OF[ who ];
	if ( ! rule.for.includes( role ) ) {
		return [ 403 ];
	}
	if ( who === 'unprivilegedAdvisor' ) {
		return rule.manage || rule.licence ? [ 403 ] : '2xx';
	}
	// Another site's manager on a manager route, or another visitor of the same site.
	return rule.owned ? [ 404 ] : '2xx';
}

let h: Harness;
let f: Fixture;
const tag = randomUUID().slice( 0, 8 );
/** What each attacker must never read, by who they are. */
const secrets = {
	message: `SECRET-A-MSG-${ tag }`,
	note: `SECRET-A-NOTE-${ tag }`,
	variable: `SECRET-A-VAR-${ tag }`,
	managerEmail: `secret-${ tag }@example.com`,
	managerName: `Secretadvisor ${ tag }`,
};
const tokens: Partial< Record< Attacker, string > > = {};
let managerA: string;
let visitorA: { visitorId: string; token: string };
let flowBody: Record< string, unknown >;

beforeAll( async () => {
	h = await startBridge();
	const c = chat( h );
	const siteB = await h.ctx.services.sites.create( {
		demoFlow: true,
		name: 'Other site',
		url: 'http://other.example',
	} );

	// Site A: a manager, a visitor with a conversation, a message, a note, a variable, an
	// image, a flow, settings; an unlicensed advisor without `manage`.
	managerA = await advisorToken( h.site, '1', {
		manage: true,
		name: secrets.managerName,
	} );
	await h.ctx.services.advisors.syncOne( h.site.id, '1', {
		displayName: secrets.managerName,
		email: secrets.managerEmail,
		avatar: null,
		canAnswer: true,
	} );
	visitorA = await c.visitor();
	const started = await c.start( visitorA.token, { mode: 'live' } );
	const conversationId = started.body.conversation.id;
	expect(
		( await c.say( visitorA.token, conversationId, secrets.message ) )
			.status
	).toBe( 201 );
	expect(
		( await c.note( managerA, conversationId, secrets.note ) ).status
	).toBe( 201 );
	const vars = await c.call(
		'PUT',
		`/v1/conversations/${ conversationId }/variables`,
		{ token: managerA, body: { variables: { PRENOM: secrets.variable } } }
	);
	expect( vars.status ).toBe( 200 );
	const upload = await c.upload( visitorA.token, png( 2, 2 ) );
	expect( upload.status ).toBe( 201 );
	const demo = await c.call( 'GET', '/v1/flows/demo', { token: managerA } );
	expect( demo.status ).toBe( 200 );
	flowBody = { ...demo.body.flow, id: 'site-a-flow' };
	const flow = await c.call( 'PUT', '/v1/flows/site-a-flow', {
		token: managerA,
		body: flowBody,
	} );
	expect( flow.status ).toBe( 201 );
	const otherFlow = await c.call( 'PUT', '/v1/flows/site-a-old-flow', {
		token: managerA,
		body: { ...flowBody, id: 'site-a-old-flow' },
	} );
	expect( otherFlow.status ).toBe( 201 );
	tokens.unprivilegedAdvisor = await advisorToken( h.site, '7', {
		licensed: false,
	} );

	// The conversation an advisor of the site may reply to: notes and variables still hidden.
	const shared = await c.start( visitorA.token, { mode: 'live' } );
	const sharedConversationId = shared.body.conversation.id;
	expect(
		( await c.note( managerA, sharedConversationId, secrets.note ) ).status
	).toBe( 201 );
	// Its first call records the advisor (as WordPress's inbox does on open).
	await c.call( 'GET', '/v1/advisors/me', {
		token: tokens.unprivilegedAdvisor,
	} );

	// Another visitor of site A, with a conversation of their own.
	const visitorB = await c.visitor();
	await c.start( visitorB.token, { mode: 'live' } );
	tokens.otherVisitor = visitorB.token;

	// Site B: a visitor with a conversation, a licensed manager.
	const otherVisitor = await c.visitor( siteB.id );
	await c.start( otherVisitor.token, { mode: 'live' } );
	tokens.otherSiteVisitor = otherVisitor.token;
	tokens.otherSiteAdvisor = await advisorToken( siteB, '2', {
		manage: true,
		name: 'Bea',
	} );

	f = {
		siteA: h.site,
		siteB,
		conversationId,
		sharedConversationId,
		uploadId: upload.body.upload.id,
		flowId: 'site-a-flow',
		otherFlowId: 'site-a-old-flow',
		unprivilegedId: '7',
		otherManagerId: '2',
		connectCodeId: parseCode(
			( await h.ctx.services.connect.issue( h.site.id, h.url ) ).code
		)!.id,
		// Subscribed to an event no attack causes: nothing is sent anywhere.
		webhookId: (
			await c.call( 'POST', '/v1/integrations/webhooks', {
				token: managerA,
				body: {
					url: 'https://hooks.example.com/a',
					events: [ 'conversation.rated' ],
				},
			} )
		).body.endpoint.id,
		apiKeyId: (
			await c.call( 'POST', '/v1/integrations/api-keys', {
				token: managerA,
				body: { name: 'CRM', scope: 'read' },
			} )
		).body.key.id,
	};
} );

afterAll( async () => {
	await h?.close();
} );

/** The `:id` of a route, by its path. */
function idFor( p: string, who: Attacker ): string {
	if ( p.startsWith( '/v1/conversations' ) ) {
		// The same site's advisor may reply, take…: on a conversation the snapshot leaves out.
		return who === 'unprivilegedAdvisor'
			? f.sharedConversationId
			: f.conversationId;
	}
	if ( p.startsWith( '/v1/uploads' ) ) {
		return f.uploadId;
	}
	if ( p.startsWith( '/v1/integrations/webhooks' ) ) {
		return f.webhookId;
	}
	if ( p.startsWith( '/v1/integrations/api-keys' ) ) {
		return f.apiKeyId;
	}
	return p.startsWith( '/v1/flows' ) ? f.flowId : f.unprivilegedId;
}

/** `METHOD /path/:param` → the concrete path naming site A's things. */
function concretePath( route: string, rule: Rule, who: Attacker ): string {
	const p = route.split( ' ' )[ 1 ];
	const filled = p
		.replace( ':siteId', f.siteA.id )
		.replace( ':id', rule.id?.( f ) ?? idFor( p, who ) );
	if ( filled.includes( ':' ) ) {
		throw new Error( `No fixture for a parameter of ${ route }` );
	}
	return filled + ( rule.query ?? '' );
}

async function callAs(
	who: Attacker,
	method: string,
	urlPath: string,
	body: unknown
) {
	const headers: Record< string, string > = {};
	let payload: string | FormData | undefined;
	if ( body === 'png' ) {
		payload = new FormData();
		payload.append(
			'file',
			new Blob( [ png( 2, 2 ) ], { type: 'image/png' } ),
			'a.png'
		);
	} else if ( body !== undefined ) {
		payload = JSON.stringify( body === 'flow' ? flowBody : body );
		headers[ 'Content-Type' ] = 'application/json';
	}
	if ( who === 'otherSiteWordPress' ) {
		Object.assign(
			headers,
			signedHeaders(
				f.siteB,
				method,
				urlPath,
				typeof payload === 'string' ? payload : ''
			)
		);
	} else if ( who !== 'anonymous' ) {
		headers.Authorization = `Bearer ${ tokens[ who ] }`;
	}
	const res = await fetch( h.url + urlPath, {
		method,
		headers,
		body: payload,
	} );
	const text = await res.text();
	let json: any = null;
	try {
		json = text ? JSON.parse( text ) : null;
	} catch {
		json = null;
	}
	return { status: res.status, text, json };
}

/** Site A's state as its manager and its visitor read it. */
async function snapshotA() {
	const c = chat( h );
	const messages = await c.messages( managerA, f.conversationId );
	const conv = await c.conversation( managerA, f.conversationId );
	const get = async ( p: string ) =>
		( await c.call( 'GET', p, { token: managerA } ) ).body;
	const advisors = ( await get( '/v1/advisors' ) ).advisors.map(
		( a: any ) => [ a.id, a.name, a.email, a.licensed ]
	);
	return {
		messages: messages.map( ( m ) => [ m.id, m.seq, m.kind, m.text ] ),
		state: [ conv.state, conv.assignedAdvisorId ],
		variables: (
			await get( `/v1/conversations/${ f.conversationId }/variables` )
		).variables.map( ( v: any ) => [ v.name, v.value ] ),
		flows: [
			( await get( `/v1/flows/${ f.flowId }` ) ).flow,
			( await get( `/v1/flows/${ f.otherFlowId }` ) ).flow,
		],
		settings: ( await get( '/v1/settings' ) ).settings,
		advisors,
		webhooks: ( await get( '/v1/integrations/webhooks' ) ).endpoints,
		webhookLog: (
			await get( `/v1/integrations/webhooks/${ f.webhookId }/deliveries` )
		).deliveries,
		apiKeys: ( await get( '/v1/integrations/api-keys' ) ).keys.map(
			( k: any ) => [ k.id, k.name, k.scope ]
		),
		visitorConversation: (
			await c.call( 'GET', '/v1/conversations/current', {
				token: visitorA.token,
			} )
		).body.conversation.id,
	};
}

/** The strings `who` must never receive (unless the request itself carried them). */
function forbiddenStrings( who: Attacker ): string[] {
	switch ( who ) {
		case 'unprivilegedAdvisor':
			// Same site: conversations yes (anonymised), notes, variables and emails no.
			return [ secrets.note, secrets.variable, secrets.managerEmail ];
		case 'otherVisitor':
			return [
				f.conversationId,
				visitorA.visitorId,
				visitorA.token,
				secrets.message,
				secrets.note,
				secrets.variable,
				secrets.managerEmail,
				f.uploadId,
			];
		default:
			return [
				f.siteA.id,
				f.siteA.secret,
				f.conversationId,
				visitorA.visitorId,
				secrets.message,
				secrets.note,
				secrets.variable,
				secrets.managerEmail,
				secrets.managerName,
				f.uploadId,
			];
	}
}

it( 'has a permission rule for every registered route, and none for a route that is gone', () => {
	const registered = listRoutes( createApp( h.ctx ) );
	expect( registered.length ).toBeGreaterThan( 30 );
	// A new route must be added to ROUTES with who may call it: "new route without a permission check".
	expect( registered.filter( ( r ) => ! ( r in ROUTES ) ) ).toEqual( [] );
	expect(
		Object.keys( ROUTES ).filter( ( r ) => ! registered.includes( r ) )
	).toEqual( [] );
} );

it( 'answers every attacker on every route with 401/403/404 (or their own data only), never a 500, and changes nothing of site A', async () => {
	const before = await snapshotA();
	const failures: string[] = [];
	let calls = 0;
	for ( const route of listRoutes( createApp( h.ctx ) ) ) {
		const rule = ROUTES[ route ];
		const method = route.split( ' ' )[ 0 ];
		for ( const who of ATTACKERS ) {
			const urlPath = concretePath( route, rule, who );
			const res = await callAs(
				who,
				method,
				urlPath,
				rule.body?.( f, who )
			);
			calls++;
			await rule.after?.( f, who );
			const want = expected( rule, who );
			const label = `${ route } as ${ who }: ${ res.status } ${ res.text.slice( 0, 200 ) }`;
			const ok =
				want === '2xx'
					? res.status >= 200 && res.status < 300
					: want.includes( res.status );
			if ( ! ok ) {
				failures.push( `${ label } (expected ${ want })` );
				continue;
			}
			if ( ERROR_CODE[ res.status ] ) {
				// 401 may name why (token_expired, revoked…); 403 and 404 are exact.
				const code = res.json?.error?.code;
				if (
					res.status === 401
						? typeof code !== 'string'
						: code !== ERROR_CODE[ res.status ]
				) {
					failures.push( `${ label } (error code)` );
				}
			}
			const isPublicData =
				! Array.isArray( rule.for ) && rule.for.data === 'site';
			if ( res.status < 300 && ! isPublicData ) {
				const sent = urlPath + JSON.stringify( rule.body?.( f, who ) );
				const leaked = forbiddenStrings( who ).filter(
					( s ) => ! sent.includes( s ) && res.text.includes( s )
				);
				if ( leaked.length ) {
					failures.push(
						`${ label } (leaks ${ leaked.join( ', ' ) })`
					);
				}
			}
		}
	}
	expect( failures ).toEqual( [] );
	expect( calls ).toBe( Object.keys( ROUTES ).length * ATTACKERS.length );
	expect( await snapshotA() ).toEqual( before );
	// Nobody exchanged site A's connection code without its secret part.
	expect(
		(
			await h.ctx
				.db( 'connect_codes' )
				.where( { id: f.connectCodeId } )
				.first()
		).used_at
	).toBeNull();
	// About 330 calls: over jest's default 5 s on a loaded machine with PostgreSQL.
}, 30_000 );

it( 'answers an unknown upload id with 404 to anyone, and a known one only as an inert image', async () => {
	const unknown = await callAs(
		'anonymous',
		'GET',
		`/v1/uploads/${ 'a'.repeat( 32 ) }`,
		undefined
	);
	expect( unknown.status ).toBe( 404 );
	expect( unknown.json.error.code ).toBe( 'not_found' );
	const res = await fetch( `${ h.url }/v1/uploads/${ f.uploadId }` );
	expect( res.status ).toBe( 200 );
	expect( res.headers.get( 'content-type' ) ).toBe( 'image/png' );
	expect( res.headers.get( 'x-content-type-options' ) ).toBe( 'nosniff' );
	expect( res.headers.get( 'content-security-policy' ) ).toBe(
		"default-src 'none'"
	);
} );

// The licence gate covers `take` and the assignment an advisor's first reply makes, as `assign`.
it( 'refuses to assign a conversation to an unlicensed advisor who takes it or replies first (docs/api.md: 409)', async () => {
	const c = chat( h );
	const v = await c.visitor();
	const taken = ( await c.start( v.token, { mode: 'live' } ) ).body
		.conversation.id;
	const take = await c.patch( tokens.unprivilegedAdvisor!, taken, {
		type: 'take',
	} );
	expect( take.status ).toBe( 409 );
	const replied = ( await c.start( v.token, { mode: 'live' } ) ).body
		.conversation.id;
	await c.say( tokens.unprivilegedAdvisor!, replied, 'hello' );
	expect(
		( await c.conversation( managerA, replied ) ).assignedAdvisorId
	).toBeNull();
} );
