/**
 * What advisors do to a conversation besides replying: close, reopen, take, assign,
 * mark read, and private notes. Every state or assignment change is a `system` event
 * message in the thread (so views show it in seq order) and a conversation-updated on
 * both channels, through the same unit of work as replies.
 */
import type { Conversation, Message, MessageAuthor, PatchConversationBody } from '@handoff-chat/contracts';
import { badRequest, conflict, forbidden } from '../errors';
import type { AdvisorPrincipal } from './advisor-view';
import type { AdvisorsService } from './advisors';
import type { ConversationsService, ConversationTx } from './conversations';
import { authorOf } from './conversations';
import type { LicencePolicy } from './licences';

const SYSTEM: MessageAuthor = { type: 'system', id: null, name: null };

/** Bridge-side texts; clients render events from `meta.event`, translated. */
const TEXTS = {
	closed: ( by: string ) => `Conversation closed by ${ by }.`,
	reopened: ( by: string ) => `Conversation reopened by ${ by }.`,
	assigned: ( to: string ) => `Assigned to ${ to }.`,
	unassigned: ( by: string ) => `Unassigned by ${ by }.`,
};

export class ManagementService {
	constructor(
		private readonly conversations: ConversationsService,
		private readonly advisors: AdvisorsService,
		private readonly licences: LicencePolicy
	) {}

	async patch( p: AdvisorPrincipal, conversation: Conversation, body: PatchConversationBody ): Promise< void > {
		if ( body.type === 'read' ) {
			await this.conversations.markRead( conversation, p.advisorId, body.seq );
			return;
		}
		// Checked before the unit of work: it must not hold the conversation while reading others.
		const assignee = body.type === 'assign' && body.advisorId !== null ? await this.assignable( p, body.advisorId ) : null;
		const actor = { id: p.advisorId, name: p.name };
		await this.conversations.transact( conversation.id, async ( tx ) => {
			const { state, assigned_advisor_id: current } = tx.raw;
			const event = ( meta: Record< string, unknown >, text: string ) =>
				tx.append( SYSTEM, { clientId: null, kind: 'event', text, meta: { ...meta, actor } } );
			switch ( body.type ) {
				case 'close':
					if ( state === 'closed' ) {
						throw conflict( 'This conversation is already closed.' );
					}
					tx.patch( { state: 'closed' } );
					await event( { event: 'closed' }, TEXTS.closed( p.name ) );
					return;
				case 'reopen':
					if ( state !== 'closed' ) {
						throw conflict( 'This conversation is not closed: only closed conversations can be reopened.' );
					}
					tx.patch( { state: current ? 'live' : 'waiting' } );
					await event( { event: 'reopened' }, TEXTS.reopened( p.name ) );
					return;
				case 'take':
					this.openOrThrow( tx );
					if ( current === p.advisorId && state === 'live' ) {
						throw conflict( 'You already have this conversation.' );
					}
					// Taking it silences the bot, as a first reply does.
					tx.patch( { assigned_advisor_id: p.advisorId, state: 'live' } );
					if ( current !== p.advisorId ) {
						await event( { event: 'assigned', assignee: { id: p.advisorId, name: p.name } }, TEXTS.assigned( p.name ) );
					}
					return;
				case 'assign':
					if ( ! assignee ) {
						if ( ! current ) {
							throw conflict( 'This conversation is not assigned.' );
						}
						// Nobody has it any more: back to the queue.
						tx.patch( { assigned_advisor_id: null, ...( state === 'live' ? { state: 'waiting' } : {} ) } );
						await event( { event: 'unassigned' }, TEXTS.unassigned( p.name ) );
						return;
					}
					if ( current === assignee.id ) {
						throw conflict( `This conversation is already assigned to ${ assignee.name ?? assignee.id }.` );
					}
					tx.patch( { assigned_advisor_id: assignee.id } );
					await event(
						{ event: 'assigned', assignee: { id: assignee.id, name: assignee.name } },
						TEXTS.assigned( assignee.name ?? assignee.id )
					);
			}
		} );
	}

	/** A private note, idempotent by clientId; licensed advisors only (notes are premium). */
	async note( p: AdvisorPrincipal, conversation: Conversation, input: { clientId: string; text: string } ) {
		if ( ! ( await this.licences.isLicensed( p.siteId, p.advisorId ) ) ) {
			throw forbidden( 'Notes need an advisor licence.' );
		}
		return this.conversations.record( p, conversation, input.clientId, ( tx ): Promise< Message > =>
			tx.append( authorOf( p ), { clientId: input.clientId, kind: 'note', text: input.text } )
		);
	}

	private openOrThrow( tx: ConversationTx ) {
		if ( tx.raw.state === 'closed' ) {
			throw conflict( 'This conversation is closed. Reopen it first.' );
		}
	}

	/** A colleague the bridge knows (they opened the inbox once) and who holds a licence. */
	private async assignable( p: AdvisorPrincipal, advisorId: string ) {
		const a = advisorId === p.advisorId ? { id: p.advisorId, name: p.name, avatar: p.avatar } : await this.advisors.get( p.siteId, advisorId );
		if ( ! a ) {
			throw badRequest( `advisorId: no advisor "${ advisorId }" on this site yet (they appear once they open the inbox).` );
		}
		if ( ! ( await this.licences.isLicensed( p.siteId, advisorId ) ) ) {
			throw conflict( `${ a.name ?? advisorId } has no advisor licence: conversations cannot be assigned to them.` );
		}
		return a;
	}
}
