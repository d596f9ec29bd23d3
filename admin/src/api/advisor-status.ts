/** The signed-in advisor's "Available / Away" switch (`/v1/advisors/me/status`). */
import type { AdvisorStatus } from '@handoff-chat/contracts';
import type { Transport } from './transport';

export interface AdvisorStatusApi {
	getMyStatus: () => Promise< AdvisorStatus >;
	/** Away: no transfer is routed to them and they do not count as available to visitors. */
	setMyStatus: ( away: boolean ) => Promise< AdvisorStatus >;
}

export function advisorStatusApi( { bridge }: Transport ): AdvisorStatusApi {
	return {
		getMyStatus: () => bridge< AdvisorStatus >( '/v1/advisors/me/status' ),
		setMyStatus: ( away ) =>
			bridge< AdvisorStatus >( '/v1/advisors/me/status', {
				method: 'PUT',
				body: { away },
			} ),
	};
}
