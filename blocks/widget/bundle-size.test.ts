/**
 * Size budgets of the built widget (sizes only, never times): what every visitor page
 * downloads before anyone touches the chat — the launcher's own script plus every script
 * WordPress prints for it (its asset file's dependencies, and theirs) — and the panel
 * chunk loaded on the first hover, focus or click. Reads plugin/build, which `npm test`
 * rebuilds first when a source is newer (scripts/lib/setup.mjs ensureBuild); run
 * `npm run build:wp` before running this file alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve( __dirname, '../..' );
const BUILD = path.join( ROOT, 'plugin/build/blocks/widget' );
/** Where scripts/wp/ensure-core.mjs puts WordPress, unless WP_CORE_DIR says otherwise. */
const CORE = process.env.WP_CORE_DIR
	? path.resolve( process.env.WP_CORE_DIR )
	: path.join( ROOT, '.cache/wordpress/core' );

const KB = 1024;
const LAUNCHER_BUDGET = 7 * KB;
const PANEL_BUDGET = 36 * KB;

const gz = ( file: string ) =>
	gzipSync( readFileSync( file ), { level: 9 } ).length;

/**
 * The dependencies an asset file (`*.asset.php`) or WordPress's package list declares.
 * @param source The PHP source holding `'dependencies' => array( … )`.
 */
const dependenciesIn = ( source: string ): string[] =>
	[
		...(
			/'dependencies'\s*=>\s*array\(([^)]*)\)/.exec( source )?.[ 1 ] ?? ''
		).matchAll( /'([^']+)'/g ),
	].map( ( m ) => m[ 1 ] );

/**
 * Every script WordPress prints before `handles`, with the dependencies of each (from its
 * `script-loader-packages.min.php`), and their gzipped sizes.
 * @param handles The launcher's dependencies.
 */
function printedWith( handles: string[] ): Map< string, number > {
	const sizes = new Map< string, number >();
	const packages = path.join(
		CORE,
		'wp-includes/assets/script-loader-packages.min.php'
	);
	const queue = [ ...handles ];
	while ( queue.length ) {
		const handle = queue.shift()!;
		if ( sizes.has( handle ) ) {
			continue;
		}
		const name = /^wp-(.+)$/.exec( handle )?.[ 1 ];
		const file = name
			? path.join( CORE, 'wp-includes/js/dist', `${ name }.min.js` )
			: '';
		if ( ! file || ! existsSync( file ) || ! existsSync( packages ) ) {
			throw new Error(
				`The launcher depends on "${ handle }", which this test cannot measure (no ${
					file || 'WordPress package'
				}): every script on a visitor page counts in its budget.`
			);
		}
		sizes.set( handle, gz( file ) );
		const entry = new RegExp(
			`'${ name }\\.min\\.js'\\s*=>\\s*array\\('dependencies'\\s*=>\\s*array\\([^)]*\\)`
		).exec( readFileSync( packages, 'utf8' ) );
		queue.push( ...dependenciesIn( entry?.[ 0 ] ?? '' ) );
	}
	return sizes;
}

describe( 'the widget’s size budgets (gzipped)', () => {
	beforeAll( () => {
		if ( ! existsSync( path.join( BUILD, 'view.asset.php' ) ) ) {
			throw new Error(
				'plugin/build/blocks/widget is not built: run `npm run build:wp` (npm test builds it).'
			);
		}
	} );

	it( `puts at most ${
		LAUNCHER_BUDGET / KB
	} KB of script on every visitor page: the launcher and what WordPress prints for it`, () => {
		const deps = dependenciesIn(
			readFileSync( path.join( BUILD, 'view.asset.php' ), 'utf8' )
		);
		const scripts = new Map( [
			[ 'view.js', gz( path.join( BUILD, 'view.js' ) ) ],
			...printedWith( deps ),
		] );
		const total = [ ...scripts.values() ].reduce( ( a, b ) => a + b, 0 );
		if ( total > LAUNCHER_BUDGET ) {
			const each = [ ...scripts ].map(
				( [ n, b ] ) => `${ n } ${ b } B`
			);
			throw new Error(
				`${ total } B on every page: ${ each.join( ', ' ) }`
			);
		}
		expect( total ).toBeLessThanOrEqual( LAUNCHER_BUDGET );
	} );

	it( `keeps the chat panel chunk, loaded on the first hover, focus or click, under ${
		PANEL_BUDGET / KB
	} KB`, () => {
		expect( gz( path.join( BUILD, 'chat-panel.js' ) ) ).toBeLessThanOrEqual(
			PANEL_BUDGET
		);
	} );
} );
