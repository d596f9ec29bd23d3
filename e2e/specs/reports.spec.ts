/**
 * Conversations → Reports (issue 15, item 4) as a site manager uses it. Conversations are seeded
 * through the bridge's HTTP API on a page of their own (visitors, the bot, a transfer, advisor
 * replies, closes, ratings), so the figures of that page are known whatever the other specs
 * stored: 5 conversations, 2 bot only and 3 escalated (60%), 2 closed and rated 5 and 3 (4.0),
 * the administrator handled 2 with 3 messages. Durations depend on timing: only shown, not
 * compared. Then the range and page filters change what is shown, and CSVs are downloaded.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { adminRequestUtils } from './helpers';

const BRIDGE = () => process.env.E2E_BRIDGE_URL!;

async function call< T = any >(
	token: string,
	path: string,
	method = 'GET',
	body?: unknown
): Promise< T > {
	const res = await fetch( `${ BRIDGE() }${ path }`, {
		method,
		headers: {
			Authorization: `Bearer ${ token }`,
			'Content-Type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify( body ),
	} );
	const text = await res.text();
	expect( res.ok, `${ method } ${ path }: ${ res.status } ${ text }` ).toBe(
		true
	);
	return ( text ? JSON.parse( text ) : null ) as T;
}

/** A new visitor who starts a conversation on `page` (`bot`: the demo flow; `live`: straight to the team). */
async function visitorStarts(
	page: { url: string; title: string },
	mode: 'bot' | 'live'
) {
	const session = await (
		await fetch(
			`${ BRIDGE() }/v1/sites/${ process.env.E2E_SITE_ID }/visitors`,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: '{}',
			}
		)
	).json();
	const { conversation } = await call(
		session.token,
		'/v1/conversations',
		'POST',
		{
			pageUrl: page.url,
			pageTitle: page.title,
			mode,
		}
	);
	let n = 0;
	const visitor = {
		id: conversation.id as string,
		says: ( text: string ) =>
			call(
				session.token,
				`/v1/conversations/${ conversation.id }/messages`,
				'POST',
				{
					clientId: `v-${ conversation.id }-${ ++n }`,
					text,
				}
			),
		asksForAHuman: () =>
			call(
				session.token,
				`/v1/conversations/${ conversation.id }/actions`,
				'POST',
				{
					type: 'request_human',
					clientId: `h-${ conversation.id }`,
				}
			),
		rates: ( score: number ) =>
			call(
				session.token,
				`/v1/conversations/${ conversation.id }/rating`,
				'POST',
				{
					score,
				}
			),
	};
	return visitor;
}

/** The text of a downloaded CSV (the screen fetches it with the advisor token, then saves a blob). */
async function downloadCsv( page: Page, button: string ) {
	const [ download ] = await Promise.all( [
		page.waitForEvent( 'download' ),
		page.getByRole( 'button', { name: button } ).click(),
	] );
	const path = await download.path();
	return {
		name: download.suggestedFilename(),
		rows: readFileSync( path!, 'utf8' )
			.replace( /^\uFEFF/, '' )
			.split( /\r?\n/ )
			.filter( Boolean ),
	};
}

const figure = ( page: Page, id: string ) =>
	page.locator( `[data-figure="${ id }"]` );

