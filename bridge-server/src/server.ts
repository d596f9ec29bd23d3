/** Starts the bridge: config, database migrations, realtime, HTTP; stops cleanly on SIGINT/SIGTERM. */
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createContext } from './context';
import { createLogger } from './logger';
import { checkDescriptorBudget, limitHttpServer } from './server-limits';

async function main() {
	const log = createLogger();
	const config = loadConfig();
	const ctx = await createContext( config, log );
	const app = createApp( ctx );
	const server = app.listen( config.port, config.host );
	limitHttpServer( server, config, ctx.services.health, log );
	checkDescriptorBudget( config, log );
	await new Promise< void >( ( resolve, reject ) => {
		server.once( 'listening', resolve );
		server.once( 'error', reject );
	} );
	const { port } = server.address() as AddressInfo;
	const rt = ctx.realtime.clientConfig();
	log.info( 'bridge listening', {
		url: `http://${ config.host }:${ port }`,
		database: config.database.client,
		realtime: `${ config.realtime.driver } ws${ rt.forceTLS ? 's' : '' }://${ rt.wsHost }:${ rt.forceTLS ? rt.wssPort : rt.wsPort }`,
	} );

	let stopping = false;
	const stop = async ( signal: string ) => {
		if ( stopping ) {
			return;
		}
		stopping = true;
		log.info( 'shutting down', { signal } );
		// Finish in-flight requests, then drop keep-alive sockets, then the realtime server and database.
		const closed = new Promise( ( resolve ) => server.close( resolve ) );
		server.closeIdleConnections();
		const force = setTimeout( () => server.closeAllConnections(), 5000 );
		await closed;
		clearTimeout( force );
		await ctx.close();
		process.exit( 0 );
	};
	process.on( 'SIGINT', () => void stop( 'SIGINT' ) );
	process.on( 'SIGTERM', () => void stop( 'SIGTERM' ) );
}

main().catch( ( err ) => {
	process.stderr.write(
		( err instanceof ConfigError
			? err.message
			: ( err?.stack ?? String( err ) ) ) + '\n'
	);
	process.exit( 1 );
} );
