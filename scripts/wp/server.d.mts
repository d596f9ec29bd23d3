/** Types for the release e2e's global setup (TypeScript) importing this Node script. */
export function startWordPress( options: { dir: string; port: number; timeoutMs?: number } ): Promise< { url: string; stop(): Promise< void > } >;
