/**
 * Logs refused connections (HTTP over its cap, realtime over a cap): one warning per refusal,
 * with its cause and address, at most `perSecond` lines a second. Beyond that a flood is
 * counted and summed up in one line (`count`, `summary: true`), so the log does not become the
 * next bottleneck.
 */
import type { Logger } from './logger';

export type RefusalLog = ( fields: {
	cause: string;
	ip: string;
	limit: number;
} ) => void;

export function refusalLog(
	log: Pick< Logger, 'warn' > | undefined,
	msg: string,
	perSecond = 20
): RefusalLog {
	let windowStart = 0;
	let logged = 0;
	let unlogged = 0;
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		clearTimeout( timer );
		timer = undefined;
		if ( unlogged > 0 ) {
			// Same `msg` as the single refusals, so one filter finds them all.
			log?.warn( msg, { count: unlogged, summary: true } );
		}
		unlogged = 0;
	};
	return ( fields ) => {
		const now = Date.now();
		if ( now - windowStart >= 1000 ) {
			flush();
			windowStart = now;
			logged = 0;
		}
		if ( logged < perSecond ) {
			logged++;
			log?.warn( msg, fields );
			return;
		}
		unlogged++;
		timer ??= setTimeout( flush, 1000 ).unref();
	};
}
