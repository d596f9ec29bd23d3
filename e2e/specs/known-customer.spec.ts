/**
 * Known customers: a visitor logged into WordPress is vouched for by WordPress itself (a signed
 * identity the widget fetches from admin-ajax, never printed in the cacheable page). The advisor
 * sees their name and email; their second browser finds the same conversation.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
	adminRequestUtils,
	bridgeConversation,
	newVisitor,
	userLogsIn,
} from './helpers';

const item = ( inbox: Locator, id: string ) =>
	inbox.locator( `[data-conversation-id="${ id }"]` );

const IDENTITY_PATH = '/wp-admin/admin-ajax.php?action=handoff_chat_identity';

/** The live-chat demo page with the panel open, as `page`'s user. */
async function chatOn( page: Page ) {
	await page.goto( process.env.E2E_LIVE_DEMO_PAGE_URL! );
	await page
		.getByRole( 'button', { name: /open chat/i } )
		.first()
		.click();
	const box = page.getByRole( 'textbox', { name: 'Type your message' } );
	await expect( box ).toBeVisible();
	return box;
}

test( 'a logged-in customer is named in the inbox and finds their conversation on a second browser', async ( {
	browser,
	page,
} ) => {
	const rest = await adminRequestUtils();
	const stamp = Date.now();
	const name = `Camille Martin ${ stamp }`;
	const email = `camille.${ stamp }@example.com`;
	const password = `pw-${ stamp }-Aa1!`;
	const user = ( await rest.rest( {
		method: 'POST',
		path: '/wp/v2/users',
		data: {
			username: `camille${ stamp }`,
			name,
			email,
			password,
			roles: [ 'subscriber' ],
		},
	} ) ) as { id: number; username: string };
	try {
		// The page itself carries no identity: the same markup as for anyone.
		const anonymous = await newVisitor(
			browser,
			process.env.E2E_LIVE_DEMO_PAGE_URL!
		);
		const anonymousAnswer = await anonymous.request.get( IDENTITY_PATH );
		expect( await anonymousAnswer.json() ).toEqual( { token: null } );

		const laptop = await userLogsIn(
			browser,
			`camille${ stamp }`,
			password
		);
		const answer = await laptop.request.get( IDENTITY_PATH );
		expect( answer.headers()[ 'cache-control' ] ).toContain( 'no-store' );
		expect( ( await answer.json() ).token ).toMatch(
			/^[\w-]+\.[\w-]+\.[\w-]+$/
		);
		await laptop.goto( process.env.E2E_LIVE_DEMO_PAGE_URL! );
		expect(
			await laptop
				.locator( '[data-handoff-chat]' )
				.getAttribute( 'data-handoff-chat' )
		).toBe(
			await anonymous
				.locator( '[data-handoff-chat]' )
				.getAttribute( 'data-handoff-chat' )
		);
		await anonymous.context().close();

		const box = await chatOn( laptop );
		const question = `Where is my order? ${ stamp }`;
		await box.fill( question );
		await box.press( 'Enter' );
		await expect( laptop.getByText( question ) ).toBeVisible();
		const { conversation } = await bridgeConversation( laptop );

		// The advisor sees who they are, as WordPress knows them.
		await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
		const inbox = page.locator( '#handoff-chat-admin' );
		await expect( item( inbox, conversation.id ) ).toContainText( name );
		await item( inbox, conversation.id ).click();
		await inbox
			.getByRole( 'button', { name: 'Show visitor details' } )
			.click();
		const emailRow = inbox
			.locator( '.handoff-chat-variables__list > div' )
			.filter( { hasText: 'WP_EMAIL' } );
		await expect( emailRow ).toContainText( email );
		await expect( emailRow ).toContainText( 'Verified by WordPress' );

		// Their phone: another browser, the same user logged in, the same conversation.
		const phone = await userLogsIn(
			browser,
			`camille${ stamp }`,
			password
		);
		await chatOn( phone );
		await expect( phone.getByText( question ) ).toHaveCount( 1 );
		expect( ( await bridgeConversation( phone ) ).conversation.id ).toBe(
			conversation.id
		);
		// The advisor's reply reaches both.
		const reply = `It left this morning ${ stamp }`;
		const replyBox = inbox.getByPlaceholder( 'Write a reply…' );
		await replyBox.fill( reply );
		await replyBox.press( 'Enter' );
		await expect( phone.getByText( reply ) ).toBeVisible();
		await expect( laptop.getByText( reply ) ).toBeVisible();
		await phone.context().close();
		await laptop.context().close();
	} finally {
		await rest.rest( {
			method: 'DELETE',
			path: `/wp/v2/users/${ user.id }`,
			params: { force: true, reassign: 1 },
		} );
	}
} );
