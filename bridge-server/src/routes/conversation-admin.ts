/**
 * Advisors managing a conversation (state, assignment, read state, notes, visitor panel)
 * and the small realtime signals both sides send (typing, visitor read receipts).
 */
import { Router } from 'express';
import {
	noteBody,
	patchConversationBody,
	putVariablesBody,
	typingBody,
	visitorReadBody,
	type AdvisorConversationResponse,
	type VariablesResponse,
	type VisitorDetailsResponse,
} from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { principalOf } from '../http';
import { advisorOf, conversationRoute, guard, visitorOf } from './guards';

export function conversationAdminRouter( ctx: AppContext ): Router {
	const r = Router();
	const { reads, management, advisorView, typing } = ctx.services;
	const advisors = guard( ctx, [ 'advisor' ] );
	const visitorOnly = guard( ctx, [ 'visitor' ] );
	const anyone = guard( ctx, [ 'visitor', 'advisor' ] );

	r.patch(
		'/v1/conversations/:id',
		advisors,
		conversationRoute(
			ctx,
			advisorOf,
			patchConversationBody,
			async ( { p, body, conversation, res } ) => {
				await management.patch( p, conversation, body );
				const out: AdvisorConversationResponse = {
					conversation: await advisorView.view( p, conversation.id ),
				};
				res.json( out );
			}
		)
	);

	r.post(
		'/v1/conversations/:id/notes',
		advisors,
		conversationRoute(
			ctx,
			advisorOf,
			noteBody,
			async ( { p, body, conversation, res } ) => {
				const { message, created } = await management.note(
					p,
					conversation,
					body
				);
				res.status( created ? 201 : 200 ).json( { message } );
			}
		)
	);

	r.get(
		'/v1/conversations/:id/visitor',
		advisors,
		conversationRoute(
			ctx,
			advisorOf,
			null,
			async ( { p, conversation: c, res } ) => {
				const out: VisitorDetailsResponse =
					await management.visitorPanel( p, c );
				res.json( out );
			}
		)
	);

	r.put(
		'/v1/conversations/:id/variables',
		advisors,
		conversationRoute(
			ctx,
			advisorOf,
			putVariablesBody,
			async ( { p, body, conversation: c, res } ) => {
				const out: VariablesResponse = await management.putVariables(
					p,
					c,
					body.variables
				);
				res.json( out );
			}
		)
	);

	r.post(
		'/v1/conversations/:id/typing',
		ctx.limits.ip,
		anyone,
		conversationRoute(
			ctx,
			principalOf,
			typingBody,
			async ( { p, conversation, res } ) => {
				res.json( { sent: await typing.typing( p, conversation ) } );
			}
		)
	);

	r.post(
		'/v1/conversations/:id/read',
		ctx.limits.ip,
		visitorOnly,
		ctx.limits.actions,
		conversationRoute(
			ctx,
			visitorOf,
			visitorReadBody,
			async ( { body, conversation: c, res } ) => {
				const conversation = await reads.visitorRead( c, body.seq );
				res.json( { conversation } );
			}
		)
	);
	return r;
}
