/** Everything a request needs, built once per process: config, store, realtime, services. */
import type { BridgeConfig } from './config';
import { createDb, migrateLatest, type Db } from './db';
import { createLogger, type Logger } from './logger';
import { createRealtime, type RealtimeDriver } from './realtime';
import { ConversationsService } from './services/conversations';
import { EventsService } from './services/events';
import { InboxService } from './services/inbox';
import { SitesService } from './services/sites';
import { VisitorsService } from './services/visitors';

export interface Services {
	sites: SitesService;
	visitors: VisitorsService;
	conversations: ConversationsService;
	inbox: InboxService;
	events: EventsService;
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
	return {
		sites: new SitesService( db ),
		visitors: new VisitorsService( db ),
		conversations: new ConversationsService( db, events ),
		inbox: new InboxService( db ),
		events,
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
