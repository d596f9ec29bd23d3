/** Types for the release e2e's global setup (TypeScript) importing this Node script. */
export const SHIPPED: string[];
export function pluginFiles(): string[];
/** Builds what is stale, writes the zip to `out` and returns its file list (with the folder). */
export function buildPluginZip( out?: string ): string[];
