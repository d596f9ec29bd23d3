/**
 * What advisors do to a conversation besides replying: close, reopen, take, assign,
 * mark read, private notes and the visitor's variables. State and assignment changes are
 * decided by the conversation rules (contracts/src/conversation-rules.ts): each is a
 * `system` event line in the thread and a conversation-updated event, stored through the
 * same unit of work as replies.
 */
import {
	pageAllowed,
	type Actor,
	type Conversation,
	type ConversationEvent,
	type MessageAuthor,
	type PatchConversationBody,
	type VariablesResponse,
	type VisitorDetailsResponse,
} from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import { badRequest, conflict, notFound } from '../errors';
import type { AccessPolicy } from './access';
import type { AdvisorPrincipal } from './advisor-view';
import { parsePages, scopeOf, type AdvisorsService } from './advisors';
import type { ConversationsService } from './conversations';
import { authorOf } from './conversations';
import type { EventsService } from './events';
import type { PresenceService } from './presence';
import type { ReadsService } from './reads';
import type { TurnsService } from './turns';
import type { VariablesService } from './variables';
import type { VisitorsService } from './visitors';

const SYSTEM: MessageAuthor = { type: 'system', id: null, name: null };

export interface ManagementDeps {
	conversations: ConversationsService;
	turns: TurnsService;
	reads: ReadsService;
	advisors: AdvisorsService;
	access: AccessPolicy;
	variables: VariablesService;
	visitors: VisitorsService;
	presence: PresenceService;
	events: EventsService;
	/** Routing's re-offer (BotService.offerWaiting). */
	offerWaiting: ( siteId: string ) => Promise< number >;
}

export class ManagementService {
	constructor( private readonly deps: ManagementDeps ) {}

	async patch(
		p: AdvisorPrincipal,
		conversation: Conversation,
		body: PatchConversationBody
	): Promise< void > {
		const { conversations } = this.deps;
		if ( body.type === 'read' ) {
			await this.deps.reads.markRead(
				conversation,
				p.advisorId,
				body.seq
			);
			return;
		}
		const actor: Actor = {
			id: p.advisorId,
			name: p.name,
			avatar: p.avatar,
		};
		// Checked before the unit of work: it must not hold the conversation while reading others.
		let event: ConversationEvent;
		if ( body.type === 'assign' ) {
			const assignee =
				body.advisorId === null
					? null
					: await this.assignable( p, body.advisorId, conversation );
			event = { type: 'assign', actor, assignee };
		} else {
			event =
				body.type === 'take'
					? {
							type: 'take',
							advisor: actor,
							licensed: ( await this.deps.access.scope( p ) )
								.licensed,
						}
					: { type: body.type, actor };
		}
		await conversations.transact( conversation.id, async ( tx ) => {
			await this.deps.turns.play( tx, event, {
				author: SYSTEM,
				clientId: null,
			} );
		} );
		if ( body.type === 'close' || body.type === 'assign' ) {
			// A slot came free (or moved): waiting conversations may now fit someone.
			await this.deps.offerWaiting( p.siteId );
		}
	}

	/** A private note, idempotent by clientId; licensed advisors only (notes are premium). */
	async note(
		p: AdvisorPrincipal,
		conversation: Conversation,
		input: { clientId: string; text: string }
	) {
		await this.deps.access.require( p, 'write_notes' );
		return this.deps.conversations.record(
			p,
			conversation.id,
			input.clientId,
			( tx ) =>
				tx.append( authorOf( p ), {
					clientId: input.clientId,
					kind: 'note',
					text: input.text,
				} )
		);
	}

	/** The visitor's variables; hidden (empty, `hidden: true`) from advisors the policy does not allow. */
	async variables(
		p: Principal,
		c: Conversation
	): Promise< VariablesResponse > {
		if (
			p.role === 'advisor' &&
			! ( await this.deps.access.can( p, 'premium' ) )
		) {
			return { variables: [], hidden: true };
		}
		return {
			variables: await this.deps.variables.list( c.siteId, c.visitorId ),
		};
	}

	/** An advisor's edit of the visitor's variables; the pseudonym may change, so advisors refetch. */
	async putVariables(
		p: AdvisorPrincipal,
		c: Conversation,
		changes: Record< string, string | null >
	): Promise< VariablesResponse > {
		await this.deps.access.require( p, 'edit_variables' );
		const variables = await this.deps.variables.putMany(
			c.siteId,
			c.visitorId,
			changes
		);
		this.deps.events.conversationUpdated(
			await this.deps.conversations.getFor( p, c.id )
		);
		return { variables };
	}

	/** The visitor panel: the visit, presence, and the variables when the policy allows. */
	async visitorPanel(
		p: AdvisorPrincipal,
		c: Conversation
	): Promise< VisitorDetailsResponse > {
		const [ online, premium ] = await Promise.all( [
			this.deps.presence.onlineVisitors( c.siteId ),
			this.deps.access.can( p, 'premium' ),
		] );
		const visitor = await this.deps.visitors.details(
			c.siteId,
			c.visitorId,
			online.has( c.visitorId )
		);
		if ( ! visitor ) {
			throw notFound( 'Visitor' );
		}
		return {
			visitor,
			variables: premium
				? await this.deps.variables.list( c.siteId, c.visitorId )
				: [],
			variablesHidden: ! premium,
		};
	}

	/** A colleague the bridge knows and who holds a licence. */
	private async assignable(
		p: AdvisorPrincipal,
		advisorId: string,
		conversation: Conversation
	): Promise< Actor > {
		const row = await this.deps.advisors.row( p.siteId, advisorId );
		const a = row?.can_answer
			? {
					id: advisorId,
					name: row.visible_name || row.name,
					avatar: row.avatar ?? null,
				}
			: null;
		if ( ! a ) {
			throw badRequest(
				`advisorId: "${ advisorId }" is not an advisor of this site (give them the ability to answer in Conversations → Advisors).`
			);
		}
		if ( ! pageAllowed( parsePages( row.pages ), conversation.pageUrl ) ) {
			throw conflict(
				`${ a.name } does not receive conversations from this page (their page restrictions).`
			);
		}
		if ( ! scopeOf( row ).licensed ) {
			throw conflict(
				`${ a.name ?? advisorId } has no advisor licence: conversations cannot be assigned to them.`
			);
		}
		return a;
	}
}
