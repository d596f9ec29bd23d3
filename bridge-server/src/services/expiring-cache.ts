/**
 * A per-site value read from the database and reused by this process for `ttlMs`: another
 * bridge process's change shows within that time, this process's own at once (forget()).
 * Bounded: past `maxEntries` keys it starts afresh rather than grow without end.
 */
export class ExpiringCache< T > {
	private readonly entries = new Map< string, { at: number; value: T } >();

	constructor(
		private readonly ttlMs: number,
		private readonly maxEntries = 10_000
	) {}

	/** The fresh value for `key`, else what `load` reads (kept from when it was read). */
	async get( key: string, load: () => Promise< T > ): Promise< T > {
		const hit = this.entries.get( key );
		if ( hit && Date.now() - hit.at < this.ttlMs ) {
			return hit.value;
		}
		const value = await load();
		if ( this.entries.size >= this.maxEntries ) {
			this.entries.clear();
		}
		this.entries.set( key, { at: Date.now(), value } );
		return value;
	}

	forget( key: string ): void {
		this.entries.delete( key );
	}
}
