/**
 * Initial state printed by PHP (HandoffChat\Admin) before the admin script.
 */
import type { AdvisorRecord } from '@handoff-chat/contracts';
import type { StarterFlowTexts } from './utils/starter-flow';

export interface HandoffChatAdminUser {
	/** WordPress user id, as a string (the advisor token's `sub`). */
	id: string;
	name: string;
	avatar: string;
}

/**
 * Which wp-admin page PHP printed: Conversations (the inbox), Conversations → Bot flows,
 * Conversations → Advisors (site managers only; slug handoff-chat-advisors), or on a
 * multisite network Network Admin → Advisors (handoff-chat-network-advisors).
 */
export type HandoffChatAdminView =
	| 'inbox'
	| 'flows'
	| 'advisors'
	| 'network-advisors'
	| 'integrations'
	| 'reports';

/** One site of the network (HandoffChat\Network::sites()): its own bridge site, settings and routes. */
export interface HandoffChatNetworkSite {
	/** The blog id, as a string. */
	id: string;
	name: string;
	/** Its home URL. */
	url: string;
	/** The plugin is active there (network-wide or on that site). */
	active: boolean;
	/** Its bridge URL, site id and secret are set. */
	configured: boolean;
	bridgeUrl: string;
	siteId: string;
	/** Admin URLs of its settings page and its own Conversations → Advisors page. */
	settingsUrl: string;
	advisorsUrl: string;
	/** Absolute URLs of its `handoff-chat/v1/advisors` routes and of its advisor-token route. */
	advisorsRestUrl: string;
	tokenRestUrl: string;
}

export interface HandoffChatAdminState {
	view: HandoffChatAdminView;
	/** False when the bridge URL, site id or site secret is missing. */
	configured: boolean;
	bridgeUrl: string;
	siteId: string;
	/** Admin URL of the plugin's settings page. */
	settingsUrl: string;
	/** REST path (for api-fetch) that mints advisor tokens. */
	tokenPath: string;
	user: HandoffChatAdminUser;
	/** The user can manage_options: bot flows, the pseudonym template and canned responses, advisors. */
	canManage: boolean;
	/** The current WordPress user id, as a string (same as user.id): their own row on the Advisors screen. */
	currentUserId?: string;
	/**
	 * REST path (for api-fetch, which adds the nonce) of the plugin's advisor routes, '/handoff-chat/v1/advisors':
	 * POST `${ advisorsPath }/sync` → AdvisorsListResponse (the full sync; 502/503 when the bridge fails);
	 * POST advisorsPath `{ email, name? }` → HandoffChatAdvisorInvitation (400 bad email, 409 already an advisor);
	 * DELETE `${ advisorsPath }/${ id }` → `{ removed: true, synced: boolean }`;
	 * PUT `${ advisorsPath }/${ id }/avatar` `{ attachmentId: number | null }` → `{ avatar: string | null }`.
	 */
	advisorsPath: string;
	/** How many WordPress pages the page-restriction picker asks /wp/v2/pages for at once (100, the REST maximum). */
	pagesPerPage: number;
	/** Admin URL of Conversations → Advisors ('' when PHP does not print it): the licence notice links there for managers. */
	advisorsUrl: string;
	/** WordPress's `time_format` option (PHP date tokens): message times, as the widget writes them. */
	timeFormat: string;
	/** The user's locale (`fr_FR`), for dates and am/pm ('' = the page's language). */
	locale: string;
	/** WordPress's time zone as an IANA name (Admin_Assets::site_time_zone()): the reports' days and hours, the opening hours' default. */
	timeZone: string;
	/** `network-advisors` only: the sites of the network, one tab each ([] elsewhere). */
	sites: HandoffChatNetworkSite[];
	/** `flows` only: the starter flow's texts in the site's language (Starter_Flow::texts()); null elsewhere. */
	starterFlow: StarterFlowTexts | null;
	/** `inbox` only, for managers: the first-run checklist's data (First_Run_Checklist); null elsewhere. */
	checklist: HandoffChatChecklistState | null;
}

/** What PHP knows about the first-run checklist's steps (the rest the app sees itself). */
export interface HandoffChatChecklistState {
	/** The user hid it (user meta); they can show it again. */
	dismissed: boolean;
	/** A published post or page holds the widget block. */
	blockPlaced: boolean;
	/** Settings → "Show the chat on every page" is on. */
	siteWide: boolean;
	/** The block editor, on a new page. */
	newPageUrl: string;
	/** The Settings screen's "every page" section. */
	siteWideUrl: string;
	/** A page of the site where the widget shows, with `#handoff-chat` (opens it); '' when none yet. */
	testUrl: string;
	/** REST path (api-fetch) that saves `{ dismissed: boolean }`. */
	dismissPath: string;
}

/** What POST /handoff-chat/v1/advisors answers (201 when an account was created, 200 otherwise). */
export interface HandoffChatAdvisorInvitation {
	/** The bridge's record (contracts AdvisorRecord); null when the bridge could not be told (sync later). */
	advisor: AdvisorRecord | null;
	user: { id: string; displayName: string; email: string };
	/** A new account was made; WordPress emailed them a link to choose a password. */
	created: boolean;
}

/** What PHP prints on every wp-admin page for the menu's count (window.handoffChatMenuBadge). */
export interface HandoffChatMenuBadgeState {
	configured: boolean;
	bridgeUrl: string;
	siteId: string;
	tokenPath: string;
}

/** The part of WordPress's media modal (`wp.media`, loaded by wp_enqueue_media) the flow editor uses. */
export interface WpMediaFrame {
	on: ( event: 'select', callback: () => void ) => void;
	open: () => void;
	state: () => {
		get: ( name: 'selection' ) => {
			first: () =>
				| {
						toJSON: () => {
							id?: unknown;
							url?: unknown;
							alt?: unknown;
						};
				  }
				| undefined;
		};
	};
}

declare global {
	interface Window {
		handoffChatAdmin?: HandoffChatAdminState;
		handoffChatMenuBadge?: HandoffChatMenuBadgeState;
		wp?: {
			media?: ( options: {
				title: string;
				button: { text: string };
				library: { type: string };
				multiple: boolean;
			} ) => WpMediaFrame;
		};
	}
}

export {};
