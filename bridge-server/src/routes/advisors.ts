import { Router } from 'express';
import {
	patchAdvisorBody,
	syncAdvisorBody,
	syncAdvisorsBody,
} from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { authenticate, callerOf, parse, route } from '../http';
import { badRequest } from '../errors';
import { advisorOf, guard } from './guards';

const USER_ID = /^[1-9][0-9]{0,19}$/;

const userId = ( raw: unknown ): string => {
	const id = String( raw );
	if ( ! USER_ID.test( id ) ) {
		throw badRequest( 'Advisor ids are WordPress user ids.' );
	}
	return id;
};

/**
 * Advisors and licences: every advisor reads the list (pickers, colleagues); managers
 * change licences and reach; WordPress's signed calls say who can answer.
 */
export function advisorsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { advisorAdmin } = ctx.services;
	const advisorOnly = guard( ctx, [ 'advisor' ] );
	const wordpress = authenticate( ctx, [ 'wordpress' ] );

	r.get(
		'/v1/advisors',
		advisorOnly,
		route( async ( _req, res ) => {
			res.json( await advisorAdmin.list( advisorOf( res ) ) );
		} )
	);

	// Registered before /:id so "me" is never taken for an id.
	r.get(
		'/v1/advisors/me',
		advisorOnly,
		route( async ( _req, res ) => {
			res.json( await advisorAdmin.self( advisorOf( res ) ) );
		} )
	);

	r.patch(
		'/v1/advisors/:id',
		advisorOnly,
		route( async ( req, res ) => {
			const p = advisorOf( res );
			const body = parse( patchAdvisorBody, req.body );
			res.json(
				await advisorAdmin.patch( p, userId( req.params.id ), body )
			);
		} )
	);

	// WordPress (signed): the full list of the users who can answer.
	r.put(
		'/v1/advisors',
		wordpress,
		route( async ( req, res ) => {
			const body = parse( syncAdvisorsBody, req.body );
			res.json( await advisorAdmin.sync( callerOf( res ).siteId, body ) );
		} )
	);

	// WordPress (signed): one user gained or lost the ability to answer.
	r.put(
		'/v1/advisors/:id',
		wordpress,
		route( async ( req, res ) => {
			const id = userId( req.params.id );
			const body = parse( syncAdvisorBody, req.body );
			res.json(
				await advisorAdmin.syncOne( callerOf( res ).siteId, id, body )
			);
		} )
	);
	return r;
}
