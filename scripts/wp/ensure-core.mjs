/**
 * A modern WordPress core tree and the SQLite drop-in plugin, without internet beyond
 * the npm registry. Built once into .cache/wordpress/ (gitignored):
 *
 * - core/: WordPress 6.6-RC3 from `@wp-playground/wordpress-builds`. Its zip holds only
 *   the PHP; the JS, CSS and images sit in the same tarball under public/wp-beta/, and
 *   wp-admin is unstyled and scriptless without them, so both are merged.
 * - sqlite-database-integration/: the SQLite drop-in plugin (v3), shipped inside the
 *   `@wp-playground/cli` tarball.
 *
 * `WP_CORE_DIR` points at any other WordPress ≥ 6.6 tree instead of core/.
 * Each folder is built in a temporary sibling and renamed into place when complete, so a
 * run that was interrupted half-way is simply redone. Node built-ins only.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const CACHE_DIR = path.join( ROOT, '.cache/wordpress' );
const WORDPRESS_BUILDS = '@wp-playground/wordpress-builds@0.9.19';
const PLAYGROUND_CLI = '@wp-playground/cli@3.1.56';
const MARKER = '.handoff-complete';
const MIN_VERSION = '6.6';

function log( msg ) {
	process.stdout.write( `\x1b[36m›\x1b[0m ${ msg }\n` );
}

/** `npm pack <spec>` into `dest`; returns the tarball's path. */
function npmPack( spec, dest ) {
	const out = execFileSync( 'npm', [ 'pack', spec, '--pack-destination', dest, '--silent' ], {
		cwd: dest,
		encoding: 'utf8',
		stdio: [ 'ignore', 'pipe', 'inherit' ],
	} );
	const name = out.trim().split( '\n' ).pop().trim();
	return path.join( dest, name );
}

/** PHP's ZipArchive, because `unzip` may be absent on a fresh machine while php-zip is required anyway. */
function unzip( zip, dest ) {
	execFileSync(
		'php',
		[
			'-r',
			'$z = new ZipArchive(); if ( true !== $z->open( $argv[1] ) ) { fwrite( STDERR, "cannot open $argv[1]\n" ); exit( 1 ); } if ( ! $z->extractTo( $argv[2] ) ) { exit( 2 ); } $z->close();',
			'--',
			zip,
			dest,
		],
		{ stdio: 'inherit' }
	);
}

export function readWordPressVersion( coreDir ) {
	const file = path.join( coreDir, 'wp-includes/version.php' );
	if ( ! existsSync( file ) ) {
		return null;
	}
	return readFileSync( file, 'utf8' ).match( /\$wp_version\s*=\s*'([^']+)'/ )?.[ 1 ] ?? null;
}

/** Compares the numeric part only: "6.6-RC3" counts as 6.6, as WordPress itself does. */
function atLeast( version, min ) {
	const a = version.split( '-' )[ 0 ].split( '.' ).map( Number );
	const b = min.split( '.' ).map( Number );
	for ( let i = 0; i < Math.max( a.length, b.length ); i++ ) {
		if ( ( a[ i ] ?? 0 ) !== ( b[ i ] ?? 0 ) ) {
			return ( a[ i ] ?? 0 ) > ( b[ i ] ?? 0 );
		}
	}
	return true;
}

function processAlive( pid ) {
	if ( ! Number.isInteger( pid ) || pid <= 0 ) {
		return false;
	}
	try {
		process.kill( pid, 0 );
		return true;
	} catch ( err ) {
		return err.code === 'EPERM';
	}
}

/**
 * Builds `target` with `build( tmpDir, workDir )` unless it is already complete.
 * `workDir` is scratch space (tarballs) removed afterwards.
 */
function buildOnce( target, build ) {
	if ( existsSync( path.join( target, MARKER ) ) ) {
		return;
	}
	mkdirSync( path.dirname( target ), { recursive: true } );
	const suffix = `.tmp-${ process.pid }-${ randomBytes( 3 ).toString( 'hex' ) }`;
	const tmp = target + suffix;
	const work = target + suffix + '-work';
	mkdirSync( tmp, { recursive: true } );
	mkdirSync( work, { recursive: true } );
	try {
		build( tmp, work );
		writeFileSync( path.join( tmp, MARKER ), new Date().toISOString() + '\n' );
		// Another run may have finished first: theirs is as good as ours.
		if ( ! existsSync( path.join( target, MARKER ) ) ) {
			rmSync( target, { recursive: true, force: true } );
			renameSync( tmp, target );
		}
	} finally {
		rmSync( tmp, { recursive: true, force: true } );
		rmSync( work, { recursive: true, force: true } );
		// Leftovers of runs killed half-way: their process is gone.
		const prefix = path.basename( target ) + '.tmp-';
		for ( const e of readdirSync( path.dirname( target ) ) ) {
			if ( e.startsWith( prefix ) && ! processAlive( Number( e.slice( prefix.length ).split( '-' )[ 0 ] ) ) ) {
				rmSync( path.join( path.dirname( target ), e ), { recursive: true, force: true } );
			}
		}
	}
}

