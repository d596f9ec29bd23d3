import {
	Router,
	type NextFunction,
	type Request,
	type Response,
} from 'express';
import multer from 'multer';
import type { UploadResponse } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { ApiError, badRequest, notFound } from '../errors';
import { principalOf, route } from '../http';
import { guard } from './guards';

/**
 * Images, both ways: `POST /v1/uploads` (multipart, field `file`) for visitors and advisors,
 * `GET /v1/uploads/:id` for anyone holding the id (128 random bits, as `<img src>` cannot
 * send a token), served so that a browser can only ever render it as the image it is.
 */
export function uploadsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { uploads } = ctx.services;
	const maxBytes = ctx.config.uploads.maxBytes;
	const parser = multer( {
		storage: multer.memoryStorage(),
		limits: {
			fileSize: maxBytes,
			files: 1,
			fields: 5,
			parts: 6,
			fieldSize: 1024,
		},
	} ).single( 'file' );

	// Multer's own errors become API errors: too large → 413, anything else malformed → 400.
	const receive = ( req: Request, res: Response, next: NextFunction ) => {
		if ( ! req.is( 'multipart/form-data' ) ) {
			next(
				badRequest(
					'Send the image as multipart/form-data, in a field named "file".'
				)
			);
			return;
		}
		// @types/multer resolves another copy of @types/express; the objects are the same.
		parser( req as any, res as any, ( err: unknown ) => {
			if ( err instanceof multer.MulterError ) {
				next(
					err.code === 'LIMIT_FILE_SIZE'
						? new ApiError(
								413,
								'too_large',
								`Images are limited to ${ Math.floor( ( maxBytes / 1024 / 1024 ) * 10 ) / 10 } MB.`
							)
						: badRequest(
								err.code === 'LIMIT_UNEXPECTED_FILE'
									? 'Send exactly one file, in a field named "file".'
									: err.message
							)
				);
				return;
			}
			next( err ? badRequest( 'Malformed multipart body.' ) : undefined );
		} );
	};

	r.post(
		'/v1/uploads',
		ctx.limits.ip,
		guard( ctx, [ 'visitor', 'advisor' ] ),
		// Checked before the body is read, so a flood costs no memory.
		ctx.limits.uploads,
		receive,
		route( async ( req, res ) => {
			if ( ! req.file ) {
				throw badRequest( 'Send the image in a field named "file".' );
			}
			const body: UploadResponse = {
				upload: await uploads.create(
					principalOf( res ),
					req.file.buffer
				),
			};
			res.status( 201 ).json( body );
		} )
	);

	// Public by design: the id is an unguessable capability, and the headers below make the bytes inert.
	r.get(
		'/v1/uploads/:id',
		route( async ( req, res ) => {
			const file = await uploads.read( String( req.params.id ) );
			if ( ! file ) {
				throw notFound( 'Upload' );
			}
			res.set( {
				'Content-Type': file.type,
				'Content-Length': String( file.bytes.length ),
				'X-Content-Type-Options': 'nosniff',
				'Content-Disposition': 'inline',
				'Cache-Control': 'private, max-age=31536000, immutable',
				'Content-Security-Policy': "default-src 'none'",
				// The site's pages embed it (<img>) from their own origin.
				'Cross-Origin-Resource-Policy': 'cross-origin',
			} ).end( file.bytes );
		} )
	);
	return r;
}
