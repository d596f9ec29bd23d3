/**
 * Bot flows per site: stored as the validated JSON definition, written only through
 * validateFlow (the contract's one schema), read by the bot and the admin editor.
 */
import {
	DEFAULT_FLOW_ID,
	DEMO_FLOW,
	flowSchema,
	SLUG_PATTERN,
	validateFlow,
	type Flow,
	type FlowResponse,
	type FlowSummary,
} from '@handoff-chat/contracts';
import type { Db } from '../db';
import { nowIso } from '../db';
import { badRequest, conflict, notFound } from '../errors';
import type { Logger } from '../logger';
import type { Principal } from '../auth/tokens';
import type { AccessPolicy } from './access';

const toSummary = ( r: any ): FlowSummary => ( {
	id: r.id,
	name: r.name,
	mode: r.mode,
	createdAt: r.created_at,
	updatedAt: r.updated_at,
} );

/** Gives the demo site the demo flow (SitesService.create with `demoFlow`, in the site's own transaction). */
export async function insertDemoFlow(
	db: Db,
	siteId: string
): Promise< void > {
	const now = nowIso();
	await db( 'flows' ).insert( {
		site_id: siteId,
		id: DEMO_FLOW.id,
		name: DEMO_FLOW.name,
		mode: DEMO_FLOW.mode,
		definition: JSON.stringify( DEMO_FLOW ),
		created_at: now,
		updated_at: now,
	} );
}

export class FlowsService {
	constructor(
		private readonly db: Db,
		private readonly log: Logger,
		private readonly access: AccessPolicy
	) {}

	/** A manager's save (`put`), checked against the access policy. */
	async save(
		p: Principal,
		id: string,
		input: unknown,
		opts: { createOnly?: boolean } = {}
	): Promise< { record: FlowResponse; created: boolean } > {
		await this.access.require( p, 'manage_flows' );
		return this.put( p.siteId, id, input, opts );
	}

	/** A manager's delete (`remove`), checked against the access policy. */
	async delete( p: Principal, id: string ): Promise< void > {
		await this.access.require( p, 'manage_flows' );
		await this.remove( p.siteId, id );
	}

	async list( siteId: string ): Promise< FlowSummary[] > {
		const rows = await this.db( 'flows' )
			.where( { site_id: siteId } )
			.select( 'id', 'name', 'mode', 'created_at', 'updated_at' )
			.orderBy( 'id' );
		return rows.map( toSummary );
	}

	/**
	 * The flow, defaults filled in by the current schema; null when absent or when a
	 * stored definition no longer parses (the bot then hands over to humans).
	 */
	async get(
		siteId: string,
		id: string,
		db: Db = this.db
	): Promise< Flow | null > {
		const row = SLUG_PATTERN.test( id )
			? await db( 'flows' ).where( { site_id: siteId, id } ).first()
			: null;
		return row ? this.parse( row ) : null;
	}

	async record( siteId: string, id: string ): Promise< FlowResponse > {
		const row = SLUG_PATTERN.test( id )
			? await this.db( 'flows' ).where( { site_id: siteId, id } ).first()
			: null;
		const flow = row ? this.parse( row ) : null;
		if ( ! flow ) {
			throw notFound( 'Flow' );
		}
		return { flow, createdAt: row.created_at, updatedAt: row.updated_at };
	}

	/** Creates or replaces. Invalid flows answer 400 with every issue in `details`, for the editor. */
	/** `createOnly`: refuse (409) rather than replace a flow that exists (new, duplicated and imported flows). */
	async put(
		siteId: string,
		id: string,
		input: unknown,
		{ createOnly = false }: { createOnly?: boolean } = {}
	): Promise< { record: FlowResponse; created: boolean } > {
		if ( ! SLUG_PATTERN.test( id ) ) {
			throw badRequest(
				'Flow ids use lower-case letters, digits, - or _.'
			);
		}
		const body =
			input && typeof input === 'object' && ! Array.isArray( input )
				? { ...input }
				: input;
		if ( body && typeof body === 'object' && ! ( 'id' in body ) ) {
			( body as Record< string, unknown > ).id = id;
		}
		const { flow, issues } = validateFlow( body );
		if ( ! flow ) {
			const first = issues[ 0 ];
			throw badRequest(
				`The flow has ${ issues.length } problem${ issues.length > 1 ? 's' : '' }: ${ first.path ? first.path + ': ' : '' }${ first.message }`,
				issues
			);
		}
		if ( flow.id !== id ) {
			throw badRequest(
				`id: the flow's id must be "${ id }", as in the URL.`,
				[ { path: 'id', message: `must be "${ id }", as in the URL` } ]
			);
		}
		const now = nowIso();
		const fields = {
			name: flow.name,
			mode: flow.mode,
			definition: JSON.stringify( flow ),
			updated_at: now,
		};
		const created = await this.db.transaction( async ( trx ) => {
			const existing = await trx( 'flows' )
				.where( { site_id: siteId, id } )
				.first( 'created_at' );
			if ( existing && createOnly ) {
				throw conflict(
					`A flow with the id "${ id }" already exists: choose another id.`
				);
			}
			if ( existing ) {
				await trx( 'flows' )
					.where( { site_id: siteId, id } )
					.update( fields );
				return null;
			}
			await trx( 'flows' ).insert( {
				site_id: siteId,
				id,
				...fields,
				created_at: now,
			} );
			return now;
		} );
		const record = await this.record( siteId, id );
		return { record, created: created !== null };
	}

	/**
	 * The default flow stays: widgets that name no flow start it. Conversations running a
	 * deleted flow are handed to the advisors at their next step (flow-engine.ts).
	 */
	async remove( siteId: string, id: string ): Promise< void > {
		if ( id === DEFAULT_FLOW_ID ) {
			throw conflict(
				`The "${ DEFAULT_FLOW_ID }" flow is the default and cannot be deleted; edit it instead.`
			);
		}
		const n = SLUG_PATTERN.test( id )
			? await this.db( 'flows' ).where( { site_id: siteId, id } ).delete()
			: 0;
		if ( ! n ) {
			throw notFound( 'Flow' );
		}
	}

	private parse( row: any ): Flow | null {
		try {
			return flowSchema.parse( JSON.parse( row.definition ) );
		} catch ( err ) {
			this.log.warn( 'stored flow does not parse', {
				siteId: row.site_id,
				flowId: row.id,
				err,
			} );
			return null;
		}
	}
}
