/**
 * Conversations → Advisors as a site owner uses it (issue 9), on real parts: inviting a
 * collaborator (a WordPress user with the Advisor role, who then signs in), granting the
 * "Live chat premium" licence (the quota figure moves), a full quota refused by name
 * without losing anything, the collaborator answering a visitor under their visible
 * name, revoking a licence while their inbox is open (anonymised at once, notes gone) and
 * restricting an advisor to one page of the site.
 *
 * Each test invites its own collaborators and removes them at the end, so the site's
 * licences are free again for the other specs.
 */
import { expect, test, type Locator } from '@playwright/test';
import {
	ADVISORS_URL,
	type Collaborator,
	collaboratorSignsIn,
	card,
	grant,
	INBOX_URL,
	inviteCollaborator,
	licencesFigure,
	licenceToggle,
	LIVE,
	readFigure,
	removeCollaborators,
	setQuota,
	wordpressUser,
} from './advisors-screen';
import {
	adminRequestUtils,
	answerDemoQuestions,
	bridgeConversation,
	openChat,
	visitorWrites,
} from './helpers';

const row = ( inbox: Locator, conversationId: string ) =>
	inbox.locator( `[data-conversation-id="${ conversationId }"]` );

test( 'the owner sees the quota and invites a collaborator, who signs in as an Advisor', async ( {
	browser,
	page,
} ) => {
	let collaborator: Collaborator | null = null;
	try {
		// Conversations → Advisors, from the menu as the owner finds it.
		await page.goto( INBOX_URL );
		await page
			.locator( '#adminmenu' )
			.getByRole( 'link', { name: 'Advisors', exact: true } )
			.click();
		await expect( page ).toHaveURL( /page=handoff-chat-advisors/ );

		// The administrator is listed, marked as "You", and the quota reads "n of m".
		const me = process.env.WP_USERNAME!;
		await expect(
			card( page, new RegExp( `^${ me }\\s*You$` ) )
		).toBeVisible( LIVE );
		const before = await readFigure( page );
		expect( before.granted ).toBeGreaterThanOrEqual( 1 );
		expect( before.quota ).toBeGreaterThanOrEqual( before.granted );

		collaborator = await inviteCollaborator( page, 'Camille' );
		const user = await wordpressUser( collaborator.email );
		expect( user.roles ).toEqual( [ 'handoff_chat_advisor' ] );
		// Invited is not licensed: the figure has not moved.
		await expect( licencesFigure( page ) ).toHaveText(
			new RegExp( `^${ before.granted } of ${ before.quota } ` )
		);
		await expect(
			licenceToggle( card( page, collaborator.name ) )
		).not.toBeChecked();

		// They sign in: Conversations is theirs, Advisors is not; no licence yet.
		const theirs = await collaboratorSignsIn( browser, collaborator );
		await expect(
			theirs
				.locator( '#adminmenu' )
				.getByRole( 'link', { name: 'Advisors', exact: true } )
		).toHaveCount( 0 );
		await theirs.goto( INBOX_URL );
		await expect(
			theirs.getByText( 'You have no Live chat premium licence' )
		).toBeVisible( LIVE );
		await expect(
			theirs.getByText(
				'Ask your site manager for a licence (Conversations → Advisors).'
			)
		).toBeVisible();
		await theirs.goto( ADVISORS_URL );
		await expect(
			theirs.getByText( /not allowed/i ).first()
		).toBeVisible();
		await theirs.context().close();
	} finally {
		await removeCollaborators( collaborator );
	}
} );

test( 'granting a licence moves the figure; a full quota is refused by name and nothing is lost', async ( {
	page,
} ) => {
	let first: Collaborator | null = null;
	let second: Collaborator | null = null;
	let quota: number | null = null;
	try {
		await page.goto( ADVISORS_URL );
		const before = await readFigure( page );
		quota = before.quota;
		first = await inviteCollaborator( page, 'Louise' );
		second = await inviteCollaborator( page, 'Malik' );

		await grant( page, first );
		await expect( licencesFigure( page ) ).toHaveText(
			new RegExp( `^${ before.granted + 1 } of ${ before.quota } ` )
		);

		// The operator lowers the quota to what is granted now: the site is full.
		setQuota( before.granted + 1 );
		const secondCard = card( page, second.name );
		// A name typed elsewhere on the card (saved when the field loses focus) survives the refusal.
		const visibleName = `Malik from support ${ Date.now() }`;
		await secondCard
			.getByRole( 'textbox', { name: 'Name shown to visitors' } )
			.fill( visibleName );
		await licenceToggle( secondCard ).click();
		const refusal = `All ${
			before.granted + 1
		} licences of this site are in use: revoke one first, or raise the quota.`;
		const mine = card( page, visibleName );
		await expect( mine.getByText( refusal ) ).toBeVisible( LIVE );
		await expect( licenceToggle( mine ) ).not.toBeChecked();
		// The screen re-read the bridge's count: full, and nobody lost their licence.
		await expect( licencesFigure( page ) ).toHaveText(
			new RegExp( `^${ before.granted + 1 } of ${ before.granted + 1 } ` )
		);
		await expect( licenceToggle( card( page, first.name ) ) ).toBeChecked();
		await expect(
			mine.getByRole( 'textbox', { name: 'Name shown to visitors' } )
		).toHaveValue( visibleName );

		// The bridge kept it all.
		await page.reload();
		await expect( licenceToggle( card( page, first.name ) ) ).toBeChecked(
			LIVE
		);
		await expect(
			licenceToggle( card( page, visibleName ) )
		).not.toBeChecked();
		await expect(
			card( page, visibleName ).getByRole( 'textbox', {
				name: 'Name shown to visitors',
			} )
		).toHaveValue( visibleName );
	} finally {
		if ( quota !== null ) {
			setQuota( quota );
		}
		await removeCollaborators( first, second );
	}
} );

