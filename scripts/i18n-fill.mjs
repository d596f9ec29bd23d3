#!/usr/bin/env node
/**
 * Fills translations into a .po from a JSON map { msgid: msgstr | [msgstr, plural] }:
 *   node scripts/i18n-fill.mjs languages/handoff-chat-fr_FR.po translations.json
 * Only empty entries are filled; existing translations are never overwritten.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import gettextParser from 'gettext-parser';

const [ poFile, mapFile ] = process.argv.slice( 2 );
const po = gettextParser.po.parse( readFileSync( poFile ) );
const map = JSON.parse( readFileSync( mapFile, 'utf8' ) );
let filled = 0;
for ( const ctx of Object.values( po.translations ) ) {
	for ( const [ id, t ] of Object.entries( ctx ) ) {
		if ( id && map[ id ] && t.msgstr.every( ( s ) => ! s ) ) {
			t.msgstr = Array.isArray( map[ id ] ) ? map[ id ] : t.msgid_plural ? [ map[ id ], map[ id ] ] : [ map[ id ] ];
			filled++;
		}
	}
}
writeFileSync( poFile, gettextParser.po.compile( po ) );
process.stdout.write( `${ filled } translations filled\n` );
