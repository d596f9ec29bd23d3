/**
 * What this process wrote lately, per key, so a service can skip rewriting the same row
 * within `windowMs` (an advisor's identity, a visitor's last_seen_at). Memory is bounded:
 * past `max` keys, entries older than the window go, and all of them if none was old.
 * A forgotten entry only costs one more write.
 */
export class RecentWrites< V = true > {
	private readonly entries = new Map< string, { value: V; at: number } >();

	constructor(
		private readonly windowMs: number,
		private readonly max = 10_000
	) {}

	/** True when `key` was noted within the window, with a value `same` accepts. */
	has(
		key: string,
		now = Date.now(),
		same: ( value: V ) => boolean = () => true
	): boolean {
		const hit = this.entries.get( key );
		return (
			hit !== undefined &&
			now - hit.at < this.windowMs &&
			same( hit.value )
		);
	}

	note( key: string, value: V, at = Date.now() ): void {
		if ( this.entries.size >= this.max && ! this.entries.has( key ) ) {
			for ( const [ k, e ] of this.entries ) {
				if ( at - e.at >= this.windowMs ) {
					this.entries.delete( k );
				}
			}
			if ( this.entries.size >= this.max ) {
				this.entries.clear();
			}
		}
		this.entries.set( key, { value, at } );
	}
}
