/**
 * Advisors (docs/api.md "Advisors, licences and page restrictions"): who the signed-in
 * advisor is for the bridge, which every inbox needs, and the Advisors screen's calls,
 * whose code is loaded with that screen's chunk on first use.
 */
import type { AdvisorSelfResponse } from '@handoff-chat/contracts';
import type { AdvisorsAdminApi } from './advisors-admin';
import type { AdvisorsApiOptions } from './advisors-options';
import type { Transport } from './transport';

export interface AdvisorsApi extends AdvisorsAdminApi {
	/** Your own record, the licences and the channel your inbox listens to. */
	getSelf: () => Promise< AdvisorSelfResponse >;
	/** Forget the advisor token: the next call mints one with the advisor's new rights. */
	dropToken: () => void;
}

export function advisorsApi(
	transport: Transport,
	options: AdvisorsApiOptions = {}
): AdvisorsApi {
	let loaded: Promise< AdvisorsAdminApi > | null = null;
	const admin = () =>
		( loaded ??= import(
			/* webpackChunkName: "advisors-api" */ './advisors-admin'
		).then(
			( m ) => m.advisorsAdminApi( transport, options ),
			( e ) => {
				loaded = null; // The chunk could not be loaded: try again next time.
				throw e;
			}
		) );
	// Each call of the screen: its implementation, once loaded.
	const later =
		< K extends keyof AdvisorsAdminApi >( name: K ) =>
		( ...args: Parameters< AdvisorsAdminApi[ K ] > ) =>
			admin().then( ( a ) =>
				( a[ name ] as ( ...x: typeof args ) => unknown )( ...args )
			);
	const lazy = {
		getAdvisors: later( 'getAdvisors' ),
		patchAdvisor: later( 'patchAdvisor' ),
		syncAdvisors: later( 'syncAdvisors' ),
		inviteAdvisor: later( 'inviteAdvisor' ),
		removeAdvisor: later( 'removeAdvisor' ),
		setAdvisorAvatar: later( 'setAdvisorAvatar' ),
		searchPages: later( 'searchPages' ),
	} as AdvisorsAdminApi;
	return {
		...lazy,
		getSelf: () =>
			transport.bridge< AdvisorSelfResponse >( '/v1/advisors/me' ),
		dropToken: transport.dropToken,
	};
}
