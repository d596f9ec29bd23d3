#!/usr/bin/env node
/**
 * Translations without wp-cli (it cannot be installed here):
 *   node scripts/i18n.mjs pot     extract every translatable string into languages/handoff-chat.pot
 *                                 and merge it into each .po (translations kept, new strings empty)
 *   node scripts/i18n.mjs build   compile languages/*.po into plugin/languages/ (.mo for PHP,
 *                                 Jed .json per script handle for JavaScript)
 *   node scripts/i18n.mjs check   fail when a string of the sources has no translation
 * The sources of truth are the __() calls in the code and the .po files in languages/.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import gettextParser from 'gettext-parser';

export const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
export const DOMAIN = 'handoff-chat';
const LANG_DIR = path.join( ROOT, 'languages' );
const OUT_DIR = path.join( ROOT, 'plugin/languages' );
const SOURCE_DIRS = [ 'plugin', 'blocks', 'admin/src' ];
const SKIP = /(^|\/)(node_modules|build|vendor|tests|languages)(\/|$)|\.test\.[jt]sx?$/;

/** Script handles that receive the JavaScript strings (see plugin/includes: admin page and block). */
export const SCRIPT_HANDLES = [
	'handoff-chat-admin',
	'handoff-chat-menu-badge',
	'handoff-chat-connection-check',
	'handoff-chat-widget-editor-script',
	'handoff-chat-widget-view-script',
];

/** Each handle's entry in plugin/build (plugin/includes: admin assets, menu badge, block.json). */
const HANDLE_ENTRIES = {
	'handoff-chat-admin': 'admin/index.js',
	'handoff-chat-menu-badge': 'admin/menu-badge.js',
	'handoff-chat-connection-check': 'admin/connection-check.js',
	'handoff-chat-widget-editor-script': 'blocks/widget/index.js',
	'handoff-chat-widget-view-script': 'blocks/widget/view.js',
};

/**
 * An entry and the chunks its webpack runtime can load (the chat panel for the view script,
 * the lazy screens for the admin): the files whose strings its translation file needs — the
 * view script's file also serves the panel (panel_translations_url()).
 */
