/**
 * Bot flows over HTTP on a real bridge (sqlite3, embedded realtime, pusher-js clients):
 * the demo flow end to end, transfers and their fallback, back to the chatbot, live chat,
 * idempotent actions, hostile inputs and a restart mid-flow.
 */
import {
	advisorsPresenceChannel,
	conversationChannel,
	inboxChannel,
	type Message,
} from '@handoff-chat/contracts';
import { advisorToken, startBridge, waitFor } from '../test-utils/harness';
import { chat, lastButtons, newClientId } from '../test-utils/chat';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();

const texts = ( ms: Message[] ) => ms.map( ( m ) => m.text );

/** A visitor of `siteId` who has answered the demo's two questions and sees the menu. */
async function atMenu( siteId = h.site.id ) {
	const v = await c.visitor( siteId );
	const started = await c.start( v.token );
	expect( started.status ).toBe( 201 );
	const id = started.body.conversation.id as string;
	expect( ( await c.say( v.token, id, 'Léa' ) ).status ).toBe( 201 );
	expect( ( await c.say( v.token, id, 'ACME' ) ).status ).toBe( 201 );
	return { ...v, id };
}

describe( 'the demo flow', () => {
	it( 'greets, asks first name and company, answers FAQ buttons, hands over to the advisor online and comes back', async () => {
		const site = await h.ctx.services.sites.create( { name: 'Demo site' } );
		const v = await c.visitor( site.id );
		const started = await c.start( v.token, {
			mode: 'bot',
			pageUrl: 'http://127.0.0.1/',
		} );
		expect( started.status ).toBe( 201 );
		const conv = started.body.conversation;
		expect( conv ).toEqual(
			expect.objectContaining( {
				state: 'bot',
				mode: 'bot',
				flowId: 'demo',
				lastSeq: 2,
			} )
		);
		// What the bot awaits is on the conversation: clients never guess it from the last message.
		expect( conv.awaits ).toEqual( {
			type: 'answer',
			stepId: 'ask-first-name',
			variable: 'PRENOM',
			answerType: 'text',
		} );
		const id = conv.id as string;

		let ms = await c.messages( v.token, id );
		expect( ms.map( ( m ) => [ m.seq, m.author.type, m.text ] ) ).toEqual( [
			[ 1, 'bot', 'Bonjour ! 👋 / Hello! 👋' ],
			[ 2, 'bot', 'Quel est votre prénom ? / What is your first name?' ],
		] );
		expect( ms[ 1 ].meta ).toEqual( {
			stepId: 'ask-first-name',
			question: { variable: 'PRENOM', answerType: 'text' },
		} );

		// The visitor listens on their channel; an advisor is online and watches the inbox.
		const visitorEvents = await c.listen(
			c.connect( v.token ),
			conversationChannel( site.id, id )
		);
		const anna = await advisorToken( site, '11', { name: 'Anna' } );
		const annaSocket = c.connect( anna );
		await c.listen( annaSocket, advisorsPresenceChannel( site.id ) );
		const inbox = await c.listen( annaSocket, inboxChannel( site.id ) );

		await c.say( v.token, id, '  Léa ' );
		ms = await c.messages( v.token, id, 2 );
		expect( texts( ms ) ).toEqual( [
			'  Léa ',
			'Et votre société ? / And your company?',
		] );
		await c.say( v.token, id, 'ACME' );
		ms = await c.messages( v.token, id, 4 );
		expect( texts( ms ) ).toEqual( [
			'ACME',
			'Merci Léa ! / Thanks Léa!',
			'Comment puis-je vous aider ? / How can I help you?',
		] );
		const menu = ms[ 2 ];
		expect( menu.meta?.buttons?.map( ( b ) => b.id ) ).toEqual( [
			'hours',
			'delivery',
			'human',
		] );
		expect( ( await c.conversation( v.token, id ) ).awaits ).toEqual( {
			type: 'button',
			stepId: 'choices',
		} );

		const faq = await c.act( v.token, id, {
			type: 'button',
			stepId: 'choices',
			buttonId: 'hours',
		} );
		expect( faq.status ).toBe( 201 );
		expect( faq.body.message ).toEqual(
			expect.objectContaining( {
				kind: 'text',
				text: "Horaires d'ouverture / Opening hours",
				author: { type: 'visitor', id: v.visitorId, name: null },
				meta: { pressed: { stepId: 'choices', buttonId: 'hours' } },
			} )
		);
		ms = await c.messages( v.token, id, faq.body.message.seq );
		expect( texts( ms ) ).toEqual( [
			expect.stringMatching( /^Nous sommes ouverts/ ),
			'Comment puis-je vous aider ? / How can I help you?',
		] );

		const human = await c.act( v.token, id, {
			type: 'button',
			stepId: 'choices',
			buttonId: 'human',
		} );
		expect( human.status ).toBe( 201 );
		const after = await c.conversation( v.token, id );
		// Assigned to the advisor online, still waiting until they reply.
		expect( after ).toEqual(
			expect.objectContaining( {
				state: 'waiting',
				assignedAdvisorId: '11',
				backToBotLabel: 'Retour au chatbot / Back to chatbot',
			} )
		);
		const seenByVisitor = await c.messages(
			v.token,
			id,
			human.body.message.seq
		);
		expect(
			seenByVisitor.map( ( m ) => [
				m.kind,
				m.author.type,
				m.meta?.event ?? null,
			] )
		).toEqual( [
			[ 'event', 'system', 'transferred' ],
			[ 'text', 'bot', null ],
		] );
		expect( seenByVisitor[ 0 ].meta?.transfer ).toEqual( {
			backToBotLabel: 'Retour au chatbot / Back to chatbot',
		} );
		expect( seenByVisitor[ 1 ].text ).toMatch(
			/^Je vous mets en relation/
		);

		// The automatic note: in the advisors' view and on the inbox channel, never the visitor's.
		const seenByAdvisor = await c.messages(
			anna,
			id,
			human.body.message.seq
		);
		const note = seenByAdvisor.find( ( m ) => m.kind === 'note' );
		expect( note?.text ).toBe(
			'Léa de ACME demande un humain / Léa from ACME asks for a human'
		);
		// On the inbox channel as a hint without its text (unlicensed advisors listen there too).
		const hint = await waitFor(
			() => inbox.events.find( ( e ) => e.data.messageId === note?.id ),
			3000,
			'note on inbox'
		);
		expect( hint.data ).toEqual( {
			conversationId: id,
			messageId: note?.id,
			seq: note?.seq,
			kind: 'note',
		} );
		await waitFor(
			() =>
				visitorEvents.events.find(
					( e ) =>
						e.event === 'conversation-updated' &&
						e.data.conversation.state === 'waiting'
				),
			3000,
			'state change on the visitor channel'
		);
		expect(
			inbox.events.some(
				( e ) =>
					e.event === 'conversation-updated' &&
					e.data.conversation.assignedAdvisorId === '11'
			)
		).toBe( true );

		// While waiting or live, the bot is silent.
		await c.say( v.token, id, 'Hello?' );
		const reply = await c.say( anna, id, 'Bonjour Léa, Anna here.' );
		expect( reply.status ).toBe( 201 );
		expect( ( await c.conversation( v.token, id ) ).state ).toBe( 'live' );
		const quiet = await c.say( v.token, id, 'Great' );
		expect(
			await c.messages( v.token, id, quiet.body.message.seq )
		).toEqual( [] );

		// Back to the chatbot: the configured sequence (the menu), assignment kept for history.
		const back = await c.act( v.token, id, { type: 'back_to_bot' } );
		expect( back.status ).toBe( 201 );
		expect( back.body.message ).toEqual(
			expect.objectContaining( {
				kind: 'event',
				text: 'Retour au chatbot / Back to chatbot',
				meta: { event: 'back_to_bot' },
			} )
		);
		expect( await c.conversation( v.token, id ) ).toEqual(
			expect.objectContaining( {
				state: 'bot',
				assignedAdvisorId: '11',
				backToBotLabel: null,
			} )
		);
		const resumed = await c.messages( v.token, id, back.body.message.seq );
		expect( resumed.map( ( m ) => m.meta?.stepId ) ).toEqual( [
			'choices',
		] );

		// The captured variables, for the advisor and for the visitor themself.
		const vars = await c.call(
			'GET',
			`/v1/conversations/${ id }/variables`,
			{ token: anna }
		);
		expect( vars.status ).toBe( 200 );
		expect(
			vars.body.variables.map( ( x: any ) => [ x.name, x.value ] )
		).toEqual( [
			[ 'PRENOM', 'Léa' ],
			[ 'SOCIETE', 'ACME' ],
		] );
		expect(
			(
				await c.call( 'GET', `/v1/conversations/${ id }/variables`, {
					token: v.token,
				} )
			).body
		).toEqual( vars.body );

		// Nothing the visitor received, over HTTP or realtime, was a note.
		const everything = await c.messages( v.token, id );
		expect( everything.every( ( m ) => m.kind !== 'note' ) ).toBe( true );
		expect( everything.map( ( m ) => m.seq ) ).toEqual(
			expect.not.arrayContaining( [ note!.seq ] )
		);
		await waitFor(
			() =>
				visitorEvents.events.find(
					( e ) => e.data.message?.meta?.event === 'back_to_bot'
				),
			3000,
			'back event'
		);
		expect(
			visitorEvents.events.filter(
				( e ) => e.data.message?.kind === 'note'
			)
		).toEqual( [] );
	} );

	it( 'falls back to an email question when no advisor is online, re-asking an invalid email', async () => {
		const site = await h.ctx.services.sites.create( {
			name: 'Nobody online',
		} );
		const v = await atMenu( site.id );
		const human = await c.act( v.token, v.id, {
			type: 'button',
			stepId: 'choices',
			buttonId: 'human',
		} );
		let ms = await c.messages( v.token, v.id, human.body.message.seq );
		expect(
			ms.map( ( m ) => m.meta?.event ?? m.meta?.question?.answerType )
		).toEqual( [ 'transferred', 'email' ] );
		expect( ms[ 1 ].text ).toMatch( /^Aucun conseiller n'est disponible/ );
		expect( await c.conversation( v.token, v.id ) ).toEqual(
			expect.objectContaining( {
				state: 'waiting',
				assignedAdvisorId: null,
			} )
		);

		const bad = await c.say( v.token, v.id, 'lea at example' );
		ms = await c.messages( v.token, v.id, bad.body.message.seq );
		expect( ms ).toHaveLength( 1 );
		expect( ms[ 0 ].meta ).toEqual(
			expect.objectContaining( {
				invalid: true,
				question: { variable: 'EMAIL', answerType: 'email' },
			} )
		);

		const good = await c.say( v.token, v.id, 'lea@example.com' );
		ms = await c.messages( v.token, v.id, good.body.message.seq );
		expect( texts( ms ) ).toEqual( [
			'Merci, nous vous répondrons à lea@example.com. / Thank you, we will reply to lea@example.com.',
		] );
		const adv = await advisorToken( site, '5' );
		const notes = ( await c.messages( adv, v.id ) )
			.filter( ( m ) => m.kind === 'note' )
			.map( ( m ) => m.text );
		expect( notes ).toContain(
			'No advisor was online; the visitor left their email: lea@example.com'
		);
		// Still in the advisors' queue for an offline reply; the bot is silent again.
		expect( ( await c.conversation( v.token, v.id ) ).state ).toBe(
			'waiting'
		);
		const later = await c.say( v.token, v.id, 'anyone?' );
		expect(
			await c.messages( v.token, v.id, later.body.message.seq )
		).toEqual( [] );
		const vars = (
			await c.call( 'GET', `/v1/conversations/${ v.id }/variables`, {
				token: adv,
			} )
		).body.variables;
		expect( vars.find( ( x: any ) => x.name === 'EMAIL' )?.value ).toBe(
			'lea@example.com'
		);
	} );

	it( 'round-robins transfers among the advisors online', async () => {
		const site = await h.ctx.services.sites.create( {
			name: 'Two advisors',
		} );
		for ( const id of [ '7', '12' ] ) {
			await c.listen(
				c.connect( await advisorToken( site, id ) ),
				advisorsPresenceChannel( site.id )
			);
		}
		const assigned: string[] = [];
		for ( let i = 0; i < 3; i++ ) {
			const v = await atMenu( site.id );
			// "Talk to a human" from the widget's own button rather than the flow's.
			expect(
				( await c.act( v.token, v.id, { type: 'request_human' } ) )
					.status
			).toBe( 201 );
			assigned.push(
				( await c.conversation( v.token, v.id ) ).assignedAdvisorId
			);
		}
		expect( assigned ).toEqual( [ '7', '12', '7' ] );
	} );
} );

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
