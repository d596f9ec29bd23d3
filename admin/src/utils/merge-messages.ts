/**
 * Realtime only notifies; HTTP carries truth. Messages from both paths meet here,
 * merged by id and ordered by seq, so an event and a catch-up page that overlap
 * never show a message twice.
 */
import type { Message } from '@handoff-chat/contracts';

// seq is unique per conversation; the id only keeps the order total.
const bySeq = ( a: Message, b: Message ) =>
	a.seq - b.seq || a.id.localeCompare( b.id );

/**
 * Returns `current` itself when `incoming` adds or changes nothing, so React
 * state setters can bail out of a re-render.
 */
export function mergeMessages(
	current: readonly Message[],
	incoming: readonly Message[]
): Message[] {
	if ( incoming.length === 0 ) {
		return current as Message[];
	}
	const byId = new Map< string, Message >();
	for ( const m of current ) {
		byId.set( m.id, m );
	}
	let changed = false;
	for ( const m of incoming ) {
		const held = byId.get( m.id );
		if (
			! held ||
			held.seq !== m.seq ||
			held.text !== m.text ||
			held.kind !== m.kind
		) {
			byId.set( m.id, m );
			changed = true;
		}
	}
	if ( ! changed ) {
		return current as Message[];
	}
	return [ ...byId.values() ].sort( bySeq );
}

/** Highest seq held (0 when none): the `after` cursor for catch-up. */
export function lastSeqOf( messages: readonly Message[] ): number {
	let max = 0;
	for ( const m of messages ) {
		if ( m.seq > max ) {
			max = m.seq;
		}
	}
	return max;
}

/**
 * True when a message arriving by realtime does not directly follow what is held:
 * something was missed (or the event arrived out of order) and a catch-up is due.
 */
export function isGap( held: readonly Message[], incoming: Message ): boolean {
	return incoming.seq > lastSeqOf( held ) + 1;
}
