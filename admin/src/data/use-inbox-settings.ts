/**
 * The site's inbox settings (pseudonym template, canned responses), read once for the
 * whole inbox and shared through a context: the reply box offers the canned responses,
 * the settings dialog edits both. Kept live: a manager's save reaches every open inbox.
 */
import {
	createContext,
	useCallback,
	useContext,
	useEffect,
	useMemo,
	useRef,
	useState,
} from '@wordpress/element';
import type { SettingsBody, SiteSettings } from '@handoff-chat/contracts';
import { EVENTS, inboxChannel } from '@handoff-chat/contracts/channels';
import { useServices } from './services';
import { useChannel, useRealtimeSiteId } from './use-realtime';

export interface InboxSettingsState {
	settings: SiteSettings | null;
	status: 'loading' | 'ready' | 'error';
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
	const [ settings, setSettings ] = useState< SiteSettings | null >( null );
	const [ status, setStatus ] =
		useState< InboxSettingsState[ 'status' ] >( 'loading' );
	const alive = useRef( true );

	const refresh = useCallback( () => {
		api.getSettings().then(
			( r ) => {
				if ( alive.current ) {
					setSettings( r.settings );
					setStatus( 'ready' );
				}
			},
			() => alive.current && setStatus( 'error' )
		);
	}, [ api ] );

	useEffect( () => {
		alive.current = true;
		refresh();
		return () => {
			alive.current = false;
		};
	}, [ refresh ] );

	const siteId = useRealtimeSiteId();
	useChannel(
		siteId ? inboxChannel( siteId ) : null,
		{ [ EVENTS.settingsUpdated ]: refresh },
		refresh
	);

	const save = useCallback(
		async ( body: SettingsBody ) => {
			const r = await api.putSettings( body );
			if ( alive.current ) {
				setSettings( r.settings );
				setStatus( 'ready' );
			}
			return r.settings;
		},
		[ api ]
	);

	return useMemo(
		() => ( { settings, status, save, refresh } ),
		[ settings, status, save, refresh ]
	);
}
