/**
 * The advisor's inbox on real parts (issue 4): the live orange menu count, unread → read,
 * take with the advisor's avatar, a private note that never reaches the visitor, filters,
 * close then reopen, the variables panel editing the visitor's variables on the bridge,
 * reassigning to a colleague (their avatar, their Mine list live) and the name template set
 * through the settings dialog (list and open conversation renamed at once).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { bridgeConversation, readOnce, visitorWrites } from './helpers';

const menuCount = ( page: Page ) =>
	page
		.locator(
			'#adminmenu a[href*="page=handoff-chat"] .awaiting-mod .pending-count'
		)
		.first();

const item = ( inbox: Locator, id: string ) =>
	inbox.locator( `[data-conversation-id="${ id }"]` );

test( 'menu count, unread to read, take, private note, close and reopen', async ( {
	browser,
	page,
} ) => {
	// The orange count lives on every wp-admin page and moves without a reload.
	await page.goto( '/wp-admin/index.php' );
	await expect( page.locator( '#adminmenu' ) ).toBeVisible();
	// No badge at all while nothing is waiting.
	await page.waitForLoadState( 'networkidle' );
	const before = ( await menuCount( page ).count() )
		? Number( await menuCount( page ).textContent() )
		: 0;
	const question = `Do you deliver to Nantes? ${ Date.now() }`;
	const visitor = await visitorWrites( browser, question );
	await expect( menuCount( page ) ).toHaveText( String( before + 1 ) );

	const { conversation } = await bridgeConversation( visitor );
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	const row = item( inbox, conversation.id );
	await expect( row ).toHaveClass( /is-unread/ );
	await row.click();
	await expect( row ).not.toHaveClass( /is-unread/ );

	// Take: assigned to me, my avatar in the conversation header.
	await inbox.getByRole( 'button', { name: 'Take', exact: true } ).click();
	await expect(
		inbox
			.locator( '.handoff-chat-conversation-header__assignee' )
			.getByRole( 'img', { name: /Assigned to/ } )
	).toBeVisible();
	await expect
		.poll(
			async () =>
				( await bridgeConversation( visitor ) ).conversation
					.assignedAdvisorId
		)
		.not.toBeNull();

	// Mine now lists it; Unassigned does not.
	await inbox.getByLabel( 'Show', { exact: true } ).selectOption( 'mine' );
	await expect( row ).toBeVisible();
	await inbox
		.getByLabel( 'Show', { exact: true } )
		.selectOption( 'unassigned' );
	await expect( row ).toHaveCount( 0 );
	await inbox.getByLabel( 'Show', { exact: true } ).selectOption( 'all' );
	await row.click();

	// A private note: shown to advisors, never to the visitor (page, API, channel).
	const note = `Private: VIP customer ${ Date.now() }`;
	await inbox.getByLabel( 'Leave a note' ).check();
	const noteBox = inbox.getByRole( 'textbox', { name: 'Note' } );
	await noteBox.fill( note );
	await noteBox.press( 'Enter' );
	await expect( inbox.getByText( note ) ).toBeVisible();
	await inbox.getByLabel( 'Leave a note' ).uncheck();
	const reply = `Yes, we deliver to Nantes ${ Date.now() }`;
	const replyBox = inbox.getByRole( 'textbox', { name: 'Reply' } );
	await replyBox.fill( reply );
	await replyBox.press( 'Enter' );
	await expect( visitor.getByText( reply ) ).toBeVisible();
	await expect( visitor.getByText( note ) ).toHaveCount( 0 );
	const seen = await bridgeConversation( visitor );
	expect( seen.messages.map( ( m ) => m.text ) ).not.toContain( note );
	expect( seen.messages.some( ( m ) => m.kind === 'note' ) ).toBe( false );

	// Close (with confirmation), then reopen from the Closed list.
	await inbox.getByRole( 'button', { name: 'Close', exact: true } ).click();
	await page.getByRole( 'button', { name: 'Close conversation' } ).click();
	// A closed conversation is no longer the visitor's current one.
	await expect
		.poll(
			async () =>
				( await readOnce( visitor ) )?.conversation.state ?? 'closed'
		)
		.toBe( 'closed' );
	await inbox.getByRole( 'tab', { name: /Closed/ } ).click();
	await item( inbox, conversation.id ).click();
	await inbox.getByRole( 'button', { name: 'Reopen', exact: true } ).click();
	await inbox.getByRole( 'tab', { name: /Live chat/ } ).click();
	await expect( item( inbox, conversation.id ) ).toBeVisible();
	await visitor.context().close();
} );

test( 'the variables panel edits the visitor’s variables; names follow the template', async ( {
	browser,
	page,
} ) => {
	const visitor = await visitorWrites(
		browser,
		`Hello from the variables test ${ Date.now() }`
	);
	const { conversation, token } = await bridgeConversation( visitor );
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await item( inbox, conversation.id ).click();
	await inbox.getByRole( 'button', { name: 'Show visitor details' } ).click();
	await inbox.getByLabel( 'Name', { exact: true } ).fill( 'PRENOM' );
	await inbox.getByLabel( 'Value', { exact: true } ).fill( 'Zoé' );
	await inbox.getByRole( 'button', { name: 'Add', exact: true } ).click();
	await expect
		.poll( async () => {
			const res = await fetch(
				`${ process.env.E2E_BRIDGE_URL }/v1/conversations/${ conversation.id }/variables`,
				{
					headers: { Authorization: `Bearer ${ token }` },
				}
			);
			const body = await res.json();
			return body.variables.find( ( v: any ) => v.name === 'PRENOM' )
				?.value;
		} )
		.toBe( 'Zoé' );
	// The default template is `{{PRENOM}} ({{SOCIETE}})`: the list now names the visitor.
	await expect( item( inbox, conversation.id ) ).toContainText( 'Zoé' );
	await visitor.context().close();
} );

// A valid 1×1 PNG: the bridge checks images by their bytes.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64'
);

test( 'images go both ways', async ( { browser, page } ) => {
	const visitor = await visitorWrites(
		browser,
		`Here is a photo ${ Date.now() }`
	);
	const { conversation } = await bridgeConversation( visitor );
	await visitor.locator( 'input[type="file"]' ).first().setInputFiles( {
		name: 'from-visitor.png',
		mimeType: 'image/png',
		buffer: PNG,
	} );
	// The widget shows it in the composer first (as the reply box does); Send sends it with its caption.
	const waiting = visitor.getByRole( 'list', { name: 'Images to send' } );
	await expect( waiting.getByText( 'from-visitor.png' ) ).toBeVisible();
	await expect( waiting.locator( 'img' ) ).toBeVisible();
	const caption = visitor.getByRole( 'textbox' ).first();
	await expect( caption ).toBeFocused();
	await caption.fill( 'My receipt' );
	await caption.press( 'Enter' );
	await expect( waiting ).toBeHidden();
	await expect
		.poll( async () =>
			( await bridgeConversation( visitor ) ).messages
				.filter( ( m ) => m.kind === 'image' )
				.map( ( m ) => m.text )
		)
		.toEqual( [ 'My receipt' ] );
	await expect(
		visitor.getByRole( 'log' ).getByText( 'My receipt' )
	).toBeVisible();

	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await item( inbox, conversation.id ).click();
	await expect(
		inbox.locator( 'img.handoff-chat-message__image' ).first()
	).toBeVisible();

	await inbox.locator( 'input[type="file"]' ).first().setInputFiles( {
		name: 'from-advisor.png',
		mimeType: 'image/png',
		buffer: PNG,
	} );
	const replyBox = inbox.getByRole( 'textbox', { name: 'Reply' } );
	await replyBox.press( 'Enter' );
	await expect
		.poll(
			async () =>
				( await bridgeConversation( visitor ) ).messages.filter(
					( m ) => m.kind === 'image' && m.author.type === 'advisor'
				).length
		)
		.toBe( 1 );
	// The messages' images, not the advisor's face beside them.
	const shown = visitor.locator( '[role="log"] img.handoff-chat-msg__image' );
	await expect( shown ).toHaveCount( 2 );
	// Loaded, not just laid out: the bridge serves them to the site's origin (CORP cross-origin).
	for ( const img of [
		...( await shown.all() ),
		inbox.locator( 'img.handoff-chat-message__image' ).first(),
	] ) {
		await expect
			.poll( () =>
				img.evaluate(
					( node: HTMLImageElement ) =>
						node.complete && node.naturalWidth
				)
			)
			.toBe( 1 );
	}
	await visitor.context().close();
} );

/** A second advisor: a real WordPress user, logged in through wp-login.php in a context of their own. */
async function colleagueLogsIn( browser: any, name: string ) {
	const { RequestUtils } =
		await import( '@wordpress/e2e-test-utils-playwright' );
	const requestUtils = await RequestUtils.setup( {
		baseURL: process.env.WP_BASE_URL,
		user: {
			username: process.env.WP_USERNAME!,
			password: process.env.WP_PASSWORD!,
		},
		storageStatePath: process.env.STORAGE_STATE_PATH,
	} );
	const username = `camille${ Date.now() }`;
	const password = `pw-${ Date.now() }-Aa1!`;
	// Administrators hold the plugin's capability by default.
	await requestUtils.rest( {
		method: 'POST',
		path: '/wp/v2/users',
		data: {
			username,
			password,
			name,
			email: `${ username }@example.test`,
			roles: [ 'administrator' ],
		},
	} );
	const context = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	const colleague: Page = await context.newPage();
	await colleague.goto( '/wp-login.php' );
	await colleague.locator( '#user_login' ).fill( username );
	await colleague.locator( '#user_pass' ).fill( password );
	await colleague.locator( '#wp-submit' ).click();
	await expect( colleague.locator( '#adminmenu' ) ).toBeVisible();
	return colleague;
}

