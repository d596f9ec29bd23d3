/**
 * soketi for side-by-side figures only: installed on request (`--soketi`) into a scratch
 * folder, .cache/bench/soketi, never a project dependency (AGPL-3.0, run as its own
 * process). Its uWebSockets.js dependency is a GitHub URL that does not install here: an npm
 * override points it at a registry republication that ships a Node 20 binary
 * (see docs/benchmarks.md). Everything binds to 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import soketi from '../lib/soketi.cjs';

const dir = ( root ) => soketi.soketiPaths( root ).dir;
const bin = ( root ) => soketi.soketiPaths( root ).bin;

export const soketiInstalled = ( root ) => existsSync( bin( root ) );

export async function installSoketi( root, say ) {
	mkdirSync( dir( root ), { recursive: true } );
	writeFileSync(
		path.join( dir( root ), 'package.json' ),
		JSON.stringify(
			{
				name: 'handoff-chat-bench-soketi',
				private: true,
				description:
					'Scratch install of soketi for `npm run bench -- --soketi` (measurement only, never a project dependency).',
				dependencies: { '@soketi/soketi': '1.6.1' },
				overrides: {
					'uWebSockets.js':
						'npm:@trufflesuite/uws-js-unofficial@20.30.0-unofficial.0',
				},
			},
			null,
			2
		) + '\n'
	);
	const r = spawnSync(
		'npm',
		[ 'install', '--no-audit', '--no-fund', '--loglevel=error' ],
		{ cwd: dir( root ), stdio: 'inherit', timeout: 600_000 }
	);
	if ( r.status !== 0 || ! soketiInstalled( root ) ) {
		say( '  soketi could not be installed: measured without it' );
	}
}

export async function startSoketi( {
	root,
	port,
	metricsPort,
	clusterPort,
	REALTIME_APP_ID,
	REALTIME_KEY,
	REALTIME_SECRET,
} ) {
	const child = spawn( process.execPath, [ bin( root ), 'start' ], {
		cwd: dir( root ),
		env: soketi.soketiEnv( {
			port,
			metricsPort,
			clusterPort,
			app: { REALTIME_APP_ID, REALTIME_KEY, REALTIME_SECRET },
		} ),
		stdio: [ 'ignore', 'pipe', 'pipe' ],
	} );
	let tail = '';
	const keep = ( d ) => ( tail = ( tail + d ).slice( -2000 ) );
	child.stdout.on( 'data', keep );
	child.stderr.on( 'data', keep );
	const deadline = Date.now() + 30_000;
	while ( ! ( await listening( port ) ) ) {
		if ( child.exitCode !== null || Date.now() > deadline ) {
			child.kill( 'SIGKILL' );
			throw new Error( `soketi did not start:\n${ tail }` );
		}
		await new Promise( ( r ) => setTimeout( r, 200 ) );
	}
	return {
		port,
		pid: child.pid,
		async stop() {
			if ( child.exitCode === null ) {
				const done = new Promise( ( r ) => child.once( 'exit', r ) );
				child.kill( 'SIGTERM' );
				const t = setTimeout( () => child.kill( 'SIGKILL' ), 5000 );
				await done;
				clearTimeout( t );
			}
		},
	};
}

function listening( port ) {
	return new Promise( ( resolve ) => {
		const s = net.connect( port, '127.0.0.1' );
		s.once( 'connect', () => {
			s.destroy();
			resolve( true );
		} );
		s.once( 'error', () => resolve( false ) );
	} );
}
