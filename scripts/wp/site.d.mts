/** Types for the release e2e's global setup (TypeScript) importing this Node script. */
export const LOCALE_PATTERN: RegExp;
export function createSite( options: {
	dir: string;
	port: number;
	url?: string;
	adminUser: string;
	adminPassword: string;
	adminEmail: string;
	/** The plugin folder to link in and activate; null: a WordPress without Handoff Chat. */
	plugin: string | null;
	settings?: { bridgeUrl?: string; siteId?: string; siteSecret?: string };
	demoPage?: boolean;
	demo?: boolean;
	locale?: string;
} ): Promise< { demoPageUrl: string | null; liveDemoPageUrl: string | null } >;
