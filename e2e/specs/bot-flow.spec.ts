/**
 * Bot flows on real parts (issue 3): the demo flow's questions, "Talk to a human", the
 * advisor sees the conversation under Live chat with the automatic note and the captured
 * variables and replies; "back to chatbot" resumes the configured sequence. And a page
 * whose block is set to live chat only starts straight in `waiting`, with no bot.
 */
import { expect, test } from '@playwright/test';
import {
	answerDemoQuestions,
	bridgeConversation,
	openChat,
	visitorWrites,
} from './helpers';

test( 'demo flow: questions, talk to a human, advisor reply, back to the chatbot', async ( {
	browser,
	page,
} ) => {
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await expect( inbox ).toBeVisible();

	const { visitor } = await openChat(
		browser,
		process.env.E2E_DEMO_PAGE_URL!
	);
	const firstName = `Camille${ Date.now() % 100000 }`;
	await answerDemoQuestions( visitor, firstName, 'Acme Lyon' );
	await expect(
		visitor.getByText( `Thanks ${ firstName }!`, { exact: false } ).last()
	).toBeVisible();

	// A FAQ button answers, then the menu comes back.
	await visitor
		.getByRole( 'button', { name: /Opening hours/ } )
		.last()
		.click();
	await expect(
		visitor.getByText( /We are open Monday to Friday/ ).last()
	).toBeVisible();
	await visitor
		.getByRole( 'button', { name: 'Parler à un humain / Talk to a human' } )
		.last()
		.click();

	// The bridge holds the truth: waiting for an advisor, variables captured, the note kept from the visitor.
	await expect
		.poll(
			async () =>
				( await bridgeConversation( visitor ) ).conversation.state
		)
		.toBe( 'waiting' );
	const seen = await bridgeConversation( visitor );
	expect( seen.messages.some( ( m ) => m.kind === 'note' ) ).toBe( false );
	const vars = await (
		await fetch(
			`${ process.env.E2E_BRIDGE_URL }/v1/conversations/${ seen.conversation.id }/variables`,
			{
				headers: { Authorization: `Bearer ${ seen.token }` },
			}
		)
	).json();
	const byName = Object.fromEntries(
		vars.variables.map( ( v: any ) => [ v.name, v.value ] )
	);
	expect( byName ).toEqual(
		expect.objectContaining( { PRENOM: firstName, SOCIETE: 'Acme Lyon' } )
	);

	// The advisor finds it under Live chat, without reloading, with the automatic note and the variables.
	await inbox.getByRole( 'tab', { name: /Live chat/ } ).click();
	const item = inbox.locator(
		`[data-conversation-id="${ seen.conversation.id }"]`
	);
	await expect( item ).toBeVisible();
	await item.click();
	await expect(
		inbox.getByText( `${ firstName } from Acme Lyon asks for a human`, {
			exact: false,
		} )
	).toBeVisible();
	await expect( inbox.getByText( firstName ).first() ).toBeVisible();
	await expect( inbox.getByText( 'Acme Lyon' ).first() ).toBeVisible();

	const reply = `Bonjour ${ firstName }, Camille from support here ${ Date.now() }`;
	const replyBox = inbox.getByRole( 'textbox', { name: /reply/i } ).last();
	await replyBox.fill( reply );
	await replyBox.press( 'Enter' );
	await expect( visitor.getByText( reply ) ).toBeVisible();
	await expect
		.poll(
			async () =>
				( await bridgeConversation( visitor ) ).conversation.state
		)
		.toBe( 'live' );

	// Back to the chatbot: the configured sequence (the menu) plays again.
	const menusBefore = await visitor
		.getByText( /How can I help you\?/ )
		.count();
	await visitor
		.getByRole( 'button', { name: /Back to chatbot/ } )
		.last()
		.click();
	await expect( visitor.getByText( /How can I help you\?/ ) ).toHaveCount(
		menusBefore + 1
	);
	await expect
		.poll(
			async () =>
				( await bridgeConversation( visitor ) ).conversation.state
		)
		.toBe( 'bot' );
	await visitor.context().close();
} );

test( 'a page set to live chat only starts in waiting, with no bot', async ( {
	browser,
	page,
} ) => {
	const question = `Live only ${ Date.now() }`;
	const visitor = await visitorWrites( browser, question );

	const seen = await bridgeConversation( visitor );
	expect( seen.conversation.state ).toBe( 'waiting' );
	expect( seen.conversation.flowId ).toBeNull();
	expect(
		seen.messages.filter( ( m ) => m.author.type === 'bot' )
	).toHaveLength( 0 );
	await expect(
		visitor.getByText( /What is your first name\?/ )
	).toHaveCount( 0 );

	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await expect(
		inbox.locator( `[data-conversation-id="${ seen.conversation.id }"]` )
	).toBeVisible();
	await visitor.context().close();
} );
