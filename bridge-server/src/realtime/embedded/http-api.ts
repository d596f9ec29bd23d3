/** The Pusher HTTP API of the embedded server: events, batch events and channel queries. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelRegistry, CHANNEL_NAME, isPresence } from './channels';
import { verifyApiRequest } from './signature';

export interface HttpApiOptions {
	appId: string;
	key: string;
	secret: string;
	/** Largest `data` of one event, in bytes (Pusher: 10 KB). */
	maxEventBytes: number;
}

const MAX_BODY = 256 * 1024;
const EVENT_NAME = /^[A-Za-z0-9_\-=@,.;:]{1,200}$/;

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super( message );
	}
}

function readBody( req: IncomingMessage ): Promise< string > {
	return new Promise( ( resolve, reject ) => {
		let size = 0;
		const chunks: Buffer[] = [];
		req.on( 'data', ( c: Buffer ) => {
			size += c.length;
			if ( size > MAX_BODY ) {
				reject( new HttpError( 413, 'Request body too large' ) );
				req.destroy();
				return;
			}
			chunks.push( c );
		} );
		req.on( 'end', () =>
			resolve( Buffer.concat( chunks ).toString( 'utf8' ) )
		);
		req.on( 'error', reject );
	} );
}

interface EventInput {
	name?: unknown;
	data?: unknown;
	channel?: unknown;
	channels?: unknown;
	socket_id?: unknown;
}

export function createHttpApi(
	registry: ChannelRegistry,
	opts: HttpApiOptions
) {
	const publish = ( e: EventInput ) => {
		if ( typeof e.name !== 'string' || ! EVENT_NAME.test( e.name ) ) {
			throw new HttpError( 400, 'Invalid event name' );
		}
		if ( typeof e.data !== 'string' ) {
			throw new HttpError( 400, 'Event data must be a string' );
		}
		if ( Buffer.byteLength( e.data ) > opts.maxEventBytes ) {
			throw new HttpError(
				413,
				`Event data is larger than ${ opts.maxEventBytes } bytes`
			);
		}
		let channels: unknown[] = [];
		if ( Array.isArray( e.channels ) ) {
			channels = e.channels;
		} else if ( e.channel !== undefined ) {
			channels = [ e.channel ];
		}
		if ( channels.length < 1 || channels.length > 100 ) {
			throw new HttpError( 400, 'An event needs 1 to 100 channels' );
		}
		if (
			! channels.every(
				( c ) => typeof c === 'string' && CHANNEL_NAME.test( c )
			)
		) {
			throw new HttpError( 400, 'Invalid channel name' );
		}
		return () => {
			const except =
				typeof e.socket_id === 'string' ? e.socket_id : undefined;
			for ( const channel of channels as string[] ) {
				registry.broadcast(
					channel,
					{ event: e.name, channel, data: e.data },
					except
				);
			}
		};
	};

	const parseJson = ( body: string ): any => {
		try {
			return JSON.parse( body );
		} catch {
			throw new HttpError( 400, 'Body must be JSON' );
		}
	};

	async function route( req: IncomingMessage, url: URL ): Promise< unknown > {
		const m = /^\/apps\/([^/]+)(\/.*)$/.exec( url.pathname );
		if ( ! m || m[ 1 ] !== opts.appId ) {
			throw new HttpError( 404, 'Unknown app' );
		}
		const body = req.method === 'POST' ? await readBody( req ) : '';
		const check = verifyApiRequest( {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			body,
			key: opts.key,
			secret: opts.secret,
		} );
		if ( ! check.ok ) {
			throw new HttpError( check.status, check.message );
		}
		const sub = m[ 2 ];
		if ( req.method === 'POST' && sub === '/events' ) {
			publish( parseJson( body ) )();
			return {};
		}
		if ( req.method === 'POST' && sub === '/batch_events' ) {
			const batch = parseJson( body )?.batch;
			if (
				! Array.isArray( batch ) ||
				batch.length < 1 ||
				batch.length > 10
			) {
				throw new HttpError( 400, 'batch must hold 1 to 10 events' );
			}
			// Validate every event before sending any: a batch is all or nothing.
			batch.map( publish ).forEach( ( send ) => send() );
			return { batch: batch.map( () => ( {} ) ) };
		}
		const info = ( url.searchParams.get( 'info' ) ?? '' ).split( ',' );
		if ( req.method === 'GET' && sub === '/channels' ) {
			const channels: Record< string, object > = {};
			for ( const c of registry.list(
				url.searchParams.get( 'filter_by_prefix' ) ?? ''
			) ) {
				channels[ c.name ] =
					info.includes( 'user_count' ) && isPresence( c.name )
						? { user_count: c.userCount }
						: {};
			}
			return { channels };
		}
		const ch = /^\/channels\/([^/]+)(\/users)?$/.exec( sub );
		if ( req.method === 'GET' && ch ) {
			const name = decodeURIComponent( ch[ 1 ] );
			if ( ch[ 2 ] ) {
				if ( ! isPresence( name ) ) {
					throw new HttpError(
						400,
						'Users are only listed for presence channels'
					);
				}
				return {
					users: registry.userIds( name ).map( ( id ) => ( { id } ) ),
				};
			}
			const i = registry.info( name );
			return {
				occupied: i.occupied,
				...( info.includes( 'subscription_count' )
					? { subscription_count: i.subscriptionCount }
					: {} ),
				...( info.includes( 'user_count' ) && isPresence( name )
					? { user_count: i.userCount }
					: {} ),
			};
		}
		throw new HttpError( 404, 'Not found' );
	}

	return async function handle( req: IncomingMessage, res: ServerResponse ) {
		const url = new URL( req.url ?? '/', 'http://localhost' );
		try {
			const out = await route( req, url );
			res.writeHead( 200, { 'Content-Type': 'application/json' } ).end(
				JSON.stringify( out )
			);
		} catch ( err ) {
			const status = err instanceof HttpError ? err.status : 500;
			const message =
				err instanceof HttpError ? err.message : 'Internal error';
			if ( ! res.headersSent ) {
				res.writeHead( status, {
					'Content-Type': 'application/json',
					Connection: 'close',
				} );
			}
			res.end( JSON.stringify( { error: message } ) );
		}
	};
}
