/**
 * The count of conversations to handle, for the admin menu's orange badge. On the inbox
 * page the app keeps it live over its own realtime connection (the menu-badge script
 * stands aside there): read on (re)subscription, then from `inbox-summary` events.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { EVENTS, inboxChannel } from '@handoff-chat/contracts/channels';
import type { InboxSummary } from '@handoff-chat/contracts';
import { renderMenuBadge } from '../utils/menu-badge';
import { useServices } from './services';
import { useChannel, useRealtimeSiteId } from './use-realtime';

export function useInboxSummary(
	render: ( count: number ) => unknown = renderMenuBadge
): number | null {
	const { api } = useServices();
	const siteId = useRealtimeSiteId();
	const [ count, setCount ] = useState< number | null >( null );
	const alive = useRef( true );

	const fetchNow = useCallback( () => {
		api.getSummary().then(
			( s ) => alive.current && setCount( s.toHandle ),
			() => undefined
		);
	}, [ api ] );

	useEffect( () => {
		alive.current = true;
		fetchNow();
		return () => {
			alive.current = false;
		};
	}, [ fetchNow ] );

	useEffect( () => {
		if ( count !== null ) {
			render( count );
		}
	}, [ count, render ] );

	useChannel(
		siteId ? inboxChannel( siteId ) : null,
		{
			[ EVENTS.inboxSummary ]: ( s: Partial< InboxSummary > ) => {
				if ( typeof s?.toHandle === 'number' ) {
					setCount( s.toHandle );
				}
			},
		},
		fetchNow
	);
	return count;
}
