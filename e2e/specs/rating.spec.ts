/**
 * Rating at close (issue 15, item 5): a visitor chats, the advisor closes the conversation,
 * the visitor rates it 4 out of 5 with a comment in the widget, and the advisor sees the
 * rating live in the conversation and as a badge in the inbox's Closed list.
 */
import { expect, test } from '@playwright/test';
import { bridgeConversation, visitorWrites } from './helpers';

test( 'the visitor rates the closed conversation and the advisor sees it in the inbox and the conversation', async ( {
	browser,
	page,
} ) => {
	const question = `Can I change my order? ${ Date.now() }`;
	const visitor = await visitorWrites( browser, question );
	const { conversation } = await bridgeConversation( visitor );

	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	const row = inbox.locator(
		`[data-conversation-id="${ conversation.id }"]`
	);
	await row.click();
	await inbox.getByRole( 'button', { name: 'Take', exact: true } ).click();
	const reply = `Of course, tell me what to change ${ Date.now() }`;
	const replyBox = inbox.getByRole( 'textbox', { name: 'Reply' } );
	await replyBox.fill( reply );
	await replyBox.press( 'Enter' );
	await expect( visitor.getByText( reply ) ).toBeVisible();
	await inbox.getByRole( 'button', { name: 'Close', exact: true } ).click();
	await page.getByRole( 'button', { name: 'Close conversation' } ).click();

	// The visitor is asked, in the widget, once the conversation is closed.
	const widget = visitor.getByRole( 'dialog', { name: 'Chat with us' } );
	const stars = widget.getByRole( 'group', {
		name: 'How was this conversation?',
	} );
	await expect( stars ).toBeVisible();
	// Keyboard: the arrows move along the stars and choose.
	await stars.getByRole( 'button', { name: '3 out of 5' } ).focus();
	await visitor.keyboard.press( 'ArrowRight' );
	await expect(
		stars.getByRole( 'button', { name: '4 out of 5' } )
	).toHaveAttribute( 'aria-pressed', 'true' );
	const comment = `Quick and kind ${ Date.now() }`;
	await widget
		.getByRole( 'textbox', { name: 'Add a comment (optional)' } )
		.fill( comment );
	await widget.getByRole( 'button', { name: 'Send my rating' } ).click();
	await expect(
		widget.getByText( 'You rated this conversation 4 out of 5.' )
	).toBeVisible();

	// The advisor sees it live in the open conversation…
	await expect(
		inbox.getByText( `Rated 4/5 — “${ comment }”` )
	).toBeVisible();
	// …and as a badge in the Closed list.
	await inbox.getByRole( 'tab', { name: /Closed/ } ).click();
	await expect( row.locator( '.handoff-chat-rating-badge' ) ).toHaveText(
		/★ 4\s*Rated 4\/5/
	);
	await expect( row.getByText( 'Rated 4/5', { exact: true } ) ).toHaveCount(
		1
	);

	// And after a reload, from the bridge.
	await page.reload();
	await inbox.getByRole( 'tab', { name: /Closed/ } ).click();
	await row.click();
	await expect(
		inbox.getByText( `Rated 4/5 — “${ comment }”` )
	).toBeVisible();
	await visitor.context().close();
} );
