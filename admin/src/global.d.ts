/**
 * Initial state printed by PHP (HandoffChat\Admin) before the admin script.
 */
export interface HandoffChatAdminUser {
	/** WordPress user id, as a string (the advisor token's `sub`). */
	id: string;
	name: string;
	avatar: string;
}

export interface HandoffChatAdminState {
	/** False when the bridge URL, site id or site secret is missing. */
	configured: boolean;
	bridgeUrl: string;
	siteId: string;
	/** Admin URL of the plugin's settings page. */
	settingsUrl: string;
	/** REST path (for api-fetch) that mints advisor tokens. */
	tokenPath: string;
	user: HandoffChatAdminUser;
}

declare global {
	interface Window {
		handoffChatAdmin?: HandoffChatAdminState;
	}
}

export {};
