/** Upload store on the local disk: `<dir>/<first 2 hex>/<id>`, written atomically. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
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
	};
}
