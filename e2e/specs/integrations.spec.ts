/**
 * Conversations → Integrations as a site owner uses it (issue 15): a webhook to a receiver this
 * spec starts on 127.0.0.1 (the e2e stack's bridge runs with WEBHOOKS_ALLOW_PRIVATE), its secret
 * shown once, a test event received with a valid signature and shown in the delivery log; an
 * API key shown once, working against the bridge, its last use shown, then revoked (401 at once).
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { INBOX_URL } from './advisors-screen';

interface Hit {
	headers: Record< string, string | string[] | undefined >;
	body: string;
}

let receiver: Server;
let receiverUrl: string;
const hits: Hit[] = [];

test.beforeAll( async () => {
	receiver = createServer( ( req, res ) => {
		const chunks: Buffer[] = [];
		req.on( 'data', ( b ) => chunks.push( b ) );
		req.on( 'end', () => {
			hits.push( {
				headers: req.headers,
				body: Buffer.concat( chunks ).toString(),
			} );
			res.writeHead( 204 ).end();
		} );
	} );
	await new Promise< void >( ( r ) =>
		receiver.listen( 0, '127.0.0.1', () => r() )
	);
	receiverUrl = `http://127.0.0.1:${
		( receiver.address() as AddressInfo ).port
	}/handoff`;
} );

test.afterAll( async () => {
	receiver.closeAllConnections();
	await new Promise( ( r ) => receiver.close( r ) );
} );

const signatureOk = ( hit: Hit, secret: string ) => {
	const [ , t, v1 ] =
		/^t=(\d+),v1=([0-9a-f]{64})$/.exec(
			String( hit.headers[ 'x-handoff-webhook-signature' ] )
		) ?? [];
	return (
		!! t &&
		createHmac( 'sha256', secret )
			.update( `${ t }.${ hit.body }` )
			.digest( 'hex' ) === v1
	);
};

test( 'a manager adds a webhook, sends a test event and sees it delivered', async ( {
	page,
} ) => {
	await page.goto( INBOX_URL );
	await page
		.locator( '#adminmenu' )
		.getByRole( 'link', { name: 'Integrations', exact: true } )
		.click();
	await expect( page ).toHaveURL( /page=handoff-chat-integrations/ );
	await expect(
		page.getByRole( 'heading', { name: 'Webhooks' } )
	).toBeVisible();

	await page.getByLabel( 'Address (https://…)' ).fill( receiverUrl );
	await page.getByRole( 'button', { name: 'Add webhook' } ).click();
	const secretBox = page.locator( '.handoff-chat-integrations__secret' );
	await expect( secretBox ).toHaveText( /^whsec_/ );
	const secret = ( await secretBox.textContent() )!;
	await page.getByRole( 'button', { name: 'I have copied it' } ).click();
	await expect( secretBox ).toHaveCount( 0 );

	const item = page
		.locator( '.handoff-chat-integrations__item' )
		.filter( { hasText: receiverUrl } );
	await expect( item ).toBeVisible();
	await item.getByRole( 'button', { name: 'Send a test event' } ).click();

	await expect
		.poll( () => hits.length, {
			message: 'the receiver got the test event',
		} )
		.toBe( 1 );
	const hit = hits[ 0 ];
	expect( hit.headers[ 'x-handoff-webhook-event' ] ).toBe( 'webhook.test' );
	expect( signatureOk( hit, secret ) ).toBe( true );
	expect( JSON.parse( hit.body ) ).toEqual(
		expect.objectContaining( {
			id: hit.headers[ 'x-handoff-webhook-id' ],
			type: 'webhook.test',
		} )
	);

	// The delivery log (opened by the test) shows the delivery and its answer.
	const log = item.getByRole( 'table', { name: 'Delivery log' } );
	await expect(
		log.getByRole( 'row' ).filter( { hasText: 'webhook.test' } )
	).toContainText( 'Delivered (204)' );

	// The secret is not shown again.
	await page.reload();
	await expect( page.getByText( secret ) ).toHaveCount( 0 );

	// Deleted, so the next run starts clean.
	await page
		.locator( '.handoff-chat-integrations__item' )
		.filter( { hasText: receiverUrl } )
		.getByRole( 'button', { name: 'Delete' } )
		.click();
	await page
		.getByRole( 'dialog' )
		.getByRole( 'button', { name: 'Delete' } )
		.click();
	await expect(
		page
			.locator( '.handoff-chat-integrations__item' )
			.filter( { hasText: receiverUrl } )
	).toHaveCount( 0 );
} );

test( 'a manager creates an API key, sees it once, and revokes it', async ( {
	page,
	request,
} ) => {
	const name = `CRM sync ${ Date.now() }`;
	await page.goto( '/wp-admin/admin.php?page=handoff-chat-integrations' );
	await page.getByLabel( 'Name' ).fill( name );
	await page.getByLabel( 'Access' ).selectOption( 'read' );
	await page.getByRole( 'button', { name: 'Create key' } ).click();
	const keyBox = page.locator( '.handoff-chat-integrations__secret' );
	await expect( keyBox ).toHaveText( /^hck_/ );
	const key = ( await keyBox.textContent() )!;
	await page.getByRole( 'button', { name: 'I have copied it' } ).click();

	const row = page.getByRole( 'row' ).filter( { hasText: name } );
	await expect( row ).toContainText( 'Never' );

	// The key works against the bridge's API within its scope.
	const bridge = process.env.E2E_BRIDGE_URL!;
	const auth = { Authorization: `Bearer ${ key }` };
	expect(
		(
			await request.get( `${ bridge }/v1/inbox`, { headers: auth } )
		).status()
	).toBe( 200 );
	expect(
		(
			await request.get( `${ bridge }/v1/flows`, { headers: auth } )
		).status()
	).toBe( 403 );

	// Shown once; its last use is shown instead of "Never".
	await page.reload();
	await expect( page.getByText( key ) ).toHaveCount( 0 );
	await expect( row ).toBeVisible();
	await expect( row ).not.toContainText( 'Never' );

	await row.getByRole( 'button', { name: `Revoke ${ name }` } ).click();
	await page
		.getByRole( 'dialog' )
		.getByRole( 'button', { name: 'Revoke' } )
		.click();
	await expect( row ).toHaveCount( 0 );
	expect(
		(
			await request.get( `${ bridge }/v1/inbox`, { headers: auth } )
		).status()
	).toBe( 401 );
} );
