/**
 * Realtime only notifies; HTTP carries truth (DESIGN.md). Messages from a catch-up page,
 * a realtime event and the answer to a send all meet here: merged by id, ordered by seq,
 * so overlapping sources never show a message twice.
 */
import type { Message } from '@handoff-chat/contracts';

// seq is unique per conversation; the id only keeps the order total.
const bySeq = ( a: Message, b: Message ) =>
	a.seq - b.seq || ( a.id < b.id ? -1 : Number( a.id > b.id ) );

const same = ( a: Message, b: Message ) =>
	a === b ||
	( a.seq === b.seq &&
		a.kind === b.kind &&
		a.text === b.text &&
		JSON.stringify( a.meta ) === JSON.stringify( b.meta ) );

/**
 * Union by id (a later copy replaces an earlier one), ordered by seq. Returns `current`
 * itself when `incoming` adds or changes nothing, so a caller can skip a redraw.
 * @param current  Messages held so far, in seq order.
 * @param incoming Messages just received, in any order.
 */
export function mergeMessages< M extends Message >(
	current: readonly M[],
	incoming: readonly M[]
): M[] {
	const byId = new Map< string, M >();
	for ( const m of current ) {
		byId.set( m.id, m );
	}
	let changed = false;
	for ( const m of incoming ) {
		const held = byId.get( m.id );
		if ( ! held || ! same( held, m ) ) {
			byId.set( m.id, m );
			changed = true;
		}
	}
	return changed
		? Array.from( byId.values() ).sort( bySeq )
		: ( current as M[] );
}

/**
 * Highest seq held (0 when none).
 * @param messages Messages, in any order.
 */
export function lastSeqOf( messages: readonly Message[] ): number {
	let max = 0;
	for ( const m of messages ) {
		max = Math.max( max, m.seq );
	}
	return max;
}
