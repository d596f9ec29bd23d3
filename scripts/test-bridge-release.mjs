#!/usr/bin/env node
/**
 * The bridge artifact, installed as an operator does (README, "Running the bridge in
 * production"): `npm run bridge-pack`'s tarball is checked (runtime files only), installed
 * with plain `npm install <tgz>` into an empty folder, started with `npx handoff-bridge serve`
 * on a loopback port with the WebSocket on that port, asked for /healthz and a realtime
 * handshake, given a site with `npx handoff-bridge sites:create`, and stopped with SIGTERM.
 *
 * sqlite3 has no prebuilt binary to download here, so `npm install` compiles it (node-gyp,
 * minutes on a small machine). The first run keeps that build as a prebuild-install "local
 * prebuild" under .cache/bridge-release/ (named for sqlite3's version, N-API version and
 * platform, as its download would be), and later runs point prebuild-install at that folder
 * (its `local-prebuilds` setting, in a `.prebuild-installrc` of the install folder, which it
 * reads from sqlite3's parent folders): same compiler output, no recompilation. A new sqlite3
 * version finds no file and compiles again. `--from-source` ignores the kept build.
 *   node scripts/test-bridge-release.mjs [--from-source]
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packBridge } from './bridge-pack.mjs';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const PREBUILDS = path.join( ROOT, '.cache', 'bridge-release', 'prebuilds' );
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

async function freePort() {
	const s = net.createServer().listen( 0, '127.0.0.1' );
	await once( s, 'listening' );
	const { port } = s.address();
	await new Promise( ( r ) => s.close( r ) );
	return port;
}

/** The file name prebuild-install looks for: `sqlite3-v<version>-napi-v<n>-<platform>-<arch>.tar.gz`. */
function prebuildName( sqlite3Dir ) {
	const pkg = JSON.parse( readFileSync( path.join( sqlite3Dir, 'package.json' ), 'utf8' ) );
	const napi = Math.max( ...pkg.binary.napi_versions.filter( ( v ) => v <= Number( process.versions.napi ) ) );
	return `sqlite3-v${ pkg.version }-napi-v${ napi }-${ process.platform }-${ process.arch }.tar.gz`;
}

const work = mkdtempSync( path.join( tmpdir(), 'handoff-bridge-release-' ) );
let child = null;
try {
	let t = Date.now();
	const { file, size, files } = packBridge( work );
	process.stdout.write( `${ path.basename( file ) }: ${ files.length } files, ${ ( size / 1024 ).toFixed( 0 ) } KB (packed in ${ seconds( t ) })\n` );
	for ( const needed of [ 'package.json', 'README.md', 'dist/cli/index.js', 'dist/server.js', 'node_modules/@handoff-chat/contracts/dist/index.js' ] ) {
		expect( files.includes( needed ), `ships ${ needed }` );
	}
	const strays = files.filter( ( f ) => /test|\.ts$|\.map$|(^|\/)src\//.test( f ) );
	expect( ! strays.length, `ships no tests, test utilities, TypeScript sources or source maps${ strays.length ? ': ' + strays.join( ', ' ) : '' }` );
	expect( files.every( ( f ) => /^(package\.json|README\.md|dist\/.+\.js|node_modules\/@handoff-chat\/contracts\/(package\.json|dist\/.+\.js))$/.test( f ) ), 'every file is the package, its README, or compiled JavaScript' );

	// An empty folder, plain `npm install <tgz>` as the README says.
	const app = path.join( work, 'app' );
	mkdirSync( app );
	mkdirSync( PREBUILDS, { recursive: true } );
	if ( ! opts[ 'from-source' ] ) {
		writeFileSync( path.join( app, '.prebuild-installrc' ), `local-prebuilds=${ PREBUILDS }\n` );
	}
	t = Date.now();
	execFileSync( 'npm', [ 'install', '--no-audit', '--no-fund', file ], { cwd: app, stdio: [ 'ignore', 'inherit', 'inherit' ] } );
	const sqlite3Dir = path.join( app, 'node_modules', 'sqlite3' );
	const kept = path.join( PREBUILDS, prebuildName( sqlite3Dir ) );
	// node-gyp leaves its object files; an unpacked prebuild is the module alone.
	const compiled = existsSync( path.join( sqlite3Dir, 'build', 'Release', 'obj.target' ) );
	process.stdout.write( `npm install: ${ seconds( t ) } (sqlite3 ${ compiled ? 'compiled from source' : 'from the build kept in ' + path.relative( ROOT, kept ) })\n` );
	expect( existsSync( path.join( sqlite3Dir, 'build', 'Release', 'node_sqlite3.node' ) ), 'sqlite3’s native module is in place' );
	if ( compiled ) {
		execFileSync( 'tar', [ '-czf', kept, '-C', sqlite3Dir, 'build/Release/node_sqlite3.node' ] );
	}

	const npx = ( args, env ) => execFileSync( 'npx', [ 'handoff-bridge', ...args ], { cwd: app, env, encoding: 'utf8' } );
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
	// Its own process group, so that nothing it started outlives the test (finally).
	child = spawn( 'npx', [ 'handoff-bridge', 'serve' ], { cwd: app, env, detached: true, stdio: [ 'ignore', 'ignore', 'pipe' ] } );
	const exited = once( child, 'exit' );
	let log = '';
	// The bridge's own pid, from its "bridge listening" line (npx runs it as a child).
	const bridgePid = await new Promise( ( resolve ) => {
		child.stderr.on( 'data', ( d ) => {
			log += d;
			const line = log.split( '\n' ).find( ( l ) => l.includes( '"msg":"bridge listening"' ) );
			if ( line ) {
				resolve( JSON.parse( line ).pid );
			}
		} );
		exited.then( () => resolve( null ) );
	} );
	expect( !! bridgePid, 'npx handoff-bridge serve logs "bridge listening"' );
	if ( ! bridgePid ) {
		throw new Error( `the bridge did not start:\n${ log }` );
	}
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
	process.kill( bridgePid, 'SIGTERM' );
	const [ code, signal ] = await exited;
	child = null;
	expect( code === 0 && /"msg":"bridge stopped"/.test( log ), `SIGTERM drains and stops it (exit ${ code ?? signal })` );
} finally {
	if ( child ) {
		try {
			process.kill( -child.pid, 'SIGKILL' );
		} catch {
			// the group is gone already (npx exited with the bridge)
		}
	}
	rmSync( work, { recursive: true, force: true } );
}
if ( failures.length ) {
	process.stdout.write( `${ failures.length } bridge release check(s) failed\n` );
	process.exit( 1 );
}
process.stdout.write( 'release: the bridge tarball installs, serves and creates a site\n' );
