import { Router } from 'express';
import { messagesQuery, sendMessageBody, startConversationBody } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { notFound } from '../errors';
import { authenticate, parse, principalOf, route } from '../http';

export function conversationsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { conversations } = ctx.services;
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
			const conversation = await conversations.start( p.siteId, p.visitorId, body );
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
			const { message, created } = await conversations.send( p, conversation, {
				clientId: body.clientId,
				text: body.text,
			} );
			res.status( created ? 201 : 200 ).json( { message } );
		} )
	);
	return r;
}
