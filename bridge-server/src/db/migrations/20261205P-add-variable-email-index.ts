/**
 * Privacy requests find a data subject by any variable holding their email, compared trimmed
 * and case-insensitively (services/privacy.ts `visitorIds`): an expression index on exactly
 * that comparison turns the lookup into a seek instead of a scan of every visitor variable of
 * the site. sqlite3 and PostgreSQL both index expressions; the query must repeat it verbatim.
 */
import type { Knex } from 'knex';

export const VARIABLE_VALUE_INDEX = 'visitor_variables_folded_value';

export async function up( knex: Knex ): Promise< void > {
	await knex.raw(
		`CREATE INDEX ${ VARIABLE_VALUE_INDEX } ON visitor_variables (site_id, LOWER(TRIM(value)))`
	);
}

export async function down( knex: Knex ): Promise< void > {
	await knex.raw( `DROP INDEX IF EXISTS ${ VARIABLE_VALUE_INDEX }` );
}
