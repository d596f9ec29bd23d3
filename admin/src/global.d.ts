/**
 * Initial state printed by PHP (HandoffChat\Admin) before the admin script.
 */
export interface HandoffChatAdminUser {
	/** WordPress user id, as a string (the advisor token's `sub`). */
	id: string;
	name: string;
	avatar: string;
}

/** Which wp-admin page PHP printed: Conversations (the inbox) or Conversations → Bot flows. */
export type HandoffChatAdminView = 'inbox' | 'flows';

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
	/** The user can manage_options: bot flows, the pseudonym template and canned responses. */
	canManage: boolean;
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
				{ toJSON: () => { url?: unknown; alt?: unknown } } | undefined;
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
