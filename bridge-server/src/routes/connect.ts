/**
 * Connecting WordPress: the one-time code exchange (public, signed with the code's key) and
 * the site's own record for WordPress's signed calls (address, secret rotation).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../auth/signed-request';
import { signResponse } from '../auth/connect-code';
import type { AppContext } from '../context';
import { unauthorized } from '../errors';
import { authenticate, callerOf, parse, route } from '../http';
import type { Site } from '../services/sites';

const siteUrl = z
	.string()
	.max( 2000 )
	.regex(
		/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
		'must be an http(s):// URL'
	);

const connectBody = z.object( {
	code: z.string().max( 64 ),
	url: siteUrl,
	locale: z
		.string()
		.regex(
			/^[a-z]{2,3}(_[A-Z]{2})?(_[A-Za-z0-9]+)?$/,
			'a WordPress locale'
		)
		.nullable()
		.optional(),
} );

const siteBody = z.object( { url: siteUrl } );

const rawBodyOf = ( req: Request ): Buffer | string =>
	( req as unknown as { rawBody?: Buffer } ).rawBody ?? '';

/** A JSON answer signed for the caller: WordPress checks it came from this bridge. */
function sendSigned(
	res: Response,
	key: string,
	requestSignature: string,
	body: unknown
) {
	const json = JSON.stringify( body );
	res.set( SIGNATURE_HEADER, signResponse( key, requestSignature, json ) )
		.type( 'application/json' )
		.send( json );
}

const siteView = ( s: Site ) => ( { siteId: s.id, name: s.name, url: s.url } );

export function connectRouter( ctx: AppContext ): Router {
	const r = Router();
	const { connect, sites } = ctx.services;
	const wordpress = authenticate( ctx, [ 'wordpress' ] );

	r.post(
		'/v1/connect',
		ctx.limits.connect,
		route( async ( req, res ) => {
			const body = parse( connectBody, req.body );
			const timestamp = req.get( TIMESTAMP_HEADER ) ?? '';
			const signature = req.get( SIGNATURE_HEADER ) ?? '';
			if ( ! timestamp || ! signature ) {
				throw unauthorized(
					`The exchange must be signed: ${ TIMESTAMP_HEADER } and ${ SIGNATURE_HEADER }.`,
					'connect_signature_invalid'
				);
			}
			const done = await connect.exchange( {
				codeId: body.code,
				body: rawBodyOf( req ),
				path: req.originalUrl,
				timestamp,
				signature,
				url: body.url.replace( /\/+$/, '' ),
				locale: body.locale ?? null,
			} );
			ctx.log.info( 'site connected with a code', {
				siteId: done.siteId,
				url: done.url,
			} );
			sendSigned( res, done.key, signature, {
				siteId: done.siteId,
				name: done.name,
				url: done.url,
				secret: done.secret,
			} );
		} )
	);

	// WordPress's own record: status (WP-CLI, Settings) and its address.
	r.get(
		'/v1/site',
		wordpress,
		route( async ( _req, res ) => {
			res.json( siteView( res.locals.site as Site ) );
		} )
	);

	r.put(
		'/v1/site',
		wordpress,
		route( async ( req, res ) => {
			const { url } = parse( siteBody, req.body );
			const site = await sites.setUrl(
				callerOf( res ).siteId,
				url.replace( /\/+$/, '' )
			);
			res.json( siteView( site! ) );
		} )
	);

	// A new secret, answered signed with the old one (which stops working at once).
	r.post(
		'/v1/site/secret',
		wordpress,
		route( async ( req, res ) => {
			const old = res.locals.site as Site;
			const secret = await sites.rotateSecret( old.id );
			ctx.log.info( 'site secret rotated by WordPress', {
				siteId: old.id,
			} );
			sendSigned( res, old.secret, req.get( SIGNATURE_HEADER ) ?? '', {
				siteId: old.id,
				secret,
			} );
		} )
	);
	return r;
}
