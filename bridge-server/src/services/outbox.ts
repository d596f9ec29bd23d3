/**
 * Database outboxes (notification_outbox, webhook_outbox): rows with `status`, `next_attempt_at`
 * and a `locked_until` lease. Any bridge process may look for due rows; a row is sent by the one
 * whose conditional UPDATE of its lease changed it, so two processes never send the same row.
 */
import type { Db } from '../db';
import { nowIso } from '../db';

/** Due pending rows, oldest first (not yet claimed: see claim). */
export function dueRows(
	db: Db,
	table: string,
	now: string,
	limit = 50
): Promise< Array< Record< string, any > > > {
	return db( table )
		.where( 'status', 'pending' )
		.andWhere( 'next_attempt_at', '<=', now )
		.orderBy( 'id' )
		.limit( limit );
}

/** Takes the row's lease for `leaseMs`; false when another process holds it or sent it meanwhile. */
export async function claim(
	db: Db,
	table: string,
	id: number,
	now: string,
	leaseMs: number
): Promise< boolean > {
	const leased = await db( table )
		.where( { id, status: 'pending' } )
		// Still due: another process may have tried it (and set a later retry) meanwhile.
		.andWhere( 'next_attempt_at', '<=', now )
		.andWhere( ( w ) =>
			w.whereNull( 'locked_until' ).orWhere( 'locked_until', '<', now )
		)
		.update( {
			locked_until: new Date( Date.now() + leaseMs ).toISOString(),
		} );
	return leased > 0;
}

/**
 * One pass over a table's due rows: each one this process claims (for `leaseMs`) is handed to
 * `deliver`. Returns how many `deliver` reported delivered.
 */
export async function deliverDueRows(
	db: Db,
	table: string,
	leaseMs: number,
	deliver: ( row: Record< string, any > ) => Promise< boolean >
): Promise< number > {
	const now = nowIso();
	let delivered = 0;
	for ( const row of await dueRows( db, table, now ) ) {
		if (
			( await claim( db, table, row.id, now, leaseMs ) ) &&
			( await deliver( row ) )
		) {
			delivered++;
		}
	}
	return delivered;
}
