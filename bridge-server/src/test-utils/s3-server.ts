/**
 * A local S3-compatible server (s3rver, files in a temporary folder) with one bucket, for the
 * s3 upload driver's tests: what the bridge is configured with, and a raw client to look
 * into the bucket from outside the bridge.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	ListObjectsV2Command,
	S3Client,
	type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { S3StoreConfig } from '../config';

// No type declarations ship with s3rver.

const S3rver = require( 's3rver' );

export const TEST_BUCKET = 'handoff-uploads';
const KEY_ID = 'S3RVER';
const SECRET = 'S3RVER';

export interface S3TestServer {
	endpoint: string;
	/** UPLOAD_DRIVER=s3 and the S3_* variables for a bridge on this server. */
	env: Record< string, string >;
	/** The store configuration, for driving the driver directly. */
	config: ( over?: Partial< S3StoreConfig > ) => S3StoreConfig;
	/** Every key in the bucket. */
	keys: () => Promise< string[] >;
	close: () => Promise< void >;
}

export async function startS3Server(): Promise< S3TestServer > {
	const directory = mkdtempSync( path.join( tmpdir(), 'handoff-s3rver-' ) );
	const srv = new S3rver( {
		port: 0,
		address: '127.0.0.1',
		silent: true,
		directory,
		configureBuckets: [ { name: TEST_BUCKET } ],
	} );
	const { port } = await srv.run();
	const endpoint = `http://127.0.0.1:${ port }`;
	const clientConfig: S3ClientConfig = {
		region: 'us-east-1',
		endpoint,
		forcePathStyle: true,
		credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
	};
	const raw = new S3Client( clientConfig );
	return {
		endpoint,
		env: {
			UPLOAD_DRIVER: 's3',
			S3_BUCKET: TEST_BUCKET,
			S3_ENDPOINT: endpoint,
			S3_FORCE_PATH_STYLE: 'true',
			S3_ACCESS_KEY_ID: KEY_ID,
			S3_SECRET_ACCESS_KEY: SECRET,
		},
		config: ( over = {} ) => ( {
			driver: 's3',
			bucket: TEST_BUCKET,
			region: 'us-east-1',
			endpoint,
			forcePathStyle: true,
			credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
			prefix: 'uploads/',
			timeoutMs: 10_000,
			...over,
		} ),
		async keys() {
			const res = await raw.send(
				new ListObjectsV2Command( { Bucket: TEST_BUCKET } )
			);
			return ( res.Contents ?? [] ).map( ( o ) => o.Key! ).sort();
		},
		async close() {
			raw.destroy();
			await srv.close();
			rmSync( directory, { recursive: true, force: true } );
		},
	};
}
