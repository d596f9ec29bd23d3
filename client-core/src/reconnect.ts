/**
 * How both clients get their realtime connection back (docs/architecture.md, "Reconnecting").
 *
 * pusher-js retries a lost connection after 1 s, but an attempt that fails (the server is
 * restarting, the network is not back yet) is only followed by the next one when its
 * strategy's timeout runs out: 15, 30, then 60 s. So a client could stay without realtime
 * for up to a minute after its network came back. `keepConnected` drives pusher-js through
 * its public `connect()`/`disconnect()` (and reads its timeline): while pusher-js is
 * connecting, it starts a failed attempt afresh after a bounded, jittered delay
 * (`reconnectDelay`) — an attempt whose socket is still opening gets more time —, at once when the
 * browser says it is `online` again or the page becomes visible, and it keeps the Pusher
 * protocol's close codes: 4000–4099 (and ≥ 4300) are refusals, not retried (4000 excepted:
 * pusher-js reconnects over TLS, as the protocol says); 4100–4199 back off (never the fast
 * first retries); 4200–4299 reconnect at once (a server that drains on restart).
 *
 * No runtime import: the bench compiles this file on its own (scripts/bench/reconnect.mjs).
 */

/**
 * Delays of the attempts: a bound that grows from `firstMs` by `factor` per attempt up to
 * `capMs`, and a random part of it: delay = bound × (1 − jitter + jitter × random).
 */
export interface ReconnectPolicy {
	/** Bound of the first delay: the fast first retry. */
	firstMs: number;
	/** Growth of the bound per attempt. */
	factor: number;
	/** The bound never exceeds this. */
	capMs: number;
	/**
	 * The random share of each delay (1: full jitter). Half: clients lost together spread
	 * over half of each bound, and no attempt is cut short before half its bound (a slow
	 * network still needs its second or so to open a WebSocket).
	 */
	jitter: number;
	/** After a 4100–4199 close, the attempts go on from this index (its delays are the long ones). */
	backoffAttempt: number;
}

/** First retry within 0.5–1 s, then bounds of 1.5, 2.25, 3.4, 5.1, 7.6, then 10 s. */
export const RECONNECT_POLICY: Readonly< ReconnectPolicy > = {
	firstMs: 1000,
	factor: 1.5,
	capMs: 10_000,
	jitter: 0.5,
	backoffAttempt: 4,
};

/**
 * How long to wait before attempt `attempt` (0 for the first retry): a random point in the
 * upper `jitter` share of a bound that grows with the attempt up to the cap, so clients
 * lost together do not come back in lockstep.
 * @param attempt Attempts already made since the connection was last up.
 * @param random  A number in [0, 1), `Math.random` by default.
 * @param policy  The bounds.
 */
export function reconnectDelay(
	attempt: number,
	random: () => number = Math.random,
	policy: Readonly< ReconnectPolicy > = RECONNECT_POLICY
): number {
	const n = Math.max( 0, Math.floor( attempt ) );
	const bound = Math.min(
		policy.capMs,
		policy.firstMs * Math.pow( policy.factor, n )
	);
	const r = Math.min( Math.max( random(), 0 ), 1 );
	const jitter = Math.min( Math.max( policy.jitter, 0 ), 1 );
	return Math.round( bound * ( 1 - jitter + jitter * r ) );
}

/**
 * What a close code asks of the client (the Pusher protocol's classes): `refused` — do
 * not reconnect; `backoff` — reconnect later; `retry` — reconnect at once; `tls` — pusher-js
 * reconnects over TLS itself; null — an ordinary loss (1006…), retried by the policy.
 * @param code The WebSocket close code, or a `pusher:error` code.
 */
export function closeCodeClass(
	code: number
): 'refused' | 'backoff' | 'retry' | 'tls' | null {
	if ( ! Number.isInteger( code ) || code < 4000 ) {
		return null;
	}
	if ( code === 4000 ) {
		return 'tls';
	}
	if ( code < 4100 || code >= 4300 ) {
		return 'refused';
	}
	return code < 4200 ? 'backoff' : 'retry';
}

