/** Types for the release e2e's global setup (TypeScript) importing this Node script. */
export function freePort(): Promise< number >;
export interface InstalledBridge {
	/** The tarball, its size in bytes and the paths it holds. */
	file: string;
	size: number;
	files: string[];
	/** The folder it was installed into (`npm install <tgz>`). */
	app: string;
	installMs: number;
	compiled: boolean;
	nativeModule: boolean;
	kept: string;
}
export function installBridgeArtifact( work: string, options?: { fromSource?: boolean } ): InstalledBridge;
export function bridgeCommand( app: string, args: string[], env?: NodeJS.ProcessEnv ): string;
export interface ServedBridge {
	pid: number;
	exited: Promise< [ number | null, NodeJS.Signals | null ] >;
	log(): string;
	stop(): Promise< [ number | null, NodeJS.Signals | null ] >;
	kill(): void;
}
export function serveBridge( app: string, env: NodeJS.ProcessEnv ): Promise< ServedBridge >;
