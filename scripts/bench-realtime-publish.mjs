#!/usr/bin/env node
/**
 * The bridge's publishing cost on its embedded realtime server: events published on one
 * channel with N raw WebSocket subscribers in a child process (so the figures count the
 * bridge's side only). Prints deliveries/s and the bridge process's CPU per published event.
 *
 *   node scripts/bench-realtime-publish.mjs [--dist bridge-server/dist] [--driver embedded|pusher]
 *       [--subs 100] [--events 2000] [--batch 1|10] [--bytes 600] [--yield]
 *
 * --driver embedded: what createRealtime() returns for REALTIME_DRIVER=embedded (the default);
 * --driver pusher: the `pusher` SDK driver over signed loopback HTTP to the same embedded server.
 * Calls go one after the other (as EventsService drains a channel); --yield lets the event
 * loop turn between them, as when each event comes from its own request.
 * Figures, not assertions: say the load average with them (printed).
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const require = createRequire(
	path.join( ROOT, 'bridge-server/package.json' )
);
const args = Object.fromEntries(
	process.argv.slice( 2 ).reduce( ( out, a, i, all ) => {
		if ( a.startsWith( '--' ) ) {
			out.push( [ a.slice( 2 ), all[ i + 1 ] ] );
		}
		return out;
	}, [] )
);
const APP = {
	appId: 'bench',
	key: 'bench-key',
	secret: 'bench-secret-0123456789',
};

if ( process.argv[ 2 ] === '--child' ) {
	// Subscribers: raw sockets on a public channel, counting the events they receive.
	// The bridge's own dependency (resolved from bridge-server/).
	// eslint-disable-next-line import/no-extraneous-dependencies
	const WebSocket = require( 'ws' );
	const [ , , , port, subs, total ] = process.argv;
	let received = 0;
	let ready = 0;
	const expected = Number( subs ) * Number( total );
	for ( let i = 0; i < Number( subs ); i++ ) {
		const ws = new WebSocket(
			`ws://127.0.0.1:${ port }/app/${ APP.key }?protocol=7`
		);
		ws.on( 'message', ( raw ) => {
			const f = JSON.parse( raw );
			if ( f.event === 'pusher:connection_established' ) {
				ws.send(
					JSON.stringify( {
						event: 'pusher:subscribe',
						data: { channel: 'bench' },
					} )
				);
			} else if ( f.event === 'pusher_internal:subscription_succeeded' ) {
				if ( ++ready === Number( subs ) ) {
					process.send( 'ready' );
				}
			} else if ( f.event === 'ev' && ++received === expected ) {
				process.send( 'done' );
				setTimeout( () => process.exit( 0 ), 50 );
			}
		} );
	}
} else {
	const dist = path.resolve( ROOT, args.dist ?? 'bridge-server/dist' );
	const driverName = args.driver ?? 'embedded';
	const subs = Number( args.subs ?? 100 );
	const events = Number( args.events ?? 2000 );
	const batch = Number( args.batch ?? 1 );
	const bytes = Number( args.bytes ?? 600 );
	const yieldEach = process.argv.includes( '--yield' );
	const { createRealtime } = require(
		path.join( dist, 'realtime/index.js' )
	);
	const config = {
		...APP,
		driver: 'embedded',
		host: '',
		port: 0,
		useTLS: false,
		cluster: 'mt1',
		publicHost: '127.0.0.1',
		publicPort: 0,
		publicTLS: false,
		bindHost: '127.0.0.1',
		// The subscribers listen on a public channel.
		embeddedLimits: { allowPublicChannels: true },
	};
	const rt = await createRealtime( config );
	let driver = rt.driver;
	const port = rt.driver.clientConfig().wsPort;
	if ( driverName === 'pusher' ) {
		const { createPusherDriver } = require(
			path.join( dist, 'realtime/pusher-driver.js' )
		);
		driver = createPusherDriver( {
			...config,
			driver: 'pusher',
			host: '127.0.0.1',
			port,
		} );
	}
	const child = fork( fileURLToPath( import.meta.url ), [
		'--child',
		String( port ),
		String( subs ),
		String( events ),
	] );
	const message = ( what ) =>
		new Promise( ( r ) =>
			child.on( 'message', ( m ) => m === what && r() )
		);
	await message( 'ready' );
	const data = ( i ) => ( { i, text: 'x'.repeat( bytes ) } );
	const cpu0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	const done = message( 'done' );
	for ( let i = 0; i < events; i += batch ) {
		if ( batch === 1 ) {
			await driver.trigger( 'bench', 'ev', data( i ) );
		} else {
			await driver.triggerBatch(
				Array.from(
					{ length: Math.min( batch, events - i ) },
					( _, k ) => ( {
						channel: 'bench',
						name: 'ev',
						data: data( i + k ),
					} )
				)
			);
		}
		if ( yieldEach ) {
			await new Promise( ( r ) => setImmediate( r ) );
		}
	}
	await done;
	const secs = Number( process.hrtime.bigint() - t0 ) / 1e9;
	const cpu = process.cpuUsage( cpu0 );
	const cpuMs = ( cpu.user + cpu.system ) / 1000;
	process.stdout.write(
		JSON.stringify( {
			dist: path.relative( ROOT, dist ),
			driver: driverName,
			subs,
			events,
			batch,
			bytes,
			yield: yieldEach,
			deliveriesPerSec: Math.round( ( events * subs ) / secs ),
			eventsPerSec: Math.round( events / secs ),
			cpuMsPerEvent: +( cpuMs / events ).toFixed( 3 ),
			loadavg: loadavg().map( ( l ) => +l.toFixed( 2 ) ),
		} ) + '\n'
	);
	await driver.close();
	await rt.embedded?.close();
	process.exit( 0 );
}
