import { Router } from 'express';
import {
	conversationActionBody,
	messagesQuery,
	sendMessageBody,
	startConversationBody,
	type VariablesResponse,
} from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { badRequest, notFound } from '../errors';
import { parse, principalOf, route } from '../http';
import { conversationRoute, guard, visitorOf } from './guards';

export function conversationsRouter( ctx: AppContext ): Router {
	const r = Router();
	const {
		conversations,
		turns,
		reads,
		bot,
		management,
		advisorView,
		replyByEmail,
	} = ctx.services;
	const { limits } = ctx;
	const visitorOnly = guard( ctx, [ 'visitor' ] );
	const anyone = guard( ctx, [ 'visitor', 'advisor' ] );

	r.post(
		'/v1/conversations',
		limits.ip,
		visitorOnly,
		limits.conversations,
		route( async ( req, res ) => {
			const p = visitorOf( res );
			const body = parse( startConversationBody, req.body );
			// The offline form (outside hours, nobody available): live chat answered by email.
			const started = body.offline
				? await replyByEmail.startOffline( p, {
						...body,
						offline: body.offline,
					} )
				: await bot.start( p.siteId, p.visitorId, body );
			res.status( 201 ).json( started );
		} )
	);

	// Registered before /:id so "current" is never taken for an id.
	r.get(
		'/v1/conversations/current',
		visitorOnly,
		route( async ( _req, res ) => {
			const p = visitorOf( res );
			const conversation = await conversations.currentFor(
				p.siteId,
				p.visitorId
			);
			if ( ! conversation ) {
				throw notFound( 'Conversation' );
			}
			res.json( { conversation } );
		} )
	);

	// Advisors get their own view of it (InboxConversation): read state, pseudonym, online…
	r.get(
		'/v1/conversations/:id',
		anyone,
		conversationRoute(
			ctx,
			principalOf,
			null,
			async ( { p, conversation, res } ) => {
				res.json( {
					conversation:
						p.role === 'advisor'
							? await advisorView.view( p, conversation.id )
							: conversation,
				} );
			}
		)
	);

	r.get(
		'/v1/conversations/:id/messages',
		anyone,
		route( async ( req, res ) => {
			const p = principalOf( res );
			const q = parse( messagesQuery, req.query );
			if ( q.before !== undefined && req.query.after !== undefined ) {
				throw badRequest(
					'Use after (catch-up) or before (older history), not both.'
				);
			}
			const conversation = await conversations.getFor(
				p,
				String( req.params.id )
			);
			res.json( await reads.messages( p, conversation, q ) );
		} )
	);

	// No conversation lookup first: the send reads, checks and updates it in one statement.
	r.post(
		'/v1/conversations/:id/messages',
		limits.ip,
		anyone,
		limits.messages,
		route( async ( req, res ) => {
			const p = principalOf( res );
			const body = parse( sendMessageBody, req.body );
			const { message, created } = await turns.send(
				p,
				String( req.params.id ),
				{
					clientId: body.clientId,
					text: body.text,
					uploadId: body.uploadId,
				}
			);
			res.status( created ? 201 : 200 ).json( { message } );
		} )
	);

	r.post(
		'/v1/conversations/:id/actions',
		limits.ip,
		visitorOnly,
		limits.actions,
		conversationRoute(
			ctx,
			visitorOf,
			conversationActionBody,
			async ( { p, body, conversation, res } ) => {
				const { message, created } = await bot.action(
					p,
					conversation,
					body
				);
				res.status( created ? 201 : 200 ).json( { message } );
			}
		)
	);

	r.get(
		'/v1/conversations/:id/variables',
		anyone,
		conversationRoute(
			ctx,
			principalOf,
			null,
			async ( { p, conversation, res } ) => {
				const body: VariablesResponse = await management.variables(
					p,
					conversation
				);
				res.json( body );
			}
		)
	);
	return r;
}
