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
import { forbidden, notFound } from '../errors';
import { principalOf } from '../http';
import { advisorOf, conversationRoute, guard, visitorOf } from './guards';

export function conversationAdminRouter( ctx: AppContext ): Router {
	const r = Router();
	const { conversations, management, advisorView, variables, visitors, presence, events, typing } = ctx.services;
	const advisors = guard( ctx, [ 'advisor' ] );
	const visitorOnly = guard( ctx, [ 'visitor' ] );
	const anyone = guard( ctx, [ 'visitor', 'advisor' ] );

	r.patch(
		'/v1/conversations/:id',
		advisors,
		conversationRoute( ctx, advisorOf, patchConversationBody, async ( { p, body, conversation, res } ) => {
			await management.patch( p, conversation, body );
			const out: AdvisorConversationResponse = { conversation: await advisorView.view( p, conversation.id ) };
			res.json( out );
		} )
	);

	r.post(
		'/v1/conversations/:id/notes',
		advisors,
		conversationRoute( ctx, advisorOf, noteBody, async ( { p, body, conversation, res } ) => {
			const { message, created } = await management.note( p, conversation, body );
			res.status( created ? 201 : 200 ).json( { message } );
		} )
	);

	r.get(
		'/v1/conversations/:id/visitor',
		advisors,
		conversationRoute( ctx, advisorOf, null, async ( { p, conversation: c, res } ) => {
			const [ online, licensed ] = await Promise.all( [ presence.onlineVisitors( c.siteId ), advisorView.licensed( p ) ] );
			const visitor = await visitors.details( c.siteId, c.visitorId, online.has( c.visitorId ) );
			if ( ! visitor ) {
				throw notFound( 'Visitor' );
			}
			const out: VisitorDetailsResponse = {
				visitor,
				variables: licensed ? await variables.list( c.siteId, c.visitorId ) : [],
				variablesHidden: ! licensed,
			};
			res.json( out );
		} )
	);

	r.put(
		'/v1/conversations/:id/variables',
		advisors,
		conversationRoute( ctx, advisorOf, putVariablesBody, async ( { p, body, conversation: c, res } ) => {
			if ( ! ( await advisorView.licensed( p ) ) ) {
				throw forbidden( 'Visitor variables need an advisor licence.' );
			}
			const out: VariablesResponse = { variables: await variables.putMany( c.siteId, c.visitorId, body.variables ) };
			// The pseudonym may have changed: advisors refetch the conversation.
			events.conversationUpdated( await conversations.getFor( p, c.id ) );
			res.json( out );
		} )
	);

	r.post(
		'/v1/conversations/:id/typing',
		anyone,
		conversationRoute( ctx, principalOf, typingBody, async ( { p, conversation, res } ) => {
			res.json( { sent: await typing.typing( p, conversation ) } );
		} )
	);

	r.post(
		'/v1/conversations/:id/read',
		visitorOnly,
		conversationRoute( ctx, visitorOf, visitorReadBody, async ( { p, body, conversation: c, res } ) => {
			const conversation = await conversations.visitorRead( c, body.seq );
			await visitors.seen( p.siteId, p.visitorId );
			res.json( { conversation } );
		} )
	);
	return r;
}
