#!/usr/bin/env node
/**
 * The bridge artifact, installed as an operator does (README, "Running the bridge in
 * production"): `npm run bridge-pack`'s tarball is checked (runtime files only), installed
 * with plain `npm install <tgz>` into an empty folder, started with `npx handoff-bridge serve`
 * on a loopback port with the WebSocket on that port, asked for /healthz and a realtime
 * handshake, given a site with `npx handoff-bridge sites:create`, and stopped with SIGTERM.
 * How sqlite3's compile is kept between runs: scripts/lib/bridge-install.mjs.
 *   node scripts/test-bridge-release.mjs [--from-source]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bridgeCommand, freePort, installBridgeArtifact, serveBridge } from './lib/bridge-install.mjs';

const WebSocket = createRequire( import.meta.url )( 'ws' );
const { values: opts } = parseArgs( { options: { 'from-source': { type: 'boolean', default: false } } } );

const failures = [];
const expect = ( ok, what ) => {
	process.stdout.write( `${ ok ? '  ok  ' : '  FAIL' } ${ what }\n` );
	if ( ! ok ) {
		failures.push( what );
	}
};
const seconds = ( t ) => `${ ( ( Date.now() - t ) / 1000 ).toFixed( 0 ) } s`;

const work = mkdtempSync( path.join( tmpdir(), 'handoff-bridge-release-' ) );
let bridge = null;
try {
	const t = Date.now();
	const { file, size, files, app, installMs, compiled, nativeModule, kept } = installBridgeArtifact( work, { fromSource: opts[ 'from-source' ] } );
	process.stdout.write( `${ path.basename( file ) }: ${ files.length } files, ${ ( size / 1024 ).toFixed( 0 ) } KB\n` );
	for ( const needed of [ 'package.json', 'README.md', 'dist/cli/index.js', 'dist/server.js', 'node_modules/@handoff-chat/contracts/dist/index.js' ] ) {
		expect( files.includes( needed ), `ships ${ needed }` );
	}
	const strays = files.filter( ( f ) => /test|\.ts$|\.map$|(^|\/)src\//.test( f ) );
	expect( ! strays.length, `ships no tests, test utilities, TypeScript sources or source maps${ strays.length ? ': ' + strays.join( ', ' ) : '' }` );
	expect( files.every( ( f ) => /^(package\.json|README\.md|dist\/.+\.js|node_modules\/@handoff-chat\/contracts\/(package\.json|dist\/.+\.js))$/.test( f ) ), 'every file is the package, its README, or compiled JavaScript' );
	process.stdout.write( `pack + npm install: ${ seconds( t ) }, of which install ${ ( installMs / 1000 ).toFixed( 0 ) } s (sqlite3 ${ compiled ? 'compiled from source' : 'from the build kept in ' + kept })\n` );
	expect( nativeModule, 'sqlite3’s native module is in place' );

	const npx = ( args, env ) => bridgeCommand( app, args, env );
	const version = JSON.parse( readFileSync( path.join( app, 'node_modules', 'handoff-bridge', 'package.json' ), 'utf8' ) ).version;
	expect( npx( [ '--version' ], process.env ).trim() === version, `npx handoff-bridge --version answers ${ version }` );
	expect( /handoff-bridge \[serve\]/.test( npx( [ '--help' ], process.env ) ), 'npx handoff-bridge --help lists serve' );

	// The production settings: loopback, the WebSocket on the HTTP port, a data folder of its own.
	const port = await freePort();
	const env = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		DATA_DIR: path.join( work, 'data' ),
		BRIDGE_HOST: '127.0.0.1',
		BRIDGE_PORT: String( port ),
		REALTIME_SHARE_HTTP_PORT: 'true',
		LOG_LEVEL: 'info',
	};
	try {
		bridge = await serveBridge( app, env );
	} catch ( e ) {
		expect( false, 'npx handoff-bridge serve logs "bridge listening"' );
		throw e;
	}
	expect( true, 'npx handoff-bridge serve logs "bridge listening"' );
	const url = `http://127.0.0.1:${ port }`;
	const health = await fetch( `${ url }/healthz` );
	const healthBody = await health.json();
	expect( health.status === 200 && healthBody.status === 'ok' && healthBody.database === 'ok' && healthBody.realtime === 'ok', 'GET /healthz answers 200, database and realtime ok' );

	const established = await new Promise( ( resolve ) => {
		const ws = new WebSocket( `ws://127.0.0.1:${ port }/app/handoff-chat-key?protocol=7` );
		ws.on( 'message', ( d ) => {
			resolve( JSON.parse( String( d ) ).event === 'pusher:connection_established' );
			ws.close();
		} );
		ws.on( 'error', () => resolve( false ) );
	} );
	expect( established, 'a realtime WebSocket on the same port gets pusher:connection_established' );

	const created = JSON.parse( npx( [ 'sites:create', '--name', 'Release site', '--url', 'http://127.0.0.1', '--json' ], env ) );
	expect( typeof created.siteId === 'string' && created.siteId.length > 0, 'npx handoff-bridge sites:create creates a site' );
	const siteConfig = await fetch( `${ url }/v1/sites/${ created.siteId }/config` );
	const siteBody = await siteConfig.json();
	expect( siteConfig.status === 200 && siteBody.realtime?.wsPort === port, 'the running bridge serves that site, with the realtime port it listens on' );

	// The signal a process manager sends the bridge (systemd and docker run it without npx); npx exits with its code.
	const [ code, signal ] = await bridge.stop();
	const log = bridge.log();
	bridge = null;
	expect( code === 0 && /"msg":"bridge stopped"/.test( log ), `SIGTERM drains and stops it (exit ${ code ?? signal })` );
} finally {
	bridge?.kill();
	rmSync( work, { recursive: true, force: true } );
}
if ( failures.length ) {
	process.stdout.write( `${ failures.length } bridge release check(s) failed\n` );
	process.exit( 1 );
}
process.stdout.write( 'release: the bridge tarball installs, serves and creates a site\n' );
