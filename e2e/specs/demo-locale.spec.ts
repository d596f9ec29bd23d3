/**
 * `DEMO_LOCALE=fr_FR npm start` (issue 10, item 15): the demo in French although offline
 * WordPress has no French language pack. This spec starts a second, French stack of its own
 * (startStack's `locale`, as start.mjs passes it) on free ports: the stack under test is the
 * real one, in a browser, with the plugin's compiled translations — what no PHP unit test of
 * the setup would show (script translations, the visitor's page, the email sent by the
 * bridge's escalation). One stack for one test keeps it to a few seconds on a small machine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Stack } from '../../scripts/lib/stack.mjs';

let stack: Stack | undefined;
let dataDir = '';
let mailLog = '';

test.beforeAll( async () => {
	test.setTimeout( 180_000 );
	const { startStack } = await import( '../../scripts/lib/stack.mjs' );
	dataDir = mkdtempSync( path.join( tmpdir(), 'handoff-e2e-fr-' ) );
	stack = await startStack( {
		dataDir,
		ports: { wordpress: 0, bridge: 0, realtime: 0 },
		quiet: true,
		locale: 'fr_FR',
	} );
	// Test-only: keep the emails WordPress sends, instead of handing them to a mail server.
	mailLog = path.join( stack.wpDir, 'wp-content/e2e-mails.jsonl' );
	writeFileSync(
		path.join( stack.wpDir, 'wp-content/mu-plugins/e2e-mail-log.php' ),
		`<?php
// Written by e2e/specs/demo-locale.spec.ts.
add_filter(
	'pre_wp_mail',
	static function ( $short, $atts ) {
		file_put_contents( WP_CONTENT_DIR . '/e2e-mails.jsonl', wp_json_encode( $atts ) . "\\n", FILE_APPEND | LOCK_EX );
		return true;
	},
	10,
	2
);
`
	);
} );

test.afterAll( async () => {
	await stack?.stop();
	if ( dataDir ) {
		rmSync( dataDir, { recursive: true, force: true } );
	}
} );

function mails(): Array< { to: string; subject: string; message: string } > {
	try {
		return readFileSync( mailLog, 'utf8' )
			.trim()
			.split( '\n' )
			.map( ( line ) => JSON.parse( line ) );
	} catch {
		return [];
	}
}

test( 'a French-speaking owner sees the widget, the inbox and the emails in French', async ( {
	browser,
} ) => {
	const site = stack!;

	// wp-admin: the administrator's inbox is in French (and they now count as an advisor).
	const adminContext = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	const admin = await adminContext.newPage();
	await admin.goto( `${ site.wpUrl }/wp-login.php` );
	await admin.locator( '#user_login' ).fill( site.admin.user );
	await admin.locator( '#user_pass' ).fill( site.admin.password );
	await admin.locator( '#wp-submit' ).click();
	await expect( admin.locator( '#adminmenu' ) ).toBeVisible();
	await admin.goto( `${ site.wpUrl }/wp-admin/admin.php?page=handoff-chat` );
	await expect( admin.locator( 'html' ) ).toHaveAttribute( 'lang', 'fr-FR' );
	const inbox = admin.locator( '#handoff-chat-admin' );
	await expect(
		inbox.getByLabel( 'Afficher', { exact: true } )
	).toBeVisible();
	await expect(
		inbox.getByRole( 'tab', { name: /Chat en direct/ } )
	).toBeVisible();

	// The visitor's page: the widget speaks French.
	const visitorContext = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	const visitor = await visitorContext.newPage();
	await visitor.goto( site.demoPageUrl );
	await expect( visitor.locator( 'html' ) ).toHaveAttribute(
		'lang',
		'fr-FR'
	);
	await visitor.getByRole( 'button', { name: 'Ouvrir le chat' } ).click();
	await expect(
		visitor.getByRole( 'textbox', { name: 'Saisissez votre message' } )
	).toBeVisible();
	// Asking for a human escalates: WordPress emails the administrator.
	await visitor.getByRole( 'button', { name: 'Parler à un humain' } ).click();
	// French times: the 24-hour clock a French language pack would have set ("14:05").
	await expect(
		visitor.locator( '.handoff-chat-log time' ).first()
	).toHaveText( /^\d{2}:\d{2}$/ );

	// The escalation email, written in the administrator's language.
	await expect
		.poll( () => mails().find( ( m ) => m.to === site.admin.email ), {
			message: 'the escalation email reached WordPress',
			timeout: 30_000,
		} )
		.toBeTruthy();
	const email = mails().find( ( m ) => m.to === site.admin.email )!;
	expect( email.subject ).toContain( 'attend un conseiller' );

	// Offline WordPress now offers the plugin's languages (no core pack needed).
	await admin.goto( `${ site.wpUrl }/wp-admin/options-general.php` );
	await expect( admin.locator( 'select#WPLANG' ) ).toHaveValue( 'fr_FR' );

	await visitorContext.close();
	await adminContext.close();
} );
