/**
 * The visitor widget tells the truth about where things stand (issue 10, items 3–6): a
 * message written offline goes out by itself once the network is back, the status says
 * when nobody is online or that the answer will come by email, and a closed conversation
 * offers a new one instead of a reply box, saying once that it is closed.
 *
 * With SCREENSHOTS_DIR set, each test also saves what the visitor sees there (the PNGs
 * under docs/screenshots/issue-10/); normal runs write nothing.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import {
	answerDemoQuestions,
	bridgeConversation,
	openChat,
	readOnce,
	visitorWrites,
} from './helpers';

const PHONE = { width: 390, height: 760 };

/**
 * Saves what the visitor sees (or its lower half) when SCREENSHOTS_DIR is set.
 * @param visitor The visitor's page.
 * @param name    The PNG's file name.
 * @param lower   Only the lower half: the end of the log and the footer.
 */
async function snap( visitor: Page, name: string, lower = false ) {
	const dir = process.env.SCREENSHOTS_DIR;
	if ( dir ) {
		const half = PHONE.height / 2;
		await visitor.screenshot( {
			path: path.join( dir, name ),
			...( lower
				? { clip: { x: 0, y: half, width: PHONE.width, height: half } }
				: {} ),
		} );
	}
}

const panelOf = ( visitor: Page ) =>
	visitor.getByRole( 'dialog', { name: /chat/i } );

test( 'a message written offline goes out by itself, in order, once the network is back', async ( {
	browser,
} ) => {
	const first = `Hello from the train ${ Date.now() }`;
	const visitor = await visitorWrites( browser, first );
	await visitor.setViewportSize( PHONE );
	const { conversation } = await bridgeConversation( visitor );
	const panel = panelOf( visitor );
	const box = panel.getByRole( 'textbox' ).first();

	await visitor.context().setOffline( true );
	await expect( panel.getByRole( 'status' ) ).toHaveText( /Reconnecting/ );
	const offline = [ `In the tunnel ${ Date.now() }`, 'Still in it' ];
	for ( const text of offline ) {
		await box.fill( text );
		await box.press( 'Enter' );
		await expect( panel.getByText( text ) ).toBeVisible();
	}
	await snap( visitor, '03-reconnecting.png' );

	await visitor.context().setOffline( false );
	// Stored once each, in the order typed, without the visitor pressing anything.
	await expect
		.poll( async () =>
			( await bridgeConversation( visitor ) ).messages
				.filter( ( m ) => m.author.type === 'visitor' )
				.map( ( m ) => m.text )
		)
		.toEqual( [ first, ...offline ] );
	expect( ( await bridgeConversation( visitor ) ).conversation.id ).toBe(
		conversation.id
	);
	await expect( panel.getByRole( 'status' ) ).toBeHidden();
	await expect( panel.getByText( /Not sent/ ) ).toHaveCount( 0 );
	await expect( panel.getByText( 'Sending…' ) ).toHaveCount( 0 );
	await snap( visitor, '03-resent.png' );
	await visitor.context().close();
} );

test( 'nobody online: the widget says so, then that the answer will come by email', async ( {
	browser,
} ) => {
	// No advisor has wp-admin open in this test: the transfer finds nobody.
	const { visitor } = await openChat(
		browser,
		process.env.E2E_DEMO_PAGE_URL!
	);
	await visitor.setViewportSize( PHONE );
	const panel = panelOf( visitor );
	await answerDemoQuestions( visitor, 'Lou', 'Acme Nantes' );
	await panel
		.getByRole( 'button', { name: 'Parler à un humain / Talk to a human' } )
		.last()
		.click();
	await expect(
		panel.getByText( /No advisor is available right now\. Leave/ )
	).toBeVisible();
	await expect(
		panel.getByText( 'No advisor is available right now.', {
			exact: true,
		} )
	).toBeVisible();
	await expect( panel.getByText( 'Waiting for an advisor…' ) ).toBeHidden();
	await snap( visitor, '04-no-advisor.png' );

	const box = panel.getByRole( 'textbox', { name: /answer/i } );
	await box.fill( 'lou@example.com' );
	await box.press( 'Enter' );
	await expect(
		panel.getByText( /reply to lou@example\.com/ )
	).toBeVisible();
	await expect(
		panel.getByText( 'We’ll answer you by email.', { exact: true } )
	).toBeVisible();
	await expect( panel.getByText( 'Waiting for an advisor…' ) ).toBeHidden();
	await expect
		.poll(
			async () =>
				( await bridgeConversation( visitor ) ).conversation.handoff
		)
		.toBe( 'email_left' );
	await snap( visitor, '04-email-left.png' );
	await visitor.context().close();
} );

