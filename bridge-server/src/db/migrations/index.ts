/** Every migration, in order. A shipped migration is never edited: add a new one. */
import * as createCoreTables from './20261124A-create-core-tables';
import * as addBotFlows from './20261125A-add-bot-flows';
import * as addInboxState from './20261125B-add-inbox-state';
import * as addUploadsAndNotifications from './20261125C-add-uploads-and-notifications';
import * as addAdvisorLicences from './20261205A-add-advisor-licences';
import * as addAdvisorsReadSeq from './20261205B-add-advisors-read-seq';
import * as addLastMessageKind from './20261205C-add-last-message-kind';
import * as addInboxCounters from './20261205D-add-inbox-counters';
import * as addSearchIndex from './20261205E-add-search-index';
import * as addAdvisorUnread from './20261205F-add-advisor-unread';
import * as addConnectCodes from './20261205H-add-connect-codes';
import * as addRateLimitHits from './20261205I-add-rate-limit-hits';
import * as addRetention from './20261205J-add-retention';
import * as addConversationRatings from './20261205K-add-conversation-ratings';
import * as addIntegrations from './20261205L-add-integrations';
import * as addKnownCustomers from './20261205M-add-known-customers';
import * as addOpeningHours from './20261205N-add-opening-hours';
import * as addReportMilestones from './20261205O-add-report-milestones';
import * as addVariableEmailIndex from './20261205P-add-variable-email-index';

export const migrations = [
	{ name: '20261124A-create-core-tables', ...createCoreTables },
	{ name: '20261125A-add-bot-flows', ...addBotFlows },
	{ name: '20261125B-add-inbox-state', ...addInboxState },
	{
		name: '20261125C-add-uploads-and-notifications',
		...addUploadsAndNotifications,
	},
	{ name: '20261205A-add-advisor-licences', ...addAdvisorLicences },
	{ name: '20261205B-add-advisors-read-seq', ...addAdvisorsReadSeq },
	{ name: '20261205C-add-last-message-kind', ...addLastMessageKind },
	{ name: '20261205D-add-inbox-counters', ...addInboxCounters },
	{ name: '20261205E-add-search-index', ...addSearchIndex },
	{ name: '20261205F-add-advisor-unread', ...addAdvisorUnread },
	{ name: '20261205H-add-connect-codes', ...addConnectCodes },
	{ name: '20261205I-add-rate-limit-hits', ...addRateLimitHits },
	{ name: '20261205J-add-retention', ...addRetention },
	{ name: '20261205K-add-conversation-ratings', ...addConversationRatings },
	{ name: '20261205L-add-integrations', ...addIntegrations },
	{ name: '20261205M-add-known-customers', ...addKnownCustomers },
	{ name: '20261205N-add-opening-hours', ...addOpeningHours },
	{ name: '20261205O-add-report-milestones', ...addReportMilestones },
	{ name: '20261205P-add-variable-email-index', ...addVariableEmailIndex },
];
