/**
 * What `npm start` and `npm test` need on a fresh machine: node_modules, PHP with
 * SQLite, the PHP coding-standards tools, and an up-to-date build. Uses Node built-ins
 * only: it runs before any install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '../..' );
const PHP_PACKAGES = [ 'php-cli', 'php-sqlite3', 'php-xml', 'php-mbstring', 'php-curl', 'php-gd', 'php-zip', 'php-intl' ];
const PHP_EXTENSIONS = [ 'pdo_sqlite', 'sqlite3', 'dom', 'mbstring', 'zip' ];

export function log( msg ) {
	process.stdout.write( `\x1b[36m›\x1b[0m ${ msg }\n` );
}

function run( cmd, args, opts = {} ) {
	const r = spawnSync( cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts } );
	if ( r.status !== 0 ) {
		throw new Error( `${ cmd } ${ args.join( ' ' ) } failed (exit ${ r.status ?? r.signal })` );
	}
}

/** Installs npm packages on a fresh clone, and again whenever package-lock.json changed since the last install. */
export function ensureNodeModules() {
	const lock = path.join( ROOT, 'package-lock.json' );
	const stampFile = path.join( ROOT, 'node_modules/.handoff-lock-hash' );
	const hash = createHash( 'sha256' ).update( readFileSync( lock ) ).digest( 'hex' );
	const installed = existsSync( path.join( ROOT, 'node_modules/.package-lock.json' ) );
	if ( installed && ( ! existsSync( stampFile ) || readFileSync( stampFile, 'utf8' ) === hash ) ) {
		// No stamp: installed by hand (npm ci / npm install) — trust it and remember this lock.
		if ( ! existsSync( stampFile ) ) {
			writeFileSync( stampFile, hash );
		}
		return;
	}
	log( 'Installing npm dependencies (first run or changed lock file, a few minutes)…' );
	run( 'npm', [ 'ci', '--no-audit', '--no-fund' ], {
		// Browsers come from the system (Debian's chromium), never from a test tool's download.
		env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', PUPPETEER_SKIP_DOWNLOAD: '1' },
	} );
	writeFileSync( stampFile, hash );
}

function missingPhpExtensions() {
	try {
		const out = execFileSync(
			'php',
			// A JSON array of strings is also a PHP array literal.
			[ '-r', `foreach (${ JSON.stringify( PHP_EXTENSIONS ) } as $e) if (!extension_loaded($e)) echo $e, "\\n";` ],
			{ encoding: 'utf8' }
		);
		return out.split( '\n' ).filter( Boolean );
	} catch {
		return [ 'php' ];
	}
}

export function ensurePhp() {
	let missing = missingPhpExtensions();
	if ( ! missing.length ) {
		return;
	}
	const canApt = process.getuid?.() === 0 && existsSync( '/usr/bin/apt-get' );
	if ( ! canApt ) {
		throw new Error(
			`PHP ${ missing.includes( 'php' ) ? 'is missing' : `lacks ${ missing.join( ', ' ) }` }. Install PHP ≥ 8.1 with: sudo apt-get install -y ${ PHP_PACKAGES.join( ' ' ) }`
		);
	}
	log( `Installing PHP packages (${ missing.join( ', ' ) } missing)…` );
	run( 'apt-get', [ 'update', '-q' ] );
	run( 'apt-get', [ 'install', '-y', '-q', ...PHP_PACKAGES ], {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	} );
	missing = missingPhpExtensions();
	if ( missing.length ) {
		throw new Error( `PHP still lacks ${ missing.join( ', ' ) }` );
	}
}

/**
 * PHP_CodeSniffer with the WordPress and PHPCompatibilityWP standards (composer.json's
 * require-dev) in vendor/: installed by Composer on a fresh clone, and again whenever
 * composer.json changed since the last install. Composer itself comes from Debian's package.
 */
export function ensurePhpTools() {
	const manifest = path.join( ROOT, 'composer.json' );
	const stampFile = path.join( ROOT, 'vendor/.handoff-composer-hash' );
	const hash = createHash( 'sha256' ).update( readFileSync( manifest ) ).digest( 'hex' );
	if ( existsSync( path.join( ROOT, 'vendor/bin/phpcs' ) ) && existsSync( stampFile ) && readFileSync( stampFile, 'utf8' ) === hash ) {
		return;
	}
	if ( spawnSync( 'composer', [ '--version' ], { stdio: 'ignore' } ).status !== 0 ) {
		if ( process.getuid?.() !== 0 || ! existsSync( '/usr/bin/apt-get' ) ) {
			throw new Error( 'Composer is missing. Install it with: sudo apt-get install -y composer' );
		}
		log( 'Installing Composer…' );
		run( 'apt-get', [ 'update', '-q' ] );
		run( 'apt-get', [ 'install', '-y', '-q', 'composer' ], {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		} );
	}
	log( 'Installing the PHP coding-standards tools (composer install, first run or changed composer.json)…' );
	run( 'composer', [ 'install', '--no-interaction', '--no-progress' ] );
	writeFileSync( stampFile, hash );
}

const SOURCES = [
	'contracts/src',
	'bridge-server/src',
	'blocks',
	'admin/src',
	'plugin/includes',
	'languages',
	'webpack.config.js',
	'package-lock.json',
	'tsconfig.base.json',
];

function newestMtime( p ) {
	if ( ! existsSync( p ) ) {
		return 0;
	}
	const st = statSync( p );
	if ( ! st.isDirectory() ) {
		return st.mtimeMs;
	}
	let max = st.mtimeMs;
	for ( const e of readdirSync( p ) ) {
		if ( e !== 'node_modules' && e !== 'dist' ) {
			max = Math.max( max, newestMtime( path.join( p, e ) ) );
		}
	}
	return max;
}

/** Builds contracts, bridge and WordPress assets when any source is newer than the last build. */
export function ensureBuild( { force = false } = {} ) {
	const stampFile = path.join( ROOT, '.cache/build-stamp' );
	const newest = Math.max( ...SOURCES.map( ( s ) => newestMtime( path.join( ROOT, s ) ) ) );
	const outputs = [
		'contracts/dist/index.js',
		'bridge-server/dist/server.js',
		'plugin/build/admin/index.js',
		'plugin/build/blocks/widget/block.json',
	].every( ( f ) => existsSync( path.join( ROOT, f ) ) );
	const stamp = existsSync( stampFile ) ? Number( readFileSync( stampFile, 'utf8' ) ) : 0;
	if ( ! force && outputs && stamp >= newest ) {
		return false;
	}
	log( 'Building contracts, bridge and WordPress assets…' );
	run( 'npm', [ 'run', 'build', '--silent' ] );
	mkdirSync( path.dirname( stampFile ), { recursive: true } );
	writeFileSync( stampFile, String( newest ) );
	return true;
}
