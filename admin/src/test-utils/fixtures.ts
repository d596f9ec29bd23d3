/** Builders for contract objects in tests. */
import type {
	AdvisorRecord,
	AdvisorSelfResponse,
	Conversation,
	InboxConversation,
	InboxPage,
	Message,
} from '@handoff-chat/contracts';
import type { HandoffApi } from '../api';
import type { InboxItem } from '../utils/inbox-list';

export function message( seq: number, over: Partial< Message > = {} ): Message {
	return {
		id: `m_${ seq }`,
		conversationId: 'c_1',
		seq,
		clientId: null,
		kind: 'text',
		author: {
			type: 'visitor',
			id: 'v_0123456789abcdef0123456789abcdef',
			name: null,
		},
		text: `message ${ seq }`,
		createdAt: new Date( Date.UTC( 2025, 0, 1, 10, seq ) ).toISOString(),
		...over,
	};
}

/** One answer of GET …/messages: the given messages, nothing more to read. */
export function messagesPage( messages: Message[] ) {
	return {
		messages,
		lastSeq: messages.length ? messages[ messages.length - 1 ].seq : 0,
		hasMore: false,
	};
}

export function conversation(
	id: string,
	over: Partial< InboxItem > = {}
): InboxItem {
	return {
		id,
		siteId: 'site_test',
		visitorId: `v_${ id }`,
		state: 'waiting',
		mode: 'live',
		flowId: null,
		backToBotLabel: null,
		assignedAdvisorId: null,
		awaits: { type: 'nothing' },
		handoff: null,
		lastSeq: 1,
		lastMessageAt: '2025-01-01T10:00:00.000Z',
		lastMessagePreview: `hello from ${ id }`,
		lastMessageAuthorType: 'visitor',
		pageUrl: 'https://example.test/shop/',
		pageTitle: 'Shop',
		replyEmail: null,
		locale: null,
		createdAt: '2025-01-01T09:59:00.000Z',
		updatedAt: '2025-01-01T10:00:00.000Z',
		...over,
	};
}

/** A conversation as the advisor's inbox lists it: read, answered, unassigned. */
export function inboxConversation(
	id: string,
	over: Partial< InboxConversation > = {}
): InboxConversation {
	return {
		...conversation( id ),
		visitorLastReadSeq: 0,
		unread: false,
		unanswered: false,
		lastReadSeq: 0,
		assignedAdvisor: null,
		visitorName: null,
		visitorOnline: false,
		...over,
	};
}

/** An advisor as `GET /v1/advisors` lists them (AdvisorRecord). */
export function advisorRecord(
	id: string,
	name: string,
	over: Partial< AdvisorRecord > = {}
): AdvisorRecord {
	return {
		id,
		name,
		displayName: name,
		visibleName: null,
		email: null,
		avatar: null,
		canAnswer: true,
		licensed: true,
		showBotConversations: true,
		pages: { mode: 'all' },
		capacity: null,
		lastActiveAt: '2025-01-01T10:00:00.000Z',
		messageCount: 0,
		away: false,
		...over,
	};
}

/** `GET /v1/advisors/me` for the signed-in `advisor` below: licensed, every page, the site's inbox. */
export function selfResponse(
	over: Partial< AdvisorRecord > = {},
	inboxChannel = 'private-inbox-site_test'
): AdvisorSelfResponse {
	return {
		advisor: advisorRecord( advisor.id, advisor.name, over ),
		licences: { granted: 1, quota: 5 },
		inboxChannel,
	};
}

export function inboxPage(
	conversations: Conversation[],
	over: Partial< InboxPage > = {}
): InboxPage {
	return {
		conversations,
		nextCursor: null,
		counts: { live: conversations.length, closed: 0, bot: 0 },
		...over,
	};
}