function buildCore( tmp, work ) {
	log( `WordPress 6.6: fetching ${ WORDPRESS_BUILDS } (about 160 MB, first run only)…` );
	const tgz = npmPack( WORDPRESS_BUILDS, work );
	execFileSync(
		'tar',
		[ 'xzf', tgz, '-C', work, 'package/src/wordpress/wp-beta.zip', 'package/public/wp-beta' ],
		{ stdio: 'inherit' }
	);
	rmSync( tgz, { force: true } );
	log( 'WordPress 6.6: unpacking PHP files and merging static assets…' );
	unzip( path.join( work, 'package/src/wordpress/wp-beta.zip' ), tmp );
	// Static files only where the zip has nothing: the zip's PHP wins.
	cpSync( path.join( work, 'package/public/wp-beta' ), tmp, {
		recursive: true,
		force: false,
		errorOnExist: false,
	} );
	// Playground leftovers: its pre-installed database, its config and its asset list.
	for ( const f of [ 'wp-config.php', 'wp-content/database', 'wordpress-remote-asset-paths', '.default_theme' ] ) {
		rmSync( path.join( tmp, f ), { recursive: true, force: true } );
	}
	for ( const required of [ 'wp-load.php', 'wp-includes/js/dist/blocks.min.js', 'wp-admin/css/common.min.css' ] ) {
		if ( ! existsSync( path.join( tmp, required ) ) ) {
			throw new Error( `WordPress build is incomplete: ${ required } is missing` );
		}
	}
}

function buildSqlite( tmp, work ) {
	log( `SQLite drop-in: fetching ${ PLAYGROUND_CLI }…` );
	const tgz = npmPack( PLAYGROUND_CLI, work );
	execFileSync( 'tar', [ 'xzf', tgz, '-C', work ], { stdio: 'inherit' } );
	const zip = findFile( path.join( work, 'package' ), 'sqlite-database-integration.zip' );
	if ( ! zip ) {
		throw new Error( `sqlite-database-integration.zip not found in ${ PLAYGROUND_CLI }` );
	}
	const unpacked = path.join( work, 'unzipped' );
	unzip( zip, unpacked );
	// The zip's top folder is named differently across releases; the plugin is the folder holding load.php.
	const load = findFile( unpacked, 'load.php', ( dir ) => existsSync( path.join( dir, 'db.copy' ) ) );
	if ( ! load ) {
		throw new Error( 'SQLite plugin (load.php next to db.copy) not found in its zip' );
	}
	rmSync( tmp, { recursive: true, force: true } );
	renameSync( path.dirname( load ), tmp );
}

function findFile( dir, name, accept = () => true ) {
	for ( const e of readdirSync( dir, { withFileTypes: true } ) ) {
		const p = path.join( dir, e.name );
		if ( e.isFile() && e.name === name && accept( dir ) ) {
			return p;
		}
	}
	for ( const e of readdirSync( dir, { withFileTypes: true } ) ) {
		if ( e.isDirectory() ) {
			const found = findFile( path.join( dir, e.name ), name, accept );
			if ( found ) {
				return found;
			}
		}
	}
	return null;
}

/**
 * Returns `{ coreDir, sqliteDir }`, building what is missing (about 15 s once, then
 * instant). `coreDir` is `WP_CORE_DIR` when set.
 */
export async function ensureWordPressCore() {
	const sqliteDir = path.join( CACHE_DIR, 'sqlite-database-integration' );
	buildOnce( sqliteDir, buildSqlite );

	let coreDir = process.env.WP_CORE_DIR ? path.resolve( process.env.WP_CORE_DIR ) : null;
	if ( coreDir ) {
		const version = readWordPressVersion( coreDir );
		if ( ! version ) {
			throw new Error( `WP_CORE_DIR=${ coreDir } is not a WordPress tree (no wp-includes/version.php)` );
		}
		if ( ! atLeast( version, MIN_VERSION ) ) {
			throw new Error( `WP_CORE_DIR holds WordPress ${ version }; Handoff Chat needs ${ MIN_VERSION } or newer` );
		}
	} else {
		coreDir = path.join( CACHE_DIR, 'core' );
		buildOnce( coreDir, buildCore );
	}
	return { coreDir, sqliteDir };
}
