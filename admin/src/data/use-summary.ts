/**
 * The count of conversations to handle, for the admin menu's orange badge. On the inbox
 * page the app keeps it live over its own realtime connection (the menu-badge script
 * stands aside there): read on mount and after a resubscription, then from
 * `inbox-summary` events.
 */
import { useCallback, useEffect, useRef } from '@wordpress/element';
import { EVENTS } from '@handoff-chat/contracts/channels';
import type { InboxSummary } from '@handoff-chat/contracts';
import { latestSummary } from '@handoff-chat/client-core/summary';
import { renderMenuBadge } from '../utils/menu-badge';
import { useServices } from './services';
import { useInboxChannel, useOnRightsChange } from './use-advisor-self';
import { useChannel, useResyncAfterFirst } from './use-realtime';
import { useResource } from './use-resource';

export function useInboxSummary(
	render: ( count: number ) => unknown = renderMenuBadge
): number | null {
	const { api } = useServices();
	const inbox = useInboxChannel();
	// Counts from several bridge processes may arrive out of order: the one read last wins.
	const latest = useRef( latestSummary() ).current;
	const load = useCallback(
		() =>
			api.getSummary().then( ( s ) => {
				latest.take( s );
				return latest.count;
			} ),
		[ api, latest ]
	);
	// A failed read leaves the badge as it was.
	const {
		data: count,
		status,
		refresh: fetchNow,
		receive: setCount,
	} = useResource< number | null >( load, null );
	// Read on mount; the first subscription does not read it a second time.
	const statusRef = useRef( status );
	statusRef.current = status;
	const onResync = useResyncAfterFirst(
		fetchNow,
		() => statusRef.current === 'error'
	);

	useEffect( () => {
		if ( count !== null ) {
			render( count );
		}
	}, [ count, render ] );

	useOnRightsChange( fetchNow );
	useChannel(
		inbox,
		{
			[ EVENTS.inboxSummary ]: ( s: Partial< InboxSummary > ) => {
				if ( latest.take( s ) ) {
					setCount( s!.toHandle! );
				}
			},
		},
		onResync
	);
	return count;
}
