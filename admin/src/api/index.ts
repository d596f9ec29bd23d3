/**
 * The admin app's only door to the outside (CONVENTIONS 4): WordPress's REST API
 * through api-fetch (cookie + nonce) for advisor tokens and the Advisors screen's
 * WordPress routes, and the bridge over HTTPS with those tokens. Components import from here; everything else reads data
 * through `data/use-*.ts` hooks.
 */
import type { HandoffChatNetworkSite } from '../global';
import { advisorsApi, type AdvisorsApi } from './advisors';
import { advisorStatusApi, type AdvisorStatusApi } from './advisor-status';
import { checklistApi, type ChecklistApi } from './checklist';
import { ADVISORS_PATH, type AdvisorsApiOptions } from './advisors-options';
import { conversationsApi, type ConversationsApi } from './conversations';
import { flowsApi, type FlowsApi } from './flows';
import { inboxApi, type InboxApi } from './inbox';
import { integrationsApi, type IntegrationsApi } from './integrations';
import { realtimeApi, type RealtimeApi } from './realtime';
import { reportsApi, type ReportsApi } from './reports';
import { settingsApi, type SettingsApi } from './settings';
import { shopApi, type ShopApi } from './shop';
import { restRootOf } from './site-rest';
import { createTransport, type ApiOptions } from './transport';
import { uploadsApi, type UploadsApi } from './uploads';
import { visitorsApi, type VisitorsApi } from './visitors';

export {
	BridgeError,
	NOT_CONFIGURED,
	errorMessage,
	fieldIssuesOf,
	flowIssuesOf,
	isForbidden,
	isNotConfigured,
} from './errors';
export { isEmbeddable } from './site-rest';
export type { AdvisorToken, ApiOptions } from './transport';
export type { AdvisorsApiOptions } from './advisors-options';
export type { InboxQueryArgs } from './inbox';
export type { ReportArgs, ReportTable } from './reports';
export type { AdvisorListItem } from './settings';

export type HandoffApi = ConversationsApi &
	VisitorsApi &
	InboxApi &
	SettingsApi &
	UploadsApi &
	RealtimeApi &
	FlowsApi &
	AdvisorsApi &
	ChecklistApi &
	IntegrationsApi &
	ReportsApi &
	ShopApi &
	AdvisorStatusApi;

export function createApi(
	options: ApiOptions & AdvisorsApiOptions
): HandoffApi {
	const transport = createTransport( options );
	return {
		...conversationsApi( transport ),
		...visitorsApi( transport ),
		...inboxApi( transport ),
		...settingsApi( transport ),
		...uploadsApi( transport ),
		...realtimeApi( transport ),
		...flowsApi( transport ),
		...advisorsApi( transport, options ),
		...checklistApi( transport ),
		...integrationsApi( transport ),
		...reportsApi( transport ),
		...shopApi( transport ),
		...advisorStatusApi( transport ),
	};
}

/**
 * The API of one site of the network, for the network admin's Advisors screen: its
 * tokens from its own token route, its WordPress routes under its own REST root (absolute
 * URLs, with the page's nonce: wp_rest nonces are per user and session, not per site),
 * its own bridge site.
 */
export function createSiteApi(
	site: HandoffChatNetworkSite,
	options: Omit< ApiOptions, 'tokenPath' > & AdvisorsApiOptions = {}
): HandoffApi {
	return createApi( {
		...options,
		tokenPath: '',
		tokenUrl: site.tokenRestUrl,
		restRoot: restRootOf( site.advisorsRestUrl ),
		bridgeUrl: site.bridgeUrl,
		siteId: site.siteId,
		advisorsPath: ADVISORS_PATH,
	} );
}
