import type { RealtimeClientConfig } from '@handoff-chat/contracts';
import type { EmbeddedStats } from './embedded/server';

/** One event on one channel, as the Pusher HTTP API batches them. */
export interface RealtimeEvent {
	channel: string;
	name: string;
	data: unknown;
}

/** The most events one batch call may carry (Pusher HTTP API). */
export const MAX_BATCH = 10;

/** The one realtime interface the bridge uses; only realtime/ knows which engine is behind it. */
export interface RealtimeDriver {
	/** Publishes an event (data is JSON-serialised). Rejects on HTTP or API errors. */
	trigger: (
		channels: string | string[],
		event: string,
		data: unknown
	) => Promise< void >;
	/** Publishes up to 10 events, each on one channel, in one call and in order. Rejects like trigger(). */
	triggerBatch: ( events: RealtimeEvent[] ) => Promise< void >;
	/** Signs a private or presence subscription for pusher-js: `{ auth, channel_data? }`. */
	authorizeChannel: (
		socketId: string,
		channel: string,
		presence?: { user_id: string; user_info?: Record< string, unknown > }
	) => { auth: string; channel_data?: string };
	/** User ids subscribed to a presence channel (who is online). Rejects on HTTP or API errors. */
	channelUsers: ( channel: string ) => Promise< string[] >;
	/** Names of the occupied channels starting with `prefix` (e.g. visitors online). Rejects on errors. */
	occupiedChannels: ( prefix: string ) => Promise< string[] >;
	/** What browsers need to connect. */
	clientConfig: () => RealtimeClientConfig;
	/**
	 * Closes these sockets (code 4200: pusher-js reconnects and re-authorises every
	 * subscription). Only the embedded server can; for hosted Pusher or soketi it returns
	 * false and subscriptions end when their tokens do (docs/api.md "Revocation").
	 */
	terminateSockets: ( socketIds: string[] ) => boolean;
	/** Readiness for /healthz. */
	ping: () => Promise< boolean >;
	/** Counts for /healthz (connections, subscriptions, refusals): the embedded server only. */
	stats?: () => EmbeddedStats;
	close: () => Promise< void >;
}

export interface RealtimeConfig {
	driver: 'embedded' | 'pusher';
	appId: string;
	key: string;
	secret: string;
	/** Where the bridge reaches the server's HTTP API. */
	host: string;
	port: number;
	useTLS: boolean;
	/** Hosted Pusher Channels cluster, used when host is empty. */
	cluster: string;
	/** What browsers connect to (may differ behind a proxy). */
	publicHost: string;
	publicPort: number;
	publicTLS: boolean;
	/** Embedded server only: the interface it binds. */
	bindHost: string;
	/**
	 * Embedded server only: no port of its own; the bridge's HTTP server hands it the upgrades
	 * to `/app/<key>` (createRealtime's `attach`), so one port serves the API and the WebSocket.
	 */
	shareHttpPort?: boolean;
	/**
	 * Embedded server only: `direct` (default) publishes in-process into its channel
	 * registry; `http` goes through the `pusher` SDK and the server's signed HTTP API, as
	 * with hosted Pusher or soketi (for comparisons and benchmarks).
	 */
	embeddedPublish?: 'direct' | 'http';
	/** Embedded server only: its caps and channel kinds (docs/architecture.md "Realtime"). */
	embeddedLimits?: {
		allowPublicChannels?: boolean;
		maxConnections?: number;
		maxConnectionsPerIp?: number;
		maxSubscriptionsPerConnection?: number;
		/** Proxy hops trusted for `X-Forwarded-For`, for the per-address cap. */
		trustProxy?: number;
	};
}
