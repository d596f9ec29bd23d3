/** Rows and rendering options for the message view's tests. */
import type { ChatItem } from '../chat/message-store';

/**
 * An advisor's confirmed text row, with any field changed.
 * @param over Fields to change.
 */
export const item = ( over: Partial< ChatItem > = {} ): ChatItem => ( {
	key: 'm:1',
	id: 'm1',
	seq: 1,
	clientId: null,
	kind: 'text',
	authorType: 'advisor',
	authorName: 'Camille',
	text: 'Hello',
	createdAt: '2025-03-12T14:05:00.000Z',
	status: 'sent',
	...over,
} );

/** Fixed time and locale; the callbacks are mocks. */
export const options = {
	now: new Date( '2025-03-12T15:00:00Z' ),
	locale: 'en-GB',
	onRetry: jest.fn(),
	onDiscard: jest.fn(),
};
