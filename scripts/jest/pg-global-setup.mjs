/**
 * The `bridge-pg` jest project's PostgreSQL: the one HANDOFF_TEST_PG_URL names (scripts/test-pg.mjs
 * starts it), else a throwaway one started here and stopped by pg-global-teardown.mjs.
 */
import { startPostgres } from '../lib/postgres.mjs';

export default async function globalSetup() {
	if ( process.env.HANDOFF_TEST_PG_URL ) {
		return;
	}
	const pg = await startPostgres();
	globalThis.__handoffPg = pg;
	// Workers start after this and inherit the environment.
	process.env.HANDOFF_TEST_PG_URL = pg.url;
}
