#!/usr/bin/env node
/**
 * PHPUnit on a real WordPress: builds (once) WordPress 6.6 with the SQLite drop-in,
 * creates a throw-away site in a temporary folder with the plugin active and configured,
 * runs plugin/phpunit.xml.dist against it and removes the site. Exits with PHPUnit's status.
 *
 * PHPUnit is the machine's (Debian's `phpunit`, 9.6); `PHPUNIT=/path/to/phpunit` overrides
 * it, and vendor/bin/phpunit is used when there is none on PATH. Extra arguments go to
 * PHPUnit (e.g. `node scripts/test-php.mjs --filter Token`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWordPressCore } from './wp/ensure-core.mjs';
import { createSite } from './wp/site.mjs';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );

function findPhpunit() {
	if ( process.env.PHPUNIT ) {
		return process.env.PHPUNIT;
	}
	const onPath = spawnSync( 'sh', [ '-c', 'command -v phpunit' ], { encoding: 'utf8' } );
	if ( onPath.status === 0 && onPath.stdout.trim() ) {
		return onPath.stdout.trim();
	}
	const vendor = path.join( ROOT, 'vendor/bin/phpunit' );
	if ( existsSync( vendor ) ) {
		return vendor;
	}
	return null;
}

const phpunit = findPhpunit();
if ( ! phpunit ) {
	process.stderr.write(
		'PHPUnit not found. Install it (Debian: apt-get install -y phpunit), or set PHPUNIT=/path/to/phpunit.\n'
	);
	process.exit( 1 );
}

await ensureWordPressCore();
const dir = mkdtempSync( path.join( tmpdir(), 'handoff-phpunit-' ) );
let status = 1;
try {
	const started = Date.now();
	await createSite( {
		dir,
		port: 9,
		// Never served: the tests load WordPress in-process.
		url: 'http://127.0.0.1:8889',
		adminUser: 'admin',
		adminPassword: 'phpunit-admin-password',
		adminEmail: 'admin@example.com',
		plugin: path.join( ROOT, 'plugin' ),
		settings: {
			bridgeUrl: 'http://127.0.0.1:9',
			siteId: 'phpunit_site',
			siteSecret: 'PhpUnitSecret0123456789abcdefghijklmnopq',
		},
		demoPage: false,
	} );
	process.stdout.write( `WordPress test site ready in ${ Date.now() - started } ms (${ dir })\n` );
	const r = spawnSync( phpunit, [ '-c', path.join( ROOT, 'plugin/phpunit.xml.dist' ), ...process.argv.slice( 2 ) ], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, HANDOFF_CHAT_WP_DIR: dir },
	} );
	status = r.status ?? 1;
	if ( status !== 0 && existsSync( path.join( dir, 'debug.log' ) ) ) {
		process.stdout.write( `\nWordPress debug.log:\n${ spawnSync( 'tail', [ '-n', '30', path.join( dir, 'debug.log' ) ], { encoding: 'utf8' } ).stdout }` );
	}
} finally {
	if ( process.env.KEEP_WP_SITE ) {
		process.stdout.write( `Kept ${ dir }\n` );
	} else {
		rmSync( dir, { recursive: true, force: true } );
	}
}
process.exit( status );
