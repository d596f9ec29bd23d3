/**
 * The release stack on a clean slate: `npm run plugin-zip`'s archive (to be uploaded by the
 * spec), a new WordPress without the plugin, and the bridge packed, installed with
 * `npm install <tgz>` and served with `npx handoff-bridge serve` on one port (WebSocket
 * included), exactly as the README's production section does it, minus TLS.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default async function globalSetup() {
	const ports = JSON.parse( process.env.E2E_RELEASE_PORTS! );
	const { buildPluginZip } = await import( '../../scripts/plugin-zip.mjs' );
	const { installBridgeArtifact, serveBridge } =
		await import( '../../scripts/lib/bridge-install.mjs' );
	const { createSite } = await import( '../../scripts/wp/site.mjs' );
	const { startWordPress } = await import( '../../scripts/wp/server.mjs' );

	const work = mkdtempSync( path.join( tmpdir(), 'handoff-release-e2e-' ) );
	const zip = path.join( work, 'handoff-chat.zip' );
	buildPluginZip( zip );
	const { app } = installBridgeArtifact( work );

	const wpUrl = `http://127.0.0.1:${ ports.wordpress }`;
	const owner = {
		user: 'owner',
		password: randomBytes( 12 ).toString( 'hex' ),
	};
	const siteDir = path.join( work, 'site' );
	await createSite( {
		dir: siteDir,
		port: ports.wordpress,
		adminUser: owner.user,
		adminPassword: owner.password,
		adminEmail: 'owner@example.com',
		plugin: null,
	} );
	const wordpress = await startWordPress( {
		dir: siteDir,
		port: ports.wordpress,
	} );

	const bridgeUrl = `http://127.0.0.1:${ ports.bridge }`;
	// deploy/handoff-bridge.env.example's settings, on loopback and without the TLS proxy.
	const bridgeEnv = {
		PATH: process.env.PATH!,
		HOME: process.env.HOME!,
		DATA_DIR: path.join( work, 'bridge-data' ),
		BRIDGE_HOST: '127.0.0.1',
		BRIDGE_PORT: String( ports.bridge ),
		REALTIME_SHARE_HTTP_PORT: 'true',
		PUBLIC_URL: bridgeUrl,
		// info: serveBridge waits for the "bridge listening" line.
		LOG_LEVEL: 'info',
	};
	let bridge;
	try {
		bridge = await serveBridge( app, bridgeEnv );
	} catch ( e ) {
		await wordpress.stop();
		throw e;
	}

	process.env.E2E_RELEASE = JSON.stringify( {
		zip,
		app,
		bridgeUrl,
		bridgeEnv,
		wpUrl,
		owner,
	} );

	return async () => {
		await bridge.stop();
		await wordpress.stop();
		rmSync( work, { recursive: true, force: true } );
	};
}
