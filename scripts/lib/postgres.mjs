/**
 * A throwaway PostgreSQL for the tests: `initdb` into a temporary folder, `postgres` on a
 * free 127.0.0.1 port (its unix socket in that folder too), everything removed on stop.
 * As root, initdb and postgres refuse to run: they then run as `nobody` (runuser, else
 * setpriv) with the folder owned by that user. Uses Node built-ins only.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The folder holding initdb and postgres: PATH first, then where Debian puts them
 * (/usr/lib/postgresql/<major>/bin, newest major first). Null when none is installed.
 */
export function findPostgresBin() {
	for ( const dir of ( process.env.PATH ?? '' ).split( path.delimiter ) ) {
		if ( dir && existsSync( path.join( dir, 'initdb' ) ) && existsSync( path.join( dir, 'postgres' ) ) ) {
			return dir;
		}
	}
	const base = '/usr/lib/postgresql';
	if ( existsSync( base ) ) {
		const majors = readdirSync( base )
			.filter( ( v ) => existsSync( path.join( base, v, 'bin/initdb' ) ) )
			.sort( ( a, b ) => Number( b ) - Number( a ) );
		if ( majors.length ) {
			return path.join( base, majors[ 0 ], 'bin' );
		}
	}
	return null;
}

function freePort() {
	return new Promise( ( resolve, reject ) => {
		const srv = net.createServer();
		srv.once( 'error', reject );
		srv.listen( 0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close( () => resolve( port ) );
		} );
	} );
}

/** [command, args] running `file args` as an unprivileged user when we are root. */
function asUser( file, args ) {
	if ( typeof process.getuid !== 'function' || process.getuid() !== 0 ) {
		return [ file, args ];
	}
	if ( spawnSync( 'runuser', [ '--help' ], { stdio: 'ignore' } ).status === 0 ) {
		return [ 'runuser', [ '-u', 'nobody', '--', file, ...args ] ];
	}
	return [ 'setpriv', [ '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', file, ...args ] ];
}

function nobodyIds() {
	const line = readFileSync( '/etc/passwd', 'utf8' )
		.split( '\n' )
		.find( ( l ) => l.startsWith( 'nobody:' ) );
	if ( ! line ) {
		throw new Error( 'running as root and there is no `nobody` user to run PostgreSQL as' );
	}
	const [ , , uid, gid ] = line.split( ':' );
	return [ Number( uid ), Number( gid ) ];
}

/**
 * Starts a PostgreSQL. Resolves to { url, port, dir, stop } where `url` is the superuser's
 * connection to the `postgres` database; rejects with a readable reason when it cannot start.
 */
export async function startPostgres() {
	const bin = findPostgresBin();
	if ( ! bin ) {
		throw new Error(
			'PostgreSQL is not installed (no initdb on PATH nor in /usr/lib/postgresql/*/bin): apt-get install -y postgresql'
		);
	}
	const owner = typeof process.getuid === 'function' && process.getuid() === 0 ? nobodyIds() : null;
	const dir = mkdtempSync( path.join( tmpdir(), 'handoff-pg-' ) );
	const data = path.join( dir, 'data' );
	const logFile = path.join( dir, 'postgres.log' );
	if ( owner ) {
		chownSync( dir, ...owner );
	}
	chmodSync( dir, 0o755 );
	const fail = ( what, r ) => {
		const out = `${ r.stdout ?? '' }${ r.stderr ?? '' }`.trim();
		rmSync( dir, { recursive: true, force: true } );
		throw new Error( `${ what } failed (exit ${ r.status ?? r.signal }): ${ out.slice( -2000 ) }` );
	};
	// Text sorts by code point, as sqlite3's does; case mapping beyond ASCII (C.UTF-8's ctype).
	const init = spawnSync(
		...asUser( path.join( bin, 'initdb' ), [ '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--lc-ctype=C.UTF-8', '--no-sync' ] ),
		{ encoding: 'utf8' }
	);
	if ( init.status !== 0 ) {
		fail( 'initdb', init );
	}
	const port = await freePort();
	// Durability is not what the tests check: fsync off makes CREATE DATABASE and commits cheap.
	const serverArgs = [
		'-D', data, '-p', String( port ), '-k', dir,
		'-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'shared_buffers=64MB',
	];
	const [ cmd, args ] = asUser( path.join( bin, 'pg_ctl' ), [
		'-D', data, '-l', logFile, '-w', '-t', '30', '-o', serverArgs.slice( 2 ).map( ( a ) => ( /\s/.test( a ) ? `"${ a }"` : a ) ).join( ' ' ), 'start',
	] );
	const started = spawnSync( cmd, args, { encoding: 'utf8' } );
	if ( started.status !== 0 ) {
		const logText = existsSync( logFile ) ? readFileSync( logFile, 'utf8' ) : '';
		fail( 'pg_ctl start', { ...started, stderr: `${ started.stderr }\n${ logText }` } );
	}
	let stopped = false;
	return {
		url: `postgres://postgres@127.0.0.1:${ port }/postgres`,
		port,
		dir,
		stop() {
			if ( stopped ) {
				return;
			}
			stopped = true;
			spawnSync( ...asUser( path.join( bin, 'pg_ctl' ), [ '-D', data, '-m', 'immediate', '-w', 'stop' ] ), { stdio: 'ignore' } );
			rmSync( dir, { recursive: true, force: true } );
		},
	};
}

/** The loud line printed when the PostgreSQL suites (or `what` else) are skipped. */
export function skipBanner( reason, what = 'the bridge suites did NOT run on PostgreSQL' ) {
	const bar = '!'.repeat( 78 );
	return `\n${ bar }\n!! PostgreSQL SKIPPED — ${ what }.\n!! ${ reason.split( '\n' ).join( '\n!! ' ) }\n${ bar }\n`;
}
