/** @jest-environment node */ // eslint-disable-line jsdoc/check-tag-names -- jest reads this docblock
/**
 * The fake bridge against the real one. The same scenarios run through the widget's own
 * API client (api.ts over fetch) against the in-memory fake that the controller and panel
 * tests use, and against a real bridge (createApp() on sqlite3, bridge-server's test
 * harness), both with the site's demo flow; each scenario's expectations hold for both,
 * and what each one answered — statuses, errors, messages, states, `awaits` — must be the
 * same. If the bridge changes what it answers, this fails before the fake can drift.
 * Node environment: the real bridge needs Node's fetch, express and sqlite3.
 */
import {
	DEFAULT_FLOW_ID,
	DEMO_FLOW,
	LIMITS,
	RULE_TEXTS,
} from '@handoff-chat/contracts';
import {
	advisorToken,
	client,
	startBridge,
	type Harness,
} from '../../../bridge-server/src/test-utils/harness';
import type { Site } from '../../../bridge-server/src/services/sites';
import { createBridgeApi } from './api';
import { CAMILLE, fakeBridge } from '../test-utils/fake-bridge';
import {
	visitorOf,
	type Target,
	type Visitor,
} from '../test-utils/scenario-visitor';

let real: Harness;
let site: Site;
beforeAll( async () => {
	real = await startBridge();
	// A site without a URL: a transfer then has no WordPress to notify.
	site = await real.ctx.services.sites.create( {
		name: 'Widget scenarios',
		demoFlow: true,
	} );
} );
afterAll( () => real?.close() );

const targets: Record< 'fake' | 'real', () => Target > = {
	fake() {
		const bridge = fakeBridge();
		return {
			api: createBridgeApi( 'https://bridge.test', 'site_1', ( u, i ) =>
				bridge.fetch( u, i )
			),
			close: async ( id ) => void bridge.close( id ),
		};
	},
	real() {
		return {
			api: createBridgeApi( real.url, site.id ),
			// The advisor's own route, as the inbox closes a conversation.
			async close( id ) {
				const token = await advisorToken( site, CAMILLE.id, {
					name: CAMILLE.name,
					manage: true,
				} );
				const res = await client( real.url )(
					'PATCH',
					`/v1/conversations/${ id }`,
					{ token, body: { type: 'close' } }
				);
				expect( res.status ).toBe( 200 );
			},
		};
	},
};

/**
 * A step of the demo flow, for the texts and ids the bot must write.
 * @param id       The step's id.
 * @param sequence Its sequence, where the id is not unique.
 */
const step = ( id: string, sequence?: string ): any =>
	DEMO_FLOW.sequences
		.filter( ( s ) => ! sequence || s.id === sequence )
		.flatMap( ( s ) => s.steps )
		.find( ( s ) => s.id === id );
const bot = { type: 'bot', id: null, name: null };
const visitor = { type: 'visitor', id: 'visitor', name: null };
const transfer = step( 'transfer' );
const menu = {
	stepId: 'choices',
	buttons: step( 'choices' ).buttons.map( ( b: any ) => ( {
		id: b.id,
		label: b.label,
	} ) ),
};
const conflict = ( message: string ) => ( {
	status: 409,
	code: 'conflict',
	message,
} );

