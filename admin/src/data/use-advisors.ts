/** The site's advisors the bridge has seen: for "Assign to" and avatars. Read once, refreshable. */
import { useCallback } from '@wordpress/element';
import type { AdvisorListItem } from '../api';
import { useServices } from './services';
import { useResource, type ResourceStatus } from './use-resource';

export interface AdvisorsState {
	advisors: AdvisorListItem[];
	status: ResourceStatus;
	refresh: () => void;
}

const NONE: AdvisorListItem[] = [];

export function useAdvisors(): AdvisorsState {
	const { api } = useServices();
	const load = useCallback( () => api.listAdvisors(), [ api ] );
	const { data, status, refresh } = useResource( load, NONE );
	return { advisors: data, status, refresh };
}
