/**
 * The widget's first answer (issue 11, item 5), counted in the browser's own network view:
 * the hover on the launcher fetches the panel and gets the visitor's session ready (one
 * simple request, no CORS preflight), so between the click and the bot's greeting the
 * widget makes a single call to the bridge — the start, whose answer carries the greeting.
 * Counts, not times: what the page asks for, never how long it takes.
 */
import { expect, test } from '@playwright/test';

const GREETING = 'Bonjour ! 👋 / Hello! 👋';

test( 'from the click to the bot’s greeting: one call to the bridge, the session made on hover without a preflight', async ( {
	browser,
} ) => {
	const context = await browser.newContext( {
		storageState: { cookies: [], origins: [] },
	} );
	// The moment of the click and of the greeting, in the page's own clock, to pick the
	// requests sent in between from its resource timings.
	await context.addInitScript( ( greeting ) => {
		const w = window as any;
		document.addEventListener(
			'click',
			() => ( w.__clickAt ??= performance.now() ),
			true
		);
		new MutationObserver( () => {
			if (
				w.__greetingAt === undefined &&
				document.body?.textContent?.includes( greeting )
			) {
				w.__greetingAt = performance.now();
			}
		} ).observe( document, {
			childList: true,
			subtree: true,
			characterData: true,
		} );
	}, GREETING );
	const visitor = await context.newPage();
	const bridge = new URL( process.env.E2E_BRIDGE_URL! ).origin;

	// Preflights are the browser's own: only its network view (DevTools protocol) shows them.
	const cdp = await context.newCDPSession( visitor );
	await cdp.send( 'Network.enable' );
	const preflights: string[] = [];
	cdp.on( 'Network.requestWillBeSent', ( e ) => {
		if (
			e.request.url.startsWith( bridge ) &&
			( e.type === 'Preflight' || e.request.method === 'OPTIONS' )
		) {
			preflights.push( new URL( e.request.url ).pathname );
		}
	} );

	await visitor.goto( process.env.E2E_DEMO_PAGE_URL! );
	const launcher = visitor.getByRole( 'button', { name: /open chat/i } );
	await launcher.hover();
	// The session is stored once the bridge answered the hover's call.
	await expect
		.poll( () =>
			visitor.evaluate( () =>
				Object.keys( localStorage ).some( ( k ) =>
					/^handoff-chat:.+:session$/.test( k )
				)
			)
		)
		.toBe( true );
	expect( preflights ).toEqual( [] );

	await launcher.click();
	await expect( visitor.getByText( GREETING ) ).toBeVisible();

	const between = await visitor.evaluate( ( origin ) => {
		const w = window as any;
		return performance
			.getEntriesByType( 'resource' )
			.filter(
				( e ) =>
					e.name.startsWith( origin ) &&
					e.startTime >= w.__clickAt &&
					e.startTime < w.__greetingAt
			)
			.map( ( e ) => new URL( e.name ).pathname );
	}, bridge );
	expect( between ).toEqual( [ '/v1/conversations' ] );
	// That call's own preflight at most (a browser that met the bridge within the last
	// 10 minutes has it cached: Access-Control-Max-Age); the visitor call never has one.
	// (Once subscribed, the widget catches up on what it may have missed: that comes after.)
	expect(
		preflights.filter( ( p ) => p === '/v1/conversations' ).length
	).toBeLessThanOrEqual( 1 );
	expect( preflights.filter( ( p ) => p.endsWith( '/visitors' ) ) ).toEqual(
		[]
	);

	// The panel works on from there: the demo flow's first question takes an answer.
	const box = visitor.getByRole( 'textbox' ).first();
	await box.fill( 'Camille' );
	await box.press( 'Enter' );
	await expect(
		visitor.getByText( /Et votre société \? \/ And your company\?/ )
	).toBeVisible();
	await context.close();
} );