const SCENARIOS: Array< [ string, ( v: Visitor, t: Target ) => unknown ] > = [
	[
		'start a bot conversation: the demo flow greets and asks a first name',
		async ( v ) => {
			expect( await v.start( { mode: 'bot' } ) ).toEqual( {
				state: 'bot',
				mode: 'bot',
				flowId: DEFAULT_FLOW_ID,
				backToBotLabel: null,
				assignedAdvisorId: null,
				lastSeq: 2,
				awaits: {
					type: 'answer',
					stepId: 'ask-first-name',
					variable: 'PRENOM',
					answerType: 'text',
				},
			} );
			expect( ( await v.news() ).messages ).toMatchObject( [
				{ author: bot, text: step( 'hello' ).text },
				{
					author: bot,
					text: step( 'ask-first-name' ).text,
					meta: {
						stepId: 'ask-first-name',
						question: { variable: 'PRENOM', answerType: 'text' },
					},
				},
			] );
		},
	],
	[
		'send a text answer: the bot stores it and goes on to the menu',
		async ( v ) => {
			await v.start( { mode: 'bot' } );
			await v.news();
			expect( await v.say( 'Ada' ) ).toMatchObject( {
				replayed: false,
				message: { author: visitor, kind: 'text', text: 'Ada' },
			} );
			await v.say( 'ACME' );
			const texts = ( await v.news() ).messages.map(
				( m: any ) => m.text
			);
			expect( texts ).toEqual( [
				'Ada',
				step( 'ask-company' ).text,
				'ACME',
				step( 'thanks' ).text.replaceAll( '{{PRENOM}}', 'Ada' ),
				step( 'choices' ).text,
			] );
			expect( ( await v.conversation() ).awaits ).toEqual( {
				type: 'button',
				stepId: 'choices',
			} );
		},
	],
	[
		'press a button: it reads as the visitor’s reply, the bot answers',
		async ( v ) => {
			await v.atMenu();
			expect(
				await v.act( {
					type: 'button',
					stepId: 'choices',
					buttonId: 'hours',
				} )
			).toMatchObject( {
				replayed: false,
				message: {
					author: visitor,
					kind: 'text',
					text: menu.buttons[ 0 ].label,
					meta: {
						pressed: { stepId: 'choices', buttonId: 'hours' },
					},
				},
			} );
			const page = await v.news();
			expect( page.messages.slice( 1 ) ).toMatchObject( [
				{ author: bot, text: step( 'answer', 'faq-hours' ).text },
				{ author: bot, meta: menu },
			] );
			expect( ( await v.conversation() ).awaits ).toEqual( {
				type: 'button',
				stepId: 'choices',
			} );
		},
	],
	[
		'press a stale button (409), or one the step does not have (400)',
		async ( v ) => {
			await v.start( { mode: 'bot' } );
			const press = { type: 'button', stepId: 'choices' };
			expect( await v.act( { ...press, buttonId: 'hours' } ) ).toEqual(
				conflict( RULE_TEXTS.staleButtons )
			);
			await v.say( 'Ada' );
			await v.say( 'ACME' );
			expect( await v.act( { ...press, buttonId: 'nope' } ) ).toEqual( {
				status: 400,
				code: 'bad_request',
				message: RULE_TEXTS.unknownButton( 'choices', 'nope' ),
			} );
			await v.news();
		},
	],
	[
		'request a human: transferred, then (nobody online) the email question',
		async ( v ) => {
			await v.start( { mode: 'bot' } );
			await v.news();
			expect( await v.act( { type: 'request_human' } ) ).toMatchObject( {
				message: {
					author: visitor,
					kind: 'event',
					text: RULE_TEXTS.humanRequested,
					meta: { event: 'human_requested' },
				},
			} );
			// The bot's note is private: the visitor never reads it.
			expect( ( await v.news() ).messages.slice( 1 ) ).toEqual( [
				expect.objectContaining( {
					author: { type: 'system', id: null, name: null },
					kind: 'event',
					text: RULE_TEXTS.transferred,
					meta: {
						event: 'transferred',
						stepId: 'transfer',
						transfer: {
							backToBotLabel: transfer.backToBot.label,
						},
					},
				} ),
				expect.objectContaining( {
					author: bot,
					text: transfer.fallback.text,
					meta: {
						stepId: 'transfer',
						question: { variable: 'EMAIL', answerType: 'email' },
					},
				} ),
			] );
			expect( await v.conversation() ).toMatchObject( {
				state: 'waiting',
				backToBotLabel: transfer.backToBot.label,
				awaits: {
					type: 'answer',
					stepId: 'transfer',
					variable: 'EMAIL',
					answerType: 'email',
				},
			} );
			expect( await v.act( { type: 'request_human' } ) ).toEqual(
				conflict( RULE_TEXTS.advisorsHaveIt )
			);
		},
	],
	[
		'back to the bot: the visitor’s line, then the flow’s menu again',
		async ( v ) => {
			await v.start( { mode: 'bot' } );
			expect( await v.act( { type: 'back_to_bot' } ) ).toEqual(
				conflict( RULE_TEXTS.botAlreadyAnswering )
			);
			await v.act( { type: 'request_human' } );
			await v.news();
			expect( await v.act( { type: 'back_to_bot' } ) ).toMatchObject( {
				message: {
					author: visitor,
					kind: 'event',
					text: transfer.backToBot.label,
					meta: { event: 'back_to_bot' },
				},
			} );
			expect( ( await v.news() ).messages.slice( 1 ) ).toMatchObject( [
				{ author: bot, meta: menu },
			] );
			expect( await v.conversation() ).toMatchObject( {
				state: 'bot',
				backToBotLabel: null,
				awaits: { type: 'button', stepId: 'choices' },
			} );
		},
	],
	[
		'send after an advisor closed it: refused (409) with the bridge’s text',
		async ( v, t ) => {
			await v.start( { mode: 'bot' } );
			await v.news();
			await t.close( v.conversationId );
			expect( ( await v.news() ).messages ).toMatchObject( [
				{
					author: { type: 'system' },
					kind: 'event',
					text: RULE_TEXTS.closed( CAMILLE.name ),
					meta: { event: 'closed', actor: CAMILLE },
				},
			] );
			expect( await v.conversation() ).toMatchObject( {
				state: 'closed',
				awaits: { type: 'nothing' },
			} );
			expect( await v.say( 'Hello?' ) ).toEqual(
				conflict( RULE_TEXTS.closedForVisitor )
			);
			expect( await v.act( { type: 'request_human' } ) ).toEqual(
				conflict( RULE_TEXTS.closedForVisitor )
			);
			expect( await v.typing() ).toEqual(
				conflict( 'This conversation is closed.' )
			);
			expect( await v.current() ).toBeNull();
		},
	],
	[
		'replay a client id: 200 and the same message, nothing stored twice',
		async ( v ) => {
			await v.start( { mode: 'bot' } );
			const first = await v.say( 'Ada', 'same-client-id' );
			const again = await v.say( 'Ada', 'same-client-id' );
			expect( again ).toEqual( { ...first, replayed: true } );
			// An action too: the second "talk to a human" is its replay, not a 409.
			const asked = await v.act( { type: 'request_human' }, 'same-id-2' );
			expect(
				await v.act( { type: 'request_human' }, 'same-id-2' )
			).toEqual( { ...asked, replayed: true } );
			const stored = ( await v.news() ).messages.filter(
				( m: { clientId: string | null } ) =>
					m.clientId === 'same-client-id' ||
					m.clientId === 'same-id-2'
			);
			expect( stored.map( ( m: { seq: number } ) => m.seq ) ).toEqual( [
				first.message.seq,
				asked.message.seq,
			] );
		},
	],
	[
		'send a text over the limit: 400 with the schema’s words',
		async ( v ) => {
			await v.start( { mode: 'bot' } );
			expect(
				await v.say( 'x'.repeat( LIMITS.messageText + 1 ) )
			).toEqual( {
				status: 400,
				code: 'bad_request',
				message: `text: text is limited to ${ LIMITS.messageText } characters`,
			} );
			expect(
				await v.say( 'x'.repeat( LIMITS.messageText ) )
			).toMatchObject( { replayed: false } );
		},
	],
	[
		'start on a flow the site does not have: 400',
		async ( v ) => {
			expect(
				await v.start( { mode: 'bot', flowId: 'missing' } )
			).toEqual( {
				status: 400,
				code: 'bad_request',
				message: 'flowId: this site has no flow "missing".',
			} );
		},
	],
];

