/** Everything a request needs, built once per process: config, store, realtime, services. */
import type { Server } from 'node:http';
import type { BridgeConfig } from './config';
import { createDb, createReadDb, migrateLatest, type Db } from './db';
import { WalCheckpointer } from './db/checkpoint';
import { createLogger, type Logger } from './logger';
import { DatabaseRateLimits } from './rate-limit-store';
import { createRateLimits, type RateLimits } from './rate-limits';
import { createRealtime, type RealtimeDriver } from './realtime';
import { AccessPolicy } from './services/access';
import { AdvisorAdminService } from './services/advisor-admin';
import { AdvisorViewService } from './services/advisor-view';
import { AdvisorsService } from './services/advisors';
import { ChannelAuthService } from './services/channel-auth';
import { ConnectService } from './services/connect';
import { BotService } from './services/bot';
import { ConversationsService } from './services/conversations';
import { ReadsService } from './services/reads';
import { TurnsService } from './services/turns';
import { EventsService } from './services/events';
import { FlowsService } from './services/flows';
import { HandoffService } from './services/handoff';
import { HealthService } from './services/health';
import { InboxService } from './services/inbox';
import { LicencesService } from './services/licences';
import { ManagementService } from './services/management';
import {
	NotificationsService,
	type NotifierOptions,
} from './services/notifications';
import { PresenceService } from './services/presence';
import { PrivacyService, type RetentionOptions } from './services/privacy';
import { SearchService } from './services/search';
import { RatingsService } from './services/ratings';
import { ReportsService } from './services/reports';
import { ReplyByEmailService } from './services/reply-by-email';
import { AdvisorStatusService } from './services/advisor-status';
import { SettingsService } from './services/settings';
import { SitesService } from './services/sites';
import { TranscriptsService } from './services/transcripts';
import { TypingService } from './services/typing';
import { UploadsService, type UploadSweepOptions } from './services/uploads';
import { VariablesService } from './services/variables';
import { VisitorSessionsService } from './services/visitor-sessions';
import { VisitorsService } from './services/visitors';
import { WebhooksService, type WebhookOptions } from './services/webhooks';
import { ApiKeysService } from './services/api-keys';
import { createUploadStore, type UploadStore } from './storage';

export interface Services {
	sites: SitesService;
	/** One-time connection codes and their exchange. */
	connect: ConnectService;
	visitors: VisitorsService;
	conversations: ConversationsService;
	/** What events do to a conversation (the rules, stored in its unit of work). */
	turns: TurnsService;
	reads: ReadsService;
	inbox: InboxService;
	events: EventsService;
	flows: FlowsService;
	variables: VariablesService;
	/** Seats against the quota (grants are atomic); the premium gate is `access`. */
	licences: LicencesService;
	access: AccessPolicy;
	health: HealthService;
	channelAuth: ChannelAuthService;
	visitorSessions: VisitorSessionsService;
	bot: BotService;
	advisors: AdvisorsService;
	advisorAdmin: AdvisorAdminService;
	advisorView: AdvisorViewService;
	management: ManagementService;
	presence: PresenceService;
	/** Routing of transfers, and the widget's availability (opening hours, advisors away). */
	handoff: HandoffService;
	/** The offline form, "answer me by email", advisors' replies emailed with a resume link. */
	replyByEmail: ReplyByEmailService;
	/** The advisors' "away" switch. */
	advisorStatus: AdvisorStatusService;
	settings: SettingsService;
	ratings: RatingsService;
	/** Figures and CSV exports over a date range (managers). */
	reports: ReportsService;
	search: SearchService;
	typing: TypingService;
	uploads: UploadsService;
	notifications: NotificationsService;
	/** Outgoing webhooks (their outbox and delivery log). */
	webhooks: WebhooksService;
	/** Site API keys (bearer `hck_…`). */
	apiKeys: ApiKeysService;
	/** Export and erasure of a visitor's data, conversation deletion, the retention purge. */
	privacy: PrivacyService;
	transcripts: TranscriptsService;
}