function handleFiles( buildDir, entry ) {
	if ( ! existsSync( path.join( buildDir, entry ) ) ) {
		throw new Error( `plugin/build/${ entry } is missing: build the WordPress assets first (npm run build:wp).` );
	}
	const src = readFileSync( path.join( buildDir, entry ), 'utf8' );
	const names = new Set();
	// `({12:"advisors",…}[e]||e)+".js?ver="+{12:"hash",34:"hash"}[e]`: named and numbered chunks;
	// `{269:"widget/rating",693:"widget/chat-panel"}[e]+".js?ver="…`: every chunk named.
	const named = /\{((?:\d+:"[\w/-]+",?)+)\}\[\w+\](?:\|\|\w+\))?\+"\.js/.exec( src );
	const byId = Object.fromEntries( [ ...( named?.[ 1 ] ?? '' ).matchAll( /(\d+):"([\w/-]+)"/g ) ].map( ( m ) => [ m[ 1 ], m[ 2 ] ] ) );
	const versions = /\.js\?ver="\+\{((?:\d+:"\w+",?)+)\}/.exec( src );
	for ( const m of ( versions?.[ 1 ] ?? '' ).matchAll( /(\d+):"/g ) ) {
		names.add( byId[ m[ 1 ] ] ?? m[ 1 ] );
	}
	// `"widget/chat-panel.js?ver=…"`: a single chunk named in full, from the public path.
	for ( const m of src.matchAll( /"([\w/-]+)\.js\?ver=/g ) ) {
		names.add( m[ 1 ] );
	}
	const dir = path.posix.dirname( entry );
	const files = [ ...names ].map(
		( n ) =>
			[ dir, path.posix.dirname( dir ), '.' ]
				.map( ( d ) => path.posix.join( d, `${ n }.js` ) )
				.find( ( f ) => existsSync( path.join( buildDir, f ) ) ) ?? ''
	);
	return [ entry, ...files.filter( Boolean ) ];
}

/** How a string can appear as a literal in minified code (UTF-8 kept, or \u-escaped). */
function literalForms( s ) {
	const json = JSON.stringify( s ).slice( 1, -1 );
	const ascii = json.replace( /[\u007f-\uffff]/g, ( c ) => '\\u' + c.charCodeAt( 0 ).toString( 16 ).padStart( 4, '0' ) );
	const single = json.replace( /\\"/g, '"' ).replace( /'/g, "\\'" );
	return [ ...new Set( [ json, ascii, single ] ) ];
}

/**
 * Handle → the JavaScript entries its built files use. A string found in no built file (a
 * literal the minifier rewrote) goes to every handle, with a warning: a missing translation
 * would be worse than a larger file.
 */
export function stringsByHandle( entries, buildDir = path.join( ROOT, 'plugin/build' ) ) {
	const code = Object.fromEntries(
		Object.entries( HANDLE_ENTRIES ).map( ( [ handle, entry ] ) => [
			handle,
			handleFiles( buildDir, entry )
				.map( ( f ) => readFileSync( path.join( buildDir, f ), 'utf8' ) )
				.join( '\n' ),
		] )
	);
	const out = Object.fromEntries( SCRIPT_HANDLES.map( ( h ) => [ h, [] ] ) );
	for ( const e of entries ) {
		const forms = literalForms( e.msgid );
		const found = SCRIPT_HANDLES.filter( ( h ) => forms.some( ( f ) => code[ h ].includes( f ) ) );
		if ( ! found.length ) {
			process.stderr.write( `i18n: "${ e.msgid }" not found in any built script; its translation goes to every script\n` );
		}
		for ( const h of found.length ? found : SCRIPT_HANDLES ) {
			out[ h ].push( e );
		}
	}
	return out;
}

// Argument roles of each gettext function: s = singular, p = plural, c = context, n = number, d = domain.
const FUNCTIONS = {
	__: 'sd',
	_e: 'sd',
	esc_html__: 'sd',
	esc_html_e: 'sd',
	esc_attr__: 'sd',
	esc_attr_e: 'sd',
	_x: 'scd',
	_ex: 'scd',
	esc_html_x: 'scd',
	esc_attr_x: 'scd',
	_n: 'spnd',
	_nx: 'spncd',
	_n_noop: 'spd',
	_nx_noop: 'spcd',
};
const CALL_RE = new RegExp( `(?<![\\w$>:])(${ Object.keys( FUNCTIONS ).join( '|' ) })\\s*\\(`, 'g' );

function walk( dir, out = [], files = /\.(php|tsx?|jsx?)$/ ) {
	for ( const e of readdirSync( dir ) ) {
		const p = path.join( dir, e );
		const rel = path.relative( ROOT, p );
		if ( SKIP.test( rel ) ) {
			continue;
		}
		if ( statSync( p ).isDirectory() ) {
			walk( p, out, files );
		} else if ( files.test( e ) ) {
			out.push( p );
		}
	}
	return out;
}

/** Reads one quoted string literal at `i`; returns [value, end] or null when the argument is not a literal. */
function readString( src, i, php ) {
	const q = src[ i ];
	if ( q !== "'" && q !== '"' && ! ( q === '`' && ! php ) ) {
		return null;
	}
	let v = '';
	for ( let j = i + 1; j < src.length; j++ ) {
		const ch = src[ j ];
		if ( ch === '\\' ) {
			const nx = src[ j + 1 ];
			if ( php && q === "'" ) {
				v += nx === "'" || nx === '\\' ? nx : '\\' + nx;
			} else {
				v += { n: '\n', t: '\t', r: '\r' }[ nx ] ?? nx;
			}
			j++;
		} else if ( ch === q ) {
			return [ v, j + 1 ];
		} else if ( q === '`' && ch === '$' && src[ j + 1 ] === '{' ) {
			return null; // a template with expressions is not translatable
		} else {
			v += ch;
		}
	}
	return null;
}

const skipSpace = ( src, i ) => {
	while ( i < src.length && /\s/.test( src[ i ] ) ) {
		i++;
	}
	return i;
};

/** Literal arguments of a call starting after its `(`; a non-literal argument ends the scan (numbers, variables). */
function readArgs( src, i, php ) {
	const args = [];
	for ( ;; ) {
		i = skipSpace( src, i );
		let lit = readString( src, i, php );
		if ( ! lit ) {
			args.push( null );
			// Skip a non-literal argument up to the next top-level comma or the closing parenthesis.
			let depth = 0;
			for ( ; i < src.length; i++ ) {
				const ch = src[ i ];
				if ( ch === '(' || ch === '[' || ch === '{' ) {
					depth++;
				} else if ( ch === ')' || ch === ']' || ch === '}' ) {
					if ( depth === 0 ) {
						return args;
					}
					depth--;
				} else if ( ch === ',' && depth === 0 ) {
					break;
				} else {
					const s = readString( src, i, php );
					if ( s ) {
						i = s[ 1 ] - 1;
					}
				}
			}
		} else {
			let [ value, end ] = lit;
			// Adjacent literals joined with + (JS) or . (PHP) form one string.
			for ( ;; ) {
				const k = skipSpace( src, end );
				if ( src[ k ] !== ( php ? '.' : '+' ) ) {
					break;
				}
				const more = readString( src, skipSpace( src, k + 1 ), php );
				if ( ! more ) {
					break;
				}
				value += more[ 0 ];
				end = more[ 1 ];
			}
			args.push( value );
			i = end;
		}
		i = skipSpace( src, i );
		if ( src[ i ] === ',' ) {
			i++;
			continue;
		}
		return args;
	}
}

/**
 * The translators comment that belongs to a call: the last one before it, provided no
 * other statement ends between them (so a comment is never borrowed from a previous call).
 */
function translatorsComment( before ) {
	const all = [ ...before.matchAll( /\/\*\s*translators:([\s\S]*?)\*\/|\/\/\s*translators:(.*)/gi ) ];
	const last = all[ all.length - 1 ];
	if ( ! last || /[;}]/.test( before.slice( last.index + last[ 0 ].length ) ) ) {
		return null;
	}
	return last;
}

