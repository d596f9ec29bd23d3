#!/usr/bin/env node
/**
 * `npm run bench`: figures, not assertions (tests assert behaviour; this prints numbers).
 * Runs the built bridge in-process on a temporary sqlite3 database with its embedded
 * realtime server, on loopback only, bounded in count and time:
 *   1. realtime: pusher SDK trigger → receipt in pusher-js (latency, throughput);
 *   2. visitor send over HTTP → the advisor's pusher-js receives it on the inbox channel;
 *   3. the inbox with 100,000 conversations (first page, filters, deep keyset page, summary);
 *   4. a 5,000-message history (catch-up forwards, a page backwards);
 *   5. the browser bundles (gzip).
 * BENCH_CONVERSATIONS and BENCH_MESSAGES change the sizes.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ensureBuild, ensureNodeModules } from './lib/setup.mjs';

const ROOT = path.resolve( path.dirname( fileURLToPath( import.meta.url ) ), '..' );
ensureNodeModules();
ensureBuild();

// Resolve packages as the bridge does (some live in its own node_modules).
const require = createRequire( path.join( ROOT, 'bridge-server/package.json' ) );
const dist = ( p ) => require( path.join( ROOT, 'bridge-server/dist', p ) );
const { createApp } = dist( 'app.js' );
const { loadConfig } = dist( 'config.js' );
const { createContext } = dist( 'context.js' );
const { createLogger } = dist( 'logger.js' );
const { SignJWT } = require( 'jose' );
const Pusher = require( 'pusher-js' );
const contracts = require( path.join( ROOT, 'contracts/dist/index.js' ) );

const N_CONV = Number( process.env.BENCH_CONVERSATIONS ?? 100_000 );
const N_MSG = Number( process.env.BENCH_MESSAGES ?? 5_000 );

const pct = ( xs, p ) => {
	const s = [ ...xs ].sort( ( a, b ) => a - b );
	return s[ Math.min( s.length - 1, Math.floor( ( p / 100 ) * s.length ) ) ];
};
const ms = ( x ) => `${ x.toFixed( 2 ) } ms`;
const rows = [];
const report = ( what, value, note = '' ) => {
	rows.push( [ what, value, note ] );
	process.stdout.write( `  ${ what.padEnd( 52 ) } ${ String( value ).padEnd( 22 ) } ${ note }\n` );
};
const now = () => performance.now();

async function timed( fn, times = 20 ) {
	const xs = [];
	for ( let i = 0; i < times; i++ ) {
		const t = now();
		await fn();
		xs.push( now() - t );
	}
	return xs;
}

/** Runs `fn(i)` for i < n with at most `concurrency` in flight. */
async function pool( n, concurrency, fn ) {
	let next = 0;
	await Promise.all(
		Array.from( { length: concurrency }, async () => {
			while ( next < n ) {
				await fn( next++ );
			}
		} )
	);
}

const dataDir = mkdtempSync( path.join( tmpdir(), 'handoff-bench-' ) );
const config = loadConfig( { DATA_DIR: dataDir, BRIDGE_PORT: '0', REALTIME_PORT: '0' } );
const ctx = await createContext( config, createLogger( 'error' ) );
const server = createApp( ctx ).listen( 0, '127.0.0.1' );
await new Promise( ( r ) => server.once( 'listening', r ) );
const base = `http://127.0.0.1:${ server.address().port }`;
const site = await ctx.services.sites.create( { name: 'Bench' } );
const sockets = [];

const advisorToken = ( id ) => {
	const t = Math.floor( Date.now() / 1000 );
	return new SignJWT( { site: site.id, name: `Advisor ${ id }` } )
		.setProtectedHeader( { alg: 'HS256', typ: 'JWT' } )
		.setIssuer( 'wordpress' )
		.setAudience( contracts.ADVISOR_AUDIENCE )
		.setSubject( String( id ) )
		.setIssuedAt( t )
		.setExpirationTime( t + 900 )
		.sign( new TextEncoder().encode( site.secret ) );
};

async function call( method, p, token, body ) {
	const res = await fetch( base + p, {
		method,
		headers: { Authorization: `Bearer ${ token }`, ...( body ? { 'Content-Type': 'application/json' } : {} ) },
		body: body ? JSON.stringify( body ) : undefined,
	} );
	const json = await res.json();
	if ( res.status >= 400 ) {
		throw new Error( `${ method } ${ p }: ${ res.status } ${ JSON.stringify( json ) }` );
	}
	return json;
}

function connect( authorize ) {
	const cfg = ctx.realtime.clientConfig();
	const p = new Pusher( cfg.key, {
		wsHost: cfg.wsHost,
		wsPort: cfg.wsPort,
		forceTLS: false,
		enabledTransports: [ 'ws' ],
		cluster: 'mt1',
		disableStats: true,
		channelAuthorization: { customHandler: authorize },
	} );
	sockets.push( p );
	return p;
}
const subscribed = ( p, name ) =>
	new Promise( ( resolve, reject ) => {
		const ch = p.subscribe( name );
		ch.bind( 'pusher:subscription_succeeded', () => resolve( ch ) );
		ch.bind( 'pusher:subscription_error', reject );
	} );

