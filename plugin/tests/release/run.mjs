#!/usr/bin/env node
/**
 * The release zip, installed as a site owner would: `npm run plugin-zip`'s archive is
 * checked (one handoff-chat/ folder, the built block and compiled translations, no tests or
 * developer files), unzipped into the plugins folder of a new WordPress (WordPress + the
 * SQLite drop-in, as scripts/test-php.mjs makes it), activated, and asked — through
 * WordPress itself (check.php) — whether the block is registered and the menu present.
 *   node plugin/tests/release/run.mjs
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPluginZip } from '../../../scripts/plugin-zip.mjs';
import { createSite } from '../../../scripts/wp/site.mjs';

const HERE = path.dirname( fileURLToPath( import.meta.url ) );
const require = createRequire( import.meta.url );
const AdmZip = require( 'adm-zip' );

const failures = [];
const expect = ( ok, what ) => {
	process.stdout.write( `${ ok ? '  ok  ' : '  FAIL' } ${ what }\n` );
	if ( ! ok ) {
		failures.push( what );
	}
};

const work = mkdtempSync( path.join( tmpdir(), 'handoff-release-' ) );
try {
	const zipFile = path.join( work, 'handoff-chat.zip' );
	buildPluginZip( zipFile );
	const entries = new AdmZip( zipFile ).getEntries().map( ( e ) => e.entryName );
	process.stdout.write( `handoff-chat.zip: ${ entries.length } entries, ${ ( statSync( zipFile ).size / 1024 ).toFixed( 0 ) } KB\n` );
	expect( entries.every( ( e ) => e.startsWith( 'handoff-chat/' ) ), 'every entry is inside handoff-chat/' );
	for ( const needed of [
		'handoff-chat/handoff-chat.php',
		'handoff-chat/uninstall.php',
		'handoff-chat/readme.txt',
		'handoff-chat/build/blocks/widget/block.json',
		'handoff-chat/build/admin/index.js',
		'handoff-chat/languages/handoff-chat-fr_FR.mo',
	] ) {
		expect( entries.includes( needed ), `ships ${ needed }` );
	}
	expect( entries.some( ( e ) => /^handoff-chat\/languages\/.+\.json$/.test( e ) ), 'ships the scripts’ translation JSON' );
	expect( ! entries.some( ( e ) => /\/tests\/|phpunit|\.map$|\/\.[^/]+$/.test( e ) ), 'ships no tests, PHPUnit configuration, source maps or dotfiles' );
	// Each script's translation file holds its own strings: visitors' pages get the widget's only.
	const messages = ( handle ) =>
		Object.keys(
			JSON.parse( new AdmZip( zipFile ).readAsText( `handoff-chat/languages/handoff-chat-fr_FR-${ handle }.json` ) )
				.locale_data.messages
		);
	const view = messages( 'handoff-chat-widget-view-script' );
	const admin = messages( 'handoff-chat-admin' );
	expect( view.includes( 'Send' ) && view.includes( 'Talk to a human' ), 'the widget’s translation file has the chat panel’s strings' );
	expect( ! view.includes( 'Bot flows' ) && admin.includes( 'Bot flows' ), 'and none of the admin app’s, which has its own' );

	// Unzipped as "Upload Plugin" or an unzip into wp-content/plugins would leave it.
	const unzipped = path.join( work, 'unzipped' );
	new AdmZip( zipFile ).extractAllTo( unzipped );
	const site = path.join( work, 'site' );
	await createSite( {
		dir: site,
		port: 9,
		url: 'http://127.0.0.1:9',
		adminUser: 'admin',
		adminPassword: 'release-admin-password',
		adminEmail: 'admin@example.com',
		plugin: path.join( unzipped, 'handoff-chat' ),
		settings: { bridgeUrl: 'http://127.0.0.1:9', siteId: 'release_site', siteSecret: 'ReleaseSecret0123456789abcdefghijklmnopq' },
		demoPage: false,
	} );
	const r = spawnSync( 'php', [ path.join( HERE, 'check.php' ), site ], { encoding: 'utf8' } );
	const seen = ( r.stdout.split( '\n' ).find( ( l ) => l.startsWith( 'HANDOFF_RELEASE ' ) ) ?? '' ).slice( 'HANDOFF_RELEASE '.length );
	const got = seen ? JSON.parse( seen ) : {};
	if ( ! seen ) {
		process.stdout.write( r.stdout + r.stderr );
	}
	expect( got.active === true, 'the plugin is active, from the zip’s folder' );
	expect( got.pluginDir === path.join( unzipped, 'handoff-chat' ) || got.pluginDir?.endsWith( '/wp-content/plugins/handoff-chat' ), 'WordPress loads it from wp-content/plugins/handoff-chat' );
	expect( got.block === true, 'the widget block (handoff-chat/widget) is registered' );
	expect( got.menu === true, 'the Conversations menu is present for an administrator' );
	expect( got.translations === true, 'the French translation loads from the zip’s languages folder' );
	expect( got.metadata === true, 'the block’s title, description and keywords and the plugin header are translated too' );
	// readme.txt's "Tested up to" names the newest WordPress the tests ran on (major.minor, as
	// WordPress.org reads it; "6.6-RC3" is 6.6).
	const tested = new AdmZip( zipFile ).readAsText( 'handoff-chat/readme.txt' ).match( /^Tested up to:\s*(\S+)/m )?.[ 1 ];
	const ranOn = String( got.wordpress ?? '' ).match( /^\d+\.\d+/ )?.[ 0 ];
	expect( Boolean( ranOn ) && tested === ranOn, `readme.txt's "Tested up to" (${ tested }) is the WordPress this test ran on (${ got.wordpress })` );
} finally {
	rmSync( work, { recursive: true, force: true } );
}
if ( failures.length ) {
	process.stdout.write( `${ failures.length } release check(s) failed\n` );
	process.exit( 1 );
}
process.stdout.write( 'release: the zip installs, activates and registers its block and menu\n' );
