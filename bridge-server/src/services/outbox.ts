/**
 * Database outboxes (notification_outbox, webhook_outbox): rows with `status`, `next_attempt_at`
 * and a `locked_until` lease. Any bridge process may look for due rows; a row is sent by the one
 * whose conditional UPDATE of its lease changed it, so two processes never send the same row.
 */
import type { Db } from '../db';
import { nowIso } from '../db';
import { Periodic } from './periodic';

/** Due pending rows, oldest first (not yet claimed: see claim). */
function dueRows(
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
async function claim(
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
async function deliverDueRows(
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

/** How long a process holds a row it is sending before another may try it. */
const LEASE_MS = 60_000;

/**
 * A service that sends an outbox's rows: due rows are looked for every `intervalMs`, at once
 * on kick() (after a commit that queued one), and each claimed row goes to `deliver`.
 */
export abstract class OutboxSender {
	private readonly delivery: Periodic;

	protected constructor(
		protected readonly db: Db,
		private readonly table: string,
		intervalMs: number,
		onError: ( err: unknown ) => void
	) {
		this.delivery = new Periodic(
			() => this.deliverDue(),
			intervalMs,
			onError
		);
	}

	/** Sends one row; true when it was delivered. */
	protected abstract deliver(
		row: Record< string, any >
	): Promise< boolean >;

	/** Sends what is due soon, without making anyone wait. */
	kick(): void {
		this.delivery.kick();
	}

	/** Retries on a timer, for what failed before and what a previous process left behind. */
	start(): void {
		this.delivery.start();
	}

	stop(): Promise< void > {
		return this.delivery.stop();
	}

	/** Sends every due row this process claims, once; returns how many were delivered. */
	deliverDue(): Promise< number > {
		return deliverDueRows( this.db, this.table, LEASE_MS, ( row ) =>
			this.deliver( row )
		);
	}
}
