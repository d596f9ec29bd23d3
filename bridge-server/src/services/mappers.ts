/** Row ↔ contract mapping, in one place for every service. */
import {
	awaitsOf,
	handoffOf,
	isUnanswered,
	type Conversation,
	type FlowState,
	type Message,
	type MessageMeta,
	type RulesConversation,
} from '@handoff-chat/contracts';

/** The stored flow position (JSON), or null when absent or unreadable. */
export function parseFlowState( raw: unknown ): FlowState | null {
	if ( typeof raw !== 'string' || ! raw ) {
		return null;
	}
	try {
		return JSON.parse( raw ) as FlowState;
	} catch {
		return null;
	}
}

/** What the conversation rules (contracts/src/conversation-rules.ts) need of a row. */
export const toRulesConversation = ( r: any ): RulesConversation => ( {
	state: r.state,
	flowId: r.flow_id ?? null,
	assignedAdvisorId: r.assigned_advisor_id ?? null,
	flowState: parseFlowState( r.flow_state ),
	backToBot: {
		sequence: r.back_to_bot_sequence ?? null,
		label: r.back_to_bot_label || null,
	},
} );

export const toConversation = ( r: any ): Conversation => {
	const flowState = parseFlowState( r.flow_state );
	return {
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
		lastMessageKind: r.last_message_kind ?? null,
		lastMessageAuthorType: r.last_message_author_type ?? null,
		unanswered: isUnanswered(
			r.state,
			Number( r.last_visitor_seq ?? 0 ),
			Number( r.last_advisor_seq ?? 0 )
		),
		pageUrl: r.page_url ?? null,
		pageTitle: r.page_title ?? null,
		createdAt: r.created_at,
		updatedAt: r.updated_at,
		visitorLastReadSeq: Number( r.visitor_last_read_seq ?? 0 ),
		advisorsLastReadSeq: Number( r.advisors_last_read_seq ?? 0 ),
		awaits: awaitsOf( r.state, flowState ),
		handoff: handoffOf( r.state, flowState, r.reply_email ?? null ),
		rating:
			r.rating_score === null || r.rating_score === undefined
				? null
				: {
						score: Number( r.rating_score ),
						comment: r.rating_comment || null,
						ratedAt: r.rated_at,
					},
		replyEmail: r.reply_email ?? null,
		locale: r.locale ?? null,
	};
};

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
		author: {
			type: r.author_type,
			id: r.author_id ?? null,
			name: r.author_name ?? null,
		},
		text: r.text,
		...( meta ? { meta } : {} ),
		createdAt: r.created_at,
	};
};
