import type { Message } from '@handoff-chat/contracts';
import { lastSeqOf } from '@handoff-chat/client-core/merge';

/**
 * True when a message arriving by realtime does not directly follow what is held:
 * something was missed (or the event arrived out of order) and a catch-up is due.
 * @param held     Messages held so far.
 * @param incoming The message an event brought.
 */
export function isGap( held: readonly Message[], incoming: Message ): boolean {
	return incoming.seq > lastSeqOf( held ) + 1;
}
