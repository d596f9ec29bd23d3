/** Stops the PostgreSQL pg-global-setup.mjs started (none when HANDOFF_TEST_PG_URL was given). */
export default async function globalTeardown() {
	globalThis.__handoffPg?.stop();
}
