/**
 * Configuration from the environment, with defaults that run one machine on
 * embedded parts: sqlite3 in a data folder and the bundled Pusher-protocol server.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RealtimeConfig } from './realtime';

export interface DatabaseConfig {
	client: 'sqlite3' | 'pg';
	/** sqlite3: file path; pg: connection string. */
	connection: string;
	/**
	 * sqlite3: WAL checkpoints run in the background every this many ms (db/checkpoint.ts)
	 * instead of inside whichever commit crosses sqlite's 1,000-page mark; 0 leaves them there.
	 */
	checkpointMs?: number;
}

export interface S3StoreConfig {
	driver: 's3';
	bucket: string;
	region: string;
	/** Null: AWS itself; else the S3-compatible service's URL (MinIO, Scaleway, Ceph…). */
	endpoint: string | null;
	/** Path-style URLs (`<endpoint>/<bucket>/<key>`), which MinIO, s3rver and Ceph need. */
	forcePathStyle: boolean;
	/** Null: the SDK's default chain (environment, profile, IAM role). */
	credentials: { accessKeyId: string; secretAccessKey: string } | null;
	/** Keys are `<prefix><id>`. */
	prefix: string;
	/** Budget of one call to the object store, retries included. */
	timeoutMs: number;
}

export type UploadStoreConfig =
	| {
			driver: 'disk';
			/** UPLOAD_DIR (default `DATA_DIR/uploads`): several bridges may share it. */
			dir: string;
	  }
	| S3StoreConfig;

export interface BridgeConfig {
	host: string;
	port: number;
	dataDir: string;
	database: DatabaseConfig;
	realtime: RealtimeConfig;
	/** Value for Express `trust proxy` (hop count), 0 when the bridge faces clients directly. */
	trustProxy: number;
	/** The bridge's address as WordPress reaches it (PUBLIC_URL), written into connection codes. */
	publicUrl: string | null;
	/** Allowed browser origins; `*` allows any (tokens are bearer headers, never cookies). */
	corsOrigins: string[] | '*';
	/**
	 * WEBHOOKS_ALLOW_PRIVATE: webhooks may target loopback and private addresses (and then use
	 * plain http). Off by default: a manager could otherwise make the bridge call its own network.
	 */
	webhooksAllowPrivate: boolean;
	/** Largest JSON body accepted, in bytes. */
	jsonLimitBytes: number;
	/** Lifetime of visitor tokens, in seconds. */
	visitorTokenTtl: number;
	/** On SIGTERM/SIGINT, how long requests in flight may take to finish before they are cut. */
	shutdownDrainMs: number;
	/** The HTTP server's own budget, apart from the realtime server's (server-limits.ts). */
	http: {
		maxConnections: number;
		headersTimeoutMs: number;
		requestTimeoutMs: number;
	};
	uploads: {
		/** Where the bytes live (storage/index.ts): a folder, possibly shared, or an S3 bucket. */
		store: UploadStoreConfig;
		/** Largest image accepted, in bytes. */
		maxBytes: number;
	};
	/** Requests per minute (rate-limits.ts); the per-IP ones skip `exemptIps`. */
	rateLimits: {
		/** Per IP, every limited public route together. */
		ipPerMinute: number;
		/** Visitor creation, per IP. */
		visitorsPerMinute: number;
		/** The rest per visitor or advisor. */
		conversationsPerMinute: number;
		messagesPerMinute: number;
		actionsPerMinute: number;
		realtimeAuthPerMinute: number;
		uploadsPerMinute: number;
		/** Connection-code exchanges (POST /v1/connect), per IP. */
		connectPerMinute: number;
		exemptIps: string[];
		/**
		 * Where the counts live: `memory` (this process's own) or `database` (shared by every
		 * bridge process on the database: rate-limit-store.ts). The default is `database` on
		 * PostgreSQL, the setup that runs several processes, and `memory` on sqlite3.
		 */
		store: 'memory' | 'database';
	};
}

const bool = z
	.enum( [ 'true', 'false', '1', '0', 'yes', 'no' ] )
	.transform( ( v ) => v === 'true' || v === '1' || v === 'yes' );
const port = z.coerce.number().int().min( 0 ).max( 65535 );
const perMinute = ( fallback: number ) =>
	z.coerce.number().int().min( 1 ).max( 1_000_000 ).default( fallback );
const count = ( max: number ) => z.coerce.number().int().min( 1 ).max( max );

