/**
 * Bot flows over HTTP on a real bridge (sqlite3, embedded realtime):
 * live chat and chosen starts, idempotent actions, hostile inputs and a restart mid-flow.
 * The demo flow end to end is in bot.test.ts.
 */
import { advisorToken, startBridge } from '../test-utils/harness';
import { chat, lastButtons, newClientId } from '../test-utils/chat';
import { texts, visitorAtMenu } from '../test-utils/bot-menu';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();
const atMenu = visitorAtMenu( h, c );

describe( 'modes and starts', () => {
	it( 'starts live chat in waiting with no bot, and refuses bot actions there', async () => {
		const v = await c.visitor();
		const res = await c.start( v.token, { mode: 'live' } );
		expect( res.body.conversation ).toEqual(
			expect.objectContaining( {
				state: 'waiting',
				mode: 'live',
				flowId: null,
			} )
		);
		expect( await c.messages( v.token, res.body.conversation.id ) ).toEqual(
			[]
		);
		const back = await c.act( v.token, res.body.conversation.id, {
			type: 'back_to_bot',
		} );
		expect( back.status ).toBe( 409 );
	} );

	it( 'starts a flow at a chosen sequence, and a live-mode flow without a bot', async () => {
		const v = await c.visitor();
		const res = await c.start( v.token, {
			flowId: 'demo',
			startSequence: 'menu',
		} );
		expect( res.body.conversation.state ).toBe( 'bot' );
		expect(
			lastButtons( await c.messages( v.token, res.body.conversation.id ) )
				?.meta?.stepId
		).toBe( 'choices' );

		const admin = await advisorToken( h.site, '1', { manage: true } );
		const put = await c.call( 'PUT', '/v1/flows/live-only', {
			token: admin,
			body: {
				name: 'Live only',
				mode: 'live',
				startSequence: 'a',
				sequences: [ { id: 'a', name: 'A', steps: [] } ],
			},
		} );
		expect( put.status ).toBe( 201 );
		const live = await c.start( v.token, {
			mode: 'bot',
			flowId: 'live-only',
		} );
		expect( live.body.conversation ).toEqual(
			expect.objectContaining( {
				state: 'waiting',
				mode: 'live',
				flowId: null,
			} )
		);
	} );

	it( 'goes live, with the bot silent, when an advisor steps into a bot conversation', async () => {
		const v = await c.visitor();
		const id = ( await c.start( v.token ) ).body.conversation.id;
		const adv = await advisorToken( h.site, '8' );
		expect( ( await c.say( adv, id, 'Hi, I can help.' ) ).status ).toBe(
			201
		);
		expect( await c.conversation( v.token, id ) ).toEqual(
			expect.objectContaining( { state: 'live', assignedAdvisorId: '8' } )
		);
		const answer = await c.say( v.token, id, 'Léa' );
		expect(
			await c.messages( v.token, id, answer.body.message.seq )
		).toEqual( [] );
	} );

	it( 'answers 400 for an unknown flow or sequence', async () => {
		const v = await c.visitor();
		const flow = await c.start( v.token, { mode: 'bot', flowId: 'nope' } );
		expect( flow.status ).toBe( 400 );
		expect( flow.body.error.message ).toBe(
			'flowId: this site has no flow "nope".'
		);
		const sequence = await c.start( v.token, {
			flowId: 'demo',
			startSequence: 'nowhere',
		} );
		expect( sequence.status ).toBe( 400 );
		expect( sequence.body.error.message ).toMatch(
			/no sequence "nowhere"/
		);
		expect(
			( await c.start( v.token, { flowId: 'Bad Id!' } ) ).status
		).toBe( 400 );
	} );
} );

