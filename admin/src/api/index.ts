/**
 * The admin app's only door to the outside (CONVENTIONS 4): WordPress's REST API
 * through api-fetch (cookie + nonce) for advisor tokens and the Advisors screen's
 * WordPress routes, and the bridge over HTTPS with those tokens. Components import from here; everything else reads data
 * through `data/use-*.ts` hooks.
 */
import { advisorsApi, type AdvisorsApi } from './advisors';
import type { AdvisorsApiOptions } from './advisors-options';
import { conversationsApi, type ConversationsApi } from './conversations';
import { flowsApi, type FlowsApi } from './flows';
import { inboxApi, type InboxApi } from './inbox';
import { realtimeApi, type RealtimeApi } from './realtime';
import { settingsApi, type SettingsApi } from './settings';
import { createTransport, type ApiOptions } from './transport';
import { uploadsApi, type UploadsApi } from './uploads';
import { visitorsApi, type VisitorsApi } from './visitors';

export {
	BridgeError,
	NOT_CONFIGURED,
	errorMessage,
	fieldIssuesOf,
	flowIssuesOf,
	isNotConfigured,
} from './errors';
export type { AdvisorToken, ApiOptions } from './transport';
export type { AdvisorsApiOptions } from './advisors-options';
export type { InboxQueryArgs } from './inbox';
export type { AdvisorListItem } from './settings';

export type HandoffApi = ConversationsApi &
	VisitorsApi &
	InboxApi &
	SettingsApi &
	UploadsApi &
	RealtimeApi &
	FlowsApi &
	AdvisorsApi;

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
	};
}
