/**
 * The widget on every page, as a site owner turns it on: Settings → Chat on every page,
 * then a page that holds no block shows the launcher and a visitor chats from it; a page
 * with the block keeps the block's own widget, once. The first-run checklist on the
 * Conversations screen follows along.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { adminRequestUtils, newVisitor } from './helpers';

interface WpPost {
	id: number;
	link: string;
	content: { raw: string };
}

// The demo's pages hold the block: drafted during this spec, so "place the widget" starts undone.
let drafted: Array< { type: string; id: number } > = [];

async function withBlock( type: 'pages' | 'posts' ): Promise< WpPost[] > {
	const rest = await adminRequestUtils();
	const list = ( await rest.rest( {
		path: `/wp/v2/${ type }`,
		params: { per_page: 100, status: 'publish', context: 'edit' },
	} ) ) as WpPost[];
	return list.filter( ( p ) =>
		p.content.raw.includes( '<!-- wp:handoff-chat/widget' )
	);
}

async function setStatus( type: string, id: number, status: string ) {
	const rest = await adminRequestUtils();
	await rest.rest( {
		method: 'POST',
		path: `/wp/v2/${ type }/${ id }`,
		data: { status },
	} );
}

async function newPage( title: string, content: string ): Promise< WpPost > {
	const rest = await adminRequestUtils();
	return ( await rest.rest( {
		method: 'POST',
		path: '/wp/v2/pages',
		data: { title, content, status: 'publish' },
	} ) ) as WpPost;
}

/** The site-wide section of Conversations → Settings, saved with the given choices. */
async function saveSiteWide(
	page: Page,
	on: boolean,
	conversation: 'bot' | 'live' = 'bot'
) {
	await page.goto( '/wp-admin/admin.php?page=handoff-chat-settings' );
	await expect(
		page.getByRole( 'heading', { name: 'Chat on every page' } )
	).toBeVisible();
	await page.getByLabel( 'On every page of the site' ).setChecked( on );
	await page
		.getByLabel( 'Conversation', { exact: true } )
		.selectOption( conversation );
	await page.getByRole( 'button', { name: 'Save Changes' } ).click();
	await expect( page.getByText( 'Settings saved.' ) ).toBeVisible();
}

test.beforeAll( async () => {
	for ( const type of [ 'pages', 'posts' ] as const ) {
		for ( const p of await withBlock( type ) ) {
			await setStatus( type, p.id, 'draft' );
			drafted.push( { type, id: p.id } );
		}
	}
} );

test.afterAll( async ( { browser } ) => {
	for ( const { type, id } of drafted ) {
		await setStatus( type, id, 'publish' );
	}
	drafted = [];
	const context = await browser.newContext();
	await saveSiteWide( await context.newPage(), false );
	await context.close();
} );

test( 'turned on in Settings, the chat shows on a page without the block, a visitor chats, and the checklist follows', async ( {
	browser,
	page,
} ) => {
	const plain = await newPage(
		'About us (no chat block)',
		'<!-- wp:paragraph --><p>We sell tea.</p><!-- /wp:paragraph -->'
	);

	// The owner's checklist: nothing places the widget yet.
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const checklist = page.getByRole( 'region', {
		name: 'Get ready for your first chat',
	} );
	await expect(
		checklist.getByRole( 'listitem' ).filter( {
			hasText: 'Put the chat on your site',
		} )
	).toContainText( 'To do:' );

	// Off: the page carries no widget at all.
	const visitor = await newVisitor( browser, plain.link );
	await expect( visitor.getByText( 'We sell tea.' ) ).toBeVisible();
	await expect( visitor.locator( '[data-handoff-chat]' ) ).toHaveCount( 0 );

	// On, in live chat: the same page gets the launcher, once.
	await saveSiteWide( page, true, 'live' );
	await visitor.reload();
	await expect( visitor.locator( '[data-handoff-chat]' ) ).toHaveCount( 1 );
	await visitor.getByRole( 'button', { name: 'Open chat' } ).click();
	const box = visitor.getByRole( 'textbox' ).first();
	const question = `Do you sell green tea? ${ Date.now() }`;
	await box.fill( question );
	await box.press( 'Enter' );
	await expect( visitor.getByText( question ) ).toBeVisible();

	// The advisor gets it; the checklist now says the chat is everywhere and a conversation came in.
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await expect( inbox.getByText( question ).first() ).toBeVisible();
	const widgetStep = checklist
		.getByRole( 'listitem' )
		.filter( { hasText: 'Put the chat on your site' } );
	await expect( widgetStep ).toContainText( 'Done:' );
	await expect( widgetStep ).toContainText( 'The chat shows on every page.' );
	await expect(
		checklist
			.getByRole( 'listitem' )
			.filter( { hasText: 'Send yourself a test message' } )
	).toContainText( 'Done:' );

	// A page holding the block keeps the block's settings, and only its widget.
	const withBlockPage = await newPage(
		'Contact (chat block on the left)',
		'<!-- wp:handoff-chat/widget {"mode":"live","position":"left"} /-->'
	);
	await visitor.goto( withBlockPage.link );
	const mounts = visitor.locator( '[data-handoff-chat]' );
	await expect( mounts ).toHaveCount( 1 );
	const config = JSON.parse(
		( await mounts.getAttribute( 'data-handoff-chat' ) )!
	);
	expect( config.position ).toBe( 'left' );
	// One launcher, drawn where the block says.
	await expect( visitor.locator( '.handoff-chat--left' ) ).toHaveCount( 1 );
	await expect( visitor.locator( '.handoff-chat--right' ) ).toHaveCount( 0 );
	await visitor.context().close();
} );

