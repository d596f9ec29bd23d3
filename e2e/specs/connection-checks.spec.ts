/**
 * Issue 13, "checks a site owner can trust": Conversations → Settings → "Check from this
 * browser" runs, from the administrator's real browser, the same public addresses the
 * widget uses (the bridge over HTTP with CORS, then the realtime WebSocket the bridge names,
 * with a real Pusher handshake), then the server's checks (bridge, WebSocket port, the
 * bridge → WordPress notify round trip). Against the e2e stack everything passes and Site
 * Health shows the checks passing; pointed at a closed realtime port, the browser check
 * fails with the WebSocket cause. An escalation email WordPress fails to send shows on the
 * Dashboard with its error until a test email goes out.
 */
import { rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { answerDemoQuestions, openChat } from './helpers';

const SETTINGS_URL = '/wp-admin/admin.php?page=handoff-chat-settings';

/** A loopback port nothing listens on: bound by the system, then released. */
async function closedPort(): Promise< number > {
	const server = net.createServer();
	await new Promise< void >( ( r ) => server.listen( 0, '127.0.0.1', r ) );
	const { port } = server.address() as net.AddressInfo;
	await new Promise( ( r ) => server.close( r ) );
	return port;
}

async function runCheck( page: Page ) {
	await page.goto( SETTINGS_URL );
	const checks = page.locator( '#handoff-chat-checks' );
	await checks
		.getByRole( 'button', { name: 'Check from this browser' } )
		.click();
	await expect( checks ).toHaveClass( /is-done/, { timeout: 60_000 } );
	return checks;
}

const row = (
	checks: ReturnType< Page[ 'locator' ] >,
	list: string,
	id: string
) => checks.locator( `.handoff-chat-check-${ list } [data-check="${ id }"]` );

test( 'the Settings check passes against the running stack, and Site Health shows the checks passing', async ( {
	page,
} ) => {
	const checks = await runCheck( page );
	await expect( checks.getByRole( 'status' ) ).toHaveText(
		'All checks passed: visitors can chat and advisors will be notified.'
	);
	for ( const id of [ 'address', 'http', 'websocket' ] ) {
		await expect( row( checks, 'browser', id ) ).toHaveClass( /is-good/ );
	}
	await expect( row( checks, 'browser', 'websocket' ) ).toContainText(
		`ws://127.0.0.1:${ JSON.parse( process.env.E2E_PORTS! ).realtime } welcomed this browser`
	);
	for ( const id of [ 'bridge', 'websocket', 'notify' ] ) {
		await expect( row( checks, 'server', id ) ).toHaveClass( /is-good/ );
	}
	await expect( row( checks, 'server', 'notify' ) ).toContainText(
		'this site received the call'
	);

	// Tools → Site Health runs the same checks (the async ones through REST) and lists them as passed.
	await page.goto( '/wp-admin/site-health.php' );
	await page.getByRole( 'button', { name: 'Passed tests' } ).click();
	const passed = page.locator( '#health-check-issues-good' );
	for ( const label of [
		'Handoff Chat is connected to a bridge',
		"Visitors' browsers can connect",
		'WordPress reaches the bridge',
		'The realtime WebSocket answers',
		'The bridge reaches WordPress',
	] ) {
		await expect(
			passed.getByRole( 'button', { name: label } )
		).toBeVisible( { timeout: 60_000 } );
	}
	await expect(
		page.locator( '#health-check-issues-critical' )
	).not.toContainText( 'Handoff Chat' );

	// Tools → Site Health → Info: the "Handoff Chat" section, without the secret.
	await page.goto( '/wp-admin/site-health.php?tab=debug' );
	await page
		.getByRole( 'button', { name: 'Handoff Chat', exact: true } )
		.click();
	const info = page.locator( '#health-check-accordion-block-handoff-chat' );
	await expect( info ).toContainText( process.env.E2E_BRIDGE_URL! );
	await expect( info ).toContainText( process.env.E2E_SITE_ID! );
	await expect( info ).toContainText( 'Set (never shown)' );
	await expect( info ).toContainText( /Bridge version\s*\d+\.\d+\.\d+/ );
	await expect( info ).toContainText( "Visitors' browsers can connect" );
} );

test( 'the browser check fails with the WebSocket cause when the realtime port is closed', async ( {
	page,
} ) => {
	// The widget's source of the realtime address is the bridge's public site config: this
	// browser gets it naming a port where nothing listens.
	const port = await closedPort();
	await page.route( '**/v1/sites/*/config', async ( route ) => {
		const response = await route.fetch();
		const body = await response.json();
		body.realtime.wsPort = port;
		body.realtime.wssPort = port;
		await route.fulfill( { response, json: body } );
	} );
	const checks = await runCheck( page );
	await expect( checks.getByRole( 'status' ) ).toHaveText(
		'Some checks failed: see what to do below each one.'
	);
	await expect( row( checks, 'browser', 'http' ) ).toHaveClass( /is-good/ );
	const ws = row( checks, 'browser', 'websocket' );
	await expect( ws ).toHaveClass( /is-critical/ );
	await expect( ws ).toContainText(
		`WebSocket port closed or refused: the browser could not open ws://127.0.0.1:${ port }.`
	);
	await expect( ws ).toContainText( `open port ${ port } to visitors` );

	// Site Health shows what this browser found.
	await page.goto( '/wp-admin/site-health.php' );
	const critical = page.locator( '#health-check-issues-critical' );
	await critical
		.getByRole( 'button', { name: "Visitors' browsers cannot connect" } )
		.click();
	await expect( critical ).toContainText(
		`WebSocket port closed or refused: the browser could not open ws://127.0.0.1:${ port }.`
	);
} );

test( 'a failed escalation email shows on the Dashboard with its error until a test email goes out', async ( {
	browser,
	page,
} ) => {
	// Test-only: WordPress's mail goes to an SMTP port where nothing listens (a real PHPMailer
	// failure), or is accepted, as a file in wp-content says; read by every request, the
	// bridge's notify call included.
	const content = path.join( process.env.E2E_WP_DIR!, 'wp-content' );
	const plugin = path.join( content, 'mu-plugins/e2e-mail-mode.php' );
	const mode = path.join( content, 'e2e-mail-mode' );
	writeFileSync(
		plugin,
		`<?php
// Written by e2e/specs/connection-checks.spec.ts while it runs.
$handoff_e2e_mode = (string) @file_get_contents( WP_CONTENT_DIR . '/e2e-mail-mode' );
if ( str_starts_with( $handoff_e2e_mode, 'smtp:' ) ) {
	add_action( 'phpmailer_init', static function ( $mailer ) use ( $handoff_e2e_mode ) {
		$mailer->isSMTP();
		$mailer->Host = '127.0.0.1';
		$mailer->Port = (int) substr( $handoff_e2e_mode, 5 );
		$mailer->Timeout = 2;
	} );
} elseif ( 'ok' === $handoff_e2e_mode ) {
	add_filter( 'pre_wp_mail', static fn () => true );
}
`
	);
	try {
		writeFileSync( mode, `smtp:${ await closedPort() }` );

		// A visitor asks for a human: the bridge tells WordPress, whose email fails.
		const { visitor } = await openChat(
			browser,
			process.env.E2E_DEMO_PAGE_URL!
		);
		await answerDemoQuestions( visitor, `Mail${ Date.now() }`, 'Postbox' );
		await visitor
			.getByRole( 'button', {
				name: 'Parler à un humain / Talk to a human',
			} )
			.last()
			.click();

		// The notice shows the latest failure: an earlier spec's escalation, sent without a mail
		// server, may be shown first, until this one's SMTP failure replaces it.
		const notice = page.locator( '.handoff-chat-mail-failure' );
		await expect
			.poll(
				async () => {
					await page.goto( '/wp-admin/index.php' );
					return ( await notice.count() )
						? notice.locator( 'code' ).innerText()
						: '';
				},
				{
					message: 'the failed escalation email is reported',
					timeout: 60_000,
				}
			)
			.toContain( 'SMTP' );
		await expect( notice ).toContainText(
			'Handoff Chat could not send an email to advisors.'
		);

		// Mail works again: the test email goes out and the notice goes away.
		writeFileSync( mode, 'ok' );
		await notice
			.getByRole( 'button', { name: /^Send a test email to / } )
			.click();
		await expect(
			page.locator( '.handoff-chat-test-email-result' )
		).toContainText( 'Test email sent to' );
		await expect( notice ).toHaveCount( 0 );
	} finally {
		rmSync( plugin, { force: true } );
		rmSync( mode, { force: true } );
	}
} );
