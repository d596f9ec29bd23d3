/** Everything a request needs, built once per process: config, store, realtime, services. */
import type { BridgeConfig } from './config';
import { createDb, migrateLatest, type Db } from './db';
import { createLogger, type Logger } from './logger';
import { createRealtime, type RealtimeDriver } from './realtime';
import { BotService } from './services/bot';
import { ConversationsService } from './services/conversations';
import { EventsService } from './services/events';
import { FlowsService } from './services/flows';
import { HandoffService } from './services/handoff';
import { InboxService } from './services/inbox';
import { LicencesService } from './services/licences';
import { SitesService } from './services/sites';
import { VariablesService } from './services/variables';
import { VisitorsService } from './services/visitors';

export interface Services {
	sites: SitesService;
	visitors: VisitorsService;
	conversations: ConversationsService;
	inbox: InboxService;
	events: EventsService;
	flows: FlowsService;
	variables: VariablesService;
	licences: LicencesService;
	bot: BotService;
}

export interface AppContext {
	config: BridgeConfig;
	db: Db;
	realtime: RealtimeDriver;
	services: Services;
	log: Logger;
	/** Stops the embedded realtime server (if any) and closes the database. */
	close(): Promise< void >;
}

export function createServices( db: Db, realtime: RealtimeDriver, log: Logger ): Services {
	const events = new EventsService( realtime, log );
	const conversations = new ConversationsService( db, events, log );
	const flows = new FlowsService( db, log );
	const variables = new VariablesService( db );
	const licences = new LicencesService( db );
	const handoff = new HandoffService( realtime, licences, log );
	return {
		sites: new SitesService( db ),
		visitors: new VisitorsService( db ),
		conversations,
		inbox: new InboxService( db ),
		events,
		flows,
		variables,
		licences,
		bot: new BotService( conversations, flows, variables, handoff, log ),
	};
}

export async function createContext( config: BridgeConfig, log: Logger = createLogger() ): Promise< AppContext > {
	const db = createDb( config.database );
	await migrateLatest( db );
	const rt = await createRealtime( config.realtime );
	return {
		config,
		db,
		realtime: rt.driver,
		services: createServices( db, rt.driver, log ),
		log,
		async close() {
			await rt.driver.close();
			await rt.embedded?.close();
			await db.destroy();
		},
	};
}
