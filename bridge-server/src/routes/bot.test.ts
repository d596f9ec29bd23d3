/**
 * Bot flows over HTTP on a real bridge (sqlite3, embedded realtime, pusher-js clients):
 * the demo flow end to end: questions, FAQ buttons, a transfer to the advisor online and
 * back, the email fallback when nobody is online, round-robin among advisors. Modes,
 * actions and a restart are in bot-actions.test.ts.
 */
import {
	advisorsPresenceChannel,
	conversationChannel,
	inboxChannel,
} from '@handoff-chat/contracts';
import { advisorToken, waitFor } from '../test-utils/harness';
import { texts, visitorAtMenu } from '../test-utils/bot-menu';
import { setUpBridge } from '../test-utils/set-up-bridge';

const { h, c } = setUpBridge();
const atMenu = visitorAtMenu( h, c );

describe( 'the demo flow', () => {
	it( 'greets, asks first name and company, answers FAQ buttons, hands over to the advisor online and comes back', async () => {
		const site = await h.ctx.services.sites.create( {
			demoFlow: true,
			name: 'Demo site',
		} );
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
		// The start's answer already carries them: the widget draws the greeting without a second call.
		expect( started.body.messages ).toEqual( ms );
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
			demoFlow: true,
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
				// What the visitor's status line says: nobody, not "waiting for an advisor".
				handoff: 'no_advisor',
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
		expect( await c.conversation( v.token, v.id ) ).toEqual(
			expect.objectContaining( {
				state: 'waiting',
				handoff: 'email_left',
			} )
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
			demoFlow: true,
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
