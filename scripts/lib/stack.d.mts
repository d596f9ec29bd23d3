/** Types for the e2e global setup (TypeScript) importing this Node script. */
export interface StackPorts {
	wordpress: number;
	bridge: number;
	realtime: number;
}
export interface Stack {
	wpUrl: string;
	/** The WordPress tree (wp-content/mu-plugins, debug.log…). */
	wpDir: string;
	bridgeUrl: string;
	ports: StackPorts;
	site: { siteId: string; secret: string };
	admin: { user: string; password: string; email: string };
	/** The widget in "chatbot, then a human" mode. */
	demoPageUrl: string;
	/** The widget in "live chat only" mode. */
	liveDemoPageUrl: string;
	stop(): Promise< void >;
}
export const ROOT: string;
export function freePort(): Promise< number >;
export function startStack( options: {
	dataDir: string;
	ports?: Partial< StackPorts >;
	quiet?: boolean;
	/** The site's and the administrator's language, e.g. `fr_FR`; unset: left as it is. */
	locale?: string;
} ): Promise< Stack >;
