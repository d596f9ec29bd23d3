#!/usr/bin/env node
/**
 * `npm run plugin-zip`: the plugin as a site owner installs it — `handoff-chat.zip` with one
 * `handoff-chat/` folder holding the PHP, the built assets (`build/`) and the compiled
 * translations (`languages/`: .mo and per-script JSON), and nothing for developers (tests,
 * PHPUnit configuration, source maps, dotfiles). Builds first when the sources are newer.
 *
 *   npm run plugin-zip [-- --out path/to/handoff-chat.zip]
 */
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuild, ensureNodeModules, log } from './lib/setup.mjs';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
const PLUGIN = path.join( ROOT, 'plugin' );
/** What ships, relative to plugin/: files, or folders taken whole (minus EXCLUDED). */
export const SHIPPED = [ 'handoff-chat.php', 'uninstall.php', 'readme.txt', 'includes', 'build', 'languages' ];
const EXCLUDED = /(^|\/)\.|\.map$/;

/** Every file that ships, as paths relative to plugin/. */
export function pluginFiles() {
	const out = [];
	const walk = ( rel ) => {
		const abs = path.join( PLUGIN, rel );
		if ( statSync( abs ).isDirectory() ) {
			for ( const name of readdirSync( abs ).sort() ) {
				walk( path.posix.join( rel, name ) );
			}
		} else if ( ! EXCLUDED.test( rel ) ) {
			out.push( rel );
		}
	};
	SHIPPED.forEach( walk );
	return out;
}

/** Builds what is stale, writes the zip to `out` and returns its file list (with the folder). */
export function buildPluginZip( out = path.join( ROOT, 'handoff-chat.zip' ) ) {
	ensureNodeModules();
	ensureBuild();
	const AdmZip = createRequire( import.meta.url )( 'adm-zip' );
	const zip = new AdmZip();
	const files = pluginFiles();
	for ( const rel of files ) {
		zip.addLocalFile( path.join( PLUGIN, rel ), path.posix.join( 'handoff-chat', path.posix.dirname( rel ) ) );
	}
	zip.writeZip( out );
	return files.map( ( f ) => `handoff-chat/${ f }` );
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	const { values } = parseArgs( { options: { out: { type: 'string' } } } );
	const out = path.resolve( values.out ?? path.join( ROOT, 'handoff-chat.zip' ) );
	const files = buildPluginZip( out );
	log( `${ path.relative( process.cwd(), out ) }: ${ files.length } files, ${ ( statSync( out ).size / 1024 ).toFixed( 0 ) } KB` );
}
