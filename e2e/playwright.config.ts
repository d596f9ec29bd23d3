/**
 * Browser end-to-end tests: Debian's Chromium against the whole stack (real
 * WordPress + plugin, bridge, embedded realtime server) started by global-setup.
 */
import { defineConfig } from '@playwright/test';
import path from 'node:path';

const ports = {
	wordpress: Number( process.env.E2E_WP_PORT ?? 8890 ),
	bridge: Number( process.env.E2E_BRIDGE_PORT ?? 8790 ),
	realtime: Number( process.env.E2E_REALTIME_PORT ?? 6091 ),
};
process.env.E2E_PORTS = JSON.stringify( ports );
// Read by @wordpress/e2e-test-utils-playwright's fixtures.
process.env.WP_BASE_URL = `http://127.0.0.1:${ ports.wordpress }`;
process.env.STORAGE_STATE_PATH = path.join(
	__dirname,
	'../.cache/e2e/storage-state.json'
);

export default defineConfig( {
	testDir: './specs',
	outputDir: '../test-results',
	globalSetup: require.resolve( './global-setup' ),
	fullyParallel: false,
	workers: 1,
	retries: 0,
	// Generous: a busy 2-core CI machine runs each spec several times slower than a quiet one.
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [ [ 'list' ] ] : [ [ 'list' ] ],
	use: {
		baseURL: process.env.WP_BASE_URL,
		storageState: process.env.STORAGE_STATE_PATH,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		},
	},
} );
