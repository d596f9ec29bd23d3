import { RULE_TEXTS } from '@handoff-chat/contracts';
import type { WidgetConfig } from '../config';
import { CAMILLE, fakeBridge } from '../test-utils/fake-bridge';
import { flush } from '../test-utils/fake-realtime';
import { ASK_EMAIL, menuMeta, SALES_FLOW } from '../test-utils/sales-flow';
import {
	posts,
	resetPage,
	setupController,
	texts,
} from '../test-utils/chat-fixtures';

const BOT: Partial< WidgetConfig > = {
	mode: 'bot',
	flowId: 'sales',
	startSequence: 'welcome',
};

/**
 * A controller for the `sales` flow (test-utils/sales-flow.ts), which greets with a menu.
 * @param over Config fields to change.
 */
function setup( over: Partial< WidgetConfig > = {} ) {
	const bridge = fakeBridge();
	bridge.addFlow( SALES_FLOW );
	return setupController( { config: { ...BOT, ...over }, bridge } );
}

beforeEach( resetPage );

describe( 'starting', () => {
	it( 'starts a bot conversation on open so that the bot greets, with a typing hint meanwhile', async () => {
		const { bridge, controller } = setup();
		document.title = 'Pricing';
		const started = controller.start();
		expect( controller.getState().botTyping ).toBe( true );
		await started;
		expect( posts( bridge, '/v1/conversations' )[ 0 ].body ).toEqual( {
			pageUrl: window.location.href,
			pageTitle: 'Pricing',
			mode: 'bot',
			locale: 'en-US',
			flowId: 'sales',
			startSequence: 'welcome',
		} );
		expect( texts( controller ) ).toEqual( [
			'Hello!',
			'How can I help?',
		] );
		const state = controller.getState();
		expect( state.botTyping ).toBe( false );
		expect( state.prompt.buttonsMessageId ).toBe( state.messages[ 1 ].id );
	} );

	it( 'draws the greeting from the start’s answer: two calls in all (visitor, start), no catch-up', async () => {
		const { bridge, controller } = setup();
		await controller.start();
		expect( texts( controller ) ).toEqual( [
			'Hello!',
			'How can I help?',
		] );
		expect(
			bridge.calls.map( ( c ) => `${ c.method } ${ c.path }` )
		).toEqual( [
			expect.stringMatching( /^POST \/v1\/sites\/[^/]+\/visitors$/ ),
			'POST /v1/conversations',
		] );
	} );

	it( 'still greets with an older bridge whose start answers the conversation alone', async () => {
		const { bridge, controller } = setup();
		const answer = bridge.fetch;
		bridge.fetch = async ( url, init ) => {
			const res = await answer( url, init );
			if (
				init.method === 'POST' &&
				url.endsWith( '/v1/conversations' )
			) {
				const { conversation } = await res.json();
				return { ...res, json: async () => ( { conversation } ) };
			}
			return res;
		};
		await controller.start();
		expect( texts( controller ) ).toEqual( [
			'Hello!',
			'How can I help?',
		] );
		expect( bridge.calls.at( -1 )!.path ).toMatch( /\/messages\?after=0$/ );
	} );

	it( 'leaves out empty flow settings so the bridge defaults apply', async () => {
		const { bridge, controller } = setup( {
			flowId: '',
			startSequence: '',
		} );
		await controller.start();
		expect(
			Object.keys( posts( bridge, '/v1/conversations' )[ 0 ].body )
		).toEqual( [ 'pageUrl', 'pageTitle', 'mode', 'locale' ] );
	} );

	it( 'falls back to live chat when the block names a flow the bridge does not have', async () => {
		const { bridge, controller } = setup( { flowId: 'missing' } );
		await controller.start();
		const starts = posts( bridge, '/v1/conversations' );
		expect( starts.map( ( c ) => c.body.mode ) ).toEqual( [
			'bot',
			'live',
		] );
		expect( starts[ 1 ].body.flowId ).toBeUndefined();
		expect( controller.getState().conversation?.state ).toBe( 'waiting' );
		expect( controller.getState().phase ).toBe( 'ready' );
	} );

	it( 'keeps live chat lazy and says so explicitly', async () => {
		const { bridge, controller } = setup( { mode: 'live' } );
		await controller.start();
		expect( bridge.calls ).toHaveLength( 0 );
		controller.send( 'Hi' );
		await flush();
		expect( posts( bridge, '/v1/conversations' )[ 0 ].body ).toEqual( {
			pageUrl: window.location.href,
			pageTitle: expect.any( String ),
			mode: 'live',
			locale: 'en-US',
		} );
	} );
} );