/** The part of a pusher-js instance `keepConnected` drives. */
export interface ReconnectablePusher {
	connection: {
		readonly state: string;
		bind: ( event: string, callback: ( data: any ) => void ) => void;
		unbind?: ( event: string, callback: ( data: any ) => void ) => void;
	};
	connect: () => void;
	disconnect: () => void;
	/**
	 * pusher-js's own record of its sockets (`{ cid, state, timestamp }` per socket state,
	 * the last 50): read, never written, to leave an attempt whose socket is still opening.
	 */
	timeline?: { events?: ReadonlyArray< TimelineEvent > };
}

/** An entry of pusher-js's timeline (only what is read here). */
export interface TimelineEvent {
	cid?: unknown;
	state?: unknown;
	timestamp?: unknown;
}

/** Something that fires events (the browser's `window` and `document`). */
export interface EventSource {
	addEventListener: ( type: string, listener: () => void ) => void;
	removeEventListener: ( type: string, listener: () => void ) => void;
}

export interface KeepConnectedOptions {
	policy?: Readonly< ReconnectPolicy >;
	random?: () => number;
	/** Fires `online`; the global `window` when there is one. */
	window?: EventSource | null;
	/** Fires `visibilitychange`; the global `document` when there is one. */
	document?: ( EventSource & { readonly visibilityState: string } ) | null;
	/**
	 * Each pusher-js state as it changes, except the `disconnected` of a restart or a
	 * back-off (the connection is still being kept); `refused` when the server refused it.
	 */
	onState?: ( state: string ) => void;
}

export interface KeptConnection {
	/** Reconnects now if not connected (what `online` and visibility do). */
	reconnectNow: () => void;
	/** Stops keeping the connection and closes it. */
	disconnect: () => void;
}

/** pusher-js's `error` event for a close with a code (its `tls_only`/`refused`/`backoff`/`retry` actions). */
const closeCodeOf = ( e: any ): number | null =>
	e?.type === 'WebSocketError' && typeof e.error?.data?.code === 'number'
		? e.error.data.code
		: null;

/**
 * Keeps a pusher-js connection up with `reconnectDelay`'s policy (see the top of this file).
 * @param pusher  A pusher-js instance (it connects itself on creation).
 * @param options Policy, random source, event sources, state listener.
 */
