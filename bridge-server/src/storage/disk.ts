/**
 * Upload store in a folder: `<dir>/<first 2 hex>/<id>`, written atomically. Several bridge
 * processes, on one machine or several (NFS), may share the folder: a file is written under a
 * temporary name unique to its writer in its final directory, then renamed (atomic within a
 * directory, NFS included), so a reader sees a whole file or none; concurrent `mkdir -p` of
 * the same directory all succeed; ids are random, so two writers never write the same name.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { checkUploadId, type UploadStore } from './types';

export function createDiskUploadStore( dir: string ): UploadStore {
	const root = path.resolve( dir );
	const fileOf = ( id: string ) => {
		checkUploadId( id );
		return path.join( root, id.slice( 0, 2 ), id );
	};
	return {
		async put( id, bytes ) {
			const file = fileOf( id );
			await fs.mkdir( path.dirname( file ), { recursive: true } );
			// Write then rename: a reader never sees half a file.
			const tmp = `${ file }.${ randomBytes( 6 ).toString( 'hex' ) }.tmp`;
			await fs.writeFile( tmp, bytes, { mode: 0o640, flag: 'wx' } );
			await fs.rename( tmp, file );
		},
		async get( id ) {
			try {
				return await fs.readFile( fileOf( id ) );
			} catch ( err ) {
				if ( ( err as NodeJS.ErrnoException ).code === 'ENOENT' ) {
					return null;
				}
				throw err;
			}
		},
		async delete( id ) {
			await fs.rm( fileOf( id ), { force: true } );
		},
		async check() {
			await fs.mkdir( root, { recursive: true } );
			await fs.access( root, constants.R_OK | constants.W_OK );
		},
	};
}
