/**
 * A site owner's whole path on a clean machine, as the README's production section tells it:
 * the bridge artifact installed and serving (global-setup), then in the browser: log in to a
 * WordPress that has never seen the plugin, upload the release zip, activate it, paste the
 * connection code the bridge's CLI printed, turn the chat on for every page, and a visitor's
 * first message reaches the advisor, whose answer reaches the visitor in real time through
 * the bridge's one port. Site Health then lists the plugin's checks as passed.
 * Each numbered comment is one step the owner takes (the closing note counts them).
 */
import { expect, test } from '@playwright/test';

interface Release {
	zip: string;
	app: string;
	bridgeUrl: string;
	bridgeEnv: NodeJS.ProcessEnv;
	wpUrl: string;
	owner: { user: string; password: string };
}
const release = (): Release => JSON.parse( process.env.E2E_RELEASE! );

test( 'from download to first chat: zip uploaded in wp-admin, bridge from its package, connected by code', async ( {
	page,
	browser,
} ) => {
	const { zip, app, bridgeEnv, bridgeUrl, wpUrl, owner } = release();
	const { bridgeCommand } =
		await import( '../../scripts/lib/bridge-install.mjs' );

	// Steps 1–2 (global-setup, as the README's commands): `npm install ./handoff-bridge-<version>.tgz`,
	// then `npx handoff-bridge serve` with the environment file (systemd or compose in production).

	// 3. Log in to WordPress.
	await page.goto( '/wp-login.php' );
	await page.getByLabel( 'Username or Email Address' ).fill( owner.user );
	await page.getByLabel( 'Password', { exact: true } ).fill( owner.password );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await page.waitForURL( /wp-admin/ );

	// 4. Plugins → Add New Plugin → Upload Plugin: the release zip, Install Now.
	await page.goto( '/wp-admin/plugin-install.php?tab=upload' );
	await page.locator( 'input#pluginzip' ).setInputFiles( zip );
	await page.getByRole( 'button', { name: 'Install Now' } ).click();
	await expect(
		page.getByText( 'Plugin installed successfully.' )
	).toBeVisible( {
		timeout: 60_000,
	} );

	// 5. Activate Plugin.
	await page.getByRole( 'link', { name: 'Activate Plugin' } ).click();
	await expect( page.getByText( 'Plugin activated.' ) ).toBeVisible();
	await expect(
		page
			.locator( '#adminmenu' )
			.getByRole( 'link', { name: /^Conversations/ } )
			.first()
	).toBeVisible();

	// 6. On the bridge's machine: create the site; the CLI prints a one-time connection code.
	const created = bridgeCommand(
		app,
		[ 'sites:create', '--name', 'Tea shop', '--url', wpUrl ],
		bridgeEnv
	);
	const code = /\n {4}(hc1_\S+)\n/.exec( created )?.[ 1 ];
	expect( code, created ).toBeTruthy();
	// No secret is shown to the person who ran the command.
	expect( created ).not.toMatch( /[0-9a-f]{64}/ );

	// 7. Conversations → Settings: paste the code, Connect.
	await page.goto( '/wp-admin/admin.php?page=handoff-chat-settings' );
	await page
		.getByRole( 'textbox', { name: /Paste the connection code/ } )
		.fill( code! );
	await page.getByRole( 'button', { name: 'Connect', exact: true } ).click();
	await expect(
		page.locator( '.handoff-chat-connection-notice' )
	).toContainText( `Connected to the bridge at ${ bridgeUrl }` );
	expect( await page.content() ).not.toMatch( /[0-9a-f]{64}/ );

	// 8. Settings → Chat on every page: on, in live chat (a new site has no bot yet), Save.
	await page.getByLabel( 'On every page of the site' ).setChecked( true );
	await page
		.getByLabel( 'Conversation', { exact: true } )
		.selectOption( 'live' );
	await page.getByRole( 'button', { name: 'Save Changes' } ).click();
	await expect( page.getByText( 'Settings saved.' ) ).toBeVisible();

	// The owner's inbox, open while a visitor comes.
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await expect(
		page.getByRole( 'region', { name: 'Get ready for your first chat' } )
	).toBeVisible();

	// A visitor on the front page (no block was placed anywhere) opens the chat and writes.
	const context = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	const visitor = await context.newPage();
	await visitor.goto( wpUrl + '/' );
	await visitor
		.getByRole( 'button', { name: /open chat/i } )
		.first()
		.click();
	const box = visitor.getByRole( 'textbox' ).first();
	const question = `Do you deliver on Sundays? ${ Date.now() }`;
	await box.fill( question );
	await box.press( 'Enter' );
	await expect( visitor.getByText( question ) ).toBeVisible();

	// It reaches the advisor without a reload, and the answer reaches the visitor the same way.
	const item = inbox.getByText( question ).first();
	await expect( item ).toBeVisible();
	await item.click();
	const reply = `Yes, until noon ${ Date.now() }`;
	const replyBox = inbox.getByRole( 'textbox' ).last();
	await replyBox.fill( reply );
	await replyBox.press( 'Enter' );
	await expect( visitor.getByText( reply ) ).toBeVisible();
	await context.close();

	// Tools → Site Health: the plugin's checks, run against this installation, pass.
	await page.goto( '/wp-admin/site-health.php' );
	await page.getByRole( 'button', { name: 'Passed tests' } ).click();
	const passed = page.locator( '#health-check-issues-good' );
	for ( const label of [
		'Handoff Chat is connected to a bridge',
		'WordPress reaches the bridge',
		'The realtime WebSocket answers',
		'The bridge reaches WordPress',
	] ) {
		await expect(
			passed.getByRole( 'button', { name: label } )
		).toBeVisible( {
			timeout: 60_000,
		} );
	}
} );
