/**
 * Issue 10, item 9: a message's time reads the same in the widget and in the inbox, in the
 * site's WordPress time format (Settings → General), not in each browser's own idea of it.
 */
import { expect, test } from '@playwright/test';
import { adminRequestUtils, visitorWrites } from './helpers';

// "14 h 05": only WordPress's format can write a time so; a browser's default never does.
const SITE_FORMAT = 'G \\h i';
const WRITTEN = /^\d{1,2} h \d{2}$/;

test( 'the widget and the inbox write a message’s time in the site’s time format', async ( {
	browser,
	page,
} ) => {
	const rest = await adminRequestUtils();
	const before = ( await rest.getSiteSettings() ).time_format as string;
	await rest.updateSiteSettings( { time_format: SITE_FORMAT } );
	try {
		const question = `What time is it? ${ Date.now() }`;
		const visitor = await visitorWrites( browser, question );
		const widgetTime = visitor
			.locator( 'li', { hasText: question } )
			.locator( 'time' );
		await expect( widgetTime ).toHaveText( WRITTEN );

		await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
		const inbox = page.locator( '#handoff-chat-admin' );
		await inbox.getByText( question ).first().click();
		const inboxTime = inbox
			.getByRole( 'log', { name: 'Messages' } )
			.locator( 'li', { hasText: question } )
			.locator( 'time' );
		await expect( inboxTime ).toHaveText( WRITTEN );
		// The same words on both sides (the widget shows the bridge's time once it has it).
		await expect
			.poll(
				async () =>
					( await widgetTime.textContent() ) ===
					( await inboxTime.textContent() )
			)
			.toBe( true );
		await visitor.context().close();
	} finally {
		await rest.updateSiteSettings( { time_format: before } );
	}
} );
