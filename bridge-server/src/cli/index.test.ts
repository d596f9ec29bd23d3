/** The operator CLI as people call it (the built file, as `handoff-bridge` runs it; `npm test` builds it first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CLI = path.resolve( __dirname, '../../dist/cli/index.js' );
const { version } = require( '../../package.json' );

function cli( ...args: string[] ) {
	const dir = mkdtempSync( path.join( tmpdir(), 'handoff-cli-' ) );
	try {
		return spawnSync( process.execPath, [ CLI, ...args ], {
			encoding: 'utf8',
			env: { PATH: process.env.PATH, DATA_DIR: dir },
		} );
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
}

it( 'answers --help and -h with the usage, --version with the package version', () => {
	for ( const flag of [ '--help', '-h' ] ) {
		const r = cli( flag );
		expect( r.status ).toBe( 0 );
		expect( r.stdout ).toMatch(
			/^Usage:\n {2}handoff-bridge sites:create/
		);
		expect( r.stdout ).toContain( '--help | --version' );
	}
	const v = cli( '--version' );
	expect( v.status ).toBe( 0 );
	expect( v.stdout.trim() ).toBe( version );
} );

it( 'refuses an unknown option or a missing command with the usage (exit 2), not a stack trace', () => {
	for ( const args of [ [ '--nope' ], [] ] ) {
		const r = cli( ...args );
		expect( r.status ).toBe( 2 );
		expect( r.stderr ).toContain( 'Usage:' );
		expect( r.stderr ).not.toMatch( /\n\s+at / );
	}
	expect( cli( '--nope' ).stderr ).toMatch( /Unknown option '--nope'/ );
} );
