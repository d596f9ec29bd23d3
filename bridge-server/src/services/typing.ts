/** Typing indicators: realtime only, at most one event per 2 s per typist. */
import type { Conversation } from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import { conflict } from '../errors';
import type { EventsService } from './events';
import { principalKey, Throttle } from './rate-limit';

export const TYPING_INTERVAL_MS = 2000;

export class TypingService {
	private readonly throttle = new Throttle( 1, TYPING_INTERVAL_MS );

	constructor( private readonly events: EventsService ) {}

	/** Returns whether an event went out (false: throttled, clients keep showing the last one). */
	async typing(
		p: Principal,
		conversation: Conversation
	): Promise< boolean > {
		if ( conversation.state === 'closed' ) {
			throw conflict( 'This conversation is closed.' );
		}
		if ( ! ( await this.throttle.allow( principalKey( p ) ) ) ) {
			return false;
		}
		this.events.typing(
			conversation,
			p.role === 'advisor'
				? {
						conversationId: conversation.id,
						by: 'advisor',
						name: p.name,
					}
				: { conversationId: conversation.id, by: 'visitor' }
		);
		return true;
	}

	stop(): void {
		this.throttle.stop();
	}
}
