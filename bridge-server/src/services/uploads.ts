/**
 * Image uploads: checked by content (image-sniff.ts), stored under random ids in the
 * upload store, described in the `uploads` table. An upload is attached to at most one
 * message, and only by whoever uploaded it.
 */
import { randomBytes } from 'node:crypto';
import type { ImageType, MessageMeta, Upload } from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import type { Db } from '../db';
import { nowIso } from '../db';
import { ApiError, badRequest, conflict } from '../errors';
import type { Logger } from '../logger';
import { UPLOAD_ID_PATTERN, type UploadStore } from '../storage/types';
import { sniffImage } from './image-sniff';
import { Periodic } from './periodic';

export const uploadUrl = ( id: string ) => `/v1/uploads/${ id }`;

export interface UploadSweepOptions {
	/** How often unattached uploads are looked for. */
	intervalMs: number;
	/** How old an upload never attached to a message gets before it is deleted. */
	maxAgeMs: number;
}

const SWEEP_DEFAULTS: UploadSweepOptions = {
	intervalMs: 3600_000,
	maxAgeMs: 24 * 3600_000,
};
const SWEEP_BATCH = 200;

const ownerOf = ( p: Principal ) => ( {
	owner_type: p.role,
	owner_id: p.role === 'visitor' ? p.visitorId : p.advisorId,
} );

/** The store failed (disk full, object store down or slow): the request can be retried as is. */
const storeUnavailable = () =>
	new ApiError(
		503,
		'storage_unavailable',
		'Image storage is unavailable right now. Try again in a moment.'
	);

const toUpload = ( r: any ): Upload => ( {
	id: r.id,
	url: uploadUrl( r.id ),
	type: r.type,
	...( r.width
		? { width: Number( r.width ), height: Number( r.height ) }
		: {} ),
	bytes: Number( r.bytes ),
} );

export class UploadsService {
	private readonly maxAgeMs: number;
	private readonly sweeper: Periodic;

	constructor(
		private readonly db: Db,
		private readonly store: UploadStore,
		private readonly log: Logger,
		sweep: Partial< UploadSweepOptions > = {}
	) {
		const opts = { ...SWEEP_DEFAULTS, ...sweep };
		this.maxAgeMs = opts.maxAgeMs;
		this.sweeper = new Periodic(
			() => this.sweep(),
			opts.intervalMs,
			( err: any ) =>
				this.log.error( 'upload sweep failed', {
					err,
				} )
		);
	}

	/** Sweeps now and then every intervalMs, without keeping the process alive. */
	start(): void {
		this.sweeper.start();
	}

	stop(): Promise< void > {
		return this.sweeper.stop();
	}

	/**
	 * Deletes uploads never attached to a message and older than maxAgeMs (an image picked
	 * and never sent), row first and only while still unattached, so a message claiming
	 * one meanwhile keeps it. Returns how many went.
	 */
	async sweep( now = Date.now() ): Promise< number > {
		const cutoff = new Date( now - this.maxAgeMs ).toISOString();
		let removed = 0;
		for (;;) {
			const ids: string[] = await this.db( 'uploads' )
				.whereNull( 'message_id' )
				.andWhere( 'created_at', '<', cutoff )
				.orderBy( 'created_at' )
				.limit( SWEEP_BATCH )
				.pluck( 'id' );
			for ( const id of ids ) {
				if (
					await this.db( 'uploads' )
						.where( { id } )
						.whereNull( 'message_id' )
						.del()
				) {
					removed++;
					// Bytes left behind are only disk space: logged, not retried.
					await this.store.delete( id ).catch( ( err ) =>
						this.log.warn( 'upload bytes not deleted', {
							id,
							err,
						} )
					);
				}
			}
			if ( ids.length < SWEEP_BATCH ) {
				break;
			}
		}
		if ( removed ) {
			this.log.info( 'unattached uploads deleted', { removed } );
		}
		return removed;
	}

	async create( p: Principal, bytes: Buffer ): Promise< Upload > {
		const image = sniffImage( bytes );
		if ( ! image ) {
			throw badRequest(
				'file: only PNG, JPEG, GIF and WebP images are accepted (checked by their content).'
			);
		}
		const row = {
			id: randomBytes( 16 ).toString( 'hex' ),
			site_id: p.siteId,
			...ownerOf( p ),
			type: image.type,
			bytes: bytes.length,
			width: image.width ?? null,
			height: image.height ?? null,
			message_id: null,
			created_at: nowIso(),
		};
		// Bytes first, row second: a failed put leaves nothing behind, a failed insert deletes them.
		await this.store.put( row.id, bytes ).catch( ( err ) => {
			this.log.error( 'upload not stored', { err } );
			throw storeUnavailable();
		} );
		try {
			await this.db( 'uploads' ).insert( row );
		} catch ( err ) {
			await this.store.delete( row.id ).catch( () => undefined );
			throw err;
		}
		return toUpload( row );
	}

	/** The bytes and detected type, or null for a malformed or unknown id. */
	async read(
		id: string
	): Promise< { type: ImageType; bytes: Buffer } | null > {
		if ( ! UPLOAD_ID_PATTERN.test( id ) ) {
			return null;
		}
		const row = await this.db( 'uploads' ).where( { id } ).first();
		const bytes = row
			? await this.store.get( id ).catch( ( err ) => {
					this.log.error( 'upload not read from the store', {
						id,
						err,
					} );
					throw storeUnavailable();
				} )
			: null;
		if ( row && ! bytes ) {
			this.log.warn( 'upload missing from the store', { id } );
		}
		return row && bytes ? { type: row.type, bytes } : null;
	}

	/**
	 * Inside the message's unit of work: the caller's own, unattached upload, as the
	 * message's `meta.image`. Someone else's upload reads as unknown.
	 */
	async claim(
		trx: Db,
		p: Principal,
		uploadId: string,
		alt: string
	): Promise< NonNullable< MessageMeta[ 'image' ] > > {
		const row = await trx( 'uploads' )
			.where( { id: uploadId, site_id: p.siteId, ...ownerOf( p ) } )
			.first();
		if ( ! row ) {
			throw badRequest(
				'uploadId: no such upload of yours. Upload the image first (POST /v1/uploads).'
			);
		}
		if ( row.message_id ) {
			throw conflict(
				'This upload is already attached to a message. Upload the image again to send it twice.'
			);
		}
		return {
			url: uploadUrl( row.id ),
			alt,
			...( row.width ? { width: row.width, height: row.height } : {} ),
		};
	}

	/** Marks the upload as the message's; fails if a concurrent message took it first. */
	async bind(
		trx: Db,
		uploadId: string,
		messageId: string
	): Promise< void > {
		const n = await trx( 'uploads' )
			.where( { id: uploadId } )
			.whereNull( 'message_id' )
			.update( { message_id: messageId } );
		if ( ! n ) {
			throw conflict(
				'This upload is already attached to a message. Upload the image again to send it twice.'
			);
		}
	}
}
