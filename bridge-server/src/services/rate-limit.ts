/**
 * Counting for the throttles services apply themselves (typing), on express-rate-limit's
 * store, the one mechanism of every limit (the HTTP ones are in rate-limits.ts): the same
 * window, the same memory bounds, and a shared store can replace it.
 */
import { MemoryStore } from 'express-rate-limit';

export class Throttle {
	private readonly store = new MemoryStore();

	constructor(
		private readonly limit: number,
		windowMs: number
	) {
		// The store only reads windowMs from the options.
		this.store.init( { windowMs } as Parameters<
			MemoryStore[ 'init' ]
		>[ 0 ] );
	}

	/** Counts a hit for `key`: whether it is within the limit of its window. */
	async allow( key: string ): Promise< boolean > {
		const { totalHits } = await this.store.increment( key );
		return totalHits <= this.limit;
	}

	/** Stops the store's clean-up timer. */
	stop(): void {
		this.store.shutdown();
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
