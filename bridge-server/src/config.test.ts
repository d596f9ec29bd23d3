/** Where uploads are stored, from the environment: a folder (shared or not) or an S3 bucket, and clear refusals. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';

let dataDir: string;
beforeAll( () => {
	dataDir = mkdtempSync( path.join( tmpdir(), 'handoff-config-' ) );
} );
afterAll( () => rmSync( dataDir, { recursive: true, force: true } ) );

const load = ( env: Record< string, string > ) =>
	loadConfig( { DATA_DIR: dataDir, ...env } ).uploads.store;
const s3 = { UPLOAD_DRIVER: 's3', S3_BUCKET: 'handoff-uploads' };

it( 'keeps uploads in DATA_DIR/uploads, or in the folder UPLOAD_DIR names (several bridges may share it)', () => {
	expect( load( {} ) ).toEqual( {
		driver: 'disk',
		dir: path.join( dataDir, 'uploads' ),
	} );
	expect( load( { UPLOAD_DIR: '/mnt/shared/handoff-uploads/' } ) ).toEqual( {
		driver: 'disk',
		dir: '/mnt/shared/handoff-uploads',
	} );
} );

it( 'reads an S3-compatible store: AWS by default, any endpoint with path-style URLs, keys or the default credential chain', () => {
	expect( load( s3 ) ).toEqual( {
		driver: 's3',
		bucket: 'handoff-uploads',
		region: 'us-east-1',
		endpoint: null,
		forcePathStyle: false,
		credentials: null,
		prefix: 'uploads/',
		timeoutMs: 30_000,
	} );
	expect(
		load( {
			...s3,
			S3_REGION: 'fr-par',
			S3_ENDPOINT: 'https://s3.fr-par.scw.cloud/',
			S3_FORCE_PATH_STYLE: 'true',
			S3_ACCESS_KEY_ID: 'SCWKEY',
			S3_SECRET_ACCESS_KEY: 'secret',
			S3_PREFIX: 'chat/images/',
			S3_TIMEOUT_MS: '5000',
		} )
	).toEqual( {
		driver: 's3',
		bucket: 'handoff-uploads',
		region: 'fr-par',
		endpoint: 'https://s3.fr-par.scw.cloud',
		forcePathStyle: true,
		credentials: { accessKeyId: 'SCWKEY', secretAccessKey: 'secret' },
		prefix: 'chat/images/',
		timeoutMs: 5000,
	} );
	expect( load( { ...s3, S3_ENDPOINT: '', S3_PREFIX: '' } ) ).toEqual(
		expect.objectContaining( { endpoint: null, prefix: '' } )
	);
} );

it.each( [
	[ { UPLOAD_DRIVER: 'nfs' }, /UPLOAD_DRIVER/ ],
	[ { UPLOAD_DRIVER: 's3' }, /S3_BUCKET is required with UPLOAD_DRIVER=s3/ ],
	[
		{ ...s3, S3_BUCKET: 's3://handoff-uploads' },
		/S3_BUCKET must be a bucket name/,
	],
	[ { ...s3, S3_BUCKET: 'ab' }, /S3_BUCKET must be a bucket name/ ],
	[
		{ ...s3, S3_ACCESS_KEY_ID: 'KEY' },
		/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/,
	],
	[ { ...s3, S3_SECRET_ACCESS_KEY: 'secret' }, /go together/ ],
	[
		{ ...s3, S3_ENDPOINT: 'minio:9000' },
		/S3_ENDPOINT: an http\(s\):\/\/ URL/,
	],
	[ { ...s3, S3_PREFIX: '/uploads' }, /S3_PREFIX/ ],
	[ { ...s3, S3_PREFIX: 'uploads' }, /S3_PREFIX/ ],
	[ { ...s3, S3_FORCE_PATH_STYLE: 'maybe' }, /S3_FORCE_PATH_STYLE/ ],
	[
		{ ...s3, UPLOAD_DIR: '/srv/uploads' },
		/UPLOAD_DIR is for UPLOAD_DRIVER=disk/,
	],
] )( 'refuses %j with a clear error', ( env, message ) => {
	expect( () => load( env ) ).toThrow( ConfigError );
	expect( () => load( env ) ).toThrow( message );
} );
