/**
 * The consent step (issue 15, item 1), as a site owner turns it on in Conversations →
 * Settings → Privacy: a visitor opening the chat reads the consent text and a link to the
 * privacy policy, and no request reaches the bridge before "I agree"; then the chat works,
 * and the next page of the visit does not ask again.
 */
import { expect, test, type Page } from '@playwright/test';
import { adminRequestUtils, bridgeConversation } from './helpers';

const SETTINGS = '/wp-admin/admin.php?page=handoff-chat-settings';

async function setConsent( page: Page, on: boolean ) {
	await page.goto( SETTINGS );
	const form = page.locator( 'form' ).filter( {
		has: page.getByRole( 'heading', { name: 'Privacy' } ),
	} );
	await form
		.getByRole( 'checkbox', {
			name: 'Ask for consent before the chat starts',
		} )
		.setChecked( on );
	await form.getByRole( 'button', { name: 'Save privacy settings' } ).click();
	await expect( page.getByText( 'Settings saved.' ) ).toBeVisible();
}

/** WordPress's own Privacy Policy page (a draft after install), published for the link. */
let policy: { id: number; status: string } | null = null;

test.beforeEach( async () => {
	const rest = await adminRequestUtils();
	const pages = ( await rest.rest( {
		path: '/wp/v2/pages',
		params: {
			status: 'draft,publish',
			search: 'Privacy Policy',
			context: 'edit',
		},
	} ) ) as Array< { id: number; status: string } >;
	policy = pages[ 0 ] ?? null;
	if ( policy && policy.status !== 'publish' ) {
		await rest.rest( {
			method: 'POST',
			path: `/wp/v2/pages/${ policy.id }`,
			data: { status: 'publish' },
		} );
	}
} );

test.afterEach( async ( { page } ) => {
	await setConsent( page, false );
	if ( policy && policy.status !== 'publish' ) {
		const rest = await adminRequestUtils();
		await rest.rest( {
			method: 'POST',
			path: `/wp/v2/pages/${ policy.id }`,
			data: { status: policy.status },
		} );
	}
} );

test( 'nothing reaches the bridge before the visitor agrees; then the chat works', async ( {
	browser,
	page,
} ) => {
	await setConsent( page, true );

	const bridge = new URL( process.env.E2E_BRIDGE_URL! ).origin;
	const context = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	const toBridge: string[] = [];
	// Every request of the visitor's tabs (pages, scripts, fetches, WebSockets) on the bridge's origin.
	context.on( 'request', ( r ) => {
		if ( new URL( r.url() ).origin === bridge ) {
			toBridge.push( `${ r.method() } ${ r.url() }` );
		}
	} );
	const visitor = await context.newPage();
	visitor.on( 'websocket', ( ws ) => toBridge.push( `WS ${ ws.url() }` ) );
	// The chatbot's page: there the panel would get the visitor's session on hover.
	await visitor.goto( process.env.E2E_DEMO_PAGE_URL! );

	const launcher = visitor.getByRole( 'button', { name: 'Open chat' } );
	await launcher.hover();
	await launcher.click();
	const step = visitor.getByRole( 'dialog', {
		name: /Our chat keeps your messages/,
	} );
	await expect( step ).toBeVisible();
	await expect(
		step.getByRole( 'link', { name: 'Read our privacy policy' } )
	).toHaveAttribute( 'href', /privacy-policy/ );
	// The panel's chunk came (from the site) on hover: still, nothing went to the bridge.
	await visitor.waitForLoadState( 'networkidle' );
	expect( toBridge ).toEqual( [] );
	// "Not now" leaves it so, and the launcher asks again.
	await step.getByRole( 'button', { name: 'Not now' } ).click();
	await expect( step ).toBeHidden();
	await launcher.click();
	await visitor.waitForLoadState( 'networkidle' );
	expect( toBridge ).toEqual( [] );

	await step.getByRole( 'button', { name: 'I agree' } ).click();
	// The chat starts: the bot greets, and the visitor answers.
	await expect(
		visitor.getByText( /What is your first name\?/ ).last()
	).toBeVisible();
	const box = visitor.getByRole( 'textbox' ).first();
	const text = `Zoé${ Date.now() % 100000 }`;
	await box.fill( text );
	await box.press( 'Enter' );
	const { messages } = await bridgeConversation( visitor );
	expect( messages.map( ( m: any ) => m.text ) ).toContain( text );
	expect( toBridge.length ).toBeGreaterThan( 0 );

	// Asked once per browser: another tab opens the chat straight away, with the conversation.
	const second = await context.newPage();
	await second.goto( process.env.E2E_DEMO_PAGE_URL! );
	await second.getByRole( 'button', { name: 'Open chat' } ).click();
	await expect( second.getByText( text ) ).toBeVisible();
	await expect(
		second.getByRole( 'dialog', { name: /Our chat keeps your messages/ } )
	).toHaveCount( 0 );
	await context.close();
} );