/**
 * The strings WordPress translates outside any call: the plugin header's Plugin Name,
 * Description and Author (shown on Plugins), and each block.json's title, description and
 * keywords (translated by register_block_type with the block's textdomain, in the contexts
 * WordPress's i18n schema gives). Added as PHP strings, with the comments make-pot writes.
 */
function metadataStrings( add ) {
	const main = path.join( ROOT, 'plugin/handoff-chat.php' );
	if ( existsSync( main ) ) {
		const header = readFileSync( main, 'utf8' ).split( '*/' )[ 0 ];
		for ( const field of [ 'Plugin Name', 'Description', 'Author' ] ) {
			const m = new RegExp( `^\\s*\\*\\s*${ field }:\\s*(.+)$`, 'm' ).exec( header );
			if ( m ) {
				add( { msgid: m[ 1 ].trim(), ref: 'plugin/handoff-chat.php', comment: `${ field } of the plugin` } );
			}
		}
	}
	for ( const file of walk( path.join( ROOT, 'blocks' ), [], /^block\.json$/ ) ) {
		const meta = JSON.parse( readFileSync( file, 'utf8' ) );
		if ( meta.textdomain !== DOMAIN ) {
			continue;
		}
		const ref = path.relative( ROOT, file );
		meta.title && add( { msgid: meta.title, msgctxt: 'block title', ref } );
		meta.description && add( { msgid: meta.description, msgctxt: 'block description', ref } );
		for ( const k of meta.keywords ?? [] ) {
			add( { msgid: k, msgctxt: 'block keyword', ref } );
		}
	}
}

/** Every translatable string of the plugin's sources: Map key → { msgid, msgid_plural, msgctxt, refs, comments, js }. */
export function extract() {
	const entries = new Map();
	metadataStrings( ( { msgid, msgctxt = '', ref, comment } ) => {
		const key = `${ msgctxt }\u0004${ msgid }`;
		const e = entries.get( key ) ?? { msgid, msgctxt, refs: [], comments: new Set(), js: false, php: true };
		e.refs.push( ref );
		if ( comment ) {
			e.comments.add( comment );
		}
		entries.set( key, e );
	} );
	const dirs = SOURCE_DIRS.map( ( d ) => path.join( ROOT, d ) ).filter( existsSync );
	for ( const file of dirs.flatMap( ( d ) => walk( d ) ) ) {
		const src = readFileSync( file, 'utf8' );
		const php = file.endsWith( '.php' );
		const rel = path.relative( ROOT, file );
		for ( const m of src.matchAll( CALL_RE ) ) {
			const roles = FUNCTIONS[ m[ 1 ] ];
			const args = readArgs( src, m.index + m[ 0 ].length, php );
			const get = ( r ) => ( roles.indexOf( r ) >= 0 ? args[ roles.indexOf( r ) ] : undefined );
			if ( get( 'd' ) !== DOMAIN || typeof get( 's' ) !== 'string' ) {
				continue;
			}
			const msgid = get( 's' );
			const msgctxt = get( 'c' ) ?? '';
			const line = src.slice( 0, m.index ).split( '\n' ).length;
			const before = src.slice( Math.max( 0, m.index - 400 ), m.index );
			const tc = translatorsComment( before );
			const key = `${ msgctxt }\u0004${ msgid }`;
			const e = entries.get( key ) ?? {
				msgid,
				msgctxt,
				msgid_plural: get( 'p' ) ?? undefined,
				refs: [],
				comments: new Set(),
				js: false,
				php: false,
			};
			e.refs.push( `${ rel }:${ line }` );
			if ( tc ) {
				e.comments.add( `translators:${ ( tc[ 1 ] ?? tc[ 2 ] ).replace( /\s+/g, ' ' ).trimEnd() }` );
			}
			e[ php ? 'php' : 'js' ] = true;
			entries.set( key, e );
		}
	}
	return entries;
}

