/**
 * Rate limits of the public routes, through express-rate-limit: per client IP (every
 * limited route together, before the token is even checked) and per caller (visitor or
 * advisor, after authentication), each a window of one minute. Over a limit: 429
 * `rate_limited` with `Retry-After`, before the handler runs, so nothing is stored.
 *
 * Counts live in this process's memory (RATE_LIMIT_STORE=memory, the default on sqlite3) or in
 * the database, shared by every bridge process on it (`database`, the default on PostgreSQL:
 * rate-limit-store.ts), so N processes behind a load balancer still give each client one limit.
 *
 * The client IP is Express's `req.ip`: behind a reverse proxy set TRUST_PROXY to its hop
 * count, or every visitor shares the proxy's address. Addresses in RATE_LIMIT_EXEMPT_IPS
 * (loopback by default: the bench, the e2e suite, a proxy on the same host without
 * TRUST_PROXY) skip the per-IP limits; the per-caller limits apply to everyone.
 */
import type { RequestHandler } from 'express';
import {
	rateLimit,
	type AugmentedRequest,
	type Options,
} from 'express-rate-limit';
import type { BridgeConfig } from './config';
import { ApiError } from './errors';
import type { Logger } from './logger';
import type { DatabaseRateLimits } from './rate-limit-store';
import { principalKey } from './services/rate-limit';

export interface RateLimits {
	/** Per IP, every limited public route together. */
	ip: RequestHandler;
	/** Visitor creation (and token refresh), per IP. */
	visitors: RequestHandler;
	/** Per caller: conversations started. */
	conversations: RequestHandler;
	/** Per caller: messages sent. */
	messages: RequestHandler;
	/** Per caller: buttons, request a human, back to the bot, read receipts. */
	actions: RequestHandler;
	/** Per caller: realtime channel authorisations. */
	realtimeAuth: RequestHandler;
	/** Per caller: image uploads. */
	uploads: RequestHandler;
	/** Connection-code exchanges, per IP (a code's secret cannot be guessed; this keeps probing slow). */
	connect: RequestHandler;
}

const WINDOW_MS = 60_000;

/** `::ffff:127.0.0.1` is 127.0.0.1. */
const plainIp = ( ip: string | undefined ) =>
	( ip ?? '' ).replace( /^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1' );

const message = {
	ip: 'Too many requests from your network: try again in a moment.',
	visitors: 'Too many new visitors from your network: try again in a moment.',
	conversations: 'Too many conversations started: try again in a moment.',
	messages: 'Too many messages: try again in a moment.',
	actions: 'Too many actions: try again in a moment.',
	realtimeAuth: 'Too many realtime authorisations: try again in a moment.',
	uploads: 'Too many uploads: try again in a moment.',
	connect:
		'Too many connection attempts from your network: try again in a minute.',
} satisfies Record< keyof RateLimits, string >;

export function createRateLimits(
	config: BridgeConfig[ 'rateLimits' ],
	log: Logger,
	/** Shared counters (RATE_LIMIT_STORE=database); none: each limit counts in memory. */
	shared: DatabaseRateLimits | null = null
): RateLimits {
	const exempt = new Set( config.exemptIps.map( plainIp ) );
	const base = (
		name: keyof RateLimits,
		limit: number
	): Partial< Options > => ( {
		windowMs: WINDOW_MS,
		limit,
		// A failing shared store lets the request through (and is logged): flood damping must
		// not turn a database hiccup into refusing every visitor.
		...( shared
			? { store: shared.store( name ), passOnStoreError: true }
			: {} ),
		// Retry-After comes with the error body (errorMiddleware); no RateLimit-* headers.
		standardHeaders: false,
		legacyHeaders: false,
		handler: ( req, _res, next ) => {
			const reset = (
				req as AugmentedRequest
			 ).rateLimit.resetTime?.getTime();
			const retryAfter = Math.max(
				1,
				Math.ceil(
					( ( reset ?? Date.now() + WINDOW_MS ) - Date.now() ) / 1000
				)
			);
			next(
				new ApiError(
					429,
					'rate_limited',
					message[ name ],
					undefined,
					retryAfter
				)
			);
		},
		// Misconfigurations it detects (an X-Forwarded-For header without TRUST_PROXY…) go to our log.
		logger: {
			warn: ( err, msg ) =>
				log.warn( 'rate limit', {
					limit: name,
					detail: msg,
					err,
				} ),
			error: ( err, msg ) =>
				log.error( 'rate limit', {
					limit: name,
					detail: msg,
					err,
				} ),
		},
	} );
	// express-rate-limit is typed against the root @types/express, the bridge against its own copy.
	const perIp = ( name: keyof RateLimits, limit: number ) =>
		rateLimit( {
			...base( name, limit ),
			// The default key: the IP (an IPv6 address by its /56).
			skip: ( req ) => exempt.has( plainIp( req.ip ) ),
		} ) as unknown as RequestHandler;
	const perCaller = ( name: keyof RateLimits, limit: number ) =>
		rateLimit( {
			...base( name, limit ),
			// After authenticate(): WordPress's signed calls are the site itself, not limited.
			skip: ( _req, res ) => res.locals.principal?.role === 'wordpress',
			keyGenerator: ( _req, res ) => principalKey( res.locals.principal ),
		} ) as unknown as RequestHandler;
	return {
		ip: perIp( 'ip', config.ipPerMinute ),
		visitors: perIp( 'visitors', config.visitorsPerMinute ),
		conversations: perCaller(
			'conversations',
			config.conversationsPerMinute
		),
		messages: perCaller( 'messages', config.messagesPerMinute ),
		actions: perCaller( 'actions', config.actionsPerMinute ),
		realtimeAuth: perCaller( 'realtimeAuth', config.realtimeAuthPerMinute ),
		uploads: perCaller( 'uploads', config.uploadsPerMinute ),
		connect: perIp( 'connect', config.connectPerMinute ),
	};
}
