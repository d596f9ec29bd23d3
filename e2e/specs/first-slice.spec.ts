/**
 * The first slice on real parts: a visitor on the demo page writes, an advisor in
 * wp-admin sees it arrive without reloading and replies, the visitor sees the reply.
 */
import { expect, test } from '@playwright/test';

test( 'a visitor chats with an advisor in wp-admin', async ( {
	browser,
	page,
} ) => {
	// Live-chat-only page: the conversation goes straight to the advisors' Live chat list.
	const demoPage = process.env.E2E_LIVE_DEMO_PAGE_URL!;

	// The advisor (logged in through the stored state) opens the inbox first.
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await expect( inbox ).toBeVisible();

	// The visitor: a separate, anonymous browser context.
	const visitorContext = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	const visitor = await visitorContext.newPage();
	await visitor.goto( demoPage );
	const launcher = visitor.getByRole( 'button', { name: /chat/i } ).first();
	await launcher.click();
	const box = visitor.getByRole( 'textbox' ).first();
	await expect( box ).toBeVisible();
	const question = `Bonjour, do you ship to Lyon? ${ Date.now() }`;
	await box.fill( question );
	await box.press( 'Enter' );
	await expect( visitor.getByText( question ) ).toBeVisible();

	// It appears in the advisor's list without a reload.
	const item = inbox.getByText( question ).first();
	await expect( item ).toBeVisible();
	await item.click();
	const reply = `Yes we do — Camille ${ Date.now() }`;
	const replyBox = inbox.getByRole( 'textbox' ).last();
	await replyBox.fill( reply );
	await replyBox.press( 'Enter' );
	await expect( inbox.getByText( reply ).first() ).toBeVisible();

	// The visitor sees the reply arrive.
	await expect( visitor.getByText( reply ) ).toBeVisible();

	// After a reload the visitor finds the whole conversation again, once each.
	await visitor.reload();
	await visitor.getByRole( 'button', { name: /chat/i } ).first().click();
	await expect( visitor.getByText( question ) ).toHaveCount( 1 );
	await expect( visitor.getByText( reply ) ).toHaveCount( 1 );
	await visitorContext.close();
} );
