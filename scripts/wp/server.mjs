/**
 * Serves a site made by createSite() with PHP's built-in server: native PHP, ready in
 * about a second. Node built-ins only.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUTER = path.join( path.dirname( fileURLToPath( import.meta.url ) ), 'router.php' );

let opcacheAvailable;
function hasOpcache() {
	if ( opcacheAvailable === undefined ) {
		try {
			opcacheAvailable =
				execFileSync( 'php', [ '-r', 'echo function_exists("opcache_get_status") ? 1 : 0;' ], {
					encoding: 'utf8',
				} ).trim() === '1';
		} catch {
			opcacheAvailable = false;
		}
	}
	return opcacheAvailable;
}

/** Whether something still accepts connections on the port (the master or any worker). */
function portOpen( port ) {
	return new Promise( ( resolve ) => {
		const socket = net.connect( { host: '127.0.0.1', port } );
		socket.once( 'connect', () => {
			socket.destroy();
			resolve( true );
		} );
		socket.once( 'error', () => resolve( false ) );
	} );
}

function killGroup( pid, signal ) {
	try {
		process.kill( -pid, signal );
	} catch {}
}

const sleep = ( ms ) => new Promise( ( r ) => setTimeout( r, ms ) );

/**
 * Starts `php -S 127.0.0.1:<port>` on `dir` and resolves once the front page answers
 * (and the usual first pages are warm). Returns `{ url, stop() }`.
 */
export async function startWordPress( { dir, port, timeoutMs = 30000 } ) {
	dir = path.resolve( dir );
	const url = `http://127.0.0.1:${ port }`;
	const logFile = path.join( dir, 'server.log' );
	// Else the readiness check below could be answered by whatever already holds the port.
	if ( await portOpen( port ) ) {
		throw new Error( `Port ${ port } is already in use: stop what runs there, or choose another port.` );
	}
	const args = [];
	if ( hasOpcache() ) {
		args.push( '-d', 'opcache.enable_cli=1' );
	}
	args.push( '-S', `127.0.0.1:${ port }`, '-t', dir, ROUTER );

	let last = '';
	const logFd = openSync( logFile, 'a' );
	// Its own process group: PHP_CLI_SERVER_WORKERS forks workers, and stopping only the
	// parent would leave them holding the port.
	const child = spawn( 'php', args, {
		cwd: dir,
		detached: true,
		stdio: [ 'ignore', 'ignore', logFd ],
		env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
	} );
	closeSync( logFd );
	const pid = child.pid;

	// Last resort if the Node process ends without stop(): never leave PHP behind on the port.
	const onExit = () => killGroup( pid, 'SIGKILL' );
	process.once( 'exit', onExit );

	let exited = false;
	child.once( 'exit', () => {
		exited = true;
	} );
	child.once( 'error', ( err ) => {
		exited = true;
		last = err.message;
	} );

	// Dead processes may linger as zombies until init reaps them, so "gone" means: the
	// parent has exited and nothing answers on the port any more.
	const gone = async () => exited && ! ( await portOpen( port ) );
	const stop = async () => {
		process.removeListener( 'exit', onExit );
		killGroup( pid, 'SIGTERM' );
		for ( let i = 0; i < 30 && ! ( await gone() ); i++ ) {
			await sleep( 100 );
		}
		// Whatever is left of the group (a worker busy on a request) goes now.
		killGroup( pid, 'SIGKILL' );
		for ( let i = 0; i < 20 && ! ( await gone() ); i++ ) {
			await sleep( 50 );
		}
	};

	const tail = () =>
		existsSync( logFile ) ? readFileSync( logFile, 'utf8' ).split( '\n' ).slice( -15 ).join( '\n' ) : '';

	const start = Date.now();
	for ( ;; ) {
		if ( exited ) {
			await stop();
			throw new Error( `php -S on port ${ port } exited at start (${ last || 'see log' }). ${ logFile }:\n${ tail() }` );
		}
		try {
			const res = await fetch( url + '/', { redirect: 'manual', signal: AbortSignal.timeout( 10000 ) } );
			await res.arrayBuffer();
			if ( res.status === 200 ) {
				break;
			}
			last = `HTTP ${ res.status }`;
		} catch ( err ) {
			last = err.cause?.code ?? err.message;
		}
		if ( Date.now() - start > timeoutMs ) {
			await stop();
			throw new Error( `WordPress at ${ url } not ready after ${ timeoutMs } ms (${ last }). ${ logFile }:\n${ tail() }` );
		}
		await sleep( 100 );
	}

	// The first hit of each entry point compiles its files (opcache); do it before a test or a person waits.
	await Promise.all(
		[ '/', '/wp-login.php', '/wp-json/' ].map( ( p ) =>
			fetch( url + p, { redirect: 'manual' } )
				.then( ( r ) => r.arrayBuffer() )
				.catch( () => {} )
		)
	);

	return { url, stop };
}