try {
	process.stdout.write( `\nHandoff Chat benchmarks (node ${ process.version }, loopback, sqlite3)\n\n` );

	// 1. Realtime engine alone.
	{
		const p = connect( ( { socketId, channelName }, cb ) => cb( null, ctx.realtime.authorizeChannel( socketId, channelName ) ) );
		const ch = await subscribed( p, 'private-bench' );
		const N = 2000;
		const sent = new Map();
		const lat = [];
		let done;
		const all = new Promise( ( r ) => ( done = r ) );
		ch.bind( 'tick', ( d ) => {
			lat.push( now() - sent.get( d.i ) );
			if ( lat.length === N ) {
				done();
			}
		} );
		const t0 = now();
		await pool( N, 32, async ( i ) => {
			sent.set( i, now() );
			await ctx.realtime.trigger( 'private-bench', 'tick', { i } );
		} );
		await all;
		const secs = ( now() - t0 ) / 1000;
		report( 'realtime trigger → pusher-js receipt, p50', ms( pct( lat, 50 ) ), `${ N } events, 32 in flight` );
		report( 'realtime trigger → pusher-js receipt, p99', ms( pct( lat, 99 ) ) );
		report( 'realtime throughput', `${ Math.round( N / secs ) } events/s` );
	}

	// 2. A visitor's message through the bridge to an advisor's inbox channel.
	const adv = await advisorToken( 1 );
	let convId;
	{
		const v = await ( await fetch( `${ base }/v1/sites/${ site.id }/visitors`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' } ) ).json();
		convId = ( await call( 'POST', '/v1/conversations', v.token, { mode: 'live' } ) ).conversation.id;
		const p = connect( async ( { socketId, channelName }, cb ) => {
			const res = await fetch( `${ base }/v1/realtime/auth`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${ adv }`, 'Content-Type': 'application/json' },
				body: JSON.stringify( { socket_id: socketId, channel_name: channelName } ),
			} );
			cb( null, await res.json() );
		} );
		const ch = await subscribed( p, contracts.inboxChannel( site.id ) );
		const started = new Map();
		const e2e = [];
		ch.bind( contracts.EVENTS.messageCreated, ( d ) => {
			const t = started.get( d.message?.clientId );
			if ( t !== undefined ) {
				e2e.push( now() - t );
			}
		} );
		const N = 1000;
		const http = [];
		const t0 = now();
		await pool( N, 8, async ( i ) => {
			const clientId = `bench-msg-${ String( i ).padStart( 6, '0' ) }`;
			const t = now();
			started.set( clientId, t );
			await call( 'POST', `/v1/conversations/${ convId }/messages`, v.token, { clientId, text: `message ${ i }` } );
			http.push( now() - t );
		} );
		const secs = ( now() - t0 ) / 1000;
		await new Promise( ( r ) => setTimeout( r, 300 ) );
		report( 'visitor send (HTTP 201), p50', ms( pct( http, 50 ) ), `${ N } sends, 8 in flight` );
		report( 'visitor send (HTTP 201), p99', ms( pct( http, 99 ) ) );
		report( 'visitor sends', `${ Math.round( N / secs ) } messages/s` );
		report( 'visitor send → advisor inbox channel, p50', ms( pct( e2e, 50 ) ), `${ e2e.length } received` );
		report( 'visitor send → advisor inbox channel, p99', ms( pct( e2e, 99 ) ) );
	}

	// 3. The inbox at scale: clones of a real conversation row, so every column is as the service writes it.
	{
		const db = ctx.db;
		const model = await db( 'conversations' ).where( { id: convId } ).first();
		const t0 = now();
		const batch = 200;
		for ( let i = 0; i < N_CONV; i += batch ) {
			const chunk = [];
			for ( let j = i; j < Math.min( N_CONV, i + batch ); j++ ) {
				const at = new Date( Date.UTC( 2026, 0, 1 ) + j * 1000 ).toISOString();
				const state = [ 'waiting', 'live', 'closed', 'bot' ][ j % 4 ];
				chunk.push( {
					...model,
					id: `c_bench${ String( j ).padStart( 10, '0' ) }`,
					state,
					...( 'inbox_list' in model ? { inbox_list: state === 'closed' ? 'closed' : state === 'bot' ? 'bot' : 'live' } : {} ),
					assigned_advisor_id: j % 3 === 0 ? '1' : null,
					created_at: at,
					updated_at: at,
					last_message_at: at,
				} );
			}
			await db( 'conversations' ).insert( chunk );
		}
		report( `seeded conversations`, N_CONV.toLocaleString( 'en' ), `${ ( ( now() - t0 ) / 1000 ).toFixed( 1 ) } s` );
		for ( const [ label, q ] of [
			[ 'inbox first page, live, all', '/v1/inbox?list=live&filter=all&limit=50' ],
			[ 'inbox first page, live, mine', '/v1/inbox?list=live&filter=mine&limit=50' ],
			[ 'inbox first page, live, unassigned', '/v1/inbox?list=live&filter=unassigned&limit=50' ],
			[ 'inbox first page, closed, unread', '/v1/inbox?list=closed&filter=unread&limit=50' ],
		] ) {
			const xs = await timed( () => call( 'GET', q, adv ), 10 );
			report( `${ label }, p50`, ms( pct( xs, 50 ) ) );
		}
		// Twenty pages deep by keyset cursor: each page costs the same.
		let cursor = null;
		const pages = [];
		for ( let i = 0; i < 20; i++ ) {
			const t = now();
			const page = await call( 'GET', `/v1/inbox?list=live&limit=50${ cursor ? `&cursor=${ encodeURIComponent( cursor ) }` : '' }`, adv );
			pages.push( now() - t );
			cursor = page.nextCursor;
		}
		report( 'inbox keyset pages 1–20, p50 / page 20', `${ ms( pct( pages, 50 ) ) } / ${ ms( pages[ 19 ] ) }` );
		const summary = await timed( () => call( 'GET', '/v1/inbox/summary', adv ).catch( () => null ), 10 );
		report( 'inbox summary (menu count), p50', ms( pct( summary, 50 ) ) );
	}

	// 4. A long history: clones of a real message row.
	{
		const db = ctx.db;
		const model = await db( 'messages' ).where( { conversation_id: convId } ).first();
		const v = await ( await fetch( `${ base }/v1/sites/${ site.id }/visitors`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' } ) ).json();
		const long = ( await call( 'POST', '/v1/conversations', v.token, { mode: 'live' } ) ).conversation.id;
		for ( let i = 0; i < N_MSG; i += 200 ) {
			const chunk = [];
			for ( let s = i + 1; s <= Math.min( N_MSG, i + 200 ); s++ ) {
				chunk.push( { ...model, id: `m_bench${ String( s ).padStart( 8, '0' ) }`, conversation_id: long, seq: s, client_id: null, text: `history ${ s }` } );
			}
			await db( 'messages' ).insert( chunk );
		}
		await db( 'conversations' ).where( { id: long } ).update( { last_seq: N_MSG } );
		const t = now();
		let after = 0;
		let n = 0;
		for ( ;; ) {
			const page = await call( 'GET', `/v1/conversations/${ long }/messages?after=${ after }&limit=200`, adv );
			n += page.messages.length;
			if ( ! page.hasMore || ! page.messages.length ) {
				break;
			}
			after = page.messages[ page.messages.length - 1 ].seq;
		}
		report( `catch-up of a ${ N_MSG.toLocaleString( 'en' ) }-message history`, ms( now() - t ), `${ n } messages in pages of 200` );
		const back = await timed( () => call( 'GET', `/v1/conversations/${ long }/messages?before=${ N_MSG }&limit=100`, adv ).catch( () => null ), 10 );
		report( 'one page backwards (before=, 100), p50', ms( pct( back, 50 ) ) );
	}

	// 5. What browsers download.
	{
		const gz = ( f ) => ( existsSync( f ) ? gzipSync( readFileSync( f ), { level: 9 } ).length : NaN );
		const b = ( f ) => path.join( ROOT, 'plugin/build', f );
		const kb = ( n ) => `${ ( n / 1024 ).toFixed( 1 ) } KB gz`;
		report( 'widget launcher (view.js + style-index.css)', kb( gz( b( 'blocks/widget/view.js' ) ) + gz( b( 'blocks/widget/style-index.css' ) ) ), 'target ≤ 10 KB' );
		report( 'widget chat panel, loaded on open', kb( gz( b( 'blocks/widget/chat-panel.js' ) ) ) );
		report( 'admin app (index.js)', kb( gz( b( 'admin/index.js' ) ) ) );
		if ( existsSync( b( 'admin/menu-badge.js' ) ) ) {
			report( 'admin menu badge (every wp-admin page)', kb( gz( b( 'admin/menu-badge.js' ) ) ) );
		}
	}
	const mem = process.memoryUsage();
	report( 'bench process memory (rss / heap used)', `${ Math.round( mem.rss / 1048576 ) } / ${ Math.round( mem.heapUsed / 1048576 ) } MB` );
} finally {
	sockets.forEach( ( s ) => s.disconnect() );
	server.closeAllConnections();
	await new Promise( ( r ) => server.close( r ) );
	await ctx.close();
	rmSync( dataDir, { recursive: true, force: true } );
}
