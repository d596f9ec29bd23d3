/**
 * soketi as an external engine for tests, when a scratch install exists (`npm run bench --
 * --soketi` puts one in .cache/bench/soketi; scripts/bench/soketi.mjs installs and starts it
 * the same way). Never a dependency: AGPL-3.0, run as its own process, bound to loopback.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './built-bridge';

const DIR = path.resolve( __dirname, '../../../.cache/bench/soketi' );
const BIN = path.join( DIR, 'node_modules/@soketi/soketi/bin/server.js' );

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
		env: {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			SOKETI_HOST: '127.0.0.1',
			SOKETI_PORT: String( port ),
			SOKETI_METRICS_HOST: '127.0.0.1',
			SOKETI_METRICS_SERVER_PORT: String( await freePort() ),
			SOKETI_METRICS_ENABLED: 'false',
			// Its node discovery (UDP) stays on loopback, on a port of its own.
			SOKETI_CLUSTER_HOST: '127.0.0.1',
			SOKETI_CLUSTER_PORT: String( await freePort() ),
			SOKETI_CLUSTER_BROADCAST_ADDRESS: '127.0.0.1',
			SOKETI_ADAPTER_DRIVER: 'local',
			SOKETI_DEFAULT_APP_ID: app.REALTIME_APP_ID,
			SOKETI_DEFAULT_APP_KEY: app.REALTIME_KEY,
			SOKETI_DEFAULT_APP_SECRET: app.REALTIME_SECRET,
			SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: 'false',
		},
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
