/** The inbox: its lists, summary, who is online and search. */
import type {
	AdvisorInboxPage,
	InboxSummary,
	OnlineVisitorsResponse,
	SearchPage,
} from '@handoff-chat/contracts';
import type { InboxFilter, InboxListName } from '../utils/inbox-list';
import type { Transport } from './transport';

export interface InboxQueryArgs {
	list: InboxListName;
	filter: InboxFilter;
	cursor?: string | null;
	limit?: number;
}

export interface InboxApi {
	listInbox: ( args: InboxQueryArgs ) => Promise< AdvisorInboxPage >;
	getSummary: () => Promise< InboxSummary >;
	/** Visitor ids whose widget is open now. */
	getOnlineVisitors: () => Promise< string[] >;
	search: ( q: string, cursor?: string | null ) => Promise< SearchPage >;
}

export function inboxApi( { bridge }: Transport ): InboxApi {
	return {
		listInbox( { list, filter, cursor, limit } ) {
			const q = new URLSearchParams( { list, filter } );
			if ( cursor ) {
				q.set( 'cursor', cursor );
			}
			if ( limit ) {
				q.set( 'limit', String( limit ) );
			}
			return bridge< AdvisorInboxPage >( `/v1/inbox?${ q.toString() }` );
		},

		getSummary() {
			return bridge< InboxSummary >( '/v1/inbox/summary' );
		},

		async getOnlineVisitors() {
			const body =
				await bridge< OnlineVisitorsResponse >( '/v1/inbox/online' );
			return body.visitorIds;
		},

		search( q, cursor ) {
			const query = new URLSearchParams( { q } );
			if ( cursor ) {
				query.set( 'cursor', cursor );
			}
			return bridge< SearchPage >( `/v1/search?${ query.toString() }` );
		},
	};
}
