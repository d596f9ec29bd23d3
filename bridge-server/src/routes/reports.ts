/** Reports for site managers: the figures of a date range, and their tables as CSV downloads. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { reportExportQuery, reportQuery } from '@handoff-chat/contracts';
import type { AppContext } from '../context';
import { parse, route } from '../http';
import { advisorOf, guard } from './guards';

export function reportsRouter( ctx: AppContext ): Router {
	const r = Router();
	const { reports } = ctx.services;
	const advisorOnly = guard( ctx, [ 'advisor' ] );

	r.get(
		'/v1/reports',
		advisorOnly,
		route( async ( req, res ) => {
			const p = advisorOf( res );
			res.json(
				await reports.report( p, parse( reportQuery, req.query ) )
			);
		} )
	);

	r.get(
		'/v1/reports/export',
		advisorOnly,
		route( async ( req, res ) => {
			const p = advisorOf( res );
			const csv = await reports.csv(
				p,
				parse( reportExportQuery, req.query )
			);
			const lines = csv.lines[ Symbol.asyncIterator ]();
			// The first line is read before the headers go: a failure up to there is a plain error answer.
			const first = await lines.next();
			res.set( {
				'Content-Type': 'text/csv; charset=utf-8',
				'Content-Disposition': `attachment; filename="${ csv.filename }"`,
				'Cache-Control': 'no-store',
			} );
			async function* all() {
				if ( ! first.done ) {
					yield first.value;
				}
				for (
					let n = await lines.next();
					! n.done;
					n = await lines.next()
				) {
					yield n.value;
				}
			}
			// Backpressure from the socket paces the keyset pages; a client that leaves stops them.
			try {
				await pipeline( Readable.from( all() ), res );
			} catch ( err ) {
				if ( ! res.destroyed || res.writableFinished ) {
					ctx.log.error( 'report export failed', {
						err,
						reqId: req.id,
					} );
				}
				res.destroy();
			}
		} )
	);
	return r;
}
