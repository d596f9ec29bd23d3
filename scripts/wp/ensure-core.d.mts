/** Types for the e2e global setup (TypeScript) importing this Node script. */
export function ensureWordPressCore(): Promise< { coreDir: string; sqliteDir: string } >;
