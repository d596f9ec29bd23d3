/**
 * Connecting in one paste: the bridge operator creates a site with the CLI, the
 * administrator pastes the connection code it printed in Conversations → Settings, and the
 * site works through the new connection (test, a visitor's message in the advisor's inbox).
 * Afterwards WordPress is connected back to the demo site the other specs use, the same way.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { visitorWrites } from './helpers';

const SETTINGS = '/wp-admin/admin.php?page=handoff-chat-settings';

/** The bridge operator's CLI on the e2e bridge's data, as a person runs it (text output). */
function bridgeCli( ...args: string[] ): string {
	return execFileSync(
		process.execPath,
		[
			path.join( __dirname, '../../bridge-server/dist/cli/index.js' ),
			...args,
			'--bridge-url',
			process.env.E2E_BRIDGE_URL!,
		],
		{
			env: { ...process.env, DATA_DIR: process.env.E2E_BRIDGE_DATA_DIR! },
			encoding: 'utf8',
		}
	);
}

/** The line a person copies: the code, alone and indented. */
const codeIn = ( out: string ) => /\n {4}(hc1_\S+)\n/.exec( out )![ 1 ];

async function pasteCode( page: Page, code: string ) {
	await page.goto( SETTINGS );
	await page
		.getByRole( 'textbox', { name: /Paste the connection code/ } )
		.fill( code );
	await page.getByRole( 'button', { name: 'Connect', exact: true } ).click();
	await page.waitForURL( /page=handoff-chat-settings/ );
}

const notice = ( page: Page ) =>
	page.locator( '.handoff-chat-connection-notice' );

test.afterAll( async ( { browser } ) => {
	// Back to the demo site the other specs use, should the test have stopped before it did.
	const page = await browser.newPage();
	await page.goto( SETTINGS );
	if (
		( await page.locator( '.handoff-chat-site-id' ).textContent() ) !==
		process.env.E2E_SITE_ID
	) {
		await pasteCode(
			page,
			codeIn(
				bridgeCli( 'sites:connect-code', process.env.E2E_SITE_ID! )
			)
		);
	}
	await page.close();
} );

test( 'an administrator connects WordPress by pasting the code the bridge printed', async ( {
	page,
	browser,
} ) => {
	const created = bridgeCli( 'sites:create', '--name', 'Pasted shop' );
	const siteId = /site id: (site_[0-9a-f]+)/.exec( created )![ 1 ];
	const code = codeIn( created );
	expect( created ).not.toMatch( /[0-9a-f]{64}/ );

	// A mistyped code is refused before anything is sent; the connection is unchanged.
	const typo =
		code.slice( 0, -6 ) +
		( code.at( -6 ) === 'a' ? 'b' : 'a' ) +
		code.slice( -5 );
	await pasteCode( page, typo );
	await expect( notice( page ) ).toContainText(
		'This is not a complete connection code'
	);
	await expect( page.locator( '.handoff-chat-site-id' ) ).toHaveText(
		process.env.E2E_SITE_ID!
	);

	// The real code connects: the new site id is shown, the secret never is.
	await pasteCode( page, code );
	await expect( notice( page ) ).toContainText(
		`Connected to the bridge at ${ process.env.E2E_BRIDGE_URL } as site ${ siteId }.`
	);
	await expect( page.locator( '.handoff-chat-site-id' ) ).toHaveText(
		siteId
	);
	expect( await page.content() ).not.toMatch( /[0-9a-f]{64}/ );

	// Each code works once.
	await pasteCode( page, code );
	await expect( notice( page ) ).toContainText(
		'This connection code has already been used'
	);
	await expect( page.locator( '.handoff-chat-site-id' ) ).toHaveText(
		siteId
	);

	// The bridge got this site's address; rotating the secret keeps the connection working.
	await page.getByRole( 'button', { name: 'Update site address' } ).click();
	await expect( notice( page ) ).toContainText(
		`The bridge now has this site's address: ${ process.env.WP_BASE_URL }`
	);
	await page.getByRole( 'button', { name: 'Rotate secret' } ).click();
	await expect( notice( page ) ).toContainText(
		'The bridge issued a new secret'
	);
	await page.getByRole( 'button', { name: 'Test connection' } ).click();
	await expect( page.locator( '.handoff-chat-test-results li' ) ).toHaveCount(
		3
	);
	await expect(
		page.locator( '.handoff-chat-test-results' )
	).not.toContainText( 'failed' );

	// A visitor's message reaches the advisor through the new site.
	const text = `Pasted and working ${ Date.now() }`;
	const visitor = await visitorWrites( browser, text );
	await expect
		.poll( () =>
			visitor.evaluate(
				( key ) => localStorage.getItem( key ) !== null,
				`handoff-chat:${ siteId }:session`
			)
		)
		.toBe( true );
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	await expect(
		page.locator( '#handoff-chat-admin' ).getByText( text ).first()
	).toBeVisible();
	await visitor.context().close();

	// Back to the demo site through the link the CLI prints for a site whose address it knows:
	// it fills the code in; connecting still takes the administrator's click.
	const reconnect = bridgeCli(
		'sites:connect-code',
		process.env.E2E_SITE_ID!
	);
	const link = /\n {2}(http\S+handoff_chat_connection_code=hc1_\S+)\n/.exec(
		reconnect
	)![ 1 ];
	await page.goto( link );
	await expect(
		page.getByRole( 'textbox', { name: /Paste the connection code/ } )
	).toHaveValue( codeIn( reconnect ) );
	await expect( page.locator( '.handoff-chat-site-id' ) ).toHaveText(
		siteId
	);
	await page.getByRole( 'button', { name: 'Connect', exact: true } ).click();
	await expect( notice( page ) ).toContainText(
		`as site ${ process.env.E2E_SITE_ID }.`
	);
	await expect( page.locator( '.handoff-chat-site-id' ) ).toHaveText(
		process.env.E2E_SITE_ID!
	);
} );