describe.each( SCENARIOS )( '%s', ( _name, scenario ) => {
	it( 'answers the same on the fake and on the real bridge', async () => {
		const transcripts: Record< string, unknown > = {};
		for ( const name of [ 'fake', 'real' ] as const ) {
			const target = targets[ name ]();
			const v = await visitorOf( target );
			await scenario( v, target );
			transcripts[ name ] = v.log.seen;
		}
		expect( transcripts.fake ).toEqual( transcripts.real );
	} );
} );

// A new site: no default flow. The fake must refuse a greeting start exactly as the bridge does.
it( 'answers the same on a site without a default flow: 409 no_default_flow, then live chat', async () => {
	const fresh = await real.ctx.services.sites.create( { name: 'New site' } );
	const scenario = async ( v: Visitor ) => {
		expect( await v.start( { mode: 'bot' } ) ).toEqual( {
			status: 409,
			code: 'no_default_flow',
			message:
				'This site has no default flow: start the conversation in live chat.',
		} );
		expect( await v.start( { mode: 'live' } ) ).toMatchObject( {
			state: 'waiting',
			mode: 'live',
			flowId: null,
		} );
	};
	const bridge = fakeBridge();
	bridge.flows.clear();
	const fakeTarget: Target = {
		api: createBridgeApi( 'https://bridge.test', 'site_1', ( u, i ) =>
			bridge.fetch( u, i )
		),
		close: async ( id ) => void bridge.close( id ),
	};
	const realTarget: Target = {
		api: createBridgeApi( real.url, fresh.id ),
		close: async () => undefined,
	};
	const transcripts: unknown[] = [];
	for ( const target of [ fakeTarget, realTarget ] ) {
		const v = await visitorOf( target );
		await scenario( v );
		transcripts.push( v.log.seen );
	}
	expect( transcripts[ 0 ] ).toEqual( transcripts[ 1 ] );
} );