/** Also read by the standalone realtime server (realtime/standalone.ts) for the settings it shares. */
export const envSchema = z.object( {
	BRIDGE_HOST: z.string().default( '127.0.0.1' ),
	BRIDGE_PORT: port.default( 8787 ),
	DATA_DIR: z.string().optional(),
	DATABASE_URL: z.string().optional(),
	SQLITE_CHECKPOINT_MS: z.coerce
		.number()
		.int()
		.min( 0 )
		.max( 60_000 )
		.default( 1000 ),
	TRUST_PROXY: z.coerce.number().int().min( 0 ).max( 10 ).default( 0 ),
	PUBLIC_URL: z
		.string()
		.regex( /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'an http(s):// URL' )
		.transform( ( u ) => u.replace( /\/+$/, '' ) )
		.optional(),
	CORS_ORIGINS: z.string().default( '*' ),
	JSON_LIMIT_BYTES: z.coerce
		.number()
		.int()
		.min( 1024 )
		.max( 10_000_000 )
		.default( 64 * 1024 ),
	VISITOR_TOKEN_TTL: z.coerce
		.number()
		.int()
		.min( 300 )
		.max( 365 * 86400 )
		.default( 30 * 86400 ),
	SHUTDOWN_DRAIN_MS: z.coerce
		.number()
		.int()
		.min( 0 )
		.max( 10 * 60_000 )
		.default( 10_000 ),
	UPLOAD_MAX_BYTES: z.coerce
		.number()
		.int()
		.min( 1024 )
		.max( 50 * 1024 * 1024 )
		.default( 5 * 1024 * 1024 ),
	UPLOADS_PER_MINUTE: perMinute( 20 ),
	UPLOAD_DRIVER: z.enum( [ 'disk', 's3' ] ).default( 'disk' ),
	UPLOAD_DIR: z.string().optional(),
	S3_BUCKET: z.string().optional(),
	S3_REGION: z.string().min( 1 ).default( 'us-east-1' ),
	// Empty: AWS (the SDK derives the endpoint from the region).
	S3_ENDPOINT: z
		.string()
		.regex( /^(https?:\/\/[^\s/?#]+\/?)?$/, 'an http(s):// URL' )
		.optional(),
	S3_FORCE_PATH_STYLE: bool.default( false ),
	S3_ACCESS_KEY_ID: z.string().optional(),
	S3_SECRET_ACCESS_KEY: z.string().optional(),
	S3_PREFIX: z
		.string()
		.regex(
			/^([A-Za-z0-9!_.*'()-]+\/)*$/,
			'empty, or folder names each followed by "/" (letters, digits, !_.*\'()-)'
		)
		.default( 'uploads/' ),
	S3_TIMEOUT_MS: count( 600_000 ).default( 30_000 ),
	RATE_LIMIT_CONNECT_PER_MINUTE: perMinute( 10 ),
	RATE_LIMIT_IP_PER_MINUTE: perMinute( 3000 ),
	RATE_LIMIT_VISITORS_PER_MINUTE: perMinute( 300 ),
	RATE_LIMIT_CONVERSATIONS_PER_MINUTE: perMinute( 30 ),
	// The bench sends 40 messages/s per conversation: a flood damper, not a pace.
	RATE_LIMIT_MESSAGES_PER_MINUTE: perMinute( 3000 ),
	RATE_LIMIT_ACTIONS_PER_MINUTE: perMinute( 300 ),
	RATE_LIMIT_REALTIME_AUTH_PER_MINUTE: perMinute( 300 ),
	// Comma-separated; `none` for no exemption.
	RATE_LIMIT_EXEMPT_IPS: z.string().default( '127.0.0.1,::1' ),
	RATE_LIMIT_STORE: z.enum( [ 'memory', 'database' ] ).optional(),
	REALTIME_DRIVER: z.enum( [ 'embedded', 'pusher' ] ).default( 'embedded' ),
	REALTIME_APP_ID: z.string().default( 'handoff-chat' ),
	REALTIME_KEY: z.string().default( 'handoff-chat-key' ),
	REALTIME_SECRET: z.string().optional(),
	REALTIME_HOST: z.string().default( '127.0.0.1' ),
	REALTIME_PORT: port.default( 6001 ),
	REALTIME_SHARE_HTTP_PORT: bool.default( false ),
	REALTIME_TLS: bool.default( false ),
	REALTIME_CLUSTER: z.string().default( 'mt1' ),
	REALTIME_PUBLIC_HOST: z.string().optional(),
	REALTIME_PUBLIC_PORT: port.optional(),
	REALTIME_PUBLIC_TLS: bool.optional(),
	REALTIME_BIND_HOST: z.string().default( '127.0.0.1' ),
	REALTIME_EMBEDDED_PUBLISH: z
		.enum( [ 'direct', 'http' ] )
		.default( 'direct' ),
	REALTIME_ALLOW_PUBLIC_CHANNELS: bool.default( false ),
	WEBHOOKS_ALLOW_PRIVATE: bool.default( false ),
	REALTIME_MAX_CONNECTIONS: count( 1_000_000 ).default( 10_000 ),
	REALTIME_MAX_CONNECTIONS_PER_IP: count( 1_000_000 ).default( 200 ),
	REALTIME_MAX_SUBSCRIPTIONS: count( 10_000 ).default( 100 ),
	REALTIME_TRUST_PROXY: z.coerce.number().int().min( 0 ).max( 10 ).optional(),
	HTTP_MAX_CONNECTIONS: count( 1_000_000 ).default( 4096 ),
	HTTP_HEADERS_TIMEOUT_MS: count( 600_000 ).default( 10_000 ),
	HTTP_REQUEST_TIMEOUT_MS: count( 3_600_000 ).default( 120_000 ),
} );

export class ConfigError extends Error {}

/** Reads a secret from the data folder, creating it once, so an embedded setup survives restarts. */
function persistedSecret( dataDir: string, name: string ): string {
	const file = path.join( dataDir, name );
	if ( existsSync( file ) ) {
		return readFileSync( file, 'utf8' ).trim();
	}
	const secret = randomBytes( 32 ).toString( 'hex' );
	writeFileSync( file, secret + '\n', { mode: 0o600 } );
	return secret;
}

function uploadStoreConfig(
	e: z.infer< typeof envSchema >,
	dataDir: string
): UploadStoreConfig {
	if ( e.UPLOAD_DRIVER === 'disk' ) {
		return {
			driver: 'disk',
			dir: path.resolve(
				e.UPLOAD_DIR || path.join( dataDir, 'uploads' )
			),
		};
	}
	if ( ! e.S3_BUCKET ) {
		throw new ConfigError(
			'S3_BUCKET is required with UPLOAD_DRIVER=s3 (the bucket must exist)'
		);
	}
	if ( ! /^[A-Za-z0-9][A-Za-z0-9._-]{2,254}$/.test( e.S3_BUCKET ) ) {
		throw new ConfigError(
			'S3_BUCKET must be a bucket name (3 or more letters, digits, ".", "_" or "-"), not a URL or a path'
		);
	}
	const keyId = e.S3_ACCESS_KEY_ID || undefined;
	const secret = e.S3_SECRET_ACCESS_KEY || undefined;
	if ( Boolean( keyId ) !== Boolean( secret ) ) {
		throw new ConfigError(
			"S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the SDK's default credentials (environment, profile, IAM role)"
		);
	}
	if ( e.UPLOAD_DIR ) {
		throw new ConfigError(
			'UPLOAD_DIR is for UPLOAD_DRIVER=disk: with UPLOAD_DRIVER=s3 the images go to S3_BUCKET'
		);
	}
	return {
		driver: 's3',
		bucket: e.S3_BUCKET,
		region: e.S3_REGION,
		endpoint: e.S3_ENDPOINT ? e.S3_ENDPOINT.replace( /\/+$/, '' ) : null,
		forcePathStyle: e.S3_FORCE_PATH_STYLE,
		credentials:
			keyId && secret
				? { accessKeyId: keyId, secretAccessKey: secret }
				: null,
		prefix: e.S3_PREFIX,
		timeoutMs: e.S3_TIMEOUT_MS,
	};
}

export function loadConfig(
	env: NodeJS.ProcessEnv = process.env
): BridgeConfig {
	const parsed = envSchema.safeParse( env );
	if ( ! parsed.success ) {
		const lines = parsed.error.issues.map(
			( i ) => `${ i.path.join( '.' ) }: ${ i.message }`
		);
		throw new ConfigError(
			`Invalid bridge configuration:\n  ${ lines.join( '\n  ' ) }`
		);
	}
	const e = parsed.data;
	const dataDir = path.resolve(
		e.DATA_DIR ?? path.join( process.cwd(), '.data', 'bridge' )
	);
	mkdirSync( dataDir, { recursive: true } );

	let database: DatabaseConfig;
	if ( e.DATABASE_URL && /^postgres(ql)?:\/\//.test( e.DATABASE_URL ) ) {
		database = { client: 'pg', connection: e.DATABASE_URL };
	} else if ( e.DATABASE_URL ) {
		throw new ConfigError(
			'DATABASE_URL must start with postgres:// (leave it unset for sqlite3)'
		);
	} else {
		database = {
			client: 'sqlite3',
			connection: path.join( dataDir, 'bridge.sqlite' ),
			checkpointMs: e.SQLITE_CHECKPOINT_MS,
		};
	}

	if ( e.REALTIME_DRIVER === 'pusher' && ! e.REALTIME_SECRET ) {
		throw new ConfigError(
			'REALTIME_SECRET is required with REALTIME_DRIVER=pusher'
		);
	}
	// One port: the embedded server takes its WebSocket upgrades from the bridge's HTTP server.
	const shared = e.REALTIME_SHARE_HTTP_PORT;
	if ( shared && e.REALTIME_DRIVER !== 'embedded' ) {
		throw new ConfigError(
			'REALTIME_SHARE_HTTP_PORT=true needs REALTIME_DRIVER=embedded (an external realtime server has its own port)'
		);
	}
	if ( shared && e.REALTIME_EMBEDDED_PUBLISH === 'http' ) {
		throw new ConfigError(
			'REALTIME_SHARE_HTTP_PORT=true needs REALTIME_EMBEDDED_PUBLISH=direct (the HTTP publishing API has no path on the shared port)'
		);
	}
	const realtimePort = shared ? e.BRIDGE_PORT : e.REALTIME_PORT;
	const secret =
		e.REALTIME_SECRET ?? persistedSecret( dataDir, 'realtime-secret' );

	return {
		host: e.BRIDGE_HOST,
		port: e.BRIDGE_PORT,
		dataDir,
		database,
		trustProxy: e.TRUST_PROXY,
		publicUrl: e.PUBLIC_URL ?? null,
		webhooksAllowPrivate: e.WEBHOOKS_ALLOW_PRIVATE,
		corsOrigins:
			e.CORS_ORIGINS.trim() === '*'
				? '*'
				: e.CORS_ORIGINS.split( ',' )
						.map( ( o ) => o.trim() )
						.filter( Boolean ),
		jsonLimitBytes: e.JSON_LIMIT_BYTES,
		visitorTokenTtl: e.VISITOR_TOKEN_TTL,
		shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
		http: {
			maxConnections: e.HTTP_MAX_CONNECTIONS,
			headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
			requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
		},
		uploads: {
			store: uploadStoreConfig( e, dataDir ),
			maxBytes: e.UPLOAD_MAX_BYTES,
		},
		rateLimits: {
			ipPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
			visitorsPerMinute: e.RATE_LIMIT_VISITORS_PER_MINUTE,
			conversationsPerMinute: e.RATE_LIMIT_CONVERSATIONS_PER_MINUTE,
			messagesPerMinute: e.RATE_LIMIT_MESSAGES_PER_MINUTE,
			actionsPerMinute: e.RATE_LIMIT_ACTIONS_PER_MINUTE,
			realtimeAuthPerMinute: e.RATE_LIMIT_REALTIME_AUTH_PER_MINUTE,
			uploadsPerMinute: e.UPLOADS_PER_MINUTE,
			connectPerMinute: e.RATE_LIMIT_CONNECT_PER_MINUTE,
			exemptIps:
				e.RATE_LIMIT_EXEMPT_IPS.trim() === 'none'
					? []
					: e.RATE_LIMIT_EXEMPT_IPS.split( ',' )
							.map( ( ip ) => ip.trim() )
							.filter( Boolean ),
			store:
				e.RATE_LIMIT_STORE ??
				( database.client === 'pg' ? 'database' : 'memory' ),
		},
		realtime: {
			driver: e.REALTIME_DRIVER,
			appId: e.REALTIME_APP_ID,
			key: e.REALTIME_KEY,
			secret,
			host: e.REALTIME_HOST,
			port: realtimePort,
			useTLS: e.REALTIME_TLS,
			cluster: e.REALTIME_CLUSTER,
			publicHost: e.REALTIME_PUBLIC_HOST ?? e.REALTIME_HOST,
			publicPort: e.REALTIME_PUBLIC_PORT ?? realtimePort,
			publicTLS: e.REALTIME_PUBLIC_TLS ?? e.REALTIME_TLS,
			bindHost: e.REALTIME_BIND_HOST,
			shareHttpPort: shared,
			embeddedPublish: e.REALTIME_EMBEDDED_PUBLISH,
			embeddedLimits: {
				allowPublicChannels: e.REALTIME_ALLOW_PUBLIC_CHANNELS,
				maxConnections: e.REALTIME_MAX_CONNECTIONS,
				maxConnectionsPerIp: e.REALTIME_MAX_CONNECTIONS_PER_IP,
				maxSubscriptionsPerConnection: e.REALTIME_MAX_SUBSCRIPTIONS,
				// Usually the same proxy fronts both ports; without it every visitor behind a
				// proxy would share the proxy's address, and its per-address cap.
				trustProxy: e.REALTIME_TRUST_PROXY ?? e.TRUST_PROXY,
			},
		},
	};
}
