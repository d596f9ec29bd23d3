/** The vocabulary of the conversation rules (conversation-rules.ts): what they read, hear and return. */
import type { Flow } from './flow';
import type { FlowState } from './flow-engine';
import type {
	BotAwaits,
	ConversationState,
	MessageKind,
	MessageMeta,
} from './types';

/** What the rules need to know of a conversation. */
export interface RulesConversation {
	state: ConversationState;
	/** Null: live chat only (no bot, no "back to chatbot"). */
	flowId: string | null;
	assignedAdvisorId: string | null;
	flowState: FlowState | null;
	/** Where "back to chatbot" goes and what its button says, as set by the last transfer. */
	backToBot: { sequence: string | null; label: string | null };
}

export interface Actor {
	id: string;
	/** As visitors see them: the visible name. */
	name: string;
	/** Avatar URL visitors see; absent or null: initials. */
	avatar?: string | null;
}

export type ConversationEvent =
	/** A bot conversation was created (the first steps of the flow). */
	| { type: 'start'; sequence?: string | null }
	| { type: 'visitor_text'; text: string }
	| { type: 'visitor_image' }
	| { type: 'button'; stepId: string; buttonId: string }
	| { type: 'request_human' }
	| { type: 'back_to_bot' }
	/**
	 * `licensed: false`: the advisor holds no licence of the site's quota — they may answer,
	 * but a conversation is never assigned to them (absent: licensed).
	 */
	| { type: 'advisor_reply'; advisor: Actor; licensed?: boolean }
	| { type: 'take'; advisor: Actor; licensed?: boolean }
	/** `assignee` null: unassign. */
	| { type: 'assign'; actor: Actor; assignee: Actor | null }
	| { type: 'close'; actor: Actor }
	| { type: 'reopen'; actor: Actor }
	/** The advisors were looked for after a transfer: somebody was online, or the fallback runs. */
	| { type: 'transfer_resolved'; stepId: string; online: boolean };

/** Needed by the events the bot answers; ignored by the others. */
export interface RulesContext {
	flow: Flow | null;
	variables: Readonly< Record< string, string > >;
}

/**
 * A message to append. `actor`: the principal whose event this is (the visitor pressing a
 * button, asking for a human…); it carries the event's client id.
 */
export interface RuleMessage {
	author: 'actor' | 'bot' | 'system';
	kind: MessageKind;
	text: string;
	meta?: MessageMeta;
}

export interface ConversationPatch {
	state?: ConversationState;
	assignedAdvisorId?: string | null;
	flowState?: FlowState | null;
	backToBot?: { sequence: string | null; label: string | null };
}

export type FollowUp =
	/** After commit: look for an advisor (assign per the transfer step), notify, then `transfer_resolved`. */
	{ type: 'route'; stepId: string };

export interface Outcome {
	patch: ConversationPatch;
	/** In order, after the sent message itself for `visitor_text`, `visitor_image` and `advisor_reply`. */
	messages: RuleMessage[];
	variables: Array< { name: string; value: string } >;
	followUps: FollowUp[];
	/** What the bot awaits once the outcome is stored. */
	awaits: BotAwaits;
}

export type Decision =
	| { ok: true; outcome: Outcome }
	| { ok: false; status: 400 | 409; message: string };
