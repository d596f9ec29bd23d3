/**
 * A real WordPress site in a folder: a copy of the core tree, the SQLite drop-in, a
 * wp-config.php for local work, the repository's plugin/ linked in and active, its
 * settings stored and a demo page holding the widget block. Re-running on the same
 * folder updates password, settings and URLs and keeps the data. Node built-ins only.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	cpSync,
	existsSync,
	lstatSync,
	mkdirSync,
	readFileSync,
	readlinkSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWordPressCore, readWordPressVersion } from './ensure-core.mjs';

const HERE = path.dirname( fileURLToPath( import.meta.url ) );
const SITE_MARKER = '.handoff-site.json';
const SALTS = [
	'AUTH_KEY',
	'SECURE_AUTH_KEY',
	'LOGGED_IN_KEY',
	'NONCE_KEY',
	'AUTH_SALT',
	'SECURE_AUTH_SALT',
	'LOGGED_IN_SALT',
	'NONCE_SALT',
];

/** A PHP single-quoted string literal. */
const phpString = ( s ) => `'${ String( s ).replace( /\\/g, '\\\\' ).replace( /'/g, "\\'" ) }'`;

/** Core files, not wp-content (which holds the site's data) nor another site's config. */
function copyCore( coreDir, dir ) {
	cpSync( coreDir, dir, {
		recursive: true,
		filter: ( src ) => {
			const rel = path.relative( coreDir, src );
			return ! [ 'wp-config.php', '.handoff-complete', 'wp-content/database', 'wp-content/db.php' ].includes( rel );
		},
	} );
}

function installSqlite( dir, sqliteDir ) {
	const pluginDir = path.join( dir, 'wp-content/plugins/sqlite-database-integration' );
	if ( ! existsSync( path.join( pluginDir, 'load.php' ) ) ) {
		cpSync( sqliteDir, pluginDir, { recursive: true, filter: ( s ) => ! s.endsWith( '.handoff-complete' ) } );
	}
	// What the plugin's own activation does (sqlite_plugin_copy_db_file): db.copy with its two placeholders filled.
	const dropIn = readFileSync( path.join( pluginDir, 'db.copy' ), 'utf8' )
		.replaceAll( '{SQLITE_IMPLEMENTATION_FOLDER_PATH}', pluginDir )
		.replaceAll( '{SQLITE_PLUGIN}', 'sqlite-database-integration/load.php' );
	writeFileSync( path.join( dir, 'wp-content/db.php' ), dropIn );
	mkdirSync( path.join( dir, 'wp-content/database' ), { recursive: true } );
}

/** Salts survive re-runs, so logged-in sessions do too. */
function existingSalts( configFile ) {
	const salts = {};
	if ( existsSync( configFile ) ) {
		const text = readFileSync( configFile, 'utf8' );
		for ( const name of SALTS ) {
			const m = text.match( new RegExp( `define\\(\\s*'${ name }',\\s*'([^'\\\\]+)'` ) );
			if ( m ) {
				salts[ name ] = m[ 1 ];
			}
		}
	}
	return salts;
}

function writeConfig( dir, url ) {
	const file = path.join( dir, 'wp-config.php' );
	const salts = existingSalts( file );
	const host = new URL( url ).hostname;
	const saltLines = SALTS.map(
		( name ) => `define( '${ name }', ${ phpString( salts[ name ] ?? randomBytes( 48 ).toString( 'base64url' ) ) } );`
	).join( '\n' );
	// Core already lets through requests to "localhost" and to the site's own host; name the
	// loopback addresses only when the site runs under another host name.
	const accessibleHosts =
		host === '127.0.0.1'
			? '// WP_ACCESSIBLE_HOSTS unset: localhost and this site\'s own host (127.0.0.1) stay reachable.'
			: "define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1,localhost' );";
	const config = `<?php
/**
 * Written by scripts/wp/site.mjs (rewritten on every run; salts are kept).
 * A local site on SQLite: the database is wp-content/database/.ht.sqlite.
 */

define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', '' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', '' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
// SQLite drop-in (wp-content/db.php): where the database file lives.
define( 'DB_DIR', __DIR__ . '/wp-content/database/' );
define( 'DB_FILE', '.ht.sqlite' );

${ saltLines }

$table_prefix = 'wp_';

define( 'WP_HOME', ${ phpString( url ) } );
define( 'WP_SITEURL', ${ phpString( url ) } );
define( 'WP_ENVIRONMENT_TYPE', 'local' );

define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', __DIR__ . '/debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
define( 'SCRIPT_DEBUG', false );

// Offline: no cron spawn, no updates, and outgoing HTTP to the internet fails at once instead of timing out.
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
${ accessibleHosts }
define( 'FS_METHOD', 'direct' );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`;
	writeFileSync( file, config, { mode: 0o640 } );
}

/** wp-content/plugins/handoff-chat → the repository's plugin/ folder, so edits show at once. */
function linkPlugin( dir, plugin ) {
	const link = path.join( dir, 'wp-content/plugins/handoff-chat' );
	const target = path.resolve( plugin );
	let current = null;
	try {
		current = lstatSync( link ).isSymbolicLink() ? readlinkSync( link ) : 'not a link';
	} catch {}
	if ( current === target ) {
		return;
	}
	if ( current !== null ) {
		rmSync( link, { recursive: true, force: true } );
	}
	symlinkSync( target, link, 'dir' );
}

