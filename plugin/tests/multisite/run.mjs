#!/usr/bin/env node
/**
 * The multisite tests: a network made from the same throw-away site as
 * scripts/test-php.mjs (WordPress 6.6 + the SQLite drop-in, which supports networks),
 * with two more sites ("shop", "blog") each connected to its own bridge site, and the
 * plugin network-activated. Then PHPUnit on tests/multisite. Run from the repository:
 *   node plugin/tests/multisite/run.mjs [phpunit arguments]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWordPressCore } from '../../../scripts/wp/ensure-core.mjs';
import { createSite } from '../../../scripts/wp/site.mjs';

const HERE = path.dirname( fileURLToPath( import.meta.url ) );
const ROOT = path.resolve( HERE, '../../..' );
const HOST = '127.0.0.1:8891';
/** Read by the tests (NetworkTestCase::SITES): keep both in step. */
const SITES = [
	{ slug: 'shop', name: 'Shop', bridgeUrl: 'http://127.0.0.1:19', siteId: 'network_shop', secret: 'ShopSecret0123456789abcdefghijklmnopqrstu' },
	{ slug: 'blog', name: 'Blog', bridgeUrl: 'http://127.0.0.1:29', siteId: 'network_blog', secret: 'BlogSecret0123456789abcdefghijklmnopqrstu' },
];

function php( dir, step ) {
	const r = spawnSync( 'php', [ path.join( HERE, 'make-network.php' ), dir, step ], {
		encoding: 'utf8',
		env: { ...process.env, HANDOFF_CHAT_NETWORK_HOST: HOST, HANDOFF_CHAT_NETWORK_SITES: JSON.stringify( SITES ) },
	} );
	if ( r.status !== 0 ) {
		throw new Error( `make-network.php ${ step } failed:\n${ r.stdout }${ r.stderr }` );
	}
}

await ensureWordPressCore();
const dir = mkdtempSync( path.join( tmpdir(), 'handoff-network-' ) );
let status = 1;
try {
	await createSite( {
		dir,
		port: 9,
		url: `http://${ HOST }`,
		adminUser: 'admin',
		adminPassword: 'phpunit-admin-password',
		adminEmail: 'admin@example.com',
		plugin: path.join( ROOT, 'plugin' ),
		settings: { bridgeUrl: 'http://127.0.0.1:9', siteId: 'phpunit_site', siteSecret: 'PhpUnitSecret0123456789abcdefghijklmnopq' },
		demoPage: false,
	} );
	php( dir, 'install' );
	// Network constants; WP_HOME/WP_SITEURL would give every site the main site's address.
	const config = path.join( dir, 'wp-config.php' );
	writeFileSync(
		config,
		readFileSync( config, 'utf8' )
			.replace( /^define\( 'WP_(HOME|SITEURL)'.*\n/gm, '' )
			.replace(
				"define( 'WP_DEBUG', true );",
				[
					"define( 'WP_ALLOW_MULTISITE', true );",
					"define( 'MULTISITE', true );",
					"define( 'SUBDOMAIN_INSTALL', false );",
					`define( 'DOMAIN_CURRENT_SITE', '${ HOST }' );`,
					"define( 'PATH_CURRENT_SITE', '/' );",
					"define( 'SITE_ID_CURRENT_SITE', 1 );",
					"define( 'BLOG_ID_CURRENT_SITE', 1 );",
					"define( 'WP_DEBUG', true );",
				].join( '\n' )
			)
	);
	php( dir, 'sites' );
	process.stdout.write( `WordPress network ready (${ dir })\n` );
	const phpunit = process.env.PHPUNIT || 'phpunit';
	const r = spawnSync( phpunit, [ '-c', path.join( HERE, 'phpunit.xml.dist' ), ...process.argv.slice( 2 ) ], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, HANDOFF_CHAT_WP_DIR: dir, HTTP_HOST: HOST },
	} );
	status = r.status ?? 1;
	if ( status !== 0 ) {
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
