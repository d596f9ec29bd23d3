/**
 * Conversations → Advisors as the specs drive it: the screen's parts found by role and
 * label (the quota figure, a collaborator's card, the licence toggle, the invitation
 * form), the WordPress user behind an invitation, their sign-in, their removal, and the
 * bridge operator's quota command on the e2e bridge's data.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
	expect,
	type Browser,
	type Locator,
	type Page,
} from '@playwright/test';
import { adminRequestUtils, userLogsIn } from './helpers';

// Realtime and the bridge's re-reads on a busy 2-core machine.
export const LIVE = { timeout: 30_000 };

export const ADVISORS_URL = '/wp-admin/admin.php?page=handoff-chat-advisors';
export const INBOX_URL = '/wp-admin/admin.php?page=handoff-chat';

/** "2 of 5 licences granted" → { granted: 2, quota: 5 }. */
const FIGURE = /(\d+) of (\d+) licences? granted/;

export interface Collaborator {
	id: number;
	username: string;
	email: string;
	name: string;
}

/** A name and an address nobody else uses, e.g. "Camille 1733…" and camille.1733…@example.test. */
function someone( first: string ) {
	const tag = `${ Date.now() }${ Math.floor( Math.random() * 1000 ) }`;
	return {
		// ASCII: the browser's email field refuses "inès@…".
		email: `${ first
			.normalize( 'NFD' )
			.replace( /[^a-z]/gi, '' )
			.toLowerCase() }.${ tag }@example.test`,
		name: `${ first } ${ tag }`,
	};
}

export function licencesFigure( page: Page ) {
	return page.getByText( FIGURE );
}

export async function readFigure( page: Page ) {
	await expect( licencesFigure( page ) ).toBeVisible( LIVE );
	const [ , granted, quota ] = ( await licencesFigure( page ).textContent() )!
		.match( FIGURE )!
		.map( Number );
	return { granted, quota };
}

/** The card of the advisor named `name` on the Advisors screen. */
export function card( page: Page, name: string | RegExp ): Locator {
	return page
		.getByRole( 'region', { name: 'Collaborators' } )
		.getByRole( 'listitem' )
		.filter( {
			has: page.getByRole( 'heading', { level: 3, name } ),
		} );
}

export function licenceToggle( advisorCard: Locator ) {
	return advisorCard.getByRole( 'checkbox', { name: 'Live chat premium' } );
}

/** Invites through the screen's form; WordPress creates an Advisor account. */
async function invite( page: Page, who: { email: string; name: string } ) {
	const form = page.getByRole( 'form', { name: 'Invite a collaborator' } );
	await form.getByLabel( 'Email address' ).fill( who.email );
	await form.getByLabel( 'Name (optional)' ).fill( who.name );
	await form.getByRole( 'button', { name: 'Invite', exact: true } ).click();
	await expect(
		form.getByText( `${ who.name } now has an account` )
	).toBeVisible( LIVE );
	await expect( card( page, who.name ) ).toBeVisible( LIVE );
}

/** The WordPress user behind an invitation (as the administrator sees it). */
export async function wordpressUser( email: string ) {
	const rest = await adminRequestUtils();
	const users = ( await rest.rest( {
		path: '/wp/v2/users',
		params: { search: email, context: 'edit' },
	} ) ) as Array< {
		id: number;
		username: string;
		email: string;
		roles: string[];
	} >;
	const user = users.find( ( u ) => u.email === email );
	expect( user, `WordPress has a user ${ email }` ).toBeTruthy();
	return user!;
}

/** Invites on the open Advisors screen and returns the new WordPress user. */
export async function inviteCollaborator(
	page: Page,
	first: string
): Promise< Collaborator > {
	const who = someone( first );
	await invite( page, who );
	const user = await wordpressUser( who.email );
	return { id: user.id, username: user.username, ...who };
}

/**
 * What an invited person does with WordPress's "choose your password" email, done by
 * the administrator over REST; then they sign in through wp-login.php.
 */
export async function collaboratorSignsIn(
	browser: Browser,
	collaborator: Collaborator
) {
	const password = `pw-${ Date.now() }-Aa1!`;
	const rest = await adminRequestUtils();
	await rest.rest( {
		method: 'POST',
		path: `/wp/v2/users/${ collaborator.id }`,
		data: { password },
	} );
	return userLogsIn( browser, collaborator.username, password );
}

/** Frees their licence for the other tests: WordPress takes the ability to answer away. */
export async function removeCollaborators(
	...people: Array< Collaborator | null >
) {
	const rest = await adminRequestUtils();
	for ( const p of people ) {
		if ( p ) {
			await rest.rest( {
				method: 'DELETE',
				path: `/handoff-chat/v1/advisors/${ p.id }`,
			} );
		}
	}
}

/** The bridge operator's `handoff-bridge sites:quota`, on the e2e bridge's own data. */
export function setQuota( quota: number ) {
	execFileSync(
		process.execPath,
		[
			path.join( __dirname, '../../bridge-server/dist/cli/index.js' ),
			'sites:quota',
			process.env.E2E_SITE_ID!,
			String( quota ),
		],
		{
			env: {
				...process.env,
				DATA_DIR: process.env.E2E_BRIDGE_DATA_DIR!,
			},
			encoding: 'utf8',
		}
	);
}

export async function grant( page: Page, collaborator: Collaborator ) {
	const toggle = licenceToggle( card( page, collaborator.name ) );
	await toggle.click();
	await expect( toggle ).toBeChecked( LIVE );
}