/** A .pot, or with `previous` (a parsed .po) the merged .po that keeps its translations and headers. */
export function makePot( entries = extract(), previous = null ) {
	const translations = { '': {} };
	for ( const e of entries.values() ) {
		translations[ e.msgctxt ] ??= {};
		translations[ e.msgctxt ][ e.msgid ] = {
			msgctxt: e.msgctxt || undefined,
			msgid: e.msgid,
			msgid_plural: e.msgid_plural,
			msgstr:
				previous?.translations[ e.msgctxt ]?.[ e.msgid ]?.msgstr ?? ( e.msgid_plural ? [ '', '' ] : [ '' ] ),
			comments: { reference: e.refs.join( '\n' ), extracted: [ ...e.comments ].join( '\n' ) || undefined },
		};
	}
	translations[ '' ][ '' ] = { msgid: '', msgstr: [ '' ] };
	return gettextParser.po.compile( {
		charset: 'utf-8',
		headers: previous?.headers ?? {
			'Project-Id-Version': 'Handoff Chat',
			'Content-Type': 'text/plain; charset=UTF-8',
			'Content-Transfer-Encoding': '8bit',
			'X-Domain': DOMAIN,
		},
		translations,
	} );
}

export function readPo( file ) {
	return gettextParser.po.parse( readFileSync( file ) );
}

export const poFiles = () =>
	readdirSync( LANG_DIR )
		.filter( ( f ) => f.startsWith( `${ DOMAIN }-` ) && f.endsWith( '.po' ) )
		.map( ( f ) => path.join( LANG_DIR, f ) );

/** Strings of the sources that a .po lacks or leaves untranslated. */
export function missingTranslations( po, entries = extract() ) {
	const missing = [];
	for ( const e of entries.values() ) {
		const t = po.translations[ e.msgctxt ]?.[ e.msgid ];
		if ( ! t || t.msgstr.some( ( s ) => ! s ) || ( t.comments?.flag ?? '' ).includes( 'fuzzy' ) ) {
			missing.push( e.msgid );
		}
	}
	return missing;
}

/**
 * Compiles every .po into a .mo (PHP) and one Jed JSON file per script handle (JavaScript),
 * each holding only the strings that script uses (after `npm run build:wp`).
 */
export function build() {
	mkdirSync( OUT_DIR, { recursive: true } );
	const js = [ ...extract().values() ].filter( ( e ) => e.js );
	const byHandle = stringsByHandle( js );
	for ( const file of poFiles() ) {
		const po = readPo( file );
		const locale = path.basename( file, '.po' ).slice( DOMAIN.length + 1 );
		writeFileSync( path.join( OUT_DIR, `${ DOMAIN }-${ locale }.mo` ), gettextParser.mo.compile( po ) );
		// Each script's file holds the strings its own code uses, not the whole plugin's.
		for ( const [ handle, used ] of Object.entries( byHandle ) ) {
			const messages = {
				'': {
					domain: 'messages',
					lang: locale,
					'plural-forms': po.headers[ 'Plural-Forms' ] ?? 'nplurals=2; plural=n > 1;',
				},
			};
			for ( const e of used ) {
				const t = po.translations[ e.msgctxt ]?.[ e.msgid ];
				if ( t && t.msgstr.every( Boolean ) ) {
					messages[ e.msgctxt ? `${ e.msgctxt }\u0004${ e.msgid }` : e.msgid ] = t.msgstr;
				}
			}
			const json = JSON.stringify( {
				'translation-revision-date': po.headers[ 'PO-Revision-Date' ] ?? '',
				generator: 'handoff-chat/scripts/i18n.mjs',
				domain: 'messages',
				locale_data: { messages },
			} );
			writeFileSync( path.join( OUT_DIR, `${ DOMAIN }-${ locale }-${ handle }.json` ), json );
		}
	}
}

if ( process.argv[ 1 ] === fileURLToPath( import.meta.url ) ) {
	const cmd = process.argv[ 2 ];
	if ( cmd === 'pot' ) {
		const entries = extract();
		writeFileSync( path.join( LANG_DIR, `${ DOMAIN }.pot` ), makePot( entries ) );
		for ( const file of poFiles() ) {
			const po = makePot( entries, readPo( file ) );
			writeFileSync( file, po );
			const missing = missingTranslations( gettextParser.po.parse( po ), entries ).length;
			process.stdout.write( `${ path.basename( file ) }: ${ missing } untranslated\n` );
		}
		process.stdout.write( `${ entries.size } strings → languages/${ DOMAIN }.pot\n` );
	} else if ( cmd === 'build' ) {
		build();
	} else if ( cmd === 'check' ) {
		let bad = 0;
		for ( const file of poFiles() ) {
			const missing = missingTranslations( readPo( file ) );
			bad += missing.length;
			for ( const m of missing ) {
				process.stdout.write( `${ path.basename( file ) }: untranslated "${ m }"\n` );
			}
		}
		process.exit( bad ? 1 : 0 );
	} else {
		process.stderr.write( 'usage: node scripts/i18n.mjs pot|build|check\n' );
		process.exit( 2 );
	}
}
