import { randomUUID } from 'node:crypto';
import type { Db } from '../db';
import { nowIso } from '../db';

export class VisitorsService {
	constructor( private readonly db: Db ) {}

	async create( siteId: string ): Promise< string > {
		const id = 'v_' + randomUUID().replace( /-/g, '' );
		const now = nowIso();
		await this.db( 'visitors' ).insert( { id, site_id: siteId, created_at: now, last_seen_at: now } );
		return id;
	}

	/** Returns false when the visitor does not exist on this site (e.g. erased). */
	async touch( siteId: string, visitorId: string ): Promise< boolean > {
		const n = await this.db( 'visitors' )
			.where( { id: visitorId, site_id: siteId } )
			.update( { last_seen_at: nowIso() } );
		return n > 0;
	}
}
