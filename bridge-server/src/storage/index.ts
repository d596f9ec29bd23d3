/** createUploadStore(): the disk driver today; an object-store driver would plug in here. */
import { createDiskUploadStore } from './disk';
import type { UploadStore } from './types';

export type { UploadStore } from './types';

export function createUploadStore( config: {
	driver: 'disk';
	dir: string;
} ): UploadStore {
	return createDiskUploadStore( config.dir );
}