test( 'a licensed collaborator answers a visitor, who sees their visible name', async ( {
	browser,
	page,
} ) => {
	let collaborator: Collaborator | null = null;
	try {
		await page.goto( ADVISORS_URL );
		collaborator = await inviteCollaborator( page, 'Inès' );
		await grant( page, collaborator );
		const shown = `Inès at the shop ${ Date.now() }`;
		const nameField = card( page, collaborator.name ).getByRole(
			'textbox',
			{ name: 'Name shown to visitors' }
		);
		await nameField.fill( shown );
		await nameField.press( 'Enter' );
		await expect( card( page, shown ) ).toBeVisible( LIVE );

		const theirs = await collaboratorSignsIn( browser, collaborator );
		await theirs.goto( INBOX_URL );
		const inbox = theirs.locator( '#handoff-chat-admin' );
		await expect(
			inbox.getByRole( 'tab', { name: /Live chat/ } )
		).toBeVisible( LIVE );
		await expect(
			theirs.getByText( 'You have no Live chat premium licence' )
		).toHaveCount( 0 );

		const question = `Can I pick my order up on Saturday? ${ Date.now() }`;
		const visitor = await visitorWrites( browser, question );
		const { conversation } = await bridgeConversation( visitor );
		// It reaches their open inbox without a reload.
		await row( inbox, conversation.id ).click( LIVE );
		const reply = `Yes, until noon ${ Date.now() }`;
		const replyBox = inbox.getByRole( 'textbox', { name: 'Reply' } );
		await replyBox.fill( reply );
		await replyBox.press( 'Enter' );

		const answer = visitor
			.getByRole( 'listitem' )
			.filter( { hasText: reply } );
		await expect( answer ).toBeVisible( LIVE );
		await expect( answer ).toContainText( shown );
		const seen = await bridgeConversation( visitor );
		expect(
			seen.messages.find( ( m ) => m.text === reply )?.author
		).toMatchObject( { type: 'advisor', name: shown } );
		await visitor.context().close();
		await theirs.context().close();
	} finally {
		await removeCollaborators( collaborator );
	}
} );

test( 'revoking a licence anonymises the collaborator’s open inbox without a reload', async ( {
	browser,
	page,
} ) => {
	let collaborator: Collaborator | null = null;
	try {
		await page.goto( ADVISORS_URL );
		collaborator = await inviteCollaborator( page, 'Hugo' );
		await grant( page, collaborator );
		const { granted } = await readFigure( page );

		// A visitor the bot got to know (name template "{{PRENOM}} ({{SOCIETE}})") asks for a human.
		const { visitor } = await openChat(
			browser,
			process.env.E2E_DEMO_PAGE_URL!
		);
		const firstName = `Noé${ Date.now() }`;
		await answerDemoQuestions( visitor, firstName, 'Atelier Noé' );
		await visitor
			.getByRole( 'button', {
				name: 'Parler à un humain / Talk to a human',
			} )
			.last()
			.click();
		await expect
			.poll(
				async () =>
					( await bridgeConversation( visitor ) ).conversation.state,
				LIVE
			)
			.not.toBe( 'bot' );
		const { conversation } = await bridgeConversation( visitor );
		const visitorName = `${ firstName } (Atelier Noé)`;

		// Licensed: the collaborator sees who it is and leaves a note.
		const theirs = await collaboratorSignsIn( browser, collaborator );
		await theirs.goto( INBOX_URL );
		const inbox = theirs.locator( '#handoff-chat-admin' );
		const item = row( inbox, conversation.id );
		await expect( item ).toContainText( visitorName, LIVE );
		await item.click();
		await expect(
			inbox.getByRole( 'heading', { name: visitorName } )
		).toBeVisible();
		const note = `Private: ${ firstName } wants a quote ${ Date.now() }`;
		await inbox.getByLabel( 'Leave a note' ).check();
		const noteBox = inbox.getByRole( 'textbox', { name: 'Note' } );
		await noteBox.fill( note );
		await noteBox.press( 'Enter' );
		await expect( inbox.getByText( note ) ).toBeVisible( LIVE );

		// The owner revokes the licence.
		const toggle = licenceToggle( card( page, collaborator.name ) );
		await toggle.click();
		await expect( toggle ).not.toBeChecked( LIVE );
		await expect( licencesFigure( page ) ).toHaveText(
			new RegExp( `^${ granted - 1 } of ` )
		);

		// Their open inbox, not reloaded: the notice, an anonymised visitor, the note gone.
		await expect(
			theirs.getByText( 'You have no Live chat premium licence' )
		).toBeVisible( LIVE );
		await expect( item ).not.toContainText( firstName, LIVE );
		await expect( item ).toContainText( /Visitor [0-9A-F]{4}/ );
		await expect(
			inbox.getByRole( 'heading', { name: visitorName } )
		).toHaveCount( 0, LIVE );
		await expect( inbox.getByText( note ) ).toHaveCount( 0, LIVE );
		await visitor.context().close();
		await theirs.context().close();
	} finally {
		await removeCollaborators( collaborator );
	}
} );

