/**
 * Fixed-window rate limits per key (principal), in memory. Like soketi's limiters they
 * return plain data; the caller decides the answer. Per process: with N bridges behind a
 * load balancer a client gets at most N times the limit, which is what these limits are
 * for (flood damping), so no shared store is needed.
 */
export interface RateDecision {
	allowed: boolean;
	remaining: number;
	/** Seconds until the window resets (for Retry-After). */
	retryAfterSeconds: number;
}

export class RateLimiter {
	private windows = new Map< string, { start: number; count: number } >();

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly now: () => number = Date.now
	) {}

	hit( key: string ): RateDecision {
		const now = this.now();
		let w = this.windows.get( key );
		if ( ! w || now - w.start >= this.windowMs ) {
			w = { start: now, count: 0 };
			this.windows.set( key, w );
			this.prune( now );
		}
		const retryAfterSeconds = Math.max(
			1,
			Math.ceil( ( w.start + this.windowMs - now ) / 1000 )
		);
		if ( w.count >= this.limit ) {
			return { allowed: false, remaining: 0, retryAfterSeconds };
		}
		w.count++;
		return {
			allowed: true,
			remaining: this.limit - w.count,
			retryAfterSeconds,
		};
	}

	// Bounded memory: expired windows go once the map grows.
	private prune( now: number ) {
		if ( this.windows.size < 10_000 ) {
			return;
		}
		for ( const [ k, w ] of this.windows ) {
			if ( now - w.start >= this.windowMs ) {
				this.windows.delete( k );
			}
		}
	}
}

/** The rate-limit key of a verified caller. */
export const principalKey = (
	p: { siteId: string } & (
		| { role: 'visitor'; visitorId: string }
		| { role: 'advisor'; advisorId: string }
	)
) =>
	`${ p.siteId }:${ p.role }:${ p.role === 'visitor' ? p.visitorId : p.advisorId }`;