describe( 'actions', () => {
	it( 'stores a retried press once and runs the bot once', async () => {
		const v = await atMenu();
		const body = {
			type: 'button',
			stepId: 'choices',
			buttonId: 'delivery',
			clientId: 'press-once-01',
		};
		const path = `/v1/conversations/${ v.id }/actions`;
		const first = await c.call( 'POST', path, { token: v.token, body } );
		expect( first.status ).toBe( 201 );
		const lastSeq = ( await c.conversation( v.token, v.id ) ).lastSeq;
		const retries = await Promise.all(
			[ 1, 2, 3 ].map( () =>
				c.call( 'POST', path, { token: v.token, body } )
			)
		);
		expect( retries.map( ( r ) => r.status ) ).toEqual( [ 200, 200, 200 ] );
		expect( new Set( retries.map( ( r ) => r.body.message.id ) ) ).toEqual(
			new Set( [ first.body.message.id ] )
		);
		expect( ( await c.conversation( v.token, v.id ) ).lastSeq ).toBe(
			lastSeq
		);
	} );

	it( 're-shows the buttons when the visitor types instead of choosing', async () => {
		const v = await atMenu();
		const typed = await c.say( v.token, v.id, 'I want pricing' );
		const ms = await c.messages( v.token, v.id, typed.body.message.seq );
		expect( texts( ms ) ).toEqual( [
			'Please choose one of the options below.',
		] );
		expect( ms[ 0 ].meta?.buttons ).toHaveLength( 3 );
	} );

	it( 'refuses hostile or stale actions', async () => {
		const v = await atMenu();
		const other = await c.visitor();
		const post = ( token: string, body: unknown ) =>
			c.call( 'POST', `/v1/conversations/${ v.id }/actions`, {
				token,
				body,
			} );
		expect(
			(
				await c.act( v.token, v.id, {
					type: 'button',
					stepId: 'ask-company',
					buttonId: 'hours',
				} )
			).status
		).toBe( 409 );
		const unknown = await c.act( v.token, v.id, {
			type: 'button',
			stepId: 'choices',
			buttonId: 'nope',
		} );
		expect( unknown.status ).toBe( 400 );
		expect( unknown.body.error.message ).toMatch( /no button "nope"/ );
		expect(
			( await c.act( other.token, v.id, { type: 'request_human' } ) )
				.status
		).toBe( 404 );
		expect(
			(
				await c.act( await advisorToken( h.site, '1' ), v.id, {
					type: 'request_human',
				} )
			).status
		).toBe( 403 );
		expect(
			(
				await post( v.token, {
					type: 'dance',
					clientId: newClientId(),
				} )
			).status
		).toBe( 400 );
		expect(
			( await post( v.token, { type: 'request_human' } ) ).status
		).toBe( 400 );
		expect(
			(
				await post( v.token, {
					type: 'button',
					clientId: newClientId(),
					stepId: '../x',
					buttonId: 'a',
				} )
			).status
		).toBe( 400 );
		expect(
			( await c.act( v.token, v.id, { type: 'back_to_bot' } ) ).status
		).toBe( 409 );
		// Nothing was stored by the refusals: the next seq follows the menu.
		const ms = await c.messages( v.token, v.id );
		expect( ms[ ms.length - 1 ].meta?.stepId ).toBe( 'choices' );

		await c.act( v.token, v.id, { type: 'request_human' } );
		expect(
			( await c.act( v.token, v.id, { type: 'request_human' } ) ).status
		).toBe( 409 );
		expect(
			(
				await c.act( v.token, v.id, {
					type: 'button',
					stepId: 'choices',
					buttonId: 'hours',
				} )
			).status
		).toBe( 409 );
	} );
} );

describe( 'restart', () => {
	it( 'continues a flow after the bridge restarts mid-conversation', async () => {
		const first = await startBridge( {}, { keepData: true } );
		const c1 = chat( first );
		const v = await c1.visitor();
		const id = ( await c1.start( v.token ) ).body.conversation.id as string;
		await c1.say( v.token, id, 'Léa' );
		await first.close();

		const second = await startBridge(
			{},
			{ dataDir: first.dataDir, site: first.site }
		);
		try {
			const c2 = chat( second );
			expect( ( await c2.conversation( v.token, id ) ).state ).toBe(
				'bot'
			);
			const answer = await c2.say( v.token, id, 'ACME' );
			expect( answer.status ).toBe( 201 );
			const ms = await c2.messages( v.token, id );
			expect( ms.map( ( m ) => m.seq ) ).toEqual( [
				1, 2, 3, 4, 5, 6, 7,
			] );
			expect( texts( ms.slice( 5 ) ) ).toEqual( [
				'Merci Léa ! / Thanks Léa!',
				'Comment puis-je vous aider ? / How can I help you?',
			] );
			const press = await c2.act( v.token, id, {
				type: 'button',
				stepId: 'choices',
				buttonId: 'hours',
			} );
			expect( press.status ).toBe( 201 );
		} finally {
			await second.close();
		}
	} );
} );
