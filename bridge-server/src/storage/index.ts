/** createUploadStore(): the configured driver, a folder (possibly shared) or an S3-compatible bucket. */
import type { UploadStoreConfig } from '../config';
import { createDiskUploadStore } from './disk';
import { createS3UploadStore } from './s3';
import type { UploadStore } from './types';

export type { UploadStore } from './types';

export function createUploadStore( config: UploadStoreConfig ): UploadStore {
	return config.driver === 's3'
		? createS3UploadStore( config )
		: createDiskUploadStore( config.dir );
}
