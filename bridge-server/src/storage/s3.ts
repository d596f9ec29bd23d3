/**
 * Upload store in an S3-compatible bucket (AWS S3, MinIO, Scaleway, Ceph…): one object per
 * upload, `<prefix><id>`. Every bridge process reads and writes the same bucket, so uploads
 * need no shared disk. A PUT is atomic (a reader sees the whole object or none).
 */
import type * as S3 from '@aws-sdk/client-s3';
import type { S3StoreConfig } from '../config';
import { checkUploadId, type UploadStore } from './types';

/** Required when an s3 store is made, not imported: a bridge on the disk driver never loads the SDK. */
function sdk(): typeof S3 {
	return require( '@aws-sdk/client-s3' );
}

export function createS3UploadStore( config: S3StoreConfig ): UploadStore {
	const {
		S3Client,
		PutObjectCommand,
		GetObjectCommand,
		DeleteObjectCommand,
		HeadBucketCommand,
	} = sdk();
	const client = new S3Client( {
		region: config.region,
		...( config.endpoint
			? {
					endpoint: config.endpoint,
					// The SDK's default CRC checksums on every PUT (since 3.729) are refused by
					// several S3-compatible stores: elsewhere than AWS, only where an API needs one.
					requestChecksumCalculation: 'WHEN_REQUIRED' as const,
					responseChecksumValidation: 'WHEN_REQUIRED' as const,
				}
			: {} ),
		forcePathStyle: config.forcePathStyle,
		...( config.credentials ? { credentials: config.credentials } : {} ),
		// A hung store fails the request instead of holding it: per attempt here, and the
		// whole call (retries included) by the abort signal below.
		requestHandler: {
			connectionTimeout: Math.min( 5000, config.timeoutMs ),
			requestTimeout: config.timeoutMs,
			throwOnRequestTimeout: true,
		},
	} );
	const key = ( id: string ) => {
		checkUploadId( id );
		return config.prefix + id;
	};
	const budget = () => ( {
		abortSignal: AbortSignal.timeout( config.timeoutMs ),
	} );
	const absent = ( err: any ) =>
		err?.name === 'NoSuchKey' ||
		( err?.$metadata?.httpStatusCode === 404 &&
			err?.name !== 'NoSuchBucket' );

	return {
		async put( id, bytes ) {
			await client.send(
				new PutObjectCommand( {
					Bucket: config.bucket,
					Key: key( id ),
					Body: bytes,
					ContentLength: bytes.length,
				} ),
				budget()
			);
		},
		async get( id ) {
			const Key = key( id );
			try {
				const res = await client.send(
					new GetObjectCommand( { Bucket: config.bucket, Key } ),
					budget()
				);
				return Buffer.from( await res.Body!.transformToByteArray() );
			} catch ( err ) {
				if ( absent( err ) ) {
					return null;
				}
				throw err;
			}
		},
		async delete( id ) {
			const Key = key( id );
			try {
				// S3 answers 204 for an absent key too; some compatible servers 404.
				await client.send(
					new DeleteObjectCommand( { Bucket: config.bucket, Key } ),
					budget()
				);
			} catch ( err ) {
				if ( ! absent( err ) ) {
					throw err;
				}
			}
		},
		async check() {
			await client.send(
				new HeadBucketCommand( { Bucket: config.bucket } ),
				budget()
			);
		},
		close() {
			client.destroy();
		},
	};
}
