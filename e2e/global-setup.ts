/**
 * Starts the real stack in a fresh temporary data folder, logs the administrator
 * in once (storage state), and returns the teardown that stops everything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RequestUtils } from '@wordpress/e2e-test-utils-playwright';

export default async function globalSetup() {
	const ports = JSON.parse( process.env.E2E_PORTS! );
	const { ensureWordPressCore } =
		await import( '../scripts/wp/ensure-core.mjs' );
	const { startStack } = await import( '../scripts/lib/stack.mjs' );
	await ensureWordPressCore();
	const dataDir = mkdtempSync( path.join( tmpdir(), 'handoff-e2e-' ) );
	const stack = await startStack( { dataDir, ports, quiet: true } );

	process.env.WP_USERNAME = stack.admin.user;
	process.env.WP_PASSWORD = stack.admin.password;
	process.env.E2E_DEMO_PAGE_URL = stack.demoPageUrl;
	process.env.E2E_LIVE_DEMO_PAGE_URL = stack.liveDemoPageUrl;
	process.env.E2E_BRIDGE_URL = stack.bridgeUrl;
	// What the bridge's operator CLI needs to act on the same site (scripts/lib/stack.mjs).
	process.env.E2E_BRIDGE_DATA_DIR = path.join( dataDir, 'bridge' );
	process.env.E2E_SITE_ID = stack.site.siteId;
	// Specs that need a test-only mu-plugin write it there.
	process.env.E2E_WP_DIR = stack.wpDir;

	const requestUtils = await RequestUtils.setup( {
		baseURL: stack.wpUrl,
		user: { username: stack.admin.user, password: stack.admin.password },
		storageStatePath: process.env.STORAGE_STATE_PATH,
	} );
	await requestUtils.setupRest();

	return async () => {
		await stack.stop();
		rmSync( dataDir, { recursive: true, force: true } );
	};
}
