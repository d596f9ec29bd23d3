/** Starts the bridge: config, database migrations, realtime, HTTP; drains and stops on SIGINT/SIGTERM (drain.ts). */
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { ConfigError, loadConfig, type UploadStoreConfig } from './config';
import { createContext } from './context';
import { HttpDrain } from './drain';
import { createLogger } from './logger';
import { checkDescriptorBudget, limitHttpServer } from './server-limits';

const log = createLogger();
// A crash is still a crash (exit 1), but its stack is one line of the log, not raw text.
process.on( 'uncaughtException', ( err ) => {
	log.error( 'uncaught exception', { err } );
	process.exit( 1 );
} );
process.on( 'unhandledRejection', ( err ) => {
	log.error( 'unhandled rejection', { err } );
	process.exit( 1 );
} );
// Node's warnings (deprecations, listener leaks…) as lines of the log: its default listener
// prints them as raw text between the JSON lines.
process.removeAllListeners( 'warning' );
process.on( 'warning', ( warning ) =>
	log.warn( 'node warning', { err: warning } )
);

async function main() {
	const config = loadConfig();
	const ctx = await createContext( config, log );
	const app = createApp( ctx );
	const server = app.listen( config.port, config.host );
	ctx.attach( server );
	limitHttpServer( server, config, ctx.services.health, log );
	checkDescriptorBudget( config, log );
	await new Promise< void >( ( resolve, reject ) => {
		server.once( 'listening', resolve );
		server.once( 'error', reject );
	} );
	const drain = new HttpDrain( server, log );
	let stopping = false;
	const stop = async ( signal: string ) => {
		if ( stopping ) {
			return;
		}
		stopping = true;
		// Answers first (their realtime events are released as each is written), then what is
		// still queued for realtime, then the realtime server (4200: clients reconnect at once
		// to the next process) and the database.
		const t = Date.now();
		try {
			await drain.drain( config.shutdownDrainMs, signal, ctx.detach );
			await ctx.close();
		} catch ( err ) {
			log.error( 'stop failed', { signal, err } );
			process.exit( 1 );
		}
		log.info( 'bridge stopped', { signal, durationMs: Date.now() - t } );
		process.exit( 0 );
	};
	process.on( 'SIGINT', () => void stop( 'SIGINT' ) );
	process.on( 'SIGTERM', () => void stop( 'SIGTERM' ) );
	// Last: once it is logged, a signal drains (scripts and tests wait for this line).
	const { port } = server.address() as AddressInfo;
	const rt = ctx.realtime.clientConfig();
	log.info( 'bridge listening', {
		url: `http://${ config.host }:${ port }`,
		database: config.database.client,
		realtime: `${ config.realtime.driver } ws${ rt.forceTLS ? 's' : '' }://${ rt.wsHost }:${ rt.forceTLS ? rt.wssPort : rt.wsPort }`,
		uploads: uploadsWhere( config.uploads.store ),
	} );
}

/** Where images go, for the start-up line: the folder, or the bucket (no credentials). */
function uploadsWhere( store: UploadStoreConfig ): string {
	return store.driver === 'disk'
		? `disk ${ store.dir }`
		: `s3 ${ store.endpoint ?? `aws:${ store.region }` }/${ store.bucket }/${ store.prefix }`;
}

main().catch( ( err ) => {
	// A configuration mistake is the operator's to fix: its message says how, no stack.
	if ( err instanceof ConfigError ) {
		log.error( 'invalid configuration', { detail: err.message } );
	} else {
		log.error( 'bridge failed to start', { err } );
	}
	process.exit( 1 );
} );
