import { Router } from 'express';
import type { FlowsListResponse } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { authenticate, callerOf, principalOf, route } from '../http';

/**
 * Bot flows: any advisor of the site and WordPress's signed calls (the block editor's flow
 * picker) read; only `manage` advisors write.
 */
export function flowsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { flows } = ctx.services;
	const advisors = authenticate( ctx, [ 'advisor' ] );
	const readers = authenticate( ctx, [ 'advisor', 'wordpress' ] );

	r.get(
		'/v1/flows',
		readers,
		route( async ( _req, res ) => {
			const body: FlowsListResponse = {
				flows: await flows.list( callerOf( res ).siteId ),
			};
			res.json( body );
		} )
	);

	r.get(
		'/v1/flows/:id',
		readers,
		route( async ( req, res ) => {
			res.json(
				await flows.record(
					callerOf( res ).siteId,
					String( req.params.id )
				)
			);
		} )
	);

	// The body is the whole flow; validateFlow's issues come back in `error.details` for the editor.
	// `If-None-Match: *` (HTTP's "only if absent") creates without ever replacing: 409 if the id is taken.
	r.put(
		'/v1/flows/:id',
		advisors,
		route( async ( req, res ) => {
			const createOnly = req.get( 'If-None-Match' )?.trim() === '*';
			const { record, created } = await flows.save(
				principalOf( res ),
				String( req.params.id ),
				req.body,
				{ createOnly }
			);
			res.status( created ? 201 : 200 ).json( record );
		} )
	);

	r.delete(
		'/v1/flows/:id',
		advisors,
		route( async ( req, res ) => {
			await flows.delete( principalOf( res ), String( req.params.id ) );
			res.status( 204 ).end();
		} )
	);
	return r;
}