export function keepConnected(
	pusher: ReconnectablePusher,
	options: KeepConnectedOptions = {}
): KeptConnection {
	const policy = options.policy ?? RECONNECT_POLICY;
	const random = options.random ?? Math.random;
	const win =
		options.window !== undefined
			? options.window
			: ( ( globalThis as any ).window as EventSource | undefined );
	const doc =
		options.document !== undefined
			? options.document
			: ( ( globalThis as any ).document as
					( EventSource & { visibilityState: string } ) | undefined );

	let attempt = 0;
	let timer: ReturnType< typeof setTimeout > | undefined;
	/** Our own disconnect() calls: their `disconnected` is not news. */
	let quiet = false;
	/** Waiting out a back-off with pusher-js disconnected on purpose. */
	let holding = false;
	let refused = false;
	let stopped = false;

	const clear = () => {
		clearTimeout( timer );
		timer = undefined;
	};
	const after = ( ms: number, fn: () => void ) => {
		clear();
		timer = setTimeout( () => {
			timer = undefined;
			fn();
		}, ms );
	};
	const silently = ( fn: () => void ) => {
		quiet = true;
		try {
			fn();
		} finally {
			quiet = false;
		}
	};
	const trying = () =>
		pusher.connection.state === 'connecting' ||
		pusher.connection.state === 'unavailable';
	/** When the attempt under way began (Date.now(), as pusher-js's timeline). */
	let since = Date.now();
	/**
	 * A socket of the attempt under way is still opening or open (its handshake not done):
	 * on a slow network, or at a server busy with everyone reconnecting, cutting it would
	 * only start the same wait again. Unknown (no timeline): no.
	 */
	const socketUnderWay = () => {
		const latest = new Map< unknown, unknown >();
		for ( const e of pusher.timeline?.events ?? [] ) {
			if (
				e?.cid !== undefined &&
				typeof e.state === 'string' &&
				Number( e.timestamp ) >= since
			) {
				latest.set( e.cid, e.state );
			}
		}
		return [ ...latest.values() ].some(
			( state ) => state === 'connecting' || state === 'open'
		);
	};
	/** A new attempt now, the one under way (if any) abandoned. */
	const restart = () =>
		silently( () => {
			since = Date.now();
			pusher.disconnect();
			pusher.connect();
		} );

	/**
	 * The attempt under way gets the policy's delay; then a new one if it failed, or more
	 * time if its socket is still opening (up to capMs, pusher-js's own timeout beyond).
	 */
	const scheduleRestart = () =>
		after( reconnectDelay( attempt++, random, policy ), () => {
			if ( ! trying() ) {
				return;
			}
			if ( socketUnderWay() && Date.now() - since < policy.capMs ) {
				scheduleRestart();
			} else {
				restart();
			}
		} );

	const onStateChange = ( { current }: { current: string } ) => {
		if ( stopped ) {
			options.onState?.( current );
			return;
		}
		if ( current === 'connected' ) {
			attempt = 0;
			holding = false;
			clear();
		} else if ( current === 'connecting' || current === 'unavailable' ) {
			if ( holding && ! quiet ) {
				// pusher-js's own retry timer, set before the back-off began: wait it out.
				setTimeout(
					() => holding && silently( () => pusher.disconnect() )
				);
			} else if ( ! timer && ! holding ) {
				since = quiet ? since : Date.now();
				scheduleRestart();
			}
		} else if ( current === 'disconnected' && ( quiet || holding ) ) {
			return;
		}
		options.onState?.(
			current === 'disconnected' && refused ? 'refused' : current
		);
	};

	const onError = ( e: unknown ) => {
		const code = closeCodeOf( e );
		if ( stopped || code === null ) {
			return;
		}
		switch ( closeCodeClass( code ) ) {
			case 'refused':
				// pusher-js disconnects right after this event; nothing retries.
				refused = true;
				clear();
				break;
			case 'retry':
				// pusher-js reconnects at once (without a new state when it was connecting
				// already); should that fail, the fast delays follow.
				holding = false;
				attempt = 0;
				scheduleRestart();
				break;
			case 'backoff':
				holding = true;
				attempt = Math.max( attempt, policy.backoffAttempt );
				// pusher-js schedules its 1 s retry after this event: cancel it once it has.
				after( 0, () => {
					silently( () => pusher.disconnect() );
					after( reconnectDelay( attempt++, random, policy ), () => {
						holding = false;
						since = Date.now();
						silently( () => pusher.connect() );
					} );
				} );
				break;
		}
	};

	const reconnectNow = () => {
		if ( stopped || refused || holding || ! trying() ) {
			return;
		}
		attempt = 0;
		clear();
		restart();
	};
	const onVisibility = () => {
		if ( doc?.visibilityState === 'visible' ) {
			reconnectNow();
		}
	};

	pusher.connection.bind( 'state_change', onStateChange );
	pusher.connection.bind( 'error', onError );
	win?.addEventListener( 'online', reconnectNow );
	doc?.addEventListener( 'visibilitychange', onVisibility );
	if ( trying() ) {
		onStateChange( { current: pusher.connection.state } );
	}

	return {
		reconnectNow,
		disconnect() {
			stopped = true;
			clear();
			win?.removeEventListener( 'online', reconnectNow );
			doc?.removeEventListener( 'visibilitychange', onVisibility );
			pusher.disconnect();
			pusher.connection.unbind?.( 'state_change', onStateChange );
			pusher.connection.unbind?.( 'error', onError );
		},
	};
}
