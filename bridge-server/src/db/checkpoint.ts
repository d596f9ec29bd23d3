/**
 * WAL checkpoints off the send path (sqlite3 only). By default sqlite checkpoints inside the
 * commit that grows the WAL past 1,000 pages: that one send waits while pages are copied into
 * the database file — the tail of the send latency. Here the writer's automatic checkpoint is
 * off (db/index.ts) and a PASSIVE checkpoint runs every `intervalMs` on a read connection: it
 * copies what no reader still needs, never waits for or blocks the writer, and the WAL is
 * reused from its start once everything is copied. A crash loses nothing either way: the WAL
 * is replayed at the next open.
 */
import type { Db } from '.';
import type { Logger } from '../logger';

export interface CheckpointResult {
	/** Frames in the WAL, and how many of them are now in the database file. */
	log: number;
	checkpointed: number;
	busy: boolean;
}

export class WalCheckpointer {
	private timer: NodeJS.Timeout | null = null;
	private running: Promise< unknown > | null = null;

	constructor(
		private readonly db: Db,
		private readonly intervalMs: number,
		private readonly log: Logger
	) {}

	start(): void {
		if ( this.timer || this.intervalMs <= 0 ) {
			return;
		}
		this.timer = setInterval( () => {
			// One at a time: a slow checkpoint is not stacked.
			if ( ! this.running ) {
				this.running = this.runOnce()
					.catch( ( err ) =>
						this.log.warn( 'wal checkpoint failed', { err } )
					)
					.finally( () => {
						this.running = null;
					} );
			}
		}, this.intervalMs );
		this.timer.unref();
	}

	/** Stops the timer; a checkpoint in progress finishes first. */
	async stop(): Promise< void > {
		if ( this.timer ) {
			clearInterval( this.timer );
			this.timer = null;
		}
		await this.running;
	}

	async runOnce(): Promise< CheckpointResult > {
		const rows = await this.db.raw( 'PRAGMA wal_checkpoint(PASSIVE)' );
		const r = rows[ 0 ] ?? {};
		return {
			log: Number( r.log ?? 0 ),
			checkpointed: Number( r.checkpointed ?? 0 ),
			busy: Number( r.busy ?? 0 ) !== 0,
		};
	}
}