test( 'reassign to a colleague: their avatar in the header, the conversation in their Mine list live', async ( {
	browser,
	page,
} ) => {
	const visitor = await visitorWrites(
		browser,
		`Who handles returns? ${ Date.now() }`
	);
	const { conversation } = await bridgeConversation( visitor );

	// The colleague opens the inbox (the bridge learns them from their token) and watches "Mine".
	const colleague = await colleagueLogsIn( browser, 'Camille Durand' );
	await colleague.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const theirs = colleague.locator( '#handoff-chat-admin' );
	await expect( item( theirs, conversation.id ) ).toBeVisible();
	await theirs.getByLabel( 'Show', { exact: true } ).selectOption( 'mine' );
	await expect( item( theirs, conversation.id ) ).toHaveCount( 0 );

	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await item( inbox, conversation.id ).click();
	await inbox.getByRole( 'button', { name: 'Take', exact: true } ).click();
	await expect(
		inbox.getByRole( 'button', { name: 'Reassign', exact: true } )
	).toBeVisible();

	await inbox
		.getByRole( 'button', { name: 'Reassign', exact: true } )
		.click();
	await page.getByRole( 'menuitemradio', { name: 'Camille Durand' } ).click();
	// No Gravatar on the demo's sites: the avatar is the colleague's initials, drawn by the site.
	const avatar = inbox
		.locator( '.handoff-chat-conversation-header__assignee' )
		.getByRole( 'img', { name: 'Assigned to Camille Durand' } );
	await expect( avatar ).toBeVisible();
	const assigned = await bridgeConversation( visitor );
	expect( assigned.conversation.assignedAdvisorId ).not.toBeNull();

	// Without a reload, the colleague's Mine list now holds it, and my Mine list does not.
	await expect( item( theirs, conversation.id ) ).toBeVisible();
	await inbox.getByLabel( 'Show', { exact: true } ).selectOption( 'mine' );
	await expect( item( inbox, conversation.id ) ).toHaveCount( 0 );
	await inbox.getByLabel( 'Show', { exact: true } ).selectOption( 'all' );
	await colleague.context().close();
	await visitor.context().close();
} );

