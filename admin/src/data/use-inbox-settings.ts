/**
 * The site's inbox settings (pseudonym template, canned responses), read once for the
 * whole inbox and shared through a context: the reply box offers the canned responses,
 * the settings dialog edits both. Kept live: a manager's save reaches every open inbox.
 */
import {
	createContext,
	useCallback,
	useContext,
	useMemo,
} from '@wordpress/element';
import type { SettingsBody, SiteSettings } from '@handoff-chat/contracts';
import { EVENTS } from '@handoff-chat/contracts/channels';
import { useServices } from './services';
import { useInboxChannel } from './use-advisor-self';
import { useChannel } from './use-realtime';
import { useResource, type ResourceStatus } from './use-resource';

export interface InboxSettingsState {
	settings: SiteSettings | null;
	status: ResourceStatus;
	/** PUT /v1/settings; rejects with the bridge's error (400 names the field). */
	save: ( body: SettingsBody ) => Promise< SiteSettings >;
	refresh: () => void;
}

export const InboxSettingsContext = createContext< InboxSettingsState >( {
	settings: null,
	status: 'loading',
	save: () => Promise.reject( new Error( 'No settings provider.' ) ),
	refresh: () => undefined,
} );

export function useInboxSettings(): InboxSettingsState {
	return useContext( InboxSettingsContext );
}

export function useInboxSettingsState(): InboxSettingsState {
	const { api } = useServices();
	const load = useCallback(
		() => api.getSettings().then( ( r ) => r.settings ),
		[ api ]
	);
	const {
		data: settings,
		status,
		refresh,
		receive,
	} = useResource< SiteSettings | null >( load, null );

	const inbox = useInboxChannel();
	useChannel( inbox, { [ EVENTS.settingsUpdated ]: refresh }, refresh );

	const save = useCallback(
		async ( body: SettingsBody ) => {
			const r = await api.putSettings( body );
			receive( r.settings );
			return r.settings;
		},
		[ api, receive ]
	);

	return useMemo(
		() => ( { settings, status, save, refresh } ),
		[ settings, status, save, refresh ]
	);
}
