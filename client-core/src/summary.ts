/**
 * The admin menu's count arrives from `GET /v1/inbox/summary` and from `inbox-summary` events,
 * which several bridge processes publish independently: one counted earlier may arrive later.
 * Each carries `countedAt`; the count read last wins (an answer without it — an older bridge —
 * is taken as it comes).
 */
import type { InboxSummary } from '@handoff-chat/contracts';

/**
 * A holder of the latest count: `take( s )` says whether `s` replaces what is held, and `count`
 * is the count held (null before the first).
 * @return The holder.
 */
export function latestSummary() {
	let at = -Infinity;
	return {
		count: null as number | null,
		take( s: Partial< InboxSummary > | null | undefined ): boolean {
			if ( typeof s?.toHandle !== 'number' ) {
				return false;
			}
			const counted =
				typeof s.countedAt === 'number' ? s.countedAt : Infinity;
			if ( counted < at ) {
				return false;
			}
			at = Number.isFinite( counted ) ? counted : at;
			this.count = s.toHandle;
			return true;
		},
	};
}
