/**
 * Flow files in a real browser: the demo flow exported from the Bot flows list downloads
 * as JSON; importing that file back adds a copy under a free id and name (the original
 * untouched), and a file that is not a flow export is refused with nothing saved.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

test( 'export the demo flow, import it back as a copy, refuse a bad file', async ( {
	page,
} ) => {
	await page.goto( '/wp-admin/admin.php?page=handoff-chat-flows' );
	const demoRow = page.getByRole( 'row', { name: /Démo \/ Demo/ } ).first();
	await expect( demoRow ).toBeVisible();
	const rowsBefore = await page.getByRole( 'row' ).count();

	const [ download ] = await Promise.all( [
		page.waitForEvent( 'download' ),
		demoRow.getByRole( 'button', { name: 'Export', exact: true } ).click(),
	] );
	expect( download.suggestedFilename() ).toMatch( /\.handoff-flow\.json$/ );
	const file = await download.path();
	const exported = JSON.parse( readFileSync( file, 'utf8' ) );
	expect( exported ).toMatchObject( {
		format: 'handoff-chat-flow',
		version: 1,
		flow: { name: 'Démo / Demo' },
	} );

	const input = page.locator( 'input[type="file"]' );
	// Not a flow export: refused, nothing added.
	await input.setInputFiles( {
		name: 'notes.json',
		mimeType: 'application/json',
		buffer: Buffer.from( '{"hello":"world"}' ),
	} );
	await expect( page.locator( '.components-notice.is-error' ) ).toBeVisible();
	await expect( page.getByRole( 'row' ) ).toHaveCount( rowsBefore );

	// The real export: a copy beside the original.
	await input.setInputFiles( file );
	const copy = page
		.getByRole( 'row', { name: /Démo \/ Demo \(imported\)/ } )
		.first();
	await expect( copy ).toBeVisible();
	await expect( page.getByRole( 'row' ) ).toHaveCount( rowsBefore + 1 );
	await expect( demoRow ).toBeVisible();

	// Leave the site as it was.
	await copy.getByRole( 'button', { name: 'Delete', exact: true } ).click();
	await page
		.getByRole( 'dialog' )
		.getByRole( 'button', { name: 'Delete', exact: true } )
		.click();
	await expect( copy ).toHaveCount( 0 );
} );