test( 'a manager reads the reports of a page, changes the range and downloads the CSVs', async ( {
	page,
} ) => {
	const stamp = Date.now();
	const shop = {
		url: `${ process.env.WP_BASE_URL }/reports-pricing-${ stamp }/`,
		title: `Pricing ${ stamp }`,
	};
	const rest = await adminRequestUtils();
	const advisor = ( await rest.rest( {
		method: 'POST',
		path: '/handoff-chat/v1/advisor-token',
	} ) ) as { token: string };
	const me = ( await rest.rest( { path: '/wp/v2/users/me' } ) ) as {
		name: string;
	};
	const advisorDoes = ( id: string, body: unknown ) =>
		call( advisor.token, `/v1/conversations/${ id }`, 'PATCH', body );
	let replies = 0;
	const advisorSays = ( id: string, text: string ) =>
		call( advisor.token, `/v1/conversations/${ id }/messages`, 'POST', {
			clientId: `a-${ stamp }-${ ++replies }`,
			text,
		} );

	// 1 and 2: the bot alone.
	await ( await visitorStarts( shop, 'bot' ) ).says( 'Ada' );
	await visitorStarts( shop, 'bot' );
	// 3: the bot, then a human asked for: taken, two replies, closed, rated 5.
	const transferred = await visitorStarts( shop, 'bot' );
	await transferred.asksForAHuman();
	await advisorDoes( transferred.id, { type: 'take' } );
	await advisorSays( transferred.id, 'Hello, I am here.' );
	await advisorSays( transferred.id, 'The Pro plan is 20 € a month.' );
	await advisorDoes( transferred.id, { type: 'close' } );
	await transferred.rates( 5 );
	// 4: live chat from the start: one reply, closed, rated 3.
	const live = await visitorStarts( shop, 'live' );
	await live.says( 'Do you deliver to Lyon?' );
	await advisorDoes( live.id, { type: 'take' } );
	await advisorSays( live.id, 'Yes, in two days.' );
	await advisorDoes( live.id, { type: 'close' } );
	await live.rates( 3 );
	// 5: live chat nobody has answered yet.
	await ( await visitorStarts( shop, 'live' ) ).says( 'Anyone there?' );

	// chart.js is the Reports screen's own chunk: the inbox never asks for it.
	const chunks: string[] = [];
	page.on( 'request', ( r ) => {
		if ( /\/build\/admin\/chart\.js/.test( r.url() ) ) {
			chunks.push( r.url() );
		}
	} );
	await page.goto( '/wp-admin/admin.php?page=handoff-chat' );
	await expect( page.locator( '#handoff-chat-admin' ) ).toBeVisible();
	await page
		.locator( '#adminmenu' )
		.getByRole( 'link', { name: 'Reports', exact: true } )
		.click();
	await expect( page ).toHaveURL( /page=handoff-chat-reports/ );
	await expect(
		page.getByRole( 'heading', { level: 1, name: 'Reports' } )
	).toBeVisible();
	// Last 30 days by default, every page: at least ours.
	await expect( page.getByLabel( 'Period' ) ).toHaveValue( '30' );
	await expect( figure( page, 'conversations' ) ).toBeVisible();

	// Our page, from the select the report fills with the range's pages.
	const pageSelect = page.getByLabel( 'Page' );
	await expect(
		pageSelect.locator( 'option', { hasText: `${ shop.title } (5)` } )
	).toHaveCount( 1 );
	await pageSelect.selectOption( { label: `${ shop.title } (5)` } );
	await expect( page ).toHaveURL( /report_page=/ );

	await expect(
		figure( page, 'conversations' ).locator(
			'.handoff-chat-reports__value'
		)
	).toHaveText( '5' );
	await expect( figure( page, 'conversations' ) ).toContainText( '2 closed' );
	await expect(
		figure( page, 'escalated' ).locator( '.handoff-chat-reports__value' )
	).toHaveText( '60%' );
	await expect( figure( page, 'escalated' ) ).toContainText( '3 of 5' );
	await expect(
		figure( page, 'rating' ).locator( '.handoff-chat-reports__value' )
	).toHaveText( '4.0 / 5' );
	await expect( figure( page, 'rating' ) ).toContainText( '2 ratings' );
	// Two first responses and two resolutions were measured: shown as durations.
	const duration = /^(\d+ s|\d+ min( \d+ s)?|\d+ h( \d+ min)?)$/;
	for ( const id of [ 'first-response', 'resolution' ] ) {
		await expect(
			figure( page, id ).locator( '.handoff-chat-reports__value' )
		).toHaveText( duration );
		await expect( figure( page, id ) ).toContainText(
			'of 2 conversations'
		);
	}

	// Per advisor: the administrator handled 2 with 3 messages, rated 5 and 3.
	const row = page
		.locator( '.handoff-chat-reports__advisors tbody tr' )
		.filter( { hasText: me.name } );
	await expect(
		page.locator( '.handoff-chat-reports__advisors tbody tr' )
	).toHaveCount( 1 );
	const cells = row.locator( 'td' );
	await expect( cells.nth( 0 ) ).toHaveText( '2' );
	await expect( cells.nth( 1 ) ).toHaveText( '3' );
	await expect( cells.nth( 2 ) ).toHaveText( duration );
	await expect( cells.nth( 4 ) ).toHaveText( '4.0 / 5 (2 ratings)' );

	// The charts are drawn, each with its words and its data table.
	await expect( page.getByRole( 'img', { name: /5 in all/ } ) ).toBeVisible();
	await expect(
		page.getByRole( 'img', {
			name: 'Bot only: 2 (40%). Escalated to an advisor: 3 (60%).',
		} )
	).toBeVisible();
	expect( chunks ).toHaveLength( 1 );
	// The numbers behind the bars, for whoever would rather read them.
	const daysSection = page.locator( '.handoff-chat-reports__section', {
		has: page.getByRole( 'heading', { name: 'Conversations per day' } ),
	} );
	await daysSection.getByText( 'Show the data' ).click();
	const days = page.getByRole( 'table', { name: 'Conversations per day' } );
	await expect( days.locator( 'tbody tr' ) ).toHaveCount( 30 );
	// The days add up to five, 2 bot only and 3 escalated (all today, unless seeded across midnight).
	const columnSums = async () => {
		const sums = [ 0, 0, 0 ];
		for ( const day of await days.locator( 'tbody tr' ).all() ) {
			( await day.locator( 'td' ).allTextContents() ).forEach(
				( n, i ) => ( sums[ i ] += Number( n ) )
			);
		}
		return sums;
	};
	await expect.poll( columnSums ).toEqual( [ 5, 2, 3 ] );
	// Busiest hours: the five conversations, somewhere in the week's grid and its table.
	const heat = page.getByRole( 'table', {
		name: 'Conversations started, by weekday and hour',
	} );
	await expect
		.poll( async () =>
			( await heat.locator( 'tbody td' ).allTextContents() ).reduce(
				( sum, n ) => sum + Number( n ),
				0
			)
		)
		.toBe( 5 );
	await expect(
		page.locator( '.handoff-chat-reports__heat-cell:not([data-count="0"])' )
	).not.toHaveCount( 0 );

	// CSV: the conversations of the range and page, one row each, and the advisors.
	const conversations = await downloadCsv(
		page,
		'Download conversations (CSV)'
	);
	expect( conversations.name ).toMatch(
		/^handoff-report-conversations-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/
	);
	expect( conversations.rows ).toHaveLength( 1 + 5 );
	for ( const line of conversations.rows.slice( 1 ) ) {
		expect( line ).toContain( shop.url );
	}
	for ( const id of [ transferred.id, live.id ] ) {
		expect(
			conversations.rows.filter( ( line ) => line.includes( id ) )
		).toHaveLength( 1 );
	}
	const advisors = await downloadCsv( page, 'Download advisors (CSV)' );
	expect( advisors.rows ).toHaveLength( 2 );
	expect( advisors.rows[ 1 ] ).toContain( `"${ me.name }"` );
	expect( advisors.rows[ 1 ] ).toMatch( /"2","3"/ );

	// A week that ends yesterday: nothing on this page.
	const today = await page.evaluate(
		() => new URLSearchParams( location.search ).get( 'period' ) ?? ''
	);
	expect( today ).toBe( '' );
	await page.getByLabel( 'Period' ).selectOption( 'custom' );
	const to = page.getByRole( 'textbox', { name: 'To', exact: true } );
	const todayDate = await to.inputValue();
	const yesterday = new Date(
		Date.parse( `${ todayDate }T00:00:00Z` ) - 86_400_000
	)
		.toISOString()
		.slice( 0, 10 );
	const weekBefore = new Date(
		Date.parse( `${ yesterday }T00:00:00Z` ) - 6 * 86_400_000
	)
		.toISOString()
		.slice( 0, 10 );
	await page
		.getByRole( 'textbox', { name: 'From', exact: true } )
		.fill( weekBefore );
	await to.fill( yesterday );
	await expect(
		page.getByText( 'No conversations in this period.' )
	).toBeVisible();
	await expect( figure( page, 'conversations' ) ).toHaveCount( 0 );

	// The last 7 days again: the five are back; a reload keeps the filters (they are in the address).
	await page.getByLabel( 'Period' ).selectOption( '7' );
	await expect(
		figure( page, 'conversations' ).locator(
			'.handoff-chat-reports__value'
		)
	).toHaveText( '5' );
	await page.reload();
	await expect( page.getByLabel( 'Period' ) ).toHaveValue( '7' );
	await expect(
		figure( page, 'conversations' ).locator(
			'.handoff-chat-reports__value'
		)
	).toHaveText( '5' );
	await daysSection.getByText( 'Show the data' ).click();
	await expect(
		page
			.getByRole( 'table', { name: 'Conversations per day' } )
			.locator( 'tbody tr' )
	).toHaveCount( 7 );

	// All pages: ours and whatever the other specs left.
	await page.getByLabel( 'Page' ).selectOption( '' );
	await expect
		.poll( async () =>
			Number(
				await figure( page, 'conversations' )
					.locator( '.handoff-chat-reports__value' )
					.textContent()
			)
		)
		.toBeGreaterThanOrEqual( 5 );
} );
