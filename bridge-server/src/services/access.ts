/**
 * The access policy, in one place (DESIGN.md "Access rules … are decided in services"):
 * may this principal do this, or see this field? Routes never ask; services do, through
 * `can` (a yes/no, to hide a field) or `require` (a 403 with a clear reason).
 *
 * Today's rules: site and ownership (ConversationsService.getFor), the licence for
 * premium fields (names, notes, variables), `manage` for site-wide configuration. Page
 * restrictions join here with the advisors work.
 */
import type { Principal } from '../auth/tokens';
import { forbidden } from '../errors';
import type { LicencePolicy } from './licences';

export type Permission =
	/** Read private notes, see visitor names (pseudonyms) and variables. */
	| 'premium'
	| 'write_notes'
	| 'edit_variables'
	/** Site-wide configuration: bot flows, inbox settings. */
	| 'manage_flows'
	| 'manage_settings';

const REFUSALS: Record< Permission, string > = {
	premium: 'This needs an advisor licence.',
	write_notes: 'Notes need an advisor licence.',
	edit_variables: 'Visitor variables need an advisor licence.',
	manage_flows: 'Only site managers may change bot flows.',
	manage_settings: 'Only site managers may change the inbox settings.',
};

export class AccessPolicy {
	constructor( private readonly licences: LicencePolicy ) {}

	async can( p: Principal, what: Permission ): Promise< boolean > {
		if ( p.role !== 'advisor' ) {
			return false;
		}
		switch ( what ) {
			case 'manage_flows':
			case 'manage_settings':
				return p.manage;
			case 'premium':
			case 'write_notes':
			case 'edit_variables':
				return this.licences.isLicensed( p.siteId, p.advisorId );
		}
	}

	async require( p: Principal, what: Permission ): Promise< void > {
		if ( ! ( await this.can( p, what ) ) ) {
			throw forbidden( REFUSALS[ what ] );
		}
	}
}
