/** createApp(): the Express app without listen(), so tests drive it directly. */
import cors from 'cors';
import express, { type Express } from 'express';
import type { AppContext } from './context';
import { clientGoneErrors, skipVanished } from './drain';
import {
	errorBody,
	errorMiddleware,
	keepRawBody,
	refuseMalformedText,
	refuseUnreadBody,
} from './http';
import { advisorsRouter } from './routes/advisors';
import { connectRouter } from './routes/connect';
import { conversationAdminRouter } from './routes/conversation-admin';
import { conversationsRouter } from './routes/conversations';
import { flowsRouter } from './routes/flows';
import { healthRouter } from './routes/health';
import { inboxRouter } from './routes/inbox';
import { integrationsRouter } from './routes/integrations';
import { openingHoursRouter } from './routes/opening-hours';
import { requestLog } from './request-log';
import { ratingsRouter } from './routes/ratings';
import { reportsRouter } from './routes/reports';
import { privacyRouter } from './routes/privacy';
import { realtimeRouter } from './routes/realtime';
import { settingsRouter } from './routes/settings';
import { siteChecksRouter } from './routes/site-checks';
import { sitesRouter } from './routes/sites';
import { uploadsRouter } from './routes/uploads';
import { securityHeaders } from './security-headers';

export function createApp( ctx: AppContext ): Express {
	const app = express();
	app.disable( 'x-powered-by' );
	app.set( 'trust proxy', ctx.config.trustProxy );
	// First, so every answer (refusals included) has its request id and its log line.
	app.use( requestLog( ctx.log ) );
	app.use( securityHeaders() );
	// Bearer tokens only, never cookies: any allowed origin may call, without credentials.
	app.use(
		cors( {
			origin:
				ctx.config.corsOrigins === '*' ? '*' : ctx.config.corsOrigins,
			allowedHeaders: [
				'Authorization',
				'Content-Type',
				'If-None-Match',
			],
			methods: [ 'GET', 'POST', 'PUT', 'PATCH', 'DELETE' ],
			// A 429's wait, readable by the clients on another origin (client-core's outbox waits it out).
			exposedHeaders: [ 'Retry-After', 'X-Request-Id' ],
			maxAge: 600,
		} )
	);
	// The raw bytes are kept for WordPress's signed requests, which hash the exact body.
	// WordPress's advisor sync lists every user who can answer: it may exceed the usual limit.
	app.use(
		'/v1/advisors',
		express.json( { limit: '1mb', verify: keepRawBody } )
	);
	// The widget's first call sends its JSON as text/plain, a CORS "simple" request with no
	// preflight (no token yet, nothing else to send): parsed as JSON, then validated as usual.
	app.use(
		/^\/v1\/sites\/[^/]+\/visitors$/,
		express.json( {
			type: 'text/plain',
			limit: '8kb',
			verify: keepRawBody,
		} )
	);
	app.use(
		express.json( {
			limit: ctx.config.jsonLimitBytes,
			verify: keepRawBody,
		} )
	);
	// pusher-js posts channel authorisation as a form; no other route reads one.
	app.use(
		'/v1/realtime/auth',
		express.urlencoded( {
			extended: false,
			limit: '8kb',
			verify: keepRawBody,
		} )
	);
	// Any other body (another content type) is refused, not ignored; uploads read multipart.
	app.use( refuseUnreadBody( /^\/v1\/uploads$/ ) );
	app.use( refuseMalformedText );

	// What a request publishes on realtime leaves once its response is written (EventsService).
	// After the body parsers: their stream callbacks would not carry the request's hold.
	app.use( skipVanished );
	app.use( ( _req, res, next ) => {
		const hold = ctx.services.events.hold();
		res.once( 'finish', hold.release );
		res.once( 'close', hold.release );
		hold.run( next );
	} );

	app.use( healthRouter( ctx ) );
	app.use( sitesRouter( ctx ) );
	app.use( siteChecksRouter( ctx ) );
	app.use( connectRouter( ctx ) );
	app.use( conversationsRouter( ctx ) );
	app.use( openingHoursRouter( ctx ) );
	app.use( conversationAdminRouter( ctx ) );
	app.use( ratingsRouter( ctx ) );
	app.use( reportsRouter( ctx ) );
	app.use( privacyRouter( ctx ) );
	app.use( inboxRouter( ctx ) );
	app.use( advisorsRouter( ctx ) );
	app.use( settingsRouter( ctx ) );
	app.use( uploadsRouter( ctx ) );
	app.use( flowsRouter( ctx ) );
	app.use( realtimeRouter( ctx ) );
	app.use( integrationsRouter( ctx ) );

	app.use( ( _req, res ) => {
		res.status( 404 ).json( errorBody( 'not_found', 'No such endpoint.' ) );
	} );
	app.use( clientGoneErrors( ctx.log ) );
	app.use( errorMiddleware( ctx ) );
	return app;
}
