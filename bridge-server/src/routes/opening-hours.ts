import { Router } from 'express';
import {
	advisorStatusBody,
	availabilityQuery,
	replyByEmailBody,
	type AdvisorStatus,
	type Availability,
} from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { parse, route } from '../http';
import { advisorOf, conversationRoute, guard, visitorOf } from './guards';

/**
 * Opening hours, away and reply by email: what the widget asks before a conversation
 * starts, the advisors' away switch, the visitor's "answer me by email". The offline form's
 * start is `POST /v1/conversations` with `offline` (routes/conversations.ts).
 */
export function openingHoursRouter( ctx: AppContext ): Router {
	const r = Router();
	const { handoff, advisorStatus, replyByEmail } = ctx.services;
	const { limits } = ctx;
	const visitorOnly = guard( ctx, [ 'visitor' ] );
	const advisorOnly = guard( ctx, [ 'advisor' ] );

	r.get(
		'/v1/availability',
		limits.ip,
		visitorOnly,
		route( async ( req, res ) => {
			const p = visitorOf( res );
			const q = parse( availabilityQuery, req.query );
			const body: Availability = await handoff.availability(
				p.siteId,
				q.pageUrl ?? null
			);
			res.json( body );
		} )
	);

	r.get(
		'/v1/advisors/me/status',
		advisorOnly,
		route( async ( _req, res ) => {
			const body: AdvisorStatus = await advisorStatus.get(
				advisorOf( res )
			);
			res.json( body );
		} )
	);

	r.put(
		'/v1/advisors/me/status',
		advisorOnly,
		route( async ( req, res ) => {
			const p = advisorOf( res );
			const { away } = parse( advisorStatusBody, req.body );
			const body: AdvisorStatus = await advisorStatus.set( p, away );
			res.json( body );
		} )
	);

	r.post(
		'/v1/conversations/:id/reply-by-email',
		limits.ip,
		visitorOnly,
		limits.actions,
		conversationRoute(
			ctx,
			visitorOf,
			replyByEmailBody,
			async ( { p, body, conversation, res } ) => {
				res.json( {
					conversation: await replyByEmail.set(
						p,
						conversation.id,
						body.email
					),
				} );
			}
		)
	);
	return r;
}
