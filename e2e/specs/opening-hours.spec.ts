/**
 * Opening hours, away and reply by email (issue 15, item 3), in the browser against the whole
 * stack: a manager closes the site every day (no date computed: every weekday closed), a
 * visitor on a French page gets the offline form at once, a bad email is refused, the question
 * and email start the conversation; the inbox flags it "Reply by email", the advisor's reply
 * goes out through wp_mail in the visitor's language (captured by a test-only pre_wp_mail
 * mu-plugin, as demo-locale.spec.ts does), and its resume link, opened in a fresh browser,
 * shows the conversation with the reply. Then, inside opening hours, the only advisor
 * switching to "Away": the next visitor is told at once that nobody is available, writes as
 * usual and is offered the answer by email.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { bridgeConversation, newVisitor } from './helpers';

const WP_DIR = process.env.E2E_WP_DIR!;
const MU_PLUGIN = path.join(
	WP_DIR,
	'wp-content/mu-plugins/e2e-hours-mail.php'
);
const MAIL_LOG = path.join( WP_DIR, 'wp-content/e2e-hours-mails.jsonl' );
/** Only the emails to this spec's visitors are kept (and not sent); others go on as usual. */
const MARK = 'hours-e2e';

const WEEK = [
	'Monday',
	'Tuesday',
	'Wednesday',
	'Thursday',
	'Friday',
	'Saturday',
	'Sunday',
];

test.beforeAll( () => {
	writeFileSync(
		MU_PLUGIN,
		`<?php
// Written by e2e/specs/opening-hours.spec.ts.
add_filter(
	'pre_wp_mail',
	static function ( $short, $atts ) {
		if ( false === strpos( (string) wp_json_encode( $atts['to'] ), '${ MARK }' ) ) {
			return $short;
		}
		file_put_contents( WP_CONTENT_DIR . '/e2e-hours-mails.jsonl', wp_json_encode( $atts ) . "\\n", FILE_APPEND | LOCK_EX );
		return true;
	},
	10,
	2
);
`
	);
} );

test.afterAll( async ( { browser } ) => {
	// Other specs share this site: open again, and the administrator available.
	const page = await browser.newPage( {
		storageState: process.env.STORAGE_STATE_PATH,
		baseURL: process.env.WP_BASE_URL,
	} );
	await setHours( page, false );
	await setAway( page, false );
	await page.close();
	rmSync( MU_PLUGIN, { force: true } );
	rmSync( MAIL_LOG, { force: true } );
} );

function mails(): Array< { to: string; subject: string; message: string } > {
	try {
		return readFileSync( MAIL_LOG, 'utf8' )
			.trim()
			.split( '\n' )
			.map( ( line ) => JSON.parse( line ) );
	} catch {
		return [];
	}
}

async function openInbox( page: Page ) {
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	const inbox = page.locator( '#handoff-chat-admin' );
	await expect(
		inbox.getByRole( 'toolbar', { name: 'Inbox tools' } )
	).toBeVisible();
	return inbox;
}

/**
 * Through the inbox settings: closed every day of the week, or hours off (always open).
 * @param page          The administrator's page.
 * @param closedAllWeek Closed every day; false: opening hours off.
 */
async function setHours( page: Page, closedAllWeek: boolean ) {
	const inbox = await openInbox( page );
	await inbox.getByRole( 'button', { name: 'Inbox settings' } ).click();
	const dialog = page.getByRole( 'dialog', { name: 'Inbox settings' } );
	const toggle = dialog.getByRole( 'checkbox', {
		name: 'Answer during opening hours only',
	} );
	await toggle.setChecked( closedAllWeek );
	if ( closedAllWeek ) {
		for ( const day of WEEK ) {
			const row = dialog.locator( 'tr', {
				has: page.getByRole( 'rowheader', { name: day } ),
			} );
			const remove = row.getByRole( 'button', {
				name: new RegExp( `^Remove ${ day }’s hours` ),
			} );
			for ( let n = await remove.count(); n > 0; n-- ) {
				await remove.first().click();
			}
			await expect(
				row.getByText( 'Closed', { exact: true } )
			).toBeVisible();
		}
	}
	await dialog.getByRole( 'button', { name: 'Save', exact: true } ).click();
	await expect( dialog ).toBeHidden();
}

