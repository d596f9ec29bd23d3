/** The operator CLI as people call it (the built file, as `handoff-bridge` runs it; `npm test` builds it first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtBridgeEnv, spawnBuiltBridge } from '../test-utils/built-bridge';

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
			/^Usage:\n {2}handoff-bridge \[serve\] +start the bridge \(the default command\)/
		);
		expect( r.stdout ).toContain( 'handoff-bridge sites:create' );
		expect( r.stdout ).toContain( '--help | --version' );
		// The environment is documented where the operator looks first.
		for ( const name of [
			'DATA_DIR',
			'BRIDGE_PORT',
			'REALTIME_SHARE_HTTP_PORT',
			'REALTIME_PUBLIC_HOST',
			'CORS_ORIGINS',
			'LOG_LEVEL',
		] ) {
			expect( r.stdout ).toContain( name );
		}
	}
	const v = cli( '--version' );
	expect( v.status ).toBe( 0 );
	expect( v.stdout.trim() ).toBe( version );
} );

it( 'refuses an unknown option or an unknown command with the usage (exit 2), not a stack trace', () => {
	for ( const args of [ [ '--nope' ], [ 'sites:nope' ] ] ) {
		const r = cli( ...args );
		expect( r.status ).toBe( 2 );
		expect( r.stderr ).toContain( 'Usage:' );
		expect( r.stderr ).not.toMatch( /\n\s+at / );
	}
	expect( cli( '--nope' ).stderr ).toMatch( /Unknown option '--nope'/ );
} );

describe.each( [ [ 'serve' ], [] ] )( 'handoff-bridge %s', ( ...args ) => {
	it( 'starts the bridge, which answers /healthz and drains on SIGTERM', async () => {
		const dir = mkdtempSync( path.join( tmpdir(), 'handoff-cli-serve-' ) );
		try {
			const bridge = await spawnBuiltBridge(
				await builtBridgeEnv( dir ),
				[ CLI, ...args ]
			);
			const health = await fetch( `${ bridge.url }/healthz` );
			expect( health.status ).toBe( 200 );
			expect(
				( ( await health.json() ) as { status: string } ).status
			).toBe( 'ok' );
			bridge.child.kill( 'SIGTERM' );
			expect( await bridge.exited ).toEqual( [ 0, null ] );
			expect( bridge.log() ).toContain( '"msg":"bridge stopped"' );
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );
} );
