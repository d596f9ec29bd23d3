/**
 * One log line per request (pino-http), and its request id: the caller's `X-Request-Id` when
 * well-formed (a proxy's, so lines join across hops), else a new UUID; echoed in the response
 * and carried by the error logs of that request (`reqId`). The line holds the method, the path
 * (query values redacted: a search text is a visitor's words), the matched route, the status
 * and the time taken; never a header, so never a token. Health checks log at debug.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { redactedUrl, type Logger } from './logger';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** What a forwarded id may look like: short, printable, nothing that could forge a log line. */
const WELL_FORMED_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
const HEALTH = /^\/healthz\/?$/;

type Req = IncomingMessage & {
	originalUrl?: string;
	baseUrl?: string;
	route?: { path?: unknown };
};

function route( req: Req ): string | undefined {
	const path = req.route?.path;
	return typeof path === 'string' ? ( req.baseUrl ?? '' ) + path : undefined;
}

export function requestLog( log: Logger ): RequestHandler {
	const handler = pinoHttp< IncomingMessage, ServerResponse, never >( {
		// A test double has no pino underneath: ids are still given and echoed, nothing is written.
		logger: log.pino ?? pino( { level: 'silent' } ),
		quietReqLogger: true,
		quietResLogger: true,
		genReqId: ( req: IncomingMessage, res: ServerResponse ) => {
			const given = req.headers[ 'x-request-id' ];
			const id =
				typeof given === 'string' && WELL_FORMED_ID.test( given )
					? given
					: randomUUID();
			res.setHeader( REQUEST_ID_HEADER, id );
			return id;
		},
		customLogLevel: ( req, res ) => {
			const url = ( req as Req ).originalUrl ?? req.url ?? '';
			if ( HEALTH.test( url.split( '?' )[ 0 ] ) ) {
				return 'debug';
			}
			return res.statusCode >= 500 ? 'error' : 'info';
		},
		customSuccessMessage: ( _req, res ) =>
			res.writableFinished ? 'request' : 'request aborted',
		customErrorMessage: () => 'request',
		customSuccessObject: ( req, res, val ) => fields( req, res, val ),
		// The 5xx's error itself is in the "unhandled error" line (same reqId), with its stack.
		customErrorObject: ( req, res, _err, val ) => fields( req, res, val ),
	} );
	return handler as unknown as RequestHandler;
}

function fields(
	req: IncomingMessage,
	res: ServerResponse,
	val: { responseTime?: number }
) {
	const r = req as Req;
	return {
		method: req.method,
		url: redactedUrl( r.originalUrl ?? req.url ?? '' ),
		route: route( r ),
		// A client that left before the headers got no status (Node's default 200 is not one).
		status: res.headersSent ? res.statusCode : undefined,
		responseTime: val.responseTime,
	};
}
