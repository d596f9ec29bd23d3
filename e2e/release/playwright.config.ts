/**
 * From download to first chat, as a site owner on a clean machine (README, "Running the
 * bridge in production"): a WordPress without the plugin, the release zip uploaded through
 * wp-admin, the bridge from its npm artifact, the connection code, a visitor's first message.
 * Its own stack (global-setup), apart from the demo stack the other specs share.
 */
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

const ports = {
	wordpress: Number( process.env.E2E_RELEASE_WP_PORT ?? 8896 ),
	bridge: Number( process.env.E2E_RELEASE_BRIDGE_PORT ?? 8796 ),
};
process.env.E2E_RELEASE_PORTS = JSON.stringify( ports );

export default defineConfig( {
	...base,
	testDir: '.',
	testMatch: '*.spec.ts',
	outputDir: '../../test-results/release',
	globalSetup: require.resolve( './global-setup' ),
	use: {
		...base.use,
		baseURL: `http://127.0.0.1:${ ports.wordpress }`,
		// The owner logs in in the spec, as on a new site: no saved session.
		storageState: undefined,
	},
} );
