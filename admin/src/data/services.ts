/** What every hook needs from the app shell: the API client and who is signed in. */
import { createContext, useContext } from '@wordpress/element';
import type { HandoffApi } from '../api';
import type { HandoffChatAdminUser } from '../global';
import type { ConnectionStatus, RealtimeConnection } from './realtime';

export interface Services {
	api: HandoffApi;
	user: HandoffChatAdminUser;
	/** manage_options: the inbox settings (pseudonym template, canned responses). */
	canManage?: boolean;
	/** Root-relative upload URLs resolve against it (the token's bridge URL wins once known). */
	bridgeUrl?: string;
}

export const ServicesContext = createContext< Services | null >( null );

export function useServices(): Services {
	const s = useContext( ServicesContext );
	if ( ! s ) {
		throw new Error( 'useServices() needs a <ServicesContext.Provider>.' );
	}
	return s;
}

export interface RealtimeState {
	connection: RealtimeConnection | null;
	/** Site id as the bridge confirmed it with the realtime settings; channels are named after it. */
	siteId: string | null;
	status: ConnectionStatus;
}

export const RealtimeContext = createContext< RealtimeState >( {
	connection: null,
	siteId: null,
	status: 'connecting',
} );