export interface AppContext {
	config: BridgeConfig;
	db: Db;
	/** Where the inbox's lists, counts and search read: read-only connections on sqlite3, else `db`. */
	readDb: Db;
	realtime: RealtimeDriver;
	services: Services;
	/** Rate limits of the public routes (per IP, per caller). */
	limits: RateLimits;
	log: Logger;
	/**
	 * Hands the HTTP server to what shares its port: the realtime WebSocket's upgrades with
	 * REALTIME_SHARE_HTTP_PORT (nothing otherwise). Called once the server is created.
	 */
	attach: ( server: Server ) => void;
	/**
	 * With the WebSocket on the HTTP port, the server's close waits for its sockets: once the
	 * answers are written, this sends what is queued for realtime and closes them (4200).
	 * Nothing otherwise (close() does it).
	 */
	detach: () => Promise< void >;
	/** Sends what is queued for realtime, stops the embedded realtime server (if any), closes the database. */
	close: () => Promise< void >;
}

/** Test seams and driver choices; production passes none of them. */
export interface ServiceOptions {
	uploadStore?: UploadStore;
	notifier?: Partial< NotifierOptions >;
	/** Webhook delivery timings and WEBHOOKS_ALLOW_PRIVATE (config). */
	webhooks?: Partial< WebhookOptions >;
	uploadSweep?: Partial< UploadSweepOptions >;
	/** How often advisor sockets whose token expired are closed (default 30 s). */
	socketSweepMs?: number;
	/** Lifetime of visitor tokens, in seconds (config VISITOR_TOKEN_TTL). */
	visitorTokenTtl?: number;
	/** Read-only connections for the inbox's lists, counts and search (db/index.ts createReadDb). */
	readDb?: Db | null;
	/** The retention purge's interval and clock. */
	retention?: Partial< RetentionOptions >;
	/** Milliseconds since the epoch, for connection codes' expiry and signature window. */
	clock?: () => number;
	/** PUBLIC_URL (config): absolute image links in emailed replies. */
	publicUrl?: string | null;
}

export function createServices(
	db: Db,
	realtime: RealtimeDriver,
	log: Logger,
	opts: ServiceOptions & { uploadStore: UploadStore }
): Services {
	const licences = new LicencesService( db );
	const advisors = new AdvisorsService( db, licences );
	const events = new EventsService( realtime, log, ( siteId ) =>
		advisors.limited( siteId )
	);
	const uploads = new UploadsService(
		db,
		opts.uploadStore,
		log,
		opts.uploadSweep
	);
	const access = new AccessPolicy( advisors );
	const webhooks = new WebhooksService( db, access, log, opts.webhooks );
	const flows = new FlowsService( db, log, access );
	const variables = new VariablesService( db );
	const visitors = new VisitorsService( db );
	const conversations = new ConversationsService( {
		db,
		events,
		log,
		visitors,
		access,
		webhooks,
	} );
	const reads = new ReadsService( db, events, access, visitors );
	const settings = new SettingsService( db, access, events );
	const handoff = new HandoffService( db, realtime, log, ( siteId ) =>
		settings.hours( siteId )
	);
	const sites = new SitesService( db );
	const presence = new PresenceService( realtime, log );
	const advisorView = new AdvisorViewService(
		db,
		access,
		advisors,
		settings,
		presence
	);
	const notifications = new NotificationsService(
		db,
		sites,
		advisorView,
		log,
		opts.notifier,
		presence
	);
	const replyByEmail = new ReplyByEmailService( {
		db,
		conversations,
		variables,
		notifications,
		log,
		publicUrl: opts.publicUrl ?? null,
	} );
	const turns = new TurnsService( {
		conversations,
		uploads,
		flows,
		variables,
		visitors,
		replyByEmail,
	} );
	const bot = new BotService(
		conversations,
		turns,
		flows,
		handoff,
		log,
		notifications
	);
	const offerWaiting = ( siteId: string ) =>
		bot.offerWaiting( siteId ).catch( ( err ) => {
			log.warn( 'offering waiting conversations failed', {
				siteId,
				err,
			} );
			return 0;
		} );
	const channelAuth = new ChannelAuthService(
		realtime,
		conversations,
		access,
		log,
		( siteId, advisorId ) =>
			void bot.offerWaiting( siteId, [ advisorId ] ).catch( () => 0 ),
		opts.socketSweepMs
	);
	return {
		sites,
		connect: new ConnectService(
			db,
			sites,
			opts.clock,
			opts.visitorTokenTtl ?? 30 * 86400
		),
		visitors,
		conversations,
		turns,
		reads,
		inbox: new InboxService( opts.readDb ?? db, advisorView, access ),
		events,
		flows,
		variables,
		licences,
		access,
		health: new HealthService( db, realtime ),
		channelAuth,
		visitorSessions: new VisitorSessionsService(
			sites,
			visitors,
			realtime,
			opts.visitorTokenTtl ?? 30 * 86400,
			db,
			variables
		),
		bot,
		advisors,
		advisorAdmin: new AdvisorAdminService(
			advisors,
			licences,
			access,
			events,
			channelAuth,
			offerWaiting
		),
		advisorView,
		management: new ManagementService( {
			conversations,
			turns,
			reads,
			advisors,
			access,
			variables,
			visitors,
			presence,
			events,
			offerWaiting,
		} ),
		presence,
		handoff,
		replyByEmail,
		advisorStatus: new AdvisorStatusService(
			db,
			advisors,
			events,
			log,
			offerWaiting
		),
		settings,
		ratings: new RatingsService( db, settings, events, webhooks ),
		reports: new ReportsService( opts.readDb ?? db, access ),
		search: new SearchService( opts.readDb ?? db, advisorView, access ),
		typing: new TypingService( events ),
		uploads,
		notifications,
		webhooks,
		apiKeys: new ApiKeysService( db, access ),
		privacy: new PrivacyService(
			db,
			opts.uploadStore,
			events,
			log,
			opts.retention
		),
		transcripts: new TranscriptsService( db, access ),
	};
}

