/** The operator CLI as people call it (the built file, as `handoff-bridge` runs it; `npm test` builds it first). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCode } from '../auth/connect-code';
import { builtBridgeEnv, spawnBuiltBridge } from '../test-utils/built-bridge';
import { loadConfig } from '../config';
import { createDb } from '../db';

const CLI = path.resolve( __dirname, '../../dist/cli/index.js' );

// Each test runs the CLI several times as a new Node process (about half a second each on a
// quiet machine, several on a busy 2-core CI machine): jest's 5 s default is not about behaviour.
jest.setTimeout( 120_000 );
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

it( 'refuses to start the realtime server alone without the secret the bridges sign with', () => {
	const r = cli( 'realtime' );
	expect( r.status ).toBe( 1 );
	expect( r.stderr ).toMatch( /^REALTIME_SECRET is required/ );
	expect( r.stderr ).not.toMatch( /\n\s+at / );
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

describe( 'connection codes', () => {
	let dir: string;
	beforeAll( () => {
		dir = mkdtempSync( path.join( tmpdir(), 'handoff-cli-codes-' ) );
	} );
	afterAll( () => rmSync( dir, { recursive: true, force: true } ) );

	/** The CLI on one data folder kept across calls. */
	const run = ( env: Record< string, string >, ...args: string[] ) =>
		spawnSync( process.execPath, [ CLI, ...args ], {
			encoding: 'utf8',
			env: { PATH: process.env.PATH, DATA_DIR: dir, ...env },
		} );
	const PUBLIC = { PUBLIC_URL: 'https://chat.example.com/' };

	async function siteRow( siteId: string ) {
		const db = createDb( {
			client: 'sqlite3',
			connection: path.join( dir, 'bridge.sqlite' ),
		} );
		try {
			return await db( 'sites' ).where( { id: siteId } ).first();
		} finally {
			await db.destroy();
		}
	}

	it( 'sites:create prints a one-time code for the bridge URL instead of the secret', async () => {
		const r = run( PUBLIC, 'sites:create', '--name', 'Shop' );
		expect( r.status ).toBe( 0 );
		const siteId = /site id: (site_[0-9a-f]+)/.exec( r.stdout )![ 1 ];
		const code = /\n {4}(hc1_\S+)\n/.exec( r.stdout )![ 1 ];
		expect( parseCode( code )!.bridgeUrl ).toBe(
			'https://chat.example.com'
		);
		expect( r.stdout ).toContain( 'works once' );
		const { secret } = await siteRow( siteId );
		expect( r.stdout ).not.toContain( secret );
		expect( r.stdout ).not.toMatch( /secret:/ );

		// --bridge-url wins over PUBLIC_URL; --json is for scripts.
		const j = run(
			PUBLIC,
			'sites:create',
			'--name',
			'Other',
			'--bridge-url',
			'http://10.0.0.5:8787',
			'--json'
		);
		const out = JSON.parse( j.stdout );
		expect( parseCode( out.connectionCode )!.bridgeUrl ).toBe(
			'http://10.0.0.5:8787'
		);
		expect( out ).toMatchObject( {
			siteId: expect.stringMatching( /^site_/ ),
			secret: expect.stringMatching( /^[0-9a-f]{64}$/ ),
			codeExpiresAt: expect.any( String ),
		} );
	} );

	it( 'without a public URL sites:create still creates the site and says how to get a code; sites:connect-code refuses', () => {
		const r = run( {}, 'sites:create', '--name', 'No URL' );
		expect( r.status ).toBe( 0 );
		expect( r.stdout ).toContain( 'set PUBLIC_URL or pass --bridge-url' );
		expect( r.stdout ).not.toContain( 'hc1_' );
		const siteId = /site id: (site_[0-9a-f]+)/.exec( r.stdout )![ 1 ];
		const c = run( {}, 'sites:connect-code', siteId );
		expect( c.status ).toBe( 2 );
		expect( c.stderr ).toContain( 'PUBLIC_URL' );
	} );

	it( 'sites:connect-code issues a new code with its lifetime; unknown sites and bad lifetimes are refused', async () => {
		const { siteId } = JSON.parse(
			run( PUBLIC, 'sites:create', '--name', 'Again', '--json' ).stdout
		);
		const before = Date.now();
		const r = run(
			PUBLIC,
			'sites:connect-code',
			siteId,
			'--expires-in',
			'2',
			'--json'
		);
		const after = Date.now();
		expect( r.status ).toBe( 0 );
		const out = JSON.parse( r.stdout );
		expect( parseCode( out.connectionCode ) ).not.toBeNull();
		const expires = Date.parse( out.codeExpiresAt );
		expect( expires ).toBeGreaterThanOrEqual(
			before + 2 * 3600_000 - 1000
		);
		expect( expires ).toBeLessThanOrEqual( after + 2 * 3600_000 );

		const text = run( PUBLIC, 'sites:connect-code', siteId );
		expect( text.stdout ).toMatch( /\n {4}hc1_\S+\n/ );

		expect(
			run( PUBLIC, 'sites:connect-code', 'site_nope' ).stderr
		).toContain( 'No site site_nope' );
		const bad = run(
			PUBLIC,
			'sites:connect-code',
			siteId,
			'--expires-in',
			'0'
		);
		expect( bad.status ).toBe( 2 );
		expect( bad.stderr ).toContain( '--expires-in' );
	} );

	it( 'sites:rotate-secret replaces the secret without printing it; sites:url changes the address', async () => {
		const { siteId, secret } = JSON.parse(
			run( PUBLIC, 'sites:create', '--name', 'Rotate', '--json' ).stdout
		);
		const r = run( PUBLIC, 'sites:rotate-secret', siteId );
		expect( r.status ).toBe( 0 );
		const now = ( await siteRow( siteId ) ).secret;
		expect( now ).not.toBe( secret );
		expect( r.stdout ).not.toContain( now );
		expect( r.stdout ).toMatch( /\n {4}hc1_\S+\n/ );

		const u = run( {}, 'sites:url', siteId, 'https://shop.example.org/' );
		expect( u.status ).toBe( 0 );
		expect( u.stdout ).toContain( 'https://shop.example.org' );
		expect( ( await siteRow( siteId ) ).url ).toBe(
			'https://shop.example.org'
		);
		const bad = run( {}, 'sites:url', siteId, 'ftp://x' );
		expect( bad.status ).toBe( 2 );
		expect( ( await siteRow( siteId ) ).url ).toBe(
			'https://shop.example.org'
		);

		// The site's address known, a link to its Settings screen carries the code too.
		const linked = run( PUBLIC, 'sites:connect-code', siteId );
		const code = /\n {4}(hc1_\S+)\n/.exec( linked.stdout )![ 1 ];
		expect( linked.stdout ).toContain(
			`\n  https://shop.example.org/wp-admin/admin.php?page=handoff-chat-settings&handoff_chat_connection_code=${ code }\n`
		);
		expect(
			run( PUBLIC, 'sites:create', '--name', 'No link' ).stdout
		).not.toContain( 'wp-admin' );
	} );
} );
