/** The bot's flows: list, read, save (create-only when asked) and delete. */
import type {
	Flow,
	FlowResponse,
	FlowSummary,
	FlowsListResponse,
} from '@handoff-chat/contracts';
import type { Transport } from './transport';

export interface FlowsApi {
	listFlows: () => Promise< FlowSummary[] >;
	getFlow: ( id: string ) => Promise< FlowResponse >;
	/**
	 * Creates or replaces; a 400 carries the flow's issues (see `flowIssuesOf`). Needs
	 * `manage`. `create`: only if no flow has this id (new, duplicated or imported flows);
	 * a taken id answers 409 instead of replacing a colleague's flow.
	 */
	putFlow: (
		flow: Flow,
		options?: { create?: boolean }
	) => Promise< FlowResponse >;
	/** 409 for the default flow, with the bridge's message. Needs `manage`. */
	deleteFlow: ( id: string ) => Promise< void >;
}

const flowPath = ( id: string ) => `/v1/flows/${ encodeURIComponent( id ) }`;

export function flowsApi( { bridge }: Transport ): FlowsApi {
	return {
		async listFlows() {
			const body = await bridge< FlowsListResponse >( '/v1/flows' );
			return body.flows;
		},

		getFlow( id ) {
			return bridge< FlowResponse >( flowPath( id ) );
		},

		putFlow( flow, { create = false } = {} ) {
			return bridge< FlowResponse >( flowPath( flow.id ), {
				method: 'PUT',
				body: flow,
				...( create ? { headers: { 'If-None-Match': '*' } } : {} ),
			} );
		},

		async deleteFlow( id ) {
			await bridge< void >( flowPath( id ), { method: 'DELETE' } );
		},
	};
}
