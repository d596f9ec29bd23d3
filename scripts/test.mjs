#!/usr/bin/env node
/**
 * `npm test`: every test, in order of speed — type checks, lint (JavaScript, styles and
 * PHP coding standards), jest (bridge on real
 * sqlite3 and real realtime clients; widget and admin in jsdom), the bridge suites again on
 * PostgreSQL, the translation
 * check, PHPUnit on a real WordPress, the hostile suites (bridge and plugin routes
 * called as attackers), then the browser end-to-end specs in Chromium against the
 * whole stack. `node scripts/test.mjs <step>…` runs only those steps.
 * Runs every step even when one fails, then exits non-zero if any did.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild, ensureNodeModules, ensurePhp, ensurePhpTools, log } from './lib/setup.mjs';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const only = process.argv.slice( 2 );

ensureNodeModules();
ensurePhp();
if ( ! only.length || only.includes( 'phpcs' ) ) {
	ensurePhpTools();
}
ensureBuild();

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const steps = [
	[ 'typecheck', 'npm', [ 'run', 'typecheck', '--silent' ] ],
	// WordPress's coding standards for the browser code (eslint.config.cjs).
	[ 'lint', 'npm', [ 'run', 'lint:js', '--silent' ] ],
	// WordPress's stylelint rules for the widget's and the admin app's SCSS.
	[ 'lint-style', 'npm', [ 'run', 'lint:style', '--silent' ] ],
	// WordPress's coding standards (WPCS 2.3) and PHP 8.1+ compatibility for the plugin's PHP (phpcs.xml.dist).
	[ 'phpcs', 'composer', [ 'run-script', '--no-interaction', 'phpcs' ] ],
	// The hostile suites are left to their own step below.
	[ 'jest', 'npx', [ 'jest', '--ci', '--selectProjects', 'bridge', 'wp' ] ],
	// The bridge's suites again on PostgreSQL: a throwaway server from Debian's packages on a
	// loopback port (scripts/test-pg.mjs); skipped, loudly, only when it cannot start.
	[ 'pg', process.execPath, [ 'scripts/test-pg.mjs' ] ],
	// Every string of the sources has a French translation.
	[ 'i18n', process.execPath, [ 'scripts/i18n.mjs', 'check' ] ],
	[ 'php', process.execPath, [ 'scripts/test-php.mjs', '--exclude-group', 'hostile' ] ],
	// An attacker's view (README, "Security"): every bridge route and every plugin REST route
	// called anonymously, as another site, another visitor and an under-privileged role; naughty
	// strings; realtime auth with forged socket ids and foreign channels; kill -9 under load.
	[ 'hostile', 'sh', [
		'-c',
		// Both halves run; the step fails if either did.
		'npx jest --ci --selectProjects hostile; j=$?; node scripts/test-php.mjs --group hostile && exit $j',
	] ],
	// The same plugin network-activated on a WordPress multisite (per-site bridges, the network's Advisors screen).
	[ 'multisite', process.execPath, [ 'plugin/tests/multisite/run.mjs' ] ],
	// `npm run plugin-zip`'s archive unzipped into a new WordPress: active, block and menu there;
	// `npm run bridge-pack`'s tarball installed with npm into an empty folder, served, given a site.
	[ 'release', 'sh', [
		'-c',
		// Both halves run; the step fails if either did.
		'node plugin/tests/release/run.mjs; p=$?; node scripts/test-bridge-release.mjs && exit $p',
	] ],
	// The browser specs on the demo stack, then a site owner's whole path on a clean stack (the
	// release zip uploaded in wp-admin, the bridge from its package, the connection code, a first chat).
	[ 'e2e', 'sh', [
		'-c',
		'npx playwright test -c e2e/playwright.config.ts; e=$?; npx playwright test -c e2e/release/playwright.config.ts && exit $e',
	] ],
].filter( ( [ name ] ) => ! only.length || only.includes( name ) );

const results = [];
for ( const [ name, cmd, args ] of steps ) {
	if ( name === 'e2e' && ! existsSync( CHROMIUM ) ) {
		log( `e2e: ${ CHROMIUM } not found — install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH` );
		results.push( [ name, false, 0 ] );
		continue;
	}
	log( `${ name }: ${ cmd } ${ args.join( ' ' ) }` );
	const t = Date.now();
	const r = spawnSync( cmd, args, { stdio: 'inherit', cwd: ROOT, env: { ...process.env, CHROMIUM_PATH: CHROMIUM } } );
	results.push( [ name, r.status === 0, Date.now() - t ] );
}

process.stdout.write( '\nSummary\n' );
for ( const [ name, ok, ms ] of results ) {
	process.stdout.write( `  ${ ok ? 'PASS' : 'FAIL' }  ${ name.padEnd( 10 ) } ${ ( ms / 1000 ).toFixed( 1 ) } s\n` );
}
const failed = results.filter( ( [ , ok ] ) => ! ok ).length;
process.stdout.write( `steps: ${ results.length - failed } passed, ${ failed } failed\n` );
process.exit( failed ? 1 : 0 );