describe( 'quick replies', () => {
	it( 'posts the press with the step and button, shows it at once and fetches the bot’s answer', async () => {
		const { bridge, controller } = setup();
		await controller.start();
		const menuId = controller.getState().prompt.buttonsMessageId!;
		expect( controller.press( menuId, 'site' ) ).toBe( false ); // links open, never post
		expect( controller.press( menuId, 'hours' ) ).toBe( true );
		expect( controller.getState() ).toMatchObject( {
			actionBusy: true,
			botTyping: true,
		} );
		expect( controller.press( menuId, 'hours' ) ).toBe( false ); // one at a time
		expect( texts( controller ).at( -1 ) ).toBe( 'Opening hours' );
		await flush();
		expect( posts( bridge, '/actions' ).map( ( c ) => c.body ) ).toEqual( [
			{
				type: 'button',
				clientId: 'client-id-1',
				stepId: 'choices',
				buttonId: 'hours',
			},
		] );
		const state = controller.getState();
		expect( texts( controller ) ).toEqual( [
			'Hello!',
			'How can I help?',
			'Opening hours',
			'We open at 9.',
			'Anything else?',
		] );
		expect( state.botTyping ).toBe( false );
		// Only the new menu is actionable; the old one is stale.
		expect( state.prompt.buttonsMessageId ).toBe( state.messages[ 4 ].id );
		expect( controller.press( menuId, 'hours' ) ).toBe( false );
	} );

	it( 'retries a press with the same clientId, and a 200 replay is success', async () => {
		const { bridge, controller } = setup();
		await controller.start();
		const menuId = controller.getState().prompt.buttonsMessageId!;
		bridge.failNext( 'network' );
		controller.press( menuId, 'hours' );
		await flush();
		expect( controller.getState().items.at( -1 ) ).toMatchObject( {
			text: 'Opening hours',
			status: 'failed',
		} );
		expect( controller.getState().actionBusy ).toBe( false );
		// Suppose the lost attempt had reached the bridge after all.
		const first = posts( bridge, '/actions' )[ 0 ];
		await bridge.fetch( 'https://bridge.test/v1/conversations/c1/actions', {
			method: 'POST',
			headers: { Authorization: 'Bearer ' + first.token },
			body: JSON.stringify( first.body ),
		} );
		controller.retry( 'client-id-1' );
		await flush();
		expect(
			posts( bridge, '/actions' ).map( ( c ) => c.body.clientId )
		).toEqual( [ 'client-id-1', 'client-id-1', 'client-id-1' ] );
		expect(
			controller
				.getState()
				.items.filter( ( i ) => i.text === 'Opening hours' )
		).toMatchObject( [ { status: 'sent', seq: 3 } ] );
	} );

	it( 'treats a stale step (409) softly: drops the press, refetches, explains', async () => {
		const { bridge, controller } = setup();
		await controller.start();
		const menuId = controller.getState().prompt.buttonsMessageId!;
		// Another tab of the same visitor pressed first: the bot has moved on.
		const [ started ] = posts( bridge, '/v1/conversations' );
		await bridge.fetch( 'https://bridge.test/v1/conversations/c1/actions', {
			method: 'POST',
			headers: { Authorization: 'Bearer ' + started.token },
			body: JSON.stringify( {
				type: 'button',
				clientId: 'other-tab-1',
				stepId: 'choices',
				buttonId: 'email',
			} ),
		} );
		controller.press( menuId, 'hours' );
		await flush();
		const state = controller.getState();
		expect( state.items.map( ( i ) => i.text ) ).not.toContain(
			'Opening hours'
		);
		expect( state.notice ).toEqual( {
			action: 'button',
			message: RULE_TEXTS.staleButtons,
		} );
		expect(
			bridge.calls.some(
				( c ) => c.method === 'GET' && c.path === '/v1/conversations/c1'
			)
		).toBe( true );
		controller.send( 'hello' );
		expect( controller.getState().notice ).toBeNull();
	} );
} );

