/** Translated labels shared by several components. */
import { __, sprintf } from '@wordpress/i18n';
import type {
	AuthorType,
	ConversationState,
	MessageEventType,
	MessageMeta,
} from '@handoff-chat/contracts';
import type { InboxFilter, InboxListName } from './inbox-list';

export function stateLabel( state: ConversationState ): string {
	switch ( state ) {
		case 'waiting':
			return __( 'Waiting', 'handoff-chat' );
		case 'live':
			return __( 'Live', 'handoff-chat' );
		case 'closed':
			return __( 'Closed', 'handoff-chat' );
		case 'bot':
			return __( 'Bot', 'handoff-chat' );
	}
	return state;
}

export function listLabel( list: InboxListName ): string {
	switch ( list ) {
		case 'live':
			return __( 'Live chat', 'handoff-chat' );
		case 'closed':
			return __( 'Closed', 'handoff-chat' );
		case 'bot':
			return __( 'Chatbot', 'handoff-chat' );
	}
	return list;
}

export function filterLabel( filter: InboxFilter ): string {
	switch ( filter ) {
		case 'all':
			return __( 'All', 'handoff-chat' );
		case 'unassigned':
			return __( 'Unassigned', 'handoff-chat' );
		case 'unread':
			return __( 'Unread', 'handoff-chat' );
		case 'mine':
			return __( 'Mine', 'handoff-chat' );
	}
	return filter;
}

/** Who wrote the last message, as a short prefix for list previews; null for the visitor. */
export function previewAuthorLabel( type: AuthorType | null ): string | null {
	switch ( type ) {
		case 'advisor':
			return __( 'Advisor:', 'handoff-chat' );
		case 'bot':
			return __( 'Bot:', 'handoff-chat' );
		case 'system':
			return __( 'System:', 'handoff-chat' );
	}
	return null;
}

/** What an event message means, in the advisor's language; null for unknown events. */
export function eventLabel(
	event: MessageEventType | undefined,
	meta?: Pick< MessageMeta, 'actor' | 'assignee' >
): string | null {
	switch ( event ) {
		case 'assigned': {
			const assignee = meta?.assignee;
			if ( assignee && meta?.actor?.id === assignee.id ) {
				return sprintf(
					/* translators: %s: the advisor's name. */
					__( '%s took the conversation', 'handoff-chat' ),
					assignee.name || __( 'An advisor', 'handoff-chat' )
				);
			}
			return assignee?.name
				? sprintf(
						/* translators: %s: the advisor's name. */
						__( 'Assigned to %s', 'handoff-chat' ),
						assignee.name
					)
				: __( 'Assigned to an advisor', 'handoff-chat' );
		}
		case 'unassigned':
			return meta?.actor?.name
				? sprintf(
						/* translators: %s: the advisor's name. */
						__( 'Unassigned by %s', 'handoff-chat' ),
						meta.actor.name
					)
				: __( 'No longer assigned', 'handoff-chat' );
		case 'transferred':
			return __( 'Transferred to an advisor', 'handoff-chat' );
		case 'human_requested':
			return __( 'The visitor asked for a human', 'handoff-chat' );
		case 'back_to_bot':
			return __( 'Back to the chatbot', 'handoff-chat' );
		case 'closed':
			return __( 'Conversation closed', 'handoff-chat' );
		case 'reopened':
			return __( 'Conversation reopened', 'handoff-chat' );
	}
	return null;
}
