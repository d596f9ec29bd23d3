/**
 * The whole product on one machine: the bridge (with its embedded realtime server)
 * and a real WordPress with the plugin active and connected. Used by `npm start`
 * and by the end-to-end tests, so both exercise the same parts.
 */
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSite, LOCALE_PATTERN } from '../wp/site.mjs';
import { startWordPress } from '../wp/server.mjs';

export const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const BRIDGE_MAIN = path.join( ROOT, 'bridge-server/dist/server.js' );
const BRIDGE_CLI = path.join( ROOT, 'bridge-server/dist/cli/index.js' );

export async function freePort() {
	return new Promise( ( resolve, reject ) => {
		const srv = net.createServer();
		srv.unref();
		srv.on( 'error', reject );
		srv.listen( 0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close( () => resolve( port ) );
		} );
	} );
}

export async function waitForHttp( url, { timeoutMs = 30000, ok = ( r ) => r.ok } = {} ) {
	const start = Date.now();
	let last = '';
	while ( Date.now() - start < timeoutMs ) {
		try {
			const res = await fetch( url, { redirect: 'manual' } );
			if ( ok( res ) ) {
				return res;
			}
			last = `HTTP ${ res.status }`;
		} catch ( err ) {
			last = err.cause?.code ?? err.message;
		}
		await new Promise( ( r ) => setTimeout( r, 100 ) );
	}
	throw new Error( `${ url } not ready after ${ timeoutMs } ms (${ last })` );
}

function bridgeEnv( dataDir, ports ) {
	return {
		...process.env,
		DATA_DIR: path.join( dataDir, 'bridge' ),
		BRIDGE_HOST: '127.0.0.1',
		BRIDGE_PORT: String( ports.bridge ),
		REALTIME_PORT: String( ports.realtime ),
		REALTIME_HOST: '127.0.0.1',
		// Everything of this stack runs on 127.0.0.1: webhooks to a local receiver (the e2e
		// Integrations spec, a developer's test endpoint) are allowed here, never by default.
		WEBHOOKS_ALLOW_PRIVATE: process.env.WEBHOOKS_ALLOW_PRIVATE ?? 'true',
	};
}

/** Creates the demo site on the bridge once and remembers its id and secret. */
function ensureBridgeSite( dataDir, ports, wpUrl ) {
	const file = path.join( dataDir, 'site.json' );
	if ( existsSync( file ) ) {
		return JSON.parse( readFileSync( file, 'utf8' ) );
	}
	const out = execFileSync(
		process.execPath,
		// The demo keeps its demo bot explicitly: a real site starts in live chat.
		[ BRIDGE_CLI, 'sites:create', '--name', 'Handoff Chat demo', '--url', wpUrl, '--demo-flow', '--json' ],
		{ env: bridgeEnv( dataDir, ports ), encoding: 'utf8' }
	);
	const site = JSON.parse( out.trim().split( '\n' ).pop() );
	writeFileSync( file, JSON.stringify( site, null, 2 ) + '\n', { mode: 0o600 } );
	return site;
}

function ensureCredentials( dataDir ) {
	const file = path.join( dataDir, 'admin.json' );
	if ( existsSync( file ) ) {
		return JSON.parse( readFileSync( file, 'utf8' ) );
	}
	const creds = {
		user: 'admin',
		password: 'demo-' + randomBytes( 6 ).toString( 'hex' ),
		email: 'admin@example.com',
	};
	writeFileSync( file, JSON.stringify( creds, null, 2 ) + '\n', { mode: 0o600 } );
	return creds;
}

function startBridgeProcess( dataDir, ports, { quiet } ) {
	const child = spawn( process.execPath, [ BRIDGE_MAIN ], {
		env: bridgeEnv( dataDir, ports ),
		stdio: [ 'ignore', quiet ? 'ignore' : 'inherit', quiet ? 'pipe' : 'inherit' ],
	} );
	let stderr = '';
	child.stderr?.on( 'data', ( d ) => {
		stderr = ( stderr + d ).slice( -4000 );
	} );
	child.recentStderr = () => stderr;
	return child;
}

/**
 * Starts everything. `ports` default to the demo's; pass `0` values to pick free ports.
 * `locale` (e.g. `fr_FR`) sets the language of the site and of its administrator (see createSite).
 * Returns URLs, credentials and stop().
 */
export async function startStack( {
	dataDir,
	ports = { wordpress: 8888, bridge: 8787, realtime: 6001 },
	quiet = false,
	locale,
} = {} ) {
	// Before anything starts: a bad DEMO_LOCALE must not leave a bridge running.
	if ( locale !== undefined && ! LOCALE_PATTERN.test( locale ) ) {
		throw new Error( `"${ locale }" is not a WordPress locale (like fr_FR or de_DE).` );
	}
	mkdirSync( dataDir, { recursive: true } );
	const p = { ...ports };
	for ( const k of Object.keys( p ) ) {
		p[ k ] ||= await freePort();
	}
	const wpUrl = `http://127.0.0.1:${ p.wordpress }`;
	const bridgeUrl = `http://127.0.0.1:${ p.bridge }`;

	const site = ensureBridgeSite( dataDir, p, wpUrl );
	const bridge = startBridgeProcess( dataDir, p, { quiet } );
	const bridgeExited = new Promise( ( _, reject ) =>
		bridge.once( 'exit', ( code ) =>
			reject( new Error( `bridge exited with ${ code }\n${ bridge.recentStderr() }` ) )
		)
	);
	bridgeExited.catch( () => {} );
	await Promise.race( [ waitForHttp( `${ bridgeUrl }/healthz` ), bridgeExited ] );

	const admin = ensureCredentials( dataDir );
	const wpDir = path.join( dataDir, 'wordpress' );
	const created = await createSite( {
		dir: wpDir,
		port: p.wordpress,
		url: wpUrl,
		adminUser: admin.user,
		adminPassword: admin.password,
		adminEmail: admin.email,
		plugin: path.join( ROOT, 'plugin' ),
		settings: { bridgeUrl, siteId: site.siteId, siteSecret: site.secret },
		demoPage: true,
		demo: true,
		locale,
	} );
	const wp = await startWordPress( { dir: wpDir, port: p.wordpress } );

	return {
		wpUrl,
		wpDir,
		bridgeUrl,
		ports: p,
		site,
		admin,
		demoPageUrl: created.demoPageUrl,
		liveDemoPageUrl: created.liveDemoPageUrl,
		async stop() {
			await wp.stop();
			if ( bridge.exitCode === null ) {
				const exited = new Promise( ( r ) => bridge.once( 'exit', r ) );
				bridge.kill( 'SIGTERM' );
				await Promise.race( [ exited, new Promise( ( r ) => setTimeout( r, 8000 ) ) ] );
				if ( bridge.exitCode === null ) {
					bridge.kill( 'SIGKILL' );
				}
			}
		},
	};
}
