/** Site-wide data: the inbox settings and the site's advisors. */
import type {
	AdvisorsResponse,
	SettingsBody,
	SettingsResponse,
} from '@handoff-chat/contracts';
import type { Transport } from './transport';

export type AdvisorListItem = AdvisorsResponse[ 'advisors' ][ number ];

export interface SettingsApi {
	getSettings: () => Promise< SettingsResponse >;
	/** Needs `manage`; a 400 names the field at fault. */
	putSettings: ( body: SettingsBody ) => Promise< SettingsResponse >;
	listAdvisors: () => Promise< AdvisorListItem[] >;
}

export function settingsApi( { bridge }: Transport ): SettingsApi {
	return {
		getSettings() {
			return bridge< SettingsResponse >( '/v1/settings' );
		},

		putSettings( settings ) {
			return bridge< SettingsResponse >( '/v1/settings', {
				method: 'PUT',
				body: settings,
			} );
		},

		async listAdvisors() {
			const body = await bridge< AdvisorsResponse >( '/v1/advisors' );
			return body.advisors;
		},
	};
}