describe( 'handoff actions', () => {
	it( 'asks for a human only while the bot answers, and goes back to the bot only from the advisors', async () => {
		const { bridge, controller } = setup();
		await controller.start();
		expect( controller.backToBot() ).toBe( false );
		expect( controller.requestHuman() ).toBe( true );
		expect( controller.requestHuman() ).toBe( false );
		expect( controller.getState().items.at( -1 ) ).toMatchObject( {
			kind: 'event',
			meta: { event: 'human_requested' },
			status: 'sending',
		} );
		await flush();
		let state = controller.getState();
		expect( state.conversation?.state ).toBe( 'waiting' );
		expect( state.prompt.buttonsMessageId ).toBeNull();
		expect( controller.requestHuman() ).toBe( false );

		expect( controller.backToBot() ).toBe( true );
		await flush();
		state = controller.getState();
		expect( state.conversation?.state ).toBe( 'bot' );
		expect(
			state.items.slice( -3 ).map( ( i ) => [ i.text, i.meta ] )
		).toEqual( [
			[ 'Retour au robot', { event: 'back_to_bot' } ],
			[ 'Welcome back!', { stepId: 'welcome-back' } ],
			[ 'How can I help?', menuMeta() ],
		] );
		expect( posts( bridge, '/actions' ).map( ( c ) => c.body ) ).toEqual( [
			{ type: 'request_human', clientId: 'client-id-1' },
			{ type: 'back_to_bot', clientId: 'client-id-2' },
		] );
	} );

	it( 'offers neither in live chat only', async () => {
		const { controller } = setup( { mode: 'live' } );
		controller.send( 'Hi' );
		await flush();
		expect( controller.requestHuman() ).toBe( false );
		expect( controller.backToBot() ).toBe( false );
	} );

	it( 'starts a new bot conversation at once after a closed one', async () => {
		const { bridge, controller, rt } = setup();
		await controller.start();
		bridge.close( 'c1' );
		rt.state.handlers!.onConversation( { ...bridge.conversations[ 0 ] } );
		controller.startNew();
		await flush();
		expect( controller.getState().conversation?.id ).toBe( 'c2' );
		expect( texts( controller ) ).toEqual( [
			'Hello!',
			'How can I help?',
		] );
	} );
} );

describe( 'what the bot awaits', () => {
	const ASK = ASK_EMAIL;

	it( 'follows the conversation’s awaits: a press, an answer, the offline email question, nothing', async () => {
		const { bridge, controller } = setup();
		await controller.start();
		let state = controller.getState();
		expect( state.conversation?.awaits ).toEqual( {
			type: 'button',
			stepId: 'choices',
		} );
		expect( state.prompt.question ).toBeNull();

		controller.press( state.prompt.buttonsMessageId!, 'email' );
		await flush();
		state = controller.getState();
		expect( state.conversation?.awaits ).toMatchObject( {
			type: 'answer',
			stepId: 'ask-email',
		} );
		expect( state.prompt ).toEqual( {
			buttonsMessageId: null,
			question: ASK,
		} );
		// A text now answers the bot: it types until its answer is fetched.
		controller.send( 'me@example.com' );
		expect( controller.getState().botTyping ).toBe( true );
		await flush();
		expect( controller.getState().botTyping ).toBe( false );

		// Nobody online (the fake's default): the bot asks for an email while the conversation waits.
		controller.requestHuman();
		await flush();
		state = controller.getState();
		expect( state.conversation?.state ).toBe( 'waiting' );
		expect( state.prompt.question ).toEqual( ASK );
		controller.send( 'me@example.com' );
		expect( controller.getState().botTyping ).toBe( true );
		await flush();

		// An advisor took it: the bot awaits nothing, a text is for the advisor.
		bridge.advise( 'c1', { type: 'take', advisor: CAMILLE } );
		await controller.catchUp( true );
		state = controller.getState();
		expect( state.conversation?.awaits ).toEqual( { type: 'nothing' } );
		expect( state.prompt ).toEqual( {
			buttonsMessageId: null,
			question: null,
		} );
		controller.send( 'Hello?' );
		expect( controller.getState().botTyping ).toBe( false );
	} );
} );
