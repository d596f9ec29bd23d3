/** The Pusher HTTP API of the embedded server: events, batch events and channel queries. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelRegistry, isPresence } from './channels';
import {
	prepareEvent,
	presenceUsers,
	publishBatch,
	RealtimeApiError as HttpError,
} from './publish';
import { verifyApiRequest } from './signature';

export interface HttpApiOptions {
	appId: string;
	key: string;
	secret: string;
	/** Largest `data` of one event, in bytes (Pusher: 10 KB). */
	maxEventBytes: number;
}

const MAX_BODY = 256 * 1024;

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

export function createHttpApi(
	registry: ChannelRegistry,
	opts: HttpApiOptions
) {
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
			prepareEvent(
				registry,
				parseJson( body ) ?? {},
				opts.maxEventBytes
			)();
			return {};
		}
		if ( req.method === 'POST' && sub === '/batch_events' ) {
			const n = publishBatch(
				registry,
				parseJson( body )?.batch,
				opts.maxEventBytes
			);
			return { batch: Array.from( { length: n }, () => ( {} ) ) };
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
				return {
					users: presenceUsers( registry, name ).map( ( id ) => ( {
						id,
					} ) ),
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