export async function createContext(
	config: BridgeConfig,
	log: Logger = createLogger(),
	opts: ServiceOptions = {}
): Promise< AppContext > {
	const db = createDb( config.database, log );
	await migrateLatest( db, log );
	const readDb = createReadDb( config.database, log );
	const checkpointer = readDb
		? new WalCheckpointer( readDb, config.database.checkpointMs ?? 0, log )
		: null;
	checkpointer?.start();
	const rt = await createRealtime( config.realtime, log );
	const uploadStore =
		opts.uploadStore ?? createUploadStore( config.uploads.store );
	// Not awaited: a store down at start fails uploads (503), not the whole bridge.
	uploadStore.check?.().catch( ( err ) =>
		log.error( 'upload store unreachable', {
			driver: config.uploads.store.driver,
			err,
		} )
	);
	const services = createServices( db, rt.driver, log, {
		visitorTokenTtl: config.visitorTokenTtl,
		publicUrl: config.publicUrl,
		readDb,
		...opts,
		webhooks: {
			allowPrivate: config.webhooksAllowPrivate,
			...opts.webhooks,
		},
		uploadStore,
	} );
	services.notifications.start();
	services.webhooks.start();
	services.channelAuth.start();
	services.uploads.start();
	services.privacy.start();
	const sharedLimits =
		config.rateLimits.store === 'database'
			? new DatabaseRateLimits( db, log )
			: null;
	sharedLimits?.start();
	return {
		config,
		db,
		readDb: readDb ?? db,
		realtime: rt.driver,
		services,
		limits: createRateLimits( config.rateLimits, log, sharedLimits ),
		log,
		attach( server ) {
			rt.attach?.( server );
		},
		async detach() {
			if ( rt.attach ) {
				await services.events.idle();
				await rt.embedded?.close();
			}
		},
		async close() {
			services.channelAuth.stop();
			services.typing.stop();
			await services.notifications.stop();
			await services.webhooks.stop();
			await services.uploads.stop();
			await services.privacy.stop();
			await sharedLimits?.stop();
			uploadStore.close?.();
			// Realtime publishing never holds a request: what is still queued goes out before the close.
			await services.events.idle();
			await rt.driver.close();
			await rt.embedded?.close();
			await checkpointer?.stop();
			await readDb?.destroy();
			await db.destroy();
		},
	};
}
