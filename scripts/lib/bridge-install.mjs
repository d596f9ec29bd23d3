/**
 * The bridge artifact as an operator gets it (README, "Running the bridge in production"):
 * `npm run bridge-pack`'s tarball installed with plain `npm install <tgz>` into an empty
 * folder, then started with `npx handoff-bridge serve`. Shared by the release step's bridge
 * check (scripts/test-bridge-release.mjs) and the from-download-to-first-chat browser test
 * (e2e/release/).
 *
 * sqlite3 has no prebuilt binary to download here, so `npm install` compiles it (node-gyp,
 * minutes on a small machine). The first install keeps that build as a prebuild-install "local
 * prebuild" under .cache/bridge-release/ (named for sqlite3's version, N-API version and
 * platform, as its download would be), and later installs point prebuild-install at that
 * folder (its `local-prebuilds` setting, in a `.prebuild-installrc` of the install folder,
 * which it reads from sqlite3's parent folders): same compiler output, no recompilation. A new
 * sqlite3 version finds no file and compiles again.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packBridge } from '../bridge-pack.mjs';
import { freePort } from './stack.mjs';

export { freePort };

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const PREBUILDS = path.join( ROOT, '.cache', 'bridge-release', 'prebuilds' );

/** The file name prebuild-install looks for: `sqlite3-v<version>-napi-v<n>-<platform>-<arch>.tar.gz`. */
function prebuildName( sqlite3Dir ) {
	const pkg = JSON.parse( readFileSync( path.join( sqlite3Dir, 'package.json' ), 'utf8' ) );
	const napi = Math.max( ...pkg.binary.napi_versions.filter( ( v ) => v <= Number( process.versions.napi ) ) );
	return `sqlite3-v${ pkg.version }-napi-v${ napi }-${ process.platform }-${ process.arch }.tar.gz`;
}

/**
 * Packs the tarball into `work` and installs it into `work/app`. Returns the tarball
 * (`file`, `size` in bytes, `files` it holds), the install folder `app`, how long the
 * install took and whether sqlite3 was compiled from source (`fromSource` forces it).
 */
export function installBridgeArtifact( work, { fromSource = false } = {} ) {
	const packed = packBridge( work );
	const app = path.join( work, 'app' );
	mkdirSync( app, { recursive: true } );
	mkdirSync( PREBUILDS, { recursive: true } );
	if ( ! fromSource ) {
		writeFileSync( path.join( app, '.prebuild-installrc' ), `local-prebuilds=${ PREBUILDS }\n` );
	}
	const t = Date.now();
	execFileSync( 'npm', [ 'install', '--no-audit', '--no-fund', packed.file ], { cwd: app, stdio: [ 'ignore', 'inherit', 'inherit' ] } );
	const installMs = Date.now() - t;
	const sqlite3Dir = path.join( app, 'node_modules', 'sqlite3' );
	const kept = path.join( PREBUILDS, prebuildName( sqlite3Dir ) );
	// node-gyp leaves its object files; an unpacked prebuild is the module alone.
	const compiled = existsSync( path.join( sqlite3Dir, 'build', 'Release', 'obj.target' ) );
	const nativeModule = existsSync( path.join( sqlite3Dir, 'build', 'Release', 'node_sqlite3.node' ) );
	if ( compiled && nativeModule ) {
		execFileSync( 'tar', [ '-czf', kept, '-C', sqlite3Dir, 'build/Release/node_sqlite3.node' ] );
	}
	return { ...packed, app, installMs, compiled, nativeModule, kept };
}

/** `npx handoff-bridge <args>` in the install folder, as an operator types it; its output. */
export function bridgeCommand( app, args, env = process.env ) {
	return execFileSync( 'npx', [ 'handoff-bridge', ...args ], { cwd: app, env, encoding: 'utf8' } );
}

/**
 * `npx handoff-bridge serve` in its own process group, resolved once it logs "bridge
 * listening". Returns `{ pid, exited, log(), stop() }`: `pid` is the bridge's own process
 * (npx runs it as a child), `stop()` sends it SIGTERM (what a process manager sends) and
 * resolves with npx's `[ code, signal ]`; `kill()` ends the whole group at once.
 */
export async function serveBridge( app, env ) {
	const child = spawn( 'npx', [ 'handoff-bridge', 'serve' ], { cwd: app, env, detached: true, stdio: [ 'ignore', 'ignore', 'pipe' ] } );
	const exited = once( child, 'exit' );
	let log = '';
	const pid = await new Promise( ( resolve ) => {
		child.stderr.on( 'data', ( d ) => {
			log += d;
			const line = log.split( '\n' ).find( ( l ) => l.includes( '"msg":"bridge listening"' ) );
			if ( line ) {
				resolve( JSON.parse( line ).pid );
			}
		} );
		exited.then( () => resolve( null ) );
	} );
	const kill = () => {
		try {
			process.kill( -child.pid, 'SIGKILL' );
		} catch {
			// the group is gone already (npx exited with the bridge)
		}
	};
	if ( ! pid ) {
		kill();
		throw new Error( `the bridge did not start:\n${ log }` );
	}
	return {
		pid,
		exited,
		log: () => log,
		stop: async () => {
			process.kill( pid, 'SIGTERM' );
			return exited;
		},
		kill,
	};
}