test( 'the checklist’s test link opens the site with the chat open, and hiding the checklist lasts', async ( {
	browser,
	page,
} ) => {
	await saveSiteWide( page, true, 'live' );
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const checklist = page.getByRole( 'region', {
		name: 'Get ready for your first chat',
	} );
	await expect( checklist ).toBeVisible();
	// The step's link while it is undone; the same address either way (the page's state).
	const testUrl = await page.evaluate(
		() =>
			(
				window as unknown as {
					handoffChatAdmin: { checklist: { testUrl: string } };
				}
			 ).handoffChatAdmin.checklist.testUrl
	);
	expect( testUrl ).toMatch( /#handoff-chat$/ );
	const visitor = await newVisitor( browser, testUrl );
	// Open on arrival, ready to type.
	await expect( visitor.getByRole( 'textbox' ).first() ).toBeVisible();
	await visitor.context().close();

	const reopen = page.getByRole( 'button', {
		name: 'Show the setup checklist',
	} );
	// Saved for this user before the page is read again.
	await Promise.all( [
		page.waitForResponse(
			( r ) => r.url().includes( 'checklist' ) && r.ok()
		),
		checklist
			.getByRole( 'button', { name: 'Hide this checklist' } )
			.click(),
	] );
	await expect( reopen ).toBeFocused();
	await page.reload();
	await expect( reopen ).toBeVisible();
	await expect( checklist ).toHaveCount( 0 );
	await reopen.click();
	await expect(
		page.getByRole( 'heading', { name: 'Get ready for your first chat' } )
	).toBeFocused();
} );

/** The active theme's folder, as WordPress reports it. */
async function activeTheme(): Promise< string > {
	const rest = await adminRequestUtils();
	const [ active ] = ( await rest.rest( {
		path: '/wp/v2/themes',
		params: { status: 'active' },
	} ) ) as Array< { stylesheet: string } >;
	return active.stylesheet;
}

/** Appearance → Themes → Activate, as the owner does it. */
async function activateTheme( page: Page, slug: string ) {
	if ( ( await activeTheme() ) === slug ) {
		return;
	}
	await page.goto( '/wp-admin/themes.php' );
	const card = page.locator( `.theme[data-slug="${ slug }"]` );
	await card.hover();
	await card.getByRole( 'link', { name: /^Activate/ } ).click();
	await expect( page.getByText( 'New theme activated.' ) ).toBeVisible();
	expect( await activeTheme() ).toBe( slug );
}

test( 'a classic theme (no blocks in its templates) gets the chat from the footer too', async ( {
	browser,
	page,
} ) => {
	// The minimal classic theme of the PHP tests, installed as a theme upload would.
	cpSync(
		path.resolve(
			__dirname,
			'../../plugin/tests/fixtures/themes/handoff-classic'
		),
		path.join(
			process.env.E2E_WP_DIR!,
			'wp-content/themes/handoff-classic'
		),
		{ recursive: true }
	);
	const before = await activeTheme();
	expect( before ).not.toBe( 'handoff-classic' );
	await activateTheme( page, 'handoff-classic' );
	try {
		await saveSiteWide( page, true, 'live' );
		const plain = await newPage(
			'Opening hours (classic theme)',
			'<!-- wp:paragraph --><p>Open every day.</p><!-- /wp:paragraph -->'
		);
		const visitor = await newVisitor( browser, plain.link );
		await expect( visitor.getByText( 'Open every day.' ) ).toBeVisible();
		await expect( visitor.locator( '[data-handoff-chat]' ) ).toHaveCount(
			1
		);
		await visitor.getByRole( 'button', { name: 'Open chat' } ).click();
		const box = visitor.getByRole( 'textbox' ).first();
		await expect( box ).toBeVisible();
		const question = `Classic theme hello ${ Date.now() }`;
		await box.fill( question );
		await box.press( 'Enter' );
		await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
		await expect(
			page.locator( '#handoff-chat-admin' ).getByText( question ).first()
		).toBeVisible();
		await visitor.context().close();
	} finally {
		await activateTheme( page, before );
	}
} );
