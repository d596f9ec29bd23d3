/**
 * soketi as an external engine for tests, when a scratch install exists (`npm run bench --
 * --soketi` puts one in .cache/bench/soketi; scripts/bench/soketi.mjs installs it and starts it
 * with the same environment, scripts/lib/soketi.cjs). Never a dependency: AGPL-3.0, run as its own process, bound to loopback.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './built-bridge';

// The bench's way of running it (ports, loopback, the app), shared.
const { soketiEnv, soketiPaths } = require( '../../../scripts/lib/soketi.cjs' );

const { dir: DIR, bin: BIN } = soketiPaths(
	path.resolve( __dirname, '../../..' )
);

export const soketiInstalled = () => existsSync( BIN );

const accepts = ( port: number ) =>
	new Promise< boolean >( ( resolve ) => {
		const s = net.connect( port, '127.0.0.1' );
		s.once( 'connect', () => {
			s.destroy();
			resolve( true );
		} );
		s.once( 'error', () => resolve( false ) );
	} );

/** Starts soketi with one app; resolves once its port accepts connections. */
export async function startSoketi( app: {
	REALTIME_APP_ID: string;
	REALTIME_KEY: string;
	REALTIME_SECRET: string;
} ) {
	const port = await freePort();
	const child = spawn( process.execPath, [ BIN, 'start' ], {
		cwd: DIR,
		env: soketiEnv( {
			port,
			metricsPort: await freePort(),
			clusterPort: await freePort(),
			app,
		} ),
		stdio: [ 'ignore', 'ignore', 'ignore' ],
	} );
	const exited = once( child, 'exit' );
	// No readiness line to wait on: its port accepting is the condition.
	while ( ! ( await accepts( port ) ) ) {
		if ( child.exitCode !== null ) {
			throw new Error( 'soketi exited before listening' );
		}
		await new Promise( ( r ) => setTimeout( r, 50 ) );
	}
	return {
		port,
		async stop() {
			if ( child.exitCode === null && child.signalCode === null ) {
				child.kill( 'SIGTERM' );
				await exited;
			}
		},
	};
}