/**
 * The administrator's "Available / Away" switch in the inbox toolbar.
 * @param page The administrator's page.
 * @param away Away, or available.
 */
async function setAway( page: Page, away: boolean ) {
	const inbox = await openInbox( page );
	const toggle = inbox.getByRole( 'checkbox', {
		name: /^(Available|Away)$/,
	} );
	await toggle.setChecked( ! away );
	await expect(
		inbox.getByRole( 'checkbox', { name: away ? 'Away' : 'Available' } )
	).toBeVisible();
}

/**
 * A new visitor opens the live chat; resolves with the availability the widget was told.
 * @param browser The browser.
 * @param lang    The page's language, as a multilingual site would print it.
 */
async function visitorOpens(
	browser: Parameters< typeof newVisitor >[ 0 ],
	lang?: string
) {
	const visitor = await newVisitor(
		browser,
		process.env.E2E_LIVE_DEMO_PAGE_URL!
	);
	if ( lang ) {
		await visitor.evaluate( ( l ) => {
			document.documentElement.lang = l;
		}, lang );
	}
	const answered = visitor.waitForResponse( ( r ) =>
		r.url().includes( '/v1/availability' )
	);
	await visitor
		.getByRole( 'button', { name: /open chat/i } )
		.first()
		.click();
	const availability = await ( await answered ).json();
	const widget = visitor.getByRole( 'dialog', { name: 'Chat with us' } );
	return { visitor, widget, availability };
}

test( 'outside opening hours: the question and email are taken, the reply is emailed in the visitor’s language, and its link resumes the conversation', async ( {
	browser,
	page,
} ) => {
	await setHours( page, true );

	// A French page (a multilingual site's): the widget says at once that nobody is here.
	const { visitor, widget, availability } = await visitorOpens(
		browser,
		'fr-FR'
	);
	expect( availability ).toMatchObject( { open: false, replyByEmail: true } );
	await expect( widget.getByText( 'We’re away right now' ) ).toBeVisible();
	// Closed every day: no opening within the next two weeks to announce.
	await expect( widget.getByText( /^Back on / ) ).toHaveCount( 0 );
	await expect(
		widget.getByRole( 'textbox', { name: 'Type your message' } )
	).toBeHidden();

	const stamp = Date.now();
	const question = `Do you ship to Lyon? ${ stamp }`;
	const email = `lea.${ MARK }.${ stamp }@example.com`;
	await widget
		.getByRole( 'textbox', { name: 'Your question' } )
		.fill( question );
	const emailField = widget.getByRole( 'textbox', { name: 'Your email' } );
	await emailField.fill( 'lea@example' );
	await widget.getByRole( 'button', { name: 'Send', exact: true } ).click();
	await expect(
		widget.getByText( 'Please enter a valid email address.' )
	).toBeVisible();
	await expect( emailField ).toHaveAttribute( 'aria-invalid', 'true' );

	await emailField.fill( email );
	await widget.getByRole( 'button', { name: 'Send', exact: true } ).click();
	await expect(
		widget.getByText( `We’ll reply to ${ email } by email.` )
	).toBeVisible();
	await expect( widget.getByText( question ) ).toBeVisible();
	const { conversation } = await bridgeConversation( visitor );
	expect( conversation ).toMatchObject( {
		mode: 'live',
		replyEmail: email,
		locale: 'fr_FR',
	} );
	// The visitor leaves: from now on, replies reach them by email.
	await visitor.context().close();

	const inbox = await openInbox( page );
	const row = inbox.locator(
		`[data-conversation-id="${ conversation.id }"]`
	);
	await expect( row ).toContainText( 'Reply by email' );
	await row.click();
	await expect(
		inbox.locator( '.handoff-chat-conversation-header__reply-email' )
	).toContainText( `Reply by email${ email }` );
	await expect(
		inbox.getByText(
			`The visitor is away: your reply will be emailed to ${ email }.`
		)
	).toBeVisible();
	await inbox.getByRole( 'button', { name: 'Take', exact: true } ).click();
	const reply = `Yes, within two days ${ stamp }`;
	const replyBox = inbox.getByRole( 'textbox', { name: 'Reply' } );
	await replyBox.fill( reply );
	await replyBox.press( 'Enter' );

	// wp_mail, in French (the visitor's page), with the resume link.
	await expect
		.poll( () => mails().find( ( m ) => m.to === email ), {
			message: 'the reply was emailed to the visitor',
			timeout: 30_000,
		} )
		.toBeTruthy();
	const mail = mails().find( ( m ) => m.to === email )!;
	expect( mail.subject ).toContain( 'a répondu à votre message' );
	expect( mail.message ).toContain( reply );
	expect( mail.message ).toContain(
		'Les réponses à cet e-mail ne sont pas lues'
	);
	const link = /(https?:\/\/\S+#handoff-chat-resume=[\w.-]+)/.exec(
		mail.message
	)?.[ 1 ];
	expect( link ).toBeTruthy();

	// The link, in a browser that never saw this visitor: the conversation, with the reply.
	const again = await newVisitor( browser, link! );
	const resumed = again.getByRole( 'dialog', { name: 'Chat with us' } );
	await expect( resumed.getByText( reply ) ).toBeVisible();
	await expect( resumed.getByText( question ) ).toBeVisible();
	await expect
		.poll( () => new URL( again.url() ).hash, {
			message: 'the token leaves the address bar',
		} )
		.toBe( '' );
	await again.context().close();
} );

