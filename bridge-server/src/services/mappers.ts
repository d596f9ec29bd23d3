/** Row ↔ contract mapping, in one place for every service. */
import type { Conversation, Message, MessageMeta } from '@handoff-chat/contracts';

export const toConversation = ( r: any ): Conversation => ( {
	id: r.id,
	siteId: r.site_id,
	visitorId: r.visitor_id,
	state: r.state,
	mode: r.mode,
	flowId: r.flow_id ?? null,
	backToBotLabel: r.back_to_bot_label || null,
	assignedAdvisorId: r.assigned_advisor_id ?? null,
	lastSeq: Number( r.last_seq ),
	lastMessageAt: r.last_message_at ?? null,
	lastMessagePreview: r.last_message_preview ?? null,
	lastMessageAuthorType: r.last_message_author_type ?? null,
	pageUrl: r.page_url ?? null,
	pageTitle: r.page_title ?? null,
	createdAt: r.created_at,
	updatedAt: r.updated_at,
	visitorLastReadSeq: Number( r.visitor_last_read_seq ?? 0 ),
} );

function parseMeta( raw: unknown ): MessageMeta | undefined {
	if ( typeof raw !== 'string' || ! raw ) {
		return undefined;
	}
	try {
		return JSON.parse( raw ) as MessageMeta;
	} catch {
		return undefined;
	}
}

export const toMessage = ( r: any ): Message => {
	const meta = parseMeta( r.meta );
	return {
		id: r.id,
		conversationId: r.conversation_id,
		seq: Number( r.seq ),
		clientId: r.client_id ?? null,
		kind: r.kind,
		author: { type: r.author_type, id: r.author_id ?? null, name: r.author_name ?? null },
		text: r.text,
		...( meta ? { meta } : {} ),
		createdAt: r.created_at,
	};
};