test( 'a closed conversation: no reply box, said once, and a new conversation that really starts', async ( {
	browser,
	page,
} ) => {
	const question = `Is it closed? ${ Date.now() }`;
	const visitor = await visitorWrites( browser, question );
	await visitor.setViewportSize( PHONE );
	const panel = panelOf( visitor );
	const { conversation } = await bridgeConversation( visitor );

	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await inbox
		.locator( `[data-conversation-id="${ conversation.id }"]` )
		.click();
	await inbox.getByRole( 'button', { name: 'Close', exact: true } ).click();
	await page.getByRole( 'button', { name: 'Close conversation' } ).click();

	const start = panel.getByRole( 'button', {
		name: 'Start a new conversation',
	} );
	await expect( start ).toBeVisible();
	// No reply box: the only field left is the rating's optional comment.
	await expect( panel.getByRole( 'textbox' ) ).toHaveAccessibleName(
		'Add a comment (optional)'
	);
	await expect(
		panel.getByText( 'This conversation has been closed.' )
	).toHaveCount( 1 );
	await snap( visitor, '05-closed.png' );

	await start.click();
	const box = panel.getByRole( 'textbox' ).first();
	await expect( box ).toBeFocused();
	await expect( panel.getByText( question ) ).toHaveCount( 0 );
	const again = `A new question ${ Date.now() }`;
	await box.fill( again );
	await box.press( 'Enter' );
	await expect
		.poll( async () => ( await readOnce( visitor ) )?.conversation.id )
		.not.toBe( conversation.id );
	const fresh = await bridgeConversation( visitor );
	expect( fresh.messages.map( ( m ) => m.text ) ).toContain( again );
	await expect( panel.getByText( /Not sent/ ) ).toHaveCount( 0 );
	await expect( panel.getByText( 'Sending…' ) ).toHaveCount( 0 );
	await snap( visitor, '05-new-conversation.png' );
	await visitor.context().close();
} );

test( 'a bot conversation closed by an advisor: the bot’s controls go too, and a new one greets at once', async ( {
	browser,
	page,
} ) => {
	const { visitor } = await openChat(
		browser,
		process.env.E2E_DEMO_PAGE_URL!
	);
	await visitor.setViewportSize( PHONE );
	const panel = panelOf( visitor );
	const firstName = `Zoé${ Date.now() % 100000 }`;
	await answerDemoQuestions( visitor, firstName, 'Acme Lyon' );
	await expect( panel.getByText( /How can I help you\?/ ) ).toBeVisible();
	const { conversation } = await bridgeConversation( visitor );

	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await inbox.getByRole( 'tab', { name: /Chatbot/ } ).click();
	await inbox
		.locator( `[data-conversation-id="${ conversation.id }"]` )
		.click();
	await inbox.getByRole( 'button', { name: 'Close', exact: true } ).click();
	await page.getByRole( 'button', { name: 'Close conversation' } ).click();

	const start = panel.getByRole( 'button', {
		name: 'Start a new conversation',
	} );
	await expect( start ).toBeVisible();
	// No reply box: the only field left is the rating's optional comment.
	await expect( panel.getByRole( 'textbox' ) ).toHaveAccessibleName(
		'Add a comment (optional)'
	);
	await expect(
		panel.getByRole( 'button', { name: /Talk to a human/ } )
	).toHaveCount( 0 );
	await expect(
		panel.getByText( 'This conversation has been closed.' )
	).toHaveCount( 1 );
	await snap( visitor, '06-closed-once.png', true );

	await start.click();
	// A fresh conversation at once: the bot greets again, the old exchange is gone.
	await expect(
		panel.getByText( /What is your first name\?/ )
	).toBeVisible();
	await expect( panel.getByText( firstName ) ).toHaveCount( 0 );
	await expect
		.poll( async () => ( await readOnce( visitor ) )?.conversation.id )
		.not.toBe( conversation.id );
	await expect( panel.getByRole( 'textbox' ).first() ).toBeFocused();
	await visitor.context().close();
} );

test( 'a close the widget did not hear of: the refusal shows it, and the message goes to the new conversation', async ( {
	browser,
	page,
} ) => {
	const context = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	const visitor = await context.newPage();
	// Realtime keeps its connection but stops telling this visitor about the conversation.
	let deaf = false;
	await visitor.routeWebSocket( /.*/, ( ws ) => {
		const server = ws.connectToServer();
		ws.onMessage( ( m ) => server.send( m ) );
		server.onMessage( ( m ) => {
			if (
				! deaf ||
				! /conversation-updated|message-created/.test( String( m ) )
			) {
				ws.send( m );
			}
		} );
	} );
	await visitor.goto( process.env.E2E_LIVE_DEMO_PAGE_URL! );
	await visitor
		.getByRole( 'button', { name: /open chat/i } )
		.first()
		.click();
	const panel = panelOf( visitor );
	const box = panel.getByRole( 'textbox' ).first();
	const question = `Anyone? ${ Date.now() }`;
	await box.fill( question );
	await box.press( 'Enter' );
	const { conversation } = await bridgeConversation( visitor );

	deaf = true;
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await inbox
		.locator( `[data-conversation-id="${ conversation.id }"]` )
		.click();
	await inbox.getByRole( 'button', { name: 'Close', exact: true } ).click();
	await page.getByRole( 'button', { name: 'Close conversation' } ).click();
	await expect
		.poll(
			async () => ( await readOnce( visitor ) )?.conversation.id ?? null
		)
		.toBeNull();

	const late = `Still there? ${ Date.now() }`;
	await box.fill( late );
	await box.press( 'Enter' );
	const start = panel.getByRole( 'button', {
		name: 'Start a new conversation',
	} );
	await expect( start ).toBeVisible();
	// No reply box: the only field left is the rating's optional comment.
	await expect( panel.getByRole( 'textbox' ) ).toHaveAccessibleName(
		'Add a comment (optional)'
	);
	await start.click();
	// Nothing typed is lost: the refused message opens the new conversation.
	await expect
		.poll(
			async () =>
				( await readOnce( visitor ) )?.messages.map(
					( m ) => m.text
				) ?? []
		)
		.toEqual( [ late ] );
	await expect( panel.getByText( late ) ).toBeVisible();
	await expect( panel.getByText( /Not sent/ ) ).toHaveCount( 0 );
	await context.close();
} );