test( 'inside opening hours, the only advisor going away: visitors are told nobody is available and offered the answer by email', async ( {
	browser,
	page,
} ) => {
	await setHours( page, false );
	await setAway( page, false );

	// The administrator's inbox is open and they are available: the live chat as usual.
	const first = await visitorOpens( browser );
	expect( first.availability ).toMatchObject( {
		open: true,
		advisorsAvailable: true,
		replyByEmail: false,
	} );
	await expect(
		first.widget.getByRole( 'textbox', { name: 'Type your message' } )
	).toBeVisible();
	await expect(
		first.widget.getByRole( 'textbox', { name: 'Your question' } )
	).toHaveCount( 0 );
	await first.visitor.context().close();

	await setAway( page, true );
	const second = await visitorOpens( browser );
	expect( second.availability ).toMatchObject( {
		open: true,
		advisorsAvailable: false,
		replyByEmail: true,
	} );
	// Said at once; within opening hours the visitor still writes in the chat (someone may be
	// back in minutes), and is offered the answer by email while nobody has taken it.
	await expect(
		second.widget.getByText( 'Nobody is available right now' )
	).toBeVisible();
	const box = second.widget.getByRole( 'textbox', {
		name: 'Type your message',
	} );
	const question = `Is anyone there? ${ Date.now() }`;
	await box.fill( question );
	await box.press( 'Enter' );
	await expect( second.widget.getByText( question ) ).toBeVisible();
	await second.widget
		.getByRole( 'button', { name: 'Get the answer by email' } )
		.click();
	const email = `sam.${ MARK }.${ Date.now() }@example.com`;
	await second.widget
		.getByRole( 'textbox', { name: 'Your email' } )
		.fill( email );
	await second.widget
		.getByRole( 'button', { name: 'Send my email' } )
		.click();
	await expect(
		second.widget.getByText( `We’ll reply to ${ email } by email.` )
	).toBeVisible();
	const { conversation } = await bridgeConversation( second.visitor );
	expect( conversation.replyEmail ).toBe( email );
	await second.visitor.context().close();

	// Back to available: the switch is restored on the next load.
	await setAway( page, false );
	await page.reload();
	await expect(
		page
			.locator( '#handoff-chat-admin' )
			.getByRole( 'checkbox', { name: 'Available' } )
	).toBeChecked();
} );
