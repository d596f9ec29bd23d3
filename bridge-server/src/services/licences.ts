/**
 * Advisors' licences. For now every advisor is licensed; the quota arrives with a later
 * issue. `isLicensed` is the single gate every assignment goes through, so that change
 * lands in one place.
 */
import type { Db } from '../db';

/**
 * What the rest of the bridge depends on: tests inject their own policy through
 * createServices() to exercise the unlicensed paths without changing isLicensed.
 */
export interface LicencePolicy {
	isLicensed: ( siteId: string, advisorId: string ) => Promise< boolean >;
}

export class LicencesService implements LicencePolicy {
	constructor( private readonly db: Db ) {}

	async isLicensed(
		_siteId: string,
		_advisorId: string
	): Promise< boolean > {
		void this.db;
		return true;
	}
}
