/**
 * The HTTP server's own budget: a connection cap (Node closes the connections over it, and
 * the bridge logs and counts them), header and request timeouts, the counts in /healthz,
 * and the start-up warning when the caps do not fit under the open-file limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from './app';
import { loadConfig } from './config';
import {
	checkDescriptorBudget,
	limitHttpServer,
	openFileLimit,
} from './server-limits';
import { setUpBridge } from './test-utils/set-up-bridge';

const bridge = setUpBridge();

/** An idle keep-alive connection; `get()` sends one request on it and resolves the answer. */
async function idle( port: number ) {
	const socket: Socket = connect( port, '127.0.0.1' );
	let data = '';
	socket.on( 'data', ( d ) => ( data += d ) );
	const ended = new Promise< string >( ( r ) =>
		socket.on( 'close', () => r( data ) )
	);
	await new Promise( ( r ) => socket.once( 'connect', r ) );
	return {
		socket,
		ended,
		get( p: string ): Promise< string > {
			data = '';
			socket.write(
				`GET ${ p } HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`
			);
			return ended;
		},
	};
}

it( 'caps HTTP connections, logs and counts the refused ones, and reports them in /healthz', async () => {
	const { h } = bridge;
	const warn = jest.fn();
	const config = loadConfig( {
		DATA_DIR: h.dataDir,
		HTTP_MAX_CONNECTIONS: '2',
		HTTP_HEADERS_TIMEOUT_MS: '4000',
		HTTP_REQUEST_TIMEOUT_MS: '8000',
	} );
	const server: Server = createApp( h.ctx ).listen( 0, '127.0.0.1' );
	limitHttpServer( server, config, h.ctx.services.health, { warn } );
	await new Promise( ( r ) => server.once( 'listening', r ) );
	expect( [
		server.maxConnections,
		server.headersTimeout,
		server.requestTimeout,
	] ).toEqual( [ 2, 4000, 8000 ] );
	const { port } = server.address() as AddressInfo;
	try {
		const first = await idle( port );
		const second = await idle( port );
		// The third is closed by Node without an answer, and the bridge says so.
		const third = await idle( port );
		expect( await third.ended ).toBe( '' );
		expect( warn ).toHaveBeenCalledWith( 'http connection refused', {
			cause: 'total',
			ip: '127.0.0.1',
			limit: 2,
		} );
		const answer = await first.get( '/healthz' );
		expect( answer ).toMatch( /^HTTP\/1\.1 200 / );
		const body = JSON.parse(
			answer.slice( answer.indexOf( '\r\n\r\n' ) + 4 )
		);
		expect( body.metrics.http ).toEqual( {
			connections: 2,
			maxConnections: 2,
			refusedConnections: 1,
		} );
		second.socket.destroy();
	} finally {
		server.closeAllConnections();
		await new Promise( ( r ) => server.close( r ) );
	}
} );

it( 'warns at start when the connection caps do not fit under the open-file limit', () => {
	const dir = mkdtempSync( path.join( tmpdir(), 'handoff-limits-' ) );
	try {
		const limits = path.join( dir, 'limits' );
		writeFileSync(
			limits,
			'Limit                     Soft Limit           Hard Limit           Units     \n' +
				'Max open files            1024                 524288               files     \n'
		);
		expect( openFileLimit( limits ) ).toBe( 1024 );
		expect( openFileLimit( path.join( dir, 'absent' ) ) ).toBeNull();

		const config = loadConfig( { DATA_DIR: dir } );
		const warn = jest.fn();
		checkDescriptorBudget( config, { warn }, 1024 );
		// 4,096 HTTP + 11,000 realtime (10,000 and room for handshakes) + 256 spare.
		expect( warn ).toHaveBeenCalledWith(
			'open-file limit below the connection caps: raise ulimit -n or lower HTTP_MAX_CONNECTIONS / REALTIME_MAX_CONNECTIONS',
			{ openFileLimit: 1024, needed: 15352 }
		);
		warn.mockClear();
		checkDescriptorBudget( config, { warn }, 65536 );
		expect( warn ).not.toHaveBeenCalled();
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
} );
