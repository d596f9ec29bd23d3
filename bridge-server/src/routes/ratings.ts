/** The visitor's rating of their closed conversation (services/ratings.ts). */
import { Router } from 'express';
import { ratingBody } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { conversationRoute, guard, visitorOf } from './guards';

export function ratingsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { ratings } = ctx.services;
	const visitorOnly = guard( ctx, [ 'visitor' ] );

	r.get(
		'/v1/conversations/:id/rating',
		visitorOnly,
		conversationRoute(
			ctx,
			visitorOf,
			null,
			async ( { conversation, res } ) => {
				res.json( await ratings.get( conversation ) );
			}
		)
	);

	r.post(
		'/v1/conversations/:id/rating',
		ctx.limits.ip,
		visitorOnly,
		ctx.limits.actions,
		conversationRoute(
			ctx,
			visitorOf,
			ratingBody,
			async ( { body, conversation, res } ) => {
				res.status( 201 ).json( {
					conversation: await ratings.rate( conversation, body ),
				} );
			}
		)
	);
	return r;
}
