/**
 * The access policy, in one place (DESIGN.md "Access rules … are decided in services"):
 * may this principal do this, see this field, receive this conversation? Routes never
 * ask; services do, through `can` (a yes/no, to hide a field), `require` (a 403 with a
 * clear reason), `mayOpen` (a conversation's page against the advisor's restrictions) and
 * `limit` (the same rule as SQL, for lists, counts and search).
 *
 * - premium (visitor names, notes, variables; writing notes; being assigned): a licence;
 * - pages: an advisor restricted to some pages receives only conversations started there;
 * - the Chatbot list: only for advisors with "show conversations where the bot has the hand";
 * - site configuration (flows, inbox settings, advisors) and reports: the token's `manage`.
 */
import {
	pageAllowed,
	pageKey,
	type PageRestriction,
} from '@handoff-chat/contracts';
import type { Knex } from 'knex';
import type { AdvisorScope, Principal } from '../auth/tokens';
import { forbidden } from '../errors';
import { parsePages, scopeOf, type AdvisorsService } from './advisors';

export type Permission =
	/** Read private notes, see visitor names (pseudonyms) and variables. */
	| 'premium'
	| 'write_notes'
	| 'edit_variables'
	/** Site-wide configuration: bot flows, inbox settings, advisors and licences. */
	| 'manage_flows'
	| 'manage_settings'
	| 'manage_advisors'
	/** Webhooks and API keys. */
	| 'manage_integrations'
	/** Delete a conversation, download its transcript. */
	| 'manage_conversations'
	/** Reports (figures and CSV exports over every page). */
	| 'view_reports';

const REFUSALS: Record< Permission, string > = {
	premium: 'This needs an advisor licence.',
	write_notes: 'Notes need an advisor licence.',
	edit_variables: 'Visitor variables need an advisor licence.',
	manage_flows: 'Only site managers may change bot flows.',
	manage_settings: 'Only site managers may change the inbox settings.',
	manage_advisors: 'Only site managers may change advisors and licences.',
	manage_integrations: 'Only site managers may manage webhooks and API keys.',
	manage_conversations:
		'Only site managers may delete conversations or download transcripts.',
	view_reports: 'Only site managers may see reports.',
};

type AdvisorPrincipal = Extract< Principal, { role: 'advisor' } >;

/** `%`, `_` and the escape character match literally in LIKE. */
const likePrefix = ( prefix: string ) =>
	prefix.replace( /[\\%_]/g, ( c ) => '\\' + c ) + '%';

/** The page restriction as a WHERE clause on a conversations table aliased `alias`. */
export function restrictToPages(
	q: Knex.QueryBuilder,
	pages: PageRestriction,
	alias = 'c'
): void {
	if ( pages.mode === 'all' ) {
		return;
	}
	const keys = pages.pages
		.map( ( p ) => pageKey( p.url ) )
		.filter( ( k ): k is string => !! k );
	q.where( ( w ) => {
		// Always one condition, so an empty restriction matches nothing.
		w.whereIn( `${ alias }.page_key`, keys.length ? keys : [ '\u0000' ] );
		for ( const prefix of pages.prefixes ) {
			w.orWhereRaw( `${ alias }.page_key LIKE ? ESCAPE '\\'`, [
				likePrefix( prefix ),
			] );
		}
	} );
}

export class AccessPolicy {
	constructor( private readonly advisors: AdvisorsService ) {}

	async can( p: Principal, what: Permission ): Promise< boolean > {
		if ( p.role !== 'advisor' ) {
			return false;
		}
		switch ( what ) {
			case 'manage_flows':
			case 'manage_settings':
			case 'manage_advisors':
			case 'manage_integrations':
			case 'manage_conversations':
			case 'view_reports':
				return p.manage;
			case 'premium':
			case 'write_notes':
			case 'edit_variables':
				return ( await this.scope( p ) ).licensed;
		}
	}

	async require( p: Principal, what: Permission ): Promise< void > {
		if ( ! ( await this.can( p, what ) ) ) {
			throw forbidden( REFUSALS[ what ] );
		}
	}

	/** The advisor's reach: read once per request by admit(), else from their record. */
	async scope( p: AdvisorPrincipal ): Promise< AdvisorScope > {
		if ( ! p.scope ) {
			const row = await this.advisors.row( p.siteId, p.advisorId );
			p.scope = row
				? scopeOf( row )
				: { licensed: false, pages: parsePages( null ), showBot: true };
		}
		return p.scope;
	}

	/** Whether the principal may receive this conversation (visitors: their own; advisors: their pages). */
	async mayOpen(
		p: Principal,
		c: { visitorId: string; pageUrl: string | null }
	): Promise< boolean > {
		if ( p.role === 'visitor' ) {
			return c.visitorId === p.visitorId;
		}
		if ( p.role !== 'advisor' ) {
			return false;
		}
		return pageAllowed( ( await this.scope( p ) ).pages, c.pageUrl );
	}

	/** Lists, counts and search: the advisor's page restriction on a query of conversations `alias`. */
	async limit(
		p: AdvisorPrincipal,
		q: Knex.QueryBuilder,
		alias = 'c'
	): Promise< void > {
		restrictToPages( q, ( await this.scope( p ) ).pages, alias );
	}

	/** The Chatbot list (conversations where the bot has the hand). */
	async seesBotList( p: AdvisorPrincipal ): Promise< boolean > {
		return ( await this.scope( p ) ).showBot;
	}
}

/**
 * What a site API key may call (docs/api.md "API keys"): `read` the inbox and its
 * conversations; `read-write` also closes, reopens and assigns them. Every other route is a 403.
 * `route` is Express's matched path (`req.route.path`).
 */
const API_KEY_ROUTES: Record< 'read' | 'read-write', string[] > = {
	read: [
		'GET /v1/inbox',
		'GET /v1/inbox/summary',
		'GET /v1/search',
		'GET /v1/advisors',
		'GET /v1/conversations/:id',
		'GET /v1/conversations/:id/messages',
		'GET /v1/conversations/:id/visitor',
	],
	'read-write': [ 'PATCH /v1/conversations/:id' ],
};
/** PATCH types a key may send: `take` and `read` are an advisor's own. */
const API_KEY_PATCHES = [ 'close', 'reopen', 'assign' ];

export function apiKeyMay(
	scope: 'read' | 'read-write',
	method: string,
	route: string | undefined,
	body: unknown
): boolean {
	const call = `${ method } ${ route }`;
	if ( API_KEY_ROUTES.read.includes( call ) ) {
		return true;
	}
	return (
		scope === 'read-write' &&
		API_KEY_ROUTES[ 'read-write' ].includes( call ) &&
		API_KEY_PATCHES.includes(
			( body as { type?: unknown } )?.type as string
		)
	);
}
