/** What the realtime connection needs from the bridge: its configuration and channel auth. */
import type { SiteConfigResponse } from '@handoff-chat/contracts';
import type {
	ChannelAuth,
	ChannelAuthorize,
} from '@handoff-chat/client-core/connection';
import type { Transport } from './transport';

export interface RealtimeApi {
	getRealtimeConfig: () => Promise< SiteConfigResponse >;
	/** A private or presence channel, with a fresh advisor token per call (see data/realtime.ts). */
	authorizeChannel: ChannelAuthorize;
}

export function realtimeApi( {
	bridge,
	callWith,
	getToken,
}: Transport ): RealtimeApi {
	return {
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
				body: { socket_id: socketId, channel_name: channelName },
			} );
		},
	};
}
