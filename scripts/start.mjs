#!/usr/bin/env node
/**
 * `npm start`: installs what is missing, builds, then runs the whole demo —
 * WordPress with the plugin active and connected, the bridge and the realtime
 * server — and prints the URLs and credentials. Ctrl-C stops everything.
 *
 * Data lives in .data/demo (delete it for a fresh demo). Ports: WP_PORT (8888),
 * BRIDGE_PORT (8787), REALTIME_PORT (6001). DEMO_LOCALE (e.g. fr_FR) sets the language
 * of the site and of its administrator; unset, the language stays as it was.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild, ensureNodeModules, ensurePhp, log } from './lib/setup.mjs';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const started = Date.now();

ensureNodeModules();
ensurePhp();
ensureBuild();

// Imported after the install step: the stack module needs nothing from npm, but keep the order obvious.
const { startStack } = await import( './lib/stack.mjs' );
const { ensureWordPressCore } = await import( './wp/ensure-core.mjs' );
const locale = process.env.DEMO_LOCALE || undefined;
if ( locale && locale !== 'en_US' && ! existsSync( path.join( ROOT, `plugin/languages/handoff-chat-${ locale }.mo` ) ) ) {
	log( `The plugin has no ${ locale } translation (languages/handoff-chat-${ locale }.po): it will speak English.` );
}
log( 'Preparing WordPress…' );
await ensureWordPressCore();

const stack = await startStack( {
	dataDir: path.join( ROOT, '.data/demo' ),
	ports: {
		wordpress: Number( process.env.WP_PORT ?? 8888 ),
		bridge: Number( process.env.BRIDGE_PORT ?? 8787 ),
		realtime: Number( process.env.REALTIME_PORT ?? 6001 ),
	},
	locale,
} );

const secs = ( ( Date.now() - started ) / 1000 ).toFixed( 1 );
process.stdout.write( `
\x1b[32mHandoff Chat demo is running\x1b[0m (ready in ${ secs } s)

  Visitor page   ${ stack.demoPageUrl }  (chatbot, then a human)
                 ${ stack.liveDemoPageUrl }  (live chat only)
  wp-admin       ${ stack.wpUrl }/wp-admin/admin.php?page=handoff-chat
  Login          ${ stack.admin.user} / ${ stack.admin.password }${ locale ? `\n  Language       ${ locale } (site and administrator)` : '' }
  Bridge API     ${ stack.bridgeUrl }  (health: ${ stack.bridgeUrl }/healthz)
  Realtime       ws://127.0.0.1:${ stack.ports.realtime }
  Site id        ${ stack.site.siteId }

Open the visitor page in one window and wp-admin in another. Ctrl-C stops everything.
` );

let stopping = false;
async function stop() {
	if ( stopping ) {
		return;
	}
	stopping = true;
	process.stdout.write( '\nStopping…\n' );
	await stack.stop();
	process.exit( 0 );
}
process.on( 'SIGINT', stop );
process.on( 'SIGTERM', stop );
