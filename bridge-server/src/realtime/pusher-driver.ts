/**
 * The realtime driver on the official `pusher` SDK: hosted Pusher and soketi (and the
 * embedded server over HTTP with REALTIME_EMBEDDED_PUBLISH=http, for comparisons).
 */
import Pusher from 'pusher';
import type { RealtimeClientConfig } from '@handoff-chat/contracts';
import { MAX_BATCH, type RealtimeConfig, type RealtimeDriver } from './types';

/** What browsers need to connect, whichever driver publishes. */
export function clientConfigOf( config: RealtimeConfig ): RealtimeClientConfig {
	return {
		key: config.key,
		wsHost: config.publicHost,
		wsPort: config.publicPort,
		wssPort: config.publicPort,
		forceTLS: config.publicTLS,
		cluster: config.cluster,
	};
}

export function createPusherDriver( config: RealtimeConfig ): RealtimeDriver {
	const pusher = new Pusher( {
		appId: config.appId,
		key: config.key,
		secret: config.secret,
		useTLS: config.useTLS,
		// Publishing is queued per site (services/events.ts): a call that hangs must fail, not stall the queue.
		timeout: 10_000,
		...( config.host
			? { host: config.host, port: String( config.port ) }
			: { cluster: config.cluster } ),
	} );

	// soketi answers some errors with status 200 and `{ error }` in the body: read the body too.
	const checked = async ( res: {
		status: number;
		text: () => Promise< string >;
	} ) => {
		const body = await res.text();
		if ( res.status >= 300 || /"error"\s*:/.test( body ) ) {
			throw new Error(
				`realtime API answered ${ res.status }: ${ body.slice( 0, 200 ) }`
			);
		}
		return body;
	};

	return {
		// The HTTP API has no call to close one socket: subscriptions end with their tokens.
		terminateSockets: () => false,
		async trigger( channels, event, data ) {
			const list = Array.isArray( channels ) ? channels : [ channels ];
			// The HTTP API takes at most 100 channels per call.
			for ( let i = 0; i < list.length; i += 100 ) {
				await checked(
					( await pusher.trigger(
						list.slice( i, i + 100 ),
						event,
						data
					) ) as any
				);
			}
		},
		async triggerBatch( events ) {
			for ( let i = 0; i < events.length; i += MAX_BATCH ) {
				// The SDK serialises `data` in place: hand it copies.
				const batch = events
					.slice( i, i + MAX_BATCH )
					.map( ( e ) => ( { ...e } ) );
				await checked( ( await pusher.triggerBatch( batch ) ) as any );
			}
		},
		authorizeChannel( socketId, channel, presence ) {
			return presence
				? pusher.authorizeChannel( socketId, channel, presence )
				: pusher.authorizeChannel( socketId, channel );
		},
		async channelUsers( channel ) {
			const body = await checked(
				( await pusher.get( {
					path: `/channels/${ encodeURIComponent( channel ) }/users`,
				} ) ) as any
			);
			const users = JSON.parse( body )?.users;
			return Array.isArray( users )
				? users.map( ( u: { id: unknown } ) => String( u.id ) )
				: [];
		},
		async occupiedChannels( prefix ) {
			const body = await checked(
				( await pusher.get( {
					path: '/channels',
					params: { filter_by_prefix: prefix },
				} ) ) as any
			);
			const channels = JSON.parse( body )?.channels;
			return channels && typeof channels === 'object'
				? Object.keys( channels )
				: [];
		},
		clientConfig: () => clientConfigOf( config ),
		async ping() {
			try {
				await checked(
					( await pusher.get( { path: '/channels' } ) ) as any
				);
				return true;
			} catch {
				return false;
			}
		},
		async close() {
			// The SDK holds no persistent connection.
		},
	};
}
