/**
 * The site's advisors the bridge has seen: for "Assign to" and avatars. Read once, again
 * on `refresh()` and, in the inbox, soon after the bridge says an advisor changed
 * (`advisors-updated`, `advisor-status`; a full sync sends one per advisor, so they are gathered).
 */
import { useCallback, useEffect, useRef } from '@wordpress/element';
import { EVENTS } from '@handoff-chat/contracts/channels';
import type { AdvisorListItem } from '../api';
import { useServices } from './services';
import { useInboxChannel } from './use-advisor-self';
import { useChannel } from './use-realtime';
import { useResource, type ResourceStatus } from './use-resource';

export interface AdvisorsState {
	advisors: AdvisorListItem[];
	status: ResourceStatus;
	refresh: () => void;
}

const NONE: AdvisorListItem[] = [];
export const ADVISORS_EVENT_DELAY_MS = 500;

export function useAdvisors(): AdvisorsState {
	const { api } = useServices();
	const load = useCallback( () => api.listAdvisors(), [ api ] );
	const { data, status, refresh } = useResource( load, NONE );

	const timer = useRef< ReturnType< typeof setTimeout > | null >( null );
	useEffect(
		() => () => {
			if ( timer.current ) {
				clearTimeout( timer.current );
			}
		},
		[]
	);
	const refreshSoon = () => {
		if ( timer.current ) {
			clearTimeout( timer.current );
		}
		timer.current = setTimeout( () => {
			timer.current = null;
			refresh();
		}, ADVISORS_EVENT_DELAY_MS );
	};

	useChannel(
		useInboxChannel(),
		// A colleague switching to or from "away" shows in "Assign to".
		{
			[ EVENTS.advisorsUpdated ]: refreshSoon,
			[ EVENTS.advisorStatus ]: refreshSoon,
		},
		() => undefined
	);
	return { advisors: data, status, refresh };
}
