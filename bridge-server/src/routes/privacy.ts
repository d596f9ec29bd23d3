/**
 * Personal data and conversation lifecycle: WordPress's privacy tools export and erase a
 * visitor's data (signed calls); managers delete a conversation or download its transcript.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { badRequest } from '../errors';
import { authenticate, callerOf, parse, route } from '../http';
import {
	TRANSCRIPT_FORMATS,
	type TranscriptFormat,
} from '../services/transcripts';
import { advisorOf, conversationRoute, guard } from './guards';

const subject = z
	.object( {
		email: z.string().trim().min( 3 ).max( 254 ).optional(),
		visitorId: z.string().min( 1 ).max( 64 ).optional(),
	} )
	.refine( ( b ) => b.email || b.visitorId, {
		message: 'Give an email or a visitorId.',
	} );

const exportBody = z.intersection(
	subject,
	z.object( { page: z.number().int().min( 1 ).max( 100000 ).default( 1 ) } )
);

export function privacyRouter( ctx: AppContext ): Router {
	const r = Router();
	const { privacy, transcripts } = ctx.services;
	const wordpress = authenticate( ctx, [ 'wordpress' ] );
	const advisors = guard( ctx, [ 'advisor' ] );

	r.post(
		'/v1/privacy/export',
		wordpress,
		route( async ( req, res ) => {
			const body = parse( exportBody, req.body );
			res.json(
				await privacy.exportPage(
					callerOf( res ).siteId,
					body,
					body.page
				)
			);
		} )
	);

	r.post(
		'/v1/privacy/erase',
		wordpress,
		route( async ( req, res ) => {
			const body = parse( subject, req.body );
			res.json( await privacy.erase( callerOf( res ).siteId, body ) );
		} )
	);

	r.delete(
		'/v1/conversations/:id',
		advisors,
		conversationRoute(
			ctx,
			advisorOf,
			null,
			async ( { p, conversation: c, res } ) => {
				await ctx.services.access.require( p, 'manage_conversations' );
				await privacy.deleteConversation( p.siteId, c.id );
				res.status( 204 ).end();
			}
		)
	);

	r.get(
		'/v1/conversations/:id/transcript',
		advisors,
		conversationRoute(
			ctx,
			advisorOf,
			null,
			async ( { p, conversation: c, req, res } ) => {
				const format = String( req.query.format ?? 'text' );
				if (
					! TRANSCRIPT_FORMATS.includes( format as TranscriptFormat )
				) {
					throw badRequest( 'format: text, json or csv.' );
				}
				const t = await transcripts.build(
					p,
					c,
					format as TranscriptFormat
				);
				res.set( 'Content-Type', t.contentType );
				res.set(
					'Content-Disposition',
					`attachment; filename="${ t.filename }"`
				);
				res.send( t.body );
			}
		)
	);
	return r;
}