test( 'an advisor restricted to one page never sees conversations started elsewhere', async ( {
	browser,
	page,
} ) => {
	let collaborator: Collaborator | null = null;
	const rest = await adminRequestUtils();
	// Another page of the site with the live-chat widget.
	const other = ( await rest.rest( {
		method: 'POST',
		path: '/wp/v2/pages',
		data: {
			title: `Opening hours ${ Date.now() }`,
			status: 'publish',
			content: '<!-- wp:handoff-chat/widget {"mode":"live"} /-->',
		},
	} ) ) as { id: number; link: string };
	try {
		await page.goto( ADVISORS_URL );
		collaborator = await inviteCollaborator( page, 'Zoé' );
		await grant( page, collaborator );

		// Chosen pages → the live chat demo page, picked by a search.
		const theCard = card( page, collaborator.name );
		await theCard.getByRole( 'radio', { name: 'Chosen pages' } ).check();
		await theCard
			.getByRole( 'searchbox', { name: 'Search the site’s pages' } )
			.fill( 'Live chat demo' );
		await theCard
			.getByRole( 'checkbox', { name: 'Live chat demo', exact: true } )
			.click( LIVE );
		await expect(
			theCard
				.getByRole( 'list', { name: 'Chosen pages' } )
				.getByText( 'Live chat demo' )
		).toBeVisible();
		// The screen tells whether an address reaches them, by the bridge's own rule.
		const tryField = theCard.getByRole( 'textbox', {
			name: 'Try an address',
		} );
		await tryField.fill( other.link );
		await expect(
			theCard.getByText(
				'Conversations started on this page do not reach this advisor.'
			)
		).toBeVisible();
		await tryField.fill( process.env.E2E_LIVE_DEMO_PAGE_URL! );
		await expect(
			theCard.getByText(
				'Conversations started on this page reach this advisor.'
			)
		).toBeVisible();
		await theCard.getByRole( 'button', { name: 'Save pages' } ).click();
		await expect(
			theCard.getByRole( 'button', { name: 'Save pages' } )
		).toHaveCount( 0, LIVE );
		await page.reload();
		await expect(
			card( page, collaborator.name ).getByRole( 'radio', {
				name: 'Chosen pages',
			} )
		).toBeChecked( LIVE );

		const theirs = await collaboratorSignsIn( browser, collaborator );
		await theirs.goto( INBOX_URL );
		const inbox = theirs.locator( '#handoff-chat-admin' );
		await expect(
			inbox.getByRole( 'tab', { name: /Live chat/ } )
		).toBeVisible( LIVE );

		// First a visitor elsewhere, then one on their page.
		const { visitor: elsewhere, box } = await openChat(
			browser,
			other.link
		);
		await box.fill( `Are you open on Sunday? ${ Date.now() }` );
		await box.press( 'Enter' );
		const away = ( await bridgeConversation( elsewhere ) ).conversation;
		const onTheirPage = await visitorWrites(
			browser,
			`Is the demo page up to date? ${ Date.now() }`
		);
		const here = ( await bridgeConversation( onTheirPage ) ).conversation;

		await expect( row( inbox, here.id ) ).toBeVisible( LIVE );
		// The owner, who sees every page, has both: the other one exists.
		await page.goto( INBOX_URL );
		const ownerInbox = page.locator( '#handoff-chat-admin' );
		await expect( row( ownerInbox, away.id ) ).toBeVisible( LIVE );
		await expect( row( ownerInbox, here.id ) ).toBeVisible();
		// Live, then read afresh: never the conversation from the other page.
		await expect( row( inbox, away.id ) ).toHaveCount( 0 );
		await theirs.reload();
		await expect( row( inbox, here.id ) ).toBeVisible( LIVE );
		await expect( row( inbox, away.id ) ).toHaveCount( 0 );
		await elsewhere.context().close();
		await onTheirPage.context().close();
		await theirs.context().close();
	} finally {
		await removeCollaborators( collaborator );
		await rest.rest( {
			method: 'DELETE',
			path: `/wp/v2/pages/${ other.id }`,
			params: { force: true },
		} );
	}
} );
