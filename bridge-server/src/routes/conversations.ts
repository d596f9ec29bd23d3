import { Router } from 'express';
import {
	conversationActionBody,
	messagesQuery,
	sendMessageBody,
	startConversationBody,
	type VariablesResponse,
} from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { notFound } from '../errors';
import { authenticate, parse, principalOf, route } from '../http';

export function conversationsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { conversations, bot, variables } = ctx.services;
	const visitorOnly = authenticate( ctx, [ 'visitor' ] );
	const anyone = authenticate( ctx, [ 'visitor', 'advisor' ] );

	r.post(
		'/v1/conversations',
		visitorOnly,
		route( async ( req, res ) => {
			const p = principalOf( res );
			if ( p.role !== 'visitor' ) {
				return;
			}
			const body = parse( startConversationBody, req.body );
			const conversation = await bot.start( p.siteId, p.visitorId, body );
			res.status( 201 ).json( { conversation } );
		} )
	);

	// Registered before /:id so "current" is never taken for an id.
	r.get(
		'/v1/conversations/current',
		visitorOnly,
		route( async ( _req, res ) => {
			const p = principalOf( res );
			const conversation =
				p.role === 'visitor' ? await conversations.currentFor( p.siteId, p.visitorId ) : null;
			if ( ! conversation ) {
				throw notFound( 'Conversation' );
			}
			res.json( { conversation } );
		} )
	);

	r.get(
		'/v1/conversations/:id',
		anyone,
		route( async ( req, res ) => {
			const conversation = await conversations.getFor( principalOf( res ), String( req.params.id ) );
			res.json( { conversation } );
		} )
	);

	r.get(
		'/v1/conversations/:id/messages',
		anyone,
		route( async ( req, res ) => {
			const p = principalOf( res );
			const q = parse( messagesQuery, req.query );
			const conversation = await conversations.getFor( p, String( req.params.id ) );
			res.json( await conversations.messages( p, conversation, q.after, q.limit ) );
		} )
	);

	r.post(
		'/v1/conversations/:id/messages',
		anyone,
		route( async ( req, res ) => {
			const p = principalOf( res );
			const body = parse( sendMessageBody, req.body );
			const conversation = await conversations.getFor( p, String( req.params.id ) );
			const input = { clientId: body.clientId, text: body.text };
			// A visitor's text may be an answer the bot is waiting for.
			const { message, created } =
				p.role === 'visitor'
					? await bot.visitorSend( p, conversation, input )
					: await conversations.send( p, conversation, input );
			res.status( created ? 201 : 200 ).json( { message } );
		} )
	);

	r.post(
		'/v1/conversations/:id/actions',
		visitorOnly,
		route( async ( req, res ) => {
			const p = principalOf( res );
			if ( p.role !== 'visitor' ) {
				return;
			}
			const body = parse( conversationActionBody, req.body );
			const conversation = await conversations.getFor( p, String( req.params.id ) );
			const { message, created } = await bot.action( p, conversation, body );
			res.status( created ? 201 : 200 ).json( { message } );
		} )
	);

	r.get(
		'/v1/conversations/:id/variables',
		anyone,
		route( async ( req, res ) => {
			const conversation = await conversations.getFor( principalOf( res ), String( req.params.id ) );
			const body: VariablesResponse = {
				variables: await variables.list( conversation.siteId, conversation.visitorId ),
			};
			res.json( body );
		} )
	);
	return r;
}