test( 'the settings dialog sets the name template, with the variable picker', async ( {
	browser,
	page,
} ) => {
	const visitor = await visitorWrites(
		browser,
		`Template test ${ Date.now() }`
	);
	const { conversation } = await bridgeConversation( visitor );
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await item( inbox, conversation.id ).click();
	// The visitor's variables, as the bot or an advisor would have captured them.
	await inbox.getByRole( 'button', { name: 'Show visitor details' } ).click();
	for ( const [ name, value ] of [
		[ 'PRENOM', 'Inès' ],
		[ 'SOCIETE', 'Boulangerie Dupain' ],
	] ) {
		await inbox.getByLabel( 'Name', { exact: true } ).fill( name );
		await inbox.getByLabel( 'Value', { exact: true } ).fill( value );
		await inbox.getByRole( 'button', { name: 'Add', exact: true } ).click();
		await expect( inbox.getByLabel( 'Name', { exact: true } ) ).toHaveValue(
			''
		);
	}
	await expect( item( inbox, conversation.id ) ).toContainText(
		'Inès (Boulangerie Dupain)'
	);
	await expect(
		inbox.getByRole( 'heading', { name: 'Inès (Boulangerie Dupain)' } )
	).toBeVisible();

	await inbox.getByRole( 'button', { name: 'Inbox settings' } ).click();
	const dialog = page.getByRole( 'dialog', { name: 'Inbox settings' } );
	const field = dialog.getByLabel( 'Name template', { exact: true } );
	await field.fill( 'Client ' );
	await field.press( 'End' );
	await dialog
		.getByRole( 'button', { name: 'Insert a variable in "Name template"' } )
		.click();
	await page.getByRole( 'menuitem', { name: '{{SOCIETE}}' } ).click();
	await expect( field ).toHaveValue( 'Client {{SOCIETE}}' );
	await expect( dialog.getByText( 'Client Acme' ) ).toBeVisible();
	await dialog.getByRole( 'button', { name: 'Save' } ).click();
	await expect( dialog ).toHaveCount( 0 );

	// The list and the open conversation rename the visitor at once; after a reload too (saved on the bridge).
	await expect( item( inbox, conversation.id ) ).toContainText(
		'Client Boulangerie Dupain'
	);
	await expect(
		inbox.getByRole( 'heading', { name: 'Client Boulangerie Dupain' } )
	).toBeVisible();
	await page.reload();
	await expect(
		item( page.locator( '#handoff-chat-admin' ), conversation.id )
	).toContainText( 'Client Boulangerie Dupain' );

	// Put the default back for the other specs.
	await page
		.locator( '#handoff-chat-admin' )
		.getByRole( 'button', { name: 'Inbox settings' } )
		.click();
	await page
		.getByRole( 'dialog', { name: 'Inbox settings' } )
		.getByLabel( 'Name template', { exact: true } )
		.fill( '{{PRENOM}} ({{SOCIETE}})' );
	await page
		.getByRole( 'dialog', { name: 'Inbox settings' } )
		.getByRole( 'button', { name: 'Save' } )
		.click();
	await expect(
		page.getByRole( 'dialog', { name: 'Inbox settings' } )
	).toHaveCount( 0 );
	await visitor.context().close();
} );
