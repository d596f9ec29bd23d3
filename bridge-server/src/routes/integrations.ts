/** Webhook endpoints and site API keys, for advisors with `manage` (wp-admin's Integrations screen). */
import { Router } from 'express';
import { createApiKeyBody, createWebhookBody } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { parse, route } from '../http';
import { advisorOf, guard } from './guards';

export function integrationsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { webhooks, apiKeys } = ctx.services;
	const advisorOnly = guard( ctx, [ 'advisor' ] );
	const id = ( params: Record< string, unknown > ) => String( params.id );

	r.get(
		'/v1/integrations/webhooks',
		advisorOnly,
		route( async ( _req, res ) => {
			res.json( { endpoints: await webhooks.list( advisorOf( res ) ) } );
		} )
	);
	r.post(
		'/v1/integrations/webhooks',
		advisorOnly,
		route( async ( req, res ) => {
			const p = advisorOf( res );
			res.status( 201 ).json( {
				endpoint: await webhooks.create(
					p,
					parse( createWebhookBody, req.body )
				),
			} );
		} )
	);
	r.delete(
		'/v1/integrations/webhooks/:id',
		advisorOnly,
		route( async ( req, res ) => {
			await webhooks.remove( advisorOf( res ), id( req.params ) );
			res.status( 204 ).end();
		} )
	);
	r.post(
		'/v1/integrations/webhooks/:id/test',
		advisorOnly,
		route( async ( req, res ) => {
			res.status( 202 ).json(
				await webhooks.sendTest( advisorOf( res ), id( req.params ) )
			);
		} )
	);
	r.get(
		'/v1/integrations/webhooks/:id/deliveries',
		advisorOnly,
		route( async ( req, res ) => {
			res.json( {
				deliveries: await webhooks.deliveries(
					advisorOf( res ),
					id( req.params )
				),
			} );
		} )
	);

	r.get(
		'/v1/integrations/api-keys',
		advisorOnly,
		route( async ( _req, res ) => {
			res.json( { keys: await apiKeys.list( advisorOf( res ) ) } );
		} )
	);
	r.post(
		'/v1/integrations/api-keys',
		advisorOnly,
		route( async ( req, res ) => {
			const p = advisorOf( res );
			res.status( 201 ).json( {
				key: await apiKeys.create(
					p,
					parse( createApiKeyBody, req.body )
				),
			} );
		} )
	);
	r.delete(
		'/v1/integrations/api-keys/:id',
		advisorOnly,
		route( async ( req, res ) => {
			await apiKeys.revoke( advisorOf( res ), id( req.params ) );
			res.status( 204 ).end();
		} )
	);
	return r;
}
