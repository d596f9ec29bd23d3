/**
 * Issue 15, privacy: WordPress's own Tools → Export Personal Data and Erase Personal Data
 * cover the chat. A visitor chats, an advisor records their email in a variable and leaves a
 * private note; the export for that email carries the chat (read from the exporter's AJAX
 * answers, which is what goes into the export file); the erasure removes it from the bridge.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
	adminRequestUtils,
	bridgeConversation,
	visitorWrites,
} from './helpers';

/** A confirmed request (no confirmation email) for `email` on a Tools privacy screen. */
async function confirmedRequest( page: Page, screen: string, email: string ) {
	await page.goto( `/wp-admin/${ screen }` );
	await page
		.locator( '#username_or_email_for_privacy_request' )
		.fill( email );
	await page.locator( '#send_confirmation_email' ).uncheck();
	await page.getByRole( 'button', { name: 'Send Request' } ).click();
	await expect(
		page.getByText( 'Request added successfully.' )
	).toBeVisible();
	const row = page.locator( 'tbody tr', { hasText: email } );
	await expect( row ).toHaveCount( 1 );
	return row;
}

/** The JSON answers of WordPress's privacy AJAX action `action`, as they arrive. */
function ajaxAnswers( page: Page, action: string ) {
	const answers: any[] = [];
	page.on( 'response', async ( res ) => {
		if (
			res.url().includes( '/wp-admin/admin-ajax.php' ) &&
			( res.request().postData() ?? '' ).includes( `action=${ action }` )
		) {
			answers.push( await res.json().catch( () => null ) );
		}
	} );
	return answers;
}

test( 'Tools → Export and Erase Personal Data cover the chat kept by the bridge', async ( {
	browser,
	page,
} ) => {
	const stamp = Date.now();
	const email = `jane.${ stamp }@example.com`;
	const question = `Where is my parcel ${ stamp }?`;
	const note = `Refund her if it is lost ${ stamp }`;
	const visitor = await visitorWrites( browser, question );
	const { conversation } = await bridgeConversation( visitor );

	// An advisor (the administrator) records the email and a note, through the bridge's API.
	const rest = await adminRequestUtils();
	const advisor = ( await rest.rest( {
		method: 'POST',
		path: '/handoff-chat/v1/advisor-token',
	} ) ) as { token: string; bridgeUrl: string };
	const bridge = ( path: string, init: RequestInit = {} ) =>
		fetch( `${ process.env.E2E_BRIDGE_URL }${ path }`, {
			...init,
			headers: {
				Authorization: `Bearer ${ advisor.token }`,
				'Content-Type': 'application/json',
			},
		} );
	const base = `/v1/conversations/${ conversation.id }`;
	expect(
		(
			await bridge( `${ base }/variables`, {
				method: 'PUT',
				// Any case: the bridge matches emails case-insensitively.
				body: JSON.stringify( {
					variables: { EMAIL: email.toUpperCase() },
				} ),
			} )
		).status
	).toBe( 200 );
	expect(
		(
			await bridge( `${ base }/notes`, {
				method: 'POST',
				body: JSON.stringify( {
					clientId: `note-${ stamp }`,
					text: note,
				} ),
			} )
		).status
	).toBe( 201 );

	// Export: the administrator downloads the personal data of that email.
	const exported = ajaxAnswers( page, 'wp-privacy-export-personal-data' );
	const exportRow = await confirmedRequest(
		page,
		'export-personal-data.php',
		email
	);
	await exportRow.hover();
	await exportRow
		.getByRole( 'button', { name: 'Download personal data' } )
		.click();
	await expect(
		page.getByText(
			'This user’s personal data export file was downloaded.'
		)
	).toBeVisible();
	const chat = exported
		.flatMap( ( a ) => a?.data?.data ?? [] )
		.filter( ( item: any ) =>
			String( item.group_id ).startsWith( 'handoff-chat-' )
		);
	const text = JSON.stringify( chat );
	expect( text ).toContain( question );
	expect( text ).toContain( note );
	expect( text ).toContain( email.toUpperCase() );
	expect( chat.map( ( item: any ) => item.item_id ) ).toContain(
		`handoff-chat-conversation-${ conversation.id }`
	);

	// Erase: gone from the bridge afterwards.
	const erased = ajaxAnswers( page, 'wp-privacy-erase-personal-data' );
	const eraseRow = await confirmedRequest(
		page,
		'erase-personal-data.php',
		email
	);
	await eraseRow
		.getByRole( 'button', { name: 'Erase personal data' } )
		.click();
	await expect(
		page.getByText(
			'All of the personal data found for this user was erased.'
		)
	).toBeVisible();
	await expect(
		page.getByText(
			'1 chat conversation deleted, with its messages and images.'
		)
	).toBeVisible();
	expect( erased.some( ( a ) => a?.success && a.data?.items_removed ) ).toBe(
		true
	);
	expect( ( await bridge( base ) ).status ).toBe( 404 );
	const search = await bridge(
		`/v1/search?q=${ encodeURIComponent( String( stamp ) ) }`
	);
	expect( ( await search.json() ).results ).toEqual( [] );
} );

test( 'a manager downloads a transcript and deletes a conversation from the inbox', async ( {
	browser,
	page,
} ) => {
	const question = `=1+2 is my order number ${ Date.now() }`;
	const visitor = await visitorWrites( browser, question );
	const { conversation } = await bridgeConversation( visitor );
	await page.goto(
		`/wp-admin/admin.php?page=handoff-chat&conversation=${ conversation.id }`
	);
	const inbox = page.locator( '#handoff-chat-admin' );
	const row = inbox.locator(
		`[data-conversation-id="${ conversation.id }"]`
	);
	await expect( row ).toBeVisible();

	// The transcript as CSV: the visitor's formula-like text is neutralised.
	const downloaded = page.waitForEvent( 'download' );
	await inbox.getByRole( 'button', { name: 'More actions' } ).click();
	await page.getByRole( 'menuitem', { name: 'Transcript as CSV' } ).click();
	const file = await downloaded;
	expect( file.suggestedFilename() ).toBe(
		`conversation-${ conversation.id }.csv`
	);
	const csv = readFileSync( ( await file.path() )!, 'utf8' );
	expect( csv ).toContain( `"'${ question }"` );

	// Delete, after the confirmation: gone from the list and from the bridge.
	await inbox.getByRole( 'button', { name: 'More actions' } ).click();
	await page
		.getByRole( 'menuitem', { name: 'Delete conversation…' } )
		.click();
	const dialog = page.getByRole( 'dialog', {
		name: 'Delete this conversation?',
	} );
	await dialog
		.getByRole( 'button', { name: 'Delete conversation', exact: true } )
		.click();
	await expect( row ).toHaveCount( 0 );
	await expect(
		inbox.getByText( 'Select a conversation to read it and reply.' )
	).toBeVisible();
	const rest = await adminRequestUtils();
	const advisor = ( await rest.rest( {
		method: 'POST',
		path: '/handoff-chat/v1/advisor-token',
	} ) ) as { token: string };
	expect(
		(
			await fetch(
				`${ process.env.E2E_BRIDGE_URL }/v1/conversations/${ conversation.id }`,
				{ headers: { Authorization: `Bearer ${ advisor.token }` } }
			)
		).status
	).toBe( 404 );
} );
