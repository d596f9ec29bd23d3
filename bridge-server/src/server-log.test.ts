/**
 * The built bridge (bridge-server/dist/server.js; `npm test` builds it) writes nothing but
 * JSON lines on stderr, even when it cannot start: a configuration mistake is one line
 * naming it, any other failure one line with the error serialised (stack inside the line).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SERVER = path.resolve( __dirname, '../dist/server.js' );

let dir: string;
beforeAll( () => {
	if ( ! existsSync( SERVER ) ) {
		throw new Error(
			`${ SERVER } is missing: run \`npm run build:bridge\` (npm test builds it)`
		);
	}
	dir = mkdtempSync( path.join( tmpdir(), 'handoff-server-log-' ) );
} );
afterAll( () => rmSync( dir, { recursive: true, force: true } ) );

/**
 * Runs the bridge until it exits (`until`: sends SIGTERM once it accepts the lines so far);
 * its stderr as parsed lines (throws on a line that is not JSON).
 */
async function run(
	env: Record< string, string >,
	opts: { preload?: string; until?: ( lines: any[] ) => boolean } = {}
) {
	const args = opts.preload
		? [ '--require', opts.preload, SERVER ]
		: [ SERVER ];
	const child = spawn( process.execPath, args, {
		env: {
			PATH: process.env.PATH,
			NODE_ENV: 'production',
			BRIDGE_HOST: '127.0.0.1',
			BRIDGE_PORT: '0',
			REALTIME_PORT: '0',
			...env,
		},
		stdio: [ 'ignore', 'pipe', 'pipe' ],
	} );
	let stdout = '';
	let stderr = '';
	child.stdout!.on( 'data', ( d ) => ( stdout += d ) );
	child.stderr!.on( 'data', ( d ) => {
		stderr += d;
		if ( ! opts.until ) {
			return;
		}
		try {
			const complete = stderr
				.split( '\n' )
				.slice( 0, -1 )
				.map( ( l ) => JSON.parse( l ) );
			if ( opts.until( complete ) ) {
				child.kill( 'SIGTERM' );
			}
		} catch {
			child.kill( 'SIGKILL' ); // a line that is not JSON: the test fails on it below
		}
	} );
	const [ code ] = ( await once( child, 'exit' ) ) as [ number | null ];
	expect( stderr.endsWith( '\n' ) ).toBe( true );
	return {
		code,
		stdout,
		lines: stderr
			.slice( 0, -1 )
			.split( '\n' )
			.map( ( l ) => JSON.parse( l ) ),
	};
}

it( 'names a configuration mistake in one JSON line and exits 1', async () => {
	const { code, stdout, lines } = await run( {
		DATA_DIR: path.join( dir, 'config' ),
		REALTIME_DRIVER: 'pusher',
	} );
	expect( code ).toBe( 1 );
	expect( stdout ).toBe( '' );
	expect( lines ).toEqual( [
		expect.objectContaining( {
			level: 'error',
			msg: 'invalid configuration',
			detail: expect.stringContaining( 'REALTIME_SECRET' ),
		} ),
	] );
} );

it( 'logs a failure to start as one JSON line with its error and exits 1', async () => {
	// A file where the data folder should be: the database cannot be opened.
	const notADir = path.join( dir, 'not-a-dir' );
	writeFileSync( notADir, '' );
	const { code, stdout, lines } = await run( { DATA_DIR: notADir } );
	expect( code ).toBe( 1 );
	expect( stdout ).toBe( '' );
	const failed = lines.find( ( l ) => l.msg === 'bridge failed to start' );
	expect( failed ).toMatchObject( {
		level: 'error',
		err: {
			message: expect.any( String ),
			stack: expect.stringContaining( '\n    at ' ),
		},
	} );
} );

it( "logs Node's own warnings as JSON lines, not as raw text between them", async () => {
	// A module loaded before the bridge that makes Node warn once the bridge runs.
	const preload = path.join( dir, 'warn.js' );
	writeFileSync(
		preload,
		"setTimeout( () => process.emitWarning( 'old API', 'DeprecationWarning', 'DEP_TEST' ), 0 );\n"
	);
	const { code, lines } = await run(
		{ DATA_DIR: path.join( dir, 'warning' ) },
		{
			preload,
			until: ( ls ) =>
				ls.some( ( l ) => l.msg === 'node warning' ) &&
				ls.some( ( l ) => l.msg === 'bridge listening' ),
		}
	);
	expect( code ).toBe( 0 );
	expect( lines.find( ( l ) => l.msg === 'node warning' ) ).toMatchObject( {
		level: 'warn',
		err: {
			message: 'old API',
			code: 'DEP_TEST',
			stack: expect.stringMatching(
				/^DeprecationWarning: old API\n\s+at /
			),
		},
	} );
} );
