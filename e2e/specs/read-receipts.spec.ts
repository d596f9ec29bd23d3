/**
 * Read receipts both ways (issue 10, item 13): an advisor opening the conversation in
 * wp-admin makes "Seen" appear under the visitor's last message in the widget, live and
 * after a reload of the visitor's page.
 */
import { expect, test } from '@playwright/test';
import { bridgeConversation, visitorWrites } from './helpers';

test( 'an advisor opening the conversation makes "Seen" appear in the visitor’s widget', async ( {
	browser,
	page,
} ) => {
	const question = `Is the shop open on Sunday? ${ Date.now() }`;
	const visitor = await visitorWrites( browser, question );
	const { conversation } = await bridgeConversation( visitor );
	const log = visitor.getByRole( 'log' );
	const mine = log.locator( 'li' ).filter( { hasText: question } );
	// Confirmed by the bridge, and nobody has read it yet.
	await expect( mine.getByText( 'Sending…' ) ).toHaveCount( 0 );
	await expect( log.getByText( 'Seen', { exact: true } ) ).toHaveCount( 0 );

	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	const row = inbox.locator(
		`[data-conversation-id="${ conversation.id }"]`
	);
	await row.click();
	await expect( row ).not.toHaveClass( /is-unread/ );

	// Live, under the visitor's message, as words.
	await expect( mine.getByText( 'Seen', { exact: true } ) ).toBeVisible();
	await expect( log.getByText( 'Seen', { exact: true } ) ).toHaveCount( 1 );

	// A reload shows it from the bridge.
	await visitor.reload();
	const again = visitor
		.getByRole( 'log' )
		.locator( 'li' )
		.filter( { hasText: question } );
	await expect( again.getByText( 'Seen', { exact: true } ) ).toBeVisible();
	await visitor.context().close();
} );
