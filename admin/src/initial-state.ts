/** The initial state PHP prints, checked so a missing or partial object cannot crash the app. */
import { ADVISORS_PATH, PAGES_PER_PAGE } from './api/advisors-options';
import { readStarterTexts } from './utils/starter-flow';
import type {
	HandoffChatAdminState,
	HandoffChatChecklistState,
	HandoffChatAdminView,
	HandoffChatNetworkSite,
} from './global';

const VIEWS: HandoffChatAdminView[] = [
	'inbox',
	'flows',
	'advisors',
	'network-advisors',
	'integrations',
];

const str = ( v: unknown, fallback = '' ): string =>
	typeof v === 'string' ? v : fallback;

/** A site of the network, or null without an id (a site nobody can name is no tab). */
function readSite( raw: unknown ): HandoffChatNetworkSite | null {
	const s = ( raw && typeof raw === 'object' ? raw : {} ) as Record<
		string,
		unknown
	>;
	const id = typeof s.id === 'number' ? String( s.id ) : str( s.id );
	if ( ! id ) {
		return null;
	}
	return {
		id,
		name: str( s.name ),
		url: str( s.url ),
		active: s.active === true,
		configured: s.configured === true,
		bridgeUrl: str( s.bridgeUrl ),
		siteId: str( s.siteId ),
		settingsUrl: str( s.settingsUrl ),
		advisorsUrl: str( s.advisorsUrl ),
		advisorsRestUrl: str( s.advisorsRestUrl ),
		tokenRestUrl: str( s.tokenRestUrl ),
	};
}

function readChecklist( raw: unknown ): HandoffChatChecklistState | null {
	if ( ! raw || typeof raw !== 'object' ) {
		return null;
	}
	const c = raw as Record< string, unknown >;
	return {
		dismissed: c.dismissed === true,
		blockPlaced: c.blockPlaced === true,
		siteWide: c.siteWide === true,
		newPageUrl: str( c.newPageUrl ),
		siteWideUrl: str( c.siteWideUrl ),
		testUrl: str( c.testUrl ),
		dismissPath: str( c.dismissPath, '/handoff-chat/v1/checklist' ),
	};
}

export function readInitialState( raw: unknown ): HandoffChatAdminState {
	const s = ( raw && typeof raw === 'object' ? raw : {} ) as Record<
		string,
		unknown
	>;
	const user = (
		s.user && typeof s.user === 'object' ? s.user : {}
	) as Record< string, unknown >;
	return {
		view: VIEWS.find( ( v ) => v === s.view ) ?? 'inbox',
		configured: s.configured === true,
		bridgeUrl: str( s.bridgeUrl ),
		siteId: str( s.siteId ),
		settingsUrl: str( s.settingsUrl ),
		tokenPath: str( s.tokenPath, '/handoff-chat/v1/advisor-token' ),
		user: {
			id: String( user.id ?? '' ),
			name: str( user.name ),
			avatar: str( user.avatar ),
		},
		canManage: s.canManage === true,
		advisorsPath: str( s.advisorsPath, ADVISORS_PATH ),
		pagesPerPage:
			typeof s.pagesPerPage === 'number' &&
			Number.isInteger( s.pagesPerPage ) &&
			s.pagesPerPage >= 1 &&
			s.pagesPerPage <= 100
				? s.pagesPerPage
				: PAGES_PER_PAGE,
		advisorsUrl: str( s.advisorsUrl ),
		timeFormat: str( s.timeFormat ),
		locale: str( s.locale ),
		timeZone: str( s.timeZone ),
		sites: Array.isArray( s.sites )
			? s.sites
					.map( readSite )
					.filter( ( x ): x is HandoffChatNetworkSite => x !== null )
			: [],
		starterFlow: readStarterTexts( s.starterFlow ),
		checklist: readChecklist( s.checklist ),
	};
}
