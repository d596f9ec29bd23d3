/**
 * A conversation as one advisor sees it (InboxConversation): their read state, whether the
 * visitor waits for an answer, who has it, the visitor's pseudonym and whether they are
 * online. Built for a whole page at once (one query per kind of data), and gated by the
 * licence: an unlicensed advisor gets no visitor names.
 */
import {
	IDENTITY_VARIABLES,
	isUnanswered,
	renderPseudonym,
	templateVariables,
	type InboxConversation,
} from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import type { Db } from '../db';
import { notFound } from '../errors';
import type { AdvisorsService } from './advisors';
import type { AccessPolicy } from './access';
import { toConversation } from './mappers';
import type { PresenceService } from './presence';
import type { SettingsService } from './settings';

export type AdvisorPrincipal = Extract< Principal, { role: 'advisor' } >;

export class AdvisorViewService {
	constructor(
		private readonly db: Db,
		private readonly access: AccessPolicy,
		private readonly advisors: AdvisorsService,
		private readonly settings: SettingsService,
		private readonly presence: PresenceService
	) {}

	/** Names, notes and variables are premium (the access policy). */
	premium( p: AdvisorPrincipal ): Promise< boolean > {
		return this.access.can( p, 'premium' );
	}

	/**
	 * Pseudonyms by visitor id (null when nothing is known): a known customer's name as WordPress
	 * vouched for it, else the site's template. Not licence-gated: callers gate.
	 */
	async visitorNames(
		siteId: string,
		visitorIds: string[]
	): Promise< Map< string, string | null > > {
		const ids = [ ...new Set( visitorIds ) ];
		const out = new Map< string, string | null >(
			ids.map( ( id ) => [ id, null ] )
		);
		const template = ( await this.settings.get( siteId ) ).settings
			.pseudonymTemplate;
		const names = [
			...templateVariables( template ),
			IDENTITY_VARIABLES.name,
		];
		if ( ! ids.length ) {
			return out;
		}
		const vars = new Map< string, Record< string, string > >();
		const rows = await this.db( 'visitor_variables' )
			.where( 'site_id', siteId )
			.whereIn( 'visitor_id', ids )
			.whereIn( 'name', names )
			.select( 'visitor_id', 'name', 'value' );
		for ( const r of rows ) {
			vars.set( r.visitor_id, {
				...vars.get( r.visitor_id ),
				[ r.name ]: r.value,
			} );
		}
		for ( const id of ids ) {
			const v = vars.get( id ) ?? {};
			out.set(
				id,
				v[ IDENTITY_VARIABLES.name ] || renderPseudonym( template, v )
			);
		}
		return out;
	}

	async views(
		p: AdvisorPrincipal,
		rows: Array< Record< string, any > >
	): Promise< InboxConversation[] > {
		if ( ! rows.length ) {
			return [];
		}
		const ids = rows.map( ( r ) => r.id );
		const [ licensed, reads, assignees, online ] = await Promise.all( [
			this.premium( p ),
			this.db( 'conversation_reads' )
				.where( 'advisor_id', p.advisorId )
				.whereIn( 'conversation_id', ids )
				.select( 'conversation_id', 'last_read_seq' ),
			this.advisors.summaries(
				p.siteId,
				rows.map( ( r ) => r.assigned_advisor_id ).filter( Boolean )
			),
			this.presence.onlineVisitors( p.siteId ),
		] );
		const names = licensed
			? await this.visitorNames(
					p.siteId,
					rows.map( ( r ) => r.visitor_id )
				)
			: new Map();
		const readOf = new Map< string, number >(
			reads.map( ( r: any ) => [
				r.conversation_id,
				Number( r.last_read_seq ),
			] )
		);
		return rows.map( ( r ) => {
			const lastVisitor = Number( r.last_visitor_seq ?? 0 );
			const lastAdvisor = Number( r.last_advisor_seq ?? 0 );
			const lastReadSeq = readOf.get( r.id ) ?? 0;
			return {
				...toConversation( r ),
				visitorLastReadSeq: Number( r.visitor_last_read_seq ?? 0 ),
				// Same rule as the `unread` filter (services/inbox.ts).
				unread: lastVisitor > lastAdvisor && lastReadSeq < lastVisitor,
				unanswered: isUnanswered( r.state, lastVisitor, lastAdvisor ),
				lastReadSeq,
				assignedAdvisor: r.assigned_advisor_id
					? ( assignees.get( r.assigned_advisor_id ) ?? null )
					: null,
				visitorName: names.get( r.visitor_id ) ?? null,
				visitorOnline: online.has( r.visitor_id ),
			};
		} );
	}

	async view(
		p: AdvisorPrincipal,
		conversationId: string
	): Promise< InboxConversation > {
		const row = await this.db( 'conversations' )
			.where( { id: conversationId, site_id: p.siteId } )
			.first();
		if ( ! row ) {
			throw notFound( 'Conversation' );
		}
		return ( await this.views( p, [ row ] ) )[ 0 ];
	}
}