/** An API whose every method is a jest mock; override what a test needs. */
export function stubApi(
	over: Partial< HandoffApi > = {}
): jest.Mocked< HandoffApi > {
	return {
		listInbox: jest.fn().mockResolvedValue( inboxPage( [] ) ),
		getConversation: jest
			.fn()
			.mockImplementation( ( id: string ) =>
				Promise.resolve( conversation( id ) )
			),
		listMessages: jest
			.fn()
			.mockResolvedValue( { messages: [], lastSeq: 0, hasMore: false } ),
		sendMessage: jest.fn(),
		getRealtimeConfig: jest.fn(),
		authorizeChannel: jest.fn(),
		getVariables: jest.fn().mockResolvedValue( [] ),
		listMessagesBefore: jest
			.fn()
			.mockResolvedValue( { messages: [], lastSeq: 0, hasMore: false } ),
		addNote: jest.fn(),
		patchConversation: jest
			.fn()
			.mockImplementation( ( id: string ) =>
				Promise.resolve( conversation( id ) )
			),
		uploadImage: jest.fn(),
		getVisitor: jest.fn().mockResolvedValue( {
			visitor: {
				id: 'v_1',
				firstSeenAt: '2025-01-01T09:00:00.000Z',
				lastSeenAt: '2025-01-01T10:00:00.000Z',
				sessions: 2,
				userAgent:
					'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
				online: false,
			},
			variables: [],
			variablesHidden: false,
		} ),
		putVariables: jest.fn().mockResolvedValue( [] ),
		getCustomerShop: jest
			.fn()
			.mockResolvedValue( { woocommerce: false, orders: [], cart: [] } ),
		getSummary: jest.fn().mockResolvedValue( { toHandle: 0 } ),
		getOnlineVisitors: jest.fn().mockResolvedValue( [] ),
		listAdvisors: jest.fn().mockResolvedValue( [] ),
		sendTyping: jest.fn().mockResolvedValue( undefined ),
		deleteConversation: jest.fn().mockResolvedValue( undefined ),
		downloadTranscript: jest.fn().mockResolvedValue( {
			blob: new Blob( [ 'x' ] ),
			filename: 'conversation-c1.txt',
		} ),
		search: jest
			.fn()
			.mockResolvedValue( { results: [], nextCursor: null } ),
		getSettings: jest.fn().mockResolvedValue( {
			settings: {
				pseudonymTemplate: '',
				cannedResponses: [],
				ratingEnabled: true,
				retentionDays: 0,
			},
			updatedAt: null,
		} ),
		putSettings: jest.fn(),
		listFlows: jest.fn().mockResolvedValue( [] ),
		getFlow: jest.fn(),
		putFlow: jest.fn(),
		deleteFlow: jest.fn().mockResolvedValue( undefined ),
		getAdvisors: jest.fn().mockResolvedValue( {
			advisors: [],
			licences: { granted: 0, quota: 5 },
		} ),
		getSelf: jest.fn().mockResolvedValue( selfResponse() ),
		patchAdvisor: jest.fn(),
		syncAdvisors: jest.fn().mockResolvedValue( {
			advisors: [],
			licences: { granted: 0, quota: 5 },
		} ),
		inviteAdvisor: jest.fn(),
		removeAdvisor: jest.fn().mockResolvedValue( undefined ),
		setAdvisorAvatar: jest.fn().mockResolvedValue( null ),
		searchPages: jest.fn().mockResolvedValue( [] ),
		dropToken: jest.fn(),
		setChecklistDismissed: jest
			.fn()
			.mockImplementation( ( _path: string, dismissed: boolean ) =>
				Promise.resolve( { dismissed } )
			),
		listWebhooks: jest.fn().mockResolvedValue( [] ),
		createWebhook: jest.fn(),
		deleteWebhook: jest.fn().mockResolvedValue( undefined ),
		sendTestWebhook: jest.fn().mockResolvedValue( { eventId: 'evt_1' } ),
		listWebhookDeliveries: jest.fn().mockResolvedValue( [] ),
		listApiKeys: jest.fn().mockResolvedValue( [] ),
		createApiKey: jest.fn(),
		revokeApiKey: jest.fn().mockResolvedValue( undefined ),
		getReport: jest.fn(),
		downloadReport: jest.fn().mockResolvedValue( {
			blob: new Blob( [ 'x' ] ),
			filename: 'handoff-report-days-2026-12-01-2026-12-07.csv',
		} ),
		getMyStatus: jest.fn().mockResolvedValue( { away: false } ),
		setMyStatus: jest
			.fn()
			.mockImplementation( ( away: boolean ) =>
				Promise.resolve( { away } )
			),
		...over,
	} as jest.Mocked< HandoffApi >;
}

export const advisor = { id: '7', name: 'Camille', avatar: '' };
