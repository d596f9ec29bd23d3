/** What the realtime connection needs from the bridge: its configuration and channel auth. */
import type { SiteConfigResponse } from '@handoff-chat/contracts';
import type { ChannelAuthorizationHandler } from 'pusher-js';
import { errorMessage } from './errors';
import type { Transport } from './transport';

export interface ChannelAuth {
	auth: string;
	channel_data?: string;
}

export interface RealtimeApi {
	getRealtimeConfig: () => Promise< SiteConfigResponse >;
	authorizeChannel: (
		socketId: string,
		channelName: string
	) => Promise< ChannelAuth >;
	/** For pusher-js `channelAuthorization.customHandler`: a fresh advisor token per call. */
	channelAuthorizer: ChannelAuthorizationHandler;
}

export function realtimeApi( {
	bridge,
	callWith,
	getToken,
}: Transport ): RealtimeApi {
	const api: RealtimeApi = {
		async getRealtimeConfig() {
			// The site id comes with the token; a 401 here is not retried.
			const token = await getToken();
			return callWith< SiteConfigResponse >(
				token,
				`/v1/sites/${ encodeURIComponent( token.siteId ) }/config`
			);
		},

		authorizeChannel( socketId, channelName ) {
			return bridge< ChannelAuth >( '/v1/realtime/auth', {
				method: 'POST',
				body: JSON.stringify( {
					socket_id: socketId,
					channel_name: channelName,
				} ),
			} );
		},

		channelAuthorizer( params, callback ) {
			api.authorizeChannel( params.socketId, params.channelName ).then(
				( data ) => callback( null, data ),
				( e: unknown ) =>
					callback(
						e instanceof Error ? e : new Error( errorMessage( e ) ),
						null
					)
			);
		},
	};
	return api;
}