function runSetup( mode, args ) {
	const out = execFileSync( 'php', [ path.join( HERE, 'site-setup.php' ), mode ], {
		env: { ...process.env, HANDOFF_SITE: JSON.stringify( args ) },
		encoding: 'utf8',
		stdio: [ 'ignore', 'pipe', 'inherit' ],
	} );
	const line = out.split( '\n' ).find( ( l ) => l.startsWith( 'HANDOFF_SITE_RESULT ' ) );
	return line ? JSON.parse( line.slice( 'HANDOFF_SITE_RESULT '.length ) ) : null;
}

/** A WordPress locale: `fr_FR`, `de_DE_formal`, `pt_PT_ao90`, `eo`. */
export const LOCALE_PATTERN = /^[a-z]{2,3}(?:_[A-Z]{2})?(?:_[a-z0-9]+)?$/;

/**
 * Creates or updates the site in `dir` and returns `{ demoPageUrl, liveDemoPageUrl }` (null without
 * `demoPage`). `port` is implied by `url`; it is accepted for symmetry with startWordPress.
 * `locale` (e.g. `fr_FR`; `en_US` for English) sets the site's language and the administrator's;
 * without it the language stays as it is (English on a new site). `demo` installs the demo's
 * mu-plugin (emoji as text, local avatars, the plugin's languages offered: demo-mu-plugin.php);
 * the PHP test sites go without it, to test the plugin against WordPress as it ships.
 * `plugin: null` makes a WordPress without Handoff Chat (and no settings), for a test that
 * installs the release zip through wp-admin as a site owner does.
 */
export async function createSite( {
	dir,
	port,
	url = `http://127.0.0.1:${ port }`,
	adminUser,
	adminPassword,
	adminEmail,
	plugin,
	settings: { bridgeUrl, siteId, siteSecret } = {},
	demoPage = false,
	demo = false,
	locale,
} ) {
	if ( locale !== undefined && ! LOCALE_PATTERN.test( locale ) ) {
		throw new Error( `"${ locale }" is not a WordPress locale (like fr_FR or de_DE).` );
	}
	const { coreDir, sqliteDir } = await ensureWordPressCore();
	dir = path.resolve( dir );
	url = url.replace( /\/+$/, '' );
	const markerFile = path.join( dir, SITE_MARKER );
	const marker = existsSync( markerFile ) ? JSON.parse( readFileSync( markerFile, 'utf8' ) ) : {};
	const coreVersion = readWordPressVersion( coreDir );

	mkdirSync( dir, { recursive: true } );
	if ( marker.coreDir !== coreDir || marker.coreVersion !== coreVersion ) {
		copyCore( coreDir, dir );
		marker.coreDir = coreDir;
		marker.coreVersion = coreVersion;
		writeFileSync( markerFile, JSON.stringify( marker, null, 2 ) + '\n' );
	}
	installSqlite( dir, sqliteDir );
	mkdirSync( path.join( dir, 'wp-content/mu-plugins' ), { recursive: true } );
	const muPlugins = path.join( dir, 'wp-content/mu-plugins' );
	cpSync( path.join( HERE, 'offline-mu-plugin.php' ), path.join( muPlugins, 'handoff-offline.php' ) );
	if ( demo ) {
		cpSync( path.join( HERE, 'demo-mu-plugin.php' ), path.join( muPlugins, 'handoff-demo.php' ) );
		// In a subfolder: WordPress does not load it as a plugin; browsers request it for avatars.
		mkdirSync( path.join( muPlugins, 'handoff-demo' ), { recursive: true } );
		cpSync( path.join( HERE, 'demo-avatar.php' ), path.join( muPlugins, 'handoff-demo/avatar.php' ) );
	} else {
		rmSync( path.join( muPlugins, 'handoff-demo.php' ), { force: true } );
		rmSync( path.join( muPlugins, 'handoff-demo' ), { recursive: true, force: true } );
	}
	writeConfig( dir, url );
	if ( plugin ) {
		linkPlugin( dir, plugin );
	}

	const args = {
		dir,
		url,
		adminUser,
		adminPassword,
		adminEmail,
		settings: plugin ? { bridgeUrl, siteId, siteSecret } : null,
		demoPage: Boolean( plugin && demoPage ),
		locale: locale ?? null,
	};
	if ( ! marker.installed ) {
		runSetup( 'install', args );
		marker.installed = new Date().toISOString();
		writeFileSync( markerFile, JSON.stringify( marker, null, 2 ) + '\n' );
	}
	const result = runSetup( 'configure', args );
	if ( ! result ) {
		throw new Error( `WordPress setup in ${ dir } printed no result; see ${ path.join( dir, 'debug.log' ) }` );
	}
	return { demoPageUrl: result.demoPageUrl, liveDemoPageUrl: result.liveDemoPageUrl };
}
