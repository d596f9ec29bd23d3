/** The operator CLI as people call it (the built file, as `handoff-bridge` runs it; `npm test` builds it first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtBridgeEnv, spawnBuiltBridge } from '../test-utils/built-bridge';
import { loadConfig } from '../config';
import { createDb } from '../db';

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

it( 'creates a site without a flow (live chat), and with the demo flow only when --demo-flow asks', async () => {
	const dir = mkdtempSync( path.join( tmpdir(), 'handoff-cli-' ) );
	const env = { PATH: process.env.PATH, DATA_DIR: dir };
	const create = ( ...extra: string[] ) => {
		const r = spawnSync(
			process.execPath,
			[ CLI, 'sites:create', '--name', 'Shop', '--json', ...extra ],
			{ encoding: 'utf8', env }
		);
		expect( r.status ).toBe( 0 );
		return JSON.parse( r.stdout.trim().split( '\n' ).pop()! ).siteId;
	};
	try {
		const real = create();
		const demo = create( '--demo-flow' );
		const db = createDb( loadConfig( env ).database );
		try {
			const flows = async ( siteId: string ) =>
				( await db( 'flows' ).where( { site_id: siteId } ) ).map(
					( f: { id: string } ) => f.id
				);
			expect( await flows( real ) ).toEqual( [] );
			expect( await flows( demo ) ).toEqual( [ 'demo' ] );
		} finally {
			await db.destroy();
		}
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
} );
