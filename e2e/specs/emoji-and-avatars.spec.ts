/**
 * Emoji and faces (issue 10, item 14). The demo runs offline: WordPress's emoji images
 * (s.w.org) and Gravatars would be broken images there, so the demo's sites turn the emoji
 * script off and draw local avatars (scripts/wp/demo-mu-plugin.php). And on any site,
 * WordPress's emoji replacement stays out of the widget: its emoji are text.
 *
 * Both tests make the browser report that it cannot draw emoji — the case in which
 * WordPress swaps them for images — whatever fonts this machine has.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
	expect,
	test,
	type BrowserContext,
	type Locator,
} from '@playwright/test';
import { bridgeConversation } from './helpers';

/** What wp-emoji-loader.js remembers of its canvas tests for the tab: nothing drawable. */
function browserCannotDrawEmoji() {
	sessionStorage.setItem(
		'wpEmojiSettingsSupports',
		JSON.stringify( {
			timestamp: Date.now(),
			supportTests: { flag: false, emoji: false },
		} )
	);
}

const loadedImage = ( img: Locator ) =>
	img.evaluate(
		( node: HTMLImageElement ) => node.complete && node.naturalWidth > 0
	);

test( 'the demo loads nothing from outside this machine: no emoji images, no Gravatar', async ( {
	browser,
	page,
} ) => {
	const outside: string[] = [];
	const guard = async ( context: BrowserContext ) => {
		await context.addInitScript( browserCannotDrawEmoji );
		await context.route(
			( url ) => ! [ '127.0.0.1', 'localhost' ].includes( url.hostname ),
			async ( route ) => {
				outside.push( route.request().url() );
				await route.abort();
			}
		);
	};
	await guard( page.context() );
	const visitorContext = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	await guard( visitorContext );

	// The visitor greets with an emoji: it shows in the inbox too, outside the widget.
	const visitor = await visitorContext.newPage();
	await visitor.goto( process.env.E2E_LIVE_DEMO_PAGE_URL! );
	await visitor.getByRole( 'button', { name: /open chat/i } ).click();
	const stamp = `offline ${ Date.now() }`;
	const box = visitor.getByRole( 'textbox' ).first();
	await box.fill( `Bonjour ! 👋 (${ stamp })` );
	await box.press( 'Enter' );
	const { conversation } = await bridgeConversation( visitor );

	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await inbox
		.locator( `[data-conversation-id="${ conversation.id }"]` )
		.click();
	await expect( inbox.getByText( stamp ).last() ).toBeVisible();
	const reply = `Bonjour, je suis là 👋 (${ stamp })`;
	const replyBox = inbox.getByRole( 'textbox', { name: 'Reply' } );
	await replyBox.fill( reply );
	await replyBox.press( 'Enter' );
	await expect( visitor.getByText( reply ) ).toBeVisible();

	// Faces are pictures this site serves: the advisor's in the widget, mine in the admin bar.
	const advisorFace = visitor
		.locator( '.handoff-chat-avatar__image' )
		.first();
	await expect( advisorFace ).toBeVisible();
	await expect.poll( () => loadedImage( advisorFace ) ).toBe( true );
	const myFace = page
		.locator( '#wp-admin-bar-my-account img.avatar' )
		.first();
	await expect.poll( () => loadedImage( myFace ) ).toBe( true );

	// WordPress's emoji script is not on the demo's pages: emoji stay text everywhere.
	for ( const p of [ visitor, page ] ) {
		expect( await p.evaluate( () => '_wpemojiSettings' in window ) ).toBe(
			false
		);
		await expect( p.locator( 'img.emoji' ) ).toHaveCount( 0 );
	}
	expect( outside ).toEqual( [] );
	await visitorContext.close();
} );

test( 'emoji stay text inside the widget on a page where WordPress swaps them for images', async ( {
	browser,
} ) => {
	// Test-only: WordPress's emoji script back on, for browsers carrying the cookie.
	const cookie = 'handoff_e2e_wp_emoji';
	const plugin = path.join(
		process.env.E2E_WP_DIR!,
		'wp-content/mu-plugins/e2e-wp-emoji.php'
	);
	const context = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	await context.addInitScript( browserCannotDrawEmoji );
	try {
		writeFileSync(
			plugin,
			`<?php\n// Written by e2e/specs/emoji-and-avatars.spec.ts while it runs.\nadd_filter( 'handoff_demo_wp_emoji', static fn() => isset( $_COOKIE['${ cookie }'] ) );\n`
		);
		await context.addCookies( [
			{ name: cookie, value: '1', url: process.env.WP_BASE_URL! },
		] );
		// Offline anyway; fail at once rather than wait for DNS.
		await context.route( 'https://s.w.org/**', ( route ) => route.abort() );
		const visitor = await context.newPage();
		await visitor.goto( process.env.E2E_DEMO_PAGE_URL! );

		// WordPress's script works on this page: an emoji outside the widget becomes an image.
		await visitor.evaluate( () => {
			const p = document.createElement( 'p' );
			p.id = 'e2e-page-emoji';
			p.textContent = 'Page text 👋';
			document.body.append( p );
		} );
		await expect(
			visitor.locator( '#e2e-page-emoji img.emoji' )
		).toHaveCount( 1 );

		// The bot's greeting and its answer quoting the visitor, emoji included, stay text.
		await visitor.getByRole( 'button', { name: /open chat/i } ).click();
		const widget = visitor.locator( '.handoff-chat' );
		await expect(
			widget.getByText( 'Bonjour ! 👋 / Hello! 👋' )
		).toBeVisible();
		await expect(
			widget.getByText( /What is your first name\?/ ).last()
		).toBeVisible();
		const box = widget.getByRole( 'textbox' ).first();
		await box.fill( 'Zoé 🌻' );
		await box.press( 'Enter' );
		await expect(
			widget.getByText( /And your company\?/ ).last()
		).toBeVisible();
		await box.fill( 'Fleurs & Co' );
		await box.press( 'Enter' );
		await expect(
			widget.getByText( 'Merci Zoé 🌻 ! / Thanks Zoé 🌻!' )
		).toBeVisible();
		await expect( widget.locator( 'img.emoji' ) ).toHaveCount( 0 );
	} finally {
		await context.close();
		rmSync( plugin, { force: true } );
	}
} );
