/**
 * The flow editor's advisor picker, end to end: a transfer step set to a specific advisor
 * (picked by name) assigns the conversation to them, and their open inbox shows it live
 * with their avatar. The demo flow's round robin is put back afterwards.
 */
import { expect, test, type Page } from '@playwright/test';
import { answerDemoQuestions, bridgeConversation, openChat } from './helpers';

async function editDemoTransfer(
	page: Page,
	change: ( assign: ReturnType< Page[ 'getByRole' ] > ) => Promise< unknown >
) {
	await page.goto( '/wp-admin/admin.php?page=handoff-chat-flows' );
	await page
		.getByRole( 'button', { name: 'Edit', exact: true } )
		.first()
		.click();
	const assign = page.getByRole( 'combobox', { name: 'Assign to' } ).first();
	await assign.scrollIntoViewIfNeeded();
	await change( assign );
	await page.getByRole( 'button', { name: 'Save', exact: true } ).click();
	await expect(
		page.getByText( 'Flow saved. New conversations use it now.' ).first()
	).toBeVisible();
}

test( 'a transfer step assigns the advisor picked in the flow editor, live in their inbox', async ( {
	browser,
	page,
} ) => {
	// Opening the inbox once makes the administrator a known advisor of the site.
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	await expect( page.locator( '#handoff-chat-admin' ) ).toBeVisible();
	const me = process.env.WP_USERNAME!;

	await editDemoTransfer( page, async ( assign ) => {
		await assign.selectOption( 'advisor' );
		const picker = page
			.getByRole( 'combobox', { name: 'Advisor', exact: true } )
			.first();
		await expect( picker.locator( 'option', { hasText: me } ) ).toHaveCount(
			1
		);
		await picker.selectOption( { label: me } );
	} );

	try {
		await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
		const inbox = page.locator( '#handoff-chat-admin' );
		await inbox
			.getByLabel( 'Show', { exact: true } )
			.selectOption( 'mine' );

		const { visitor } = await openChat(
			browser,
			process.env.E2E_DEMO_PAGE_URL!
		);
		await answerDemoQuestions( visitor, 'Noé', 'Atelier Noé' );
		await visitor
			.getByRole( 'button', {
				name: 'Parler à un humain / Talk to a human',
			} )
			.last()
			.click();

		await expect
			.poll(
				async () =>
					( await bridgeConversation( visitor ) ).conversation
						.assignedAdvisorId
			)
			.not.toBeNull();
		const { conversation } = await bridgeConversation( visitor );
		// Without a reload: "Mine" gains it, and the header shows who has it.
		const row = inbox.locator(
			`[data-conversation-id="${ conversation.id }"]`
		);
		await expect( row ).toBeVisible();
		await row.click();
		await expect(
			inbox
				.locator( '.handoff-chat-conversation-header__assignee' )
				.getByRole( 'img', { name: `Assigned to ${ me }` } )
		).toBeVisible();
		await inbox.getByLabel( 'Show', { exact: true } ).selectOption( 'all' );
		await visitor.context().close();
	} finally {
		await editDemoTransfer( page, ( assign ) =>
			assign.selectOption( 'round_robin' )
		);
	}
} );
