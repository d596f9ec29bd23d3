/** Route guards built on http.ts's authenticate(), and narrowing of the caller's type for handlers. */
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Conversation } from '@handoff-chat/contracts';
import type { Principal } from '../auth/tokens';
import type { AppContext } from '../context';
import { forbidden } from '../errors';
import { authenticate, parse, principalOf, route, type Role } from '../http';
import type { AdvisorPrincipal } from '../services/advisor-view';

export type VisitorPrincipal = Extract< Principal, { role: 'visitor' } >;

/** authenticate() for these roles (advisors are admitted there: revocation, activity, reach). */
export function guard( ctx: AppContext, roles: Role[] ): RequestHandler[] {
	return [ authenticate( ctx, roles ) ];
}

export function advisorOf( res: Response ): AdvisorPrincipal {
	const p = principalOf( res );
	if ( p.role !== 'advisor' ) {
		throw forbidden( 'Advisors only.' );
	}
	return p;
}

export function visitorOf( res: Response ): VisitorPrincipal {
	const p = principalOf( res );
	if ( p.role !== 'visitor' ) {
		throw forbidden( 'Visitors only.' );
	}
	return p;
}

type BodyOf< S > = S extends z.ZodType ? z.output< S > : undefined;

/**
 * A `/v1/conversations/:id` handler: the caller as `who` narrows it, the body checked
 * against `schema` (before the lookup: a bad body is a 400 even for an unknown id), then
 * the conversation the caller may see (404 otherwise, from ConversationsService.getFor).
 */
export function conversationRoute<
	P extends Principal,
	S extends z.ZodType | null,
>(
	ctx: AppContext,
	who: ( res: Response ) => P,
	schema: S,
	handler: ( a: {
		p: P;
		body: BodyOf< S >;
		conversation: Conversation;
		req: Request;
		res: Response;
	} ) => Promise< void >
): RequestHandler {
	return route( async ( req, res ) => {
		const p = who( res );
		const body = (
			schema ? parse( schema, req.body ) : undefined
		) as BodyOf< S >;
		const conversation = await ctx.services.conversations.getFor(
			p,
			String( req.params.id )
		);
		await handler( { p, body, conversation, req, res } );
	} );
}

/** An advisor reading something of their own site: `load`'s result is the JSON answer. */
export const siteRead = (
	load: ( siteId: string ) => Promise< unknown >
): RequestHandler =>
	route( async ( _req, res ) => {
		res.json( await load( advisorOf( res ).siteId ) );
	} );
