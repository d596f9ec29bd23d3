/**
 * Helpers shared by the browser specs: an anonymous visitor context, the bridge's own
 * view of the visitor's conversation (ground truth, read with the visitor's token exactly
 * as the widget stores it), REST calls as the administrator and another user's login.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import type { RequestUtils } from '@wordpress/e2e-test-utils-playwright';

export async function newVisitor(
	browser: Browser,
	url: string
): Promise< Page > {
	const context = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	const visitor = await context.newPage();
	await visitor.goto( url );
	return visitor;
}

/**
 * The visitor's current conversation as the bridge returns it to them. The widget shows a
 * message before its send completes, so this waits until the session and the conversation exist.
 */
export async function bridgeConversation( visitor: Page ) {
	let last: Awaited< ReturnType< typeof readOnce > > = null;
	await expect
		.poll( async () => ( last = await readOnce( visitor ) ) !== null, {
			message: 'the widget keeps a visitor session and a conversation',
		} )
		.toBe( true );
	return last!;
}

/** The same, once: null while there is no session or no open conversation (a closed one is not "current"). */
export async function readOnce( visitor: Page ) {
	const session = await visitor.evaluate( () => {
		for ( let i = 0; i < localStorage.length; i++ ) {
			const key = localStorage.key( i )!;
			if ( /^handoff-chat:.+:session$/.test( key ) ) {
				return JSON.parse( localStorage.getItem( key )! ) as {
					token: string;
				};
			}
		}
		return null;
	} );
	if ( ! session ) {
		return null;
	}
	const base = process.env.E2E_BRIDGE_URL!;
	const headers = { Authorization: `Bearer ${ session.token }` };
	const res = await fetch( `${ base }/v1/conversations/current`, {
		headers,
	} );
	if ( res.status === 404 ) {
		return null;
	}
	const current = await res.json();
	const messages = await (
		await fetch(
			`${ base }/v1/conversations/${ current.conversation.id }/messages`,
			{ headers }
		)
	).json();
	return {
		conversation: current.conversation,
		messages: messages.messages as any[],
		token: session.token as string,
	};
}

/** A new anonymous visitor on `url` with the chat panel open; `box` is its message field. */
export async function openChat( browser: Browser, url: string ) {
	const visitor = await newVisitor( browser, url );
	await visitor
		.getByRole( 'button', { name: /open chat/i } )
		.first()
		.click();
	return { visitor, box: visitor.getByRole( 'textbox' ).first() };
}

/** A visitor on the live-chat-only demo page who has written `text` (shown on their page). */
export async function visitorWrites( browser: Browser, text: string ) {
	const { visitor, box } = await openChat(
		browser,
		process.env.E2E_LIVE_DEMO_PAGE_URL!
	);
	await box.fill( text );
	await box.press( 'Enter' );
	await expect( visitor.getByText( text ) ).toBeVisible();
	return visitor;
}

/** Answers the demo flow's two questions (the bot greets as soon as the panel opens). */
export async function answerDemoQuestions(
	visitor: Page,
	firstName: string,
	company: string
) {
	const box = visitor.getByRole( 'textbox' ).first();
	await expect(
		visitor.getByText( /What is your first name\?/ ).last()
	).toBeVisible();
	await box.fill( firstName );
	await box.press( 'Enter' );
	await expect(
		visitor.getByText( /And your company\?/ ).last()
	).toBeVisible();
	await box.fill( company );
	await box.press( 'Enter' );
}

let adminRest: Promise< RequestUtils > | undefined;

/** REST calls as the administrator (the stored state's session), e.g. to manage users; one per worker. */
export function adminRequestUtils(): Promise< RequestUtils > {
	adminRest ??= import( '@wordpress/e2e-test-utils-playwright' ).then(
		( utils ) =>
			utils.RequestUtils.setup( {
				baseURL: process.env.WP_BASE_URL,
				user: {
					username: process.env.WP_USERNAME!,
					password: process.env.WP_PASSWORD!,
				},
				storageStatePath: process.env.STORAGE_STATE_PATH,
			} )
	);
	return adminRest;
}

/** A WordPress user logged in through wp-login.php, in a browser context of their own. */
export async function userLogsIn(
	browser: Browser,
	username: string,
	password: string
): Promise< Page > {
	const context = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	const page = await context.newPage();
	await page.goto( '/wp-login.php' );
	await page.locator( '#user_login' ).fill( username );
	await page.locator( '#user_pass' ).fill( password );
	await page.locator( '#wp-submit' ).click();
	await expect( page.locator( '#adminmenu' ) ).toBeVisible();
	return page;
}
