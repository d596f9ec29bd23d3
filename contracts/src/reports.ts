/**
 * Reports (docs/api.md "Reports"): figures over the conversations created in a date range,
 * computed by the bridge for advisors with `manage`, shown by wp-admin's Reports screen.
 */
import { z } from 'zod';
import { LIMITS } from './limits';
import { isKnownTimeZone } from './time-zone';

/** Durations in whole seconds; median and p90 by the nearest-rank method. Null when count is 0. */
export interface DurationStats {
	count: number;
	medianSeconds: number | null;
	p90Seconds: number | null;
}

export interface ReportDay {
	/** YYYY-MM-DD, a local day of the report's time zone. */
	date: string;
	conversations: number;
	botOnly: number;
	escalated: number;
}

export interface ReportAdvisor {
	advisorId: string;
	name: string;
	avatar: string | null;
	/** Conversations of the range in which they sent at least one visible message. */
	handled: number;
	/** Their visible messages (not notes) in those conversations. */
	messages: number;
	/** The first responses they gave (escalation → their first visible message after it). */
	firstResponse: DurationStats;
	/** Rated conversations assigned to them when closed. */
	ratings: { count: number; average: number | null };
}

export interface ReportPage {
	pageUrl: string;
	pageTitle: string | null;
	conversations: number;
}

export interface ReportResponse {
	range: {
		from: string;
		to: string;
		timeZone: string;
		pageUrl: string | null;
	};
	totals: {
		conversations: number;
		botOnly: number;
		escalated: number;
		closed: number;
		rated: number;
		averageRating: number | null;
	};
	/** Every day from..to inclusive, zeros included. */
	days: ReportDay[];
	/** First escalation → first visible advisor message after it. */
	firstResponse: DurationStats;
	/** Creation → first close, closed conversations. */
	resolution: DurationStats;
	/** By handled, most first. */
	advisors: ReportAdvisor[];
	/** [weekday 0 = Monday … 6 = Sunday][hour 0..23]: conversations created, local time. */
	busiestHours: number[][];
	/** The 50 pages with most conversations in the range (ignoring the page filter), for the filter select. */
	pages: ReportPage[];
}

export const REPORT_EXPORT_TABLES = [
	'days',
	'advisors',
	'conversations',
] as const;
export type ReportExportTable = ( typeof REPORT_EXPORT_TABLES )[ number ];

/** The longest range a report covers, in days (from and to inclusive). */
export const REPORT_MAX_DAYS = 366;

/** A calendar date `YYYY-MM-DD` as a UTC day number (days since 1970-01-01), or null. */
export function dayNumber( date: string ): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec( date );
	if ( ! m ) {
		return null;
	}
	const ms = Date.UTC( +m[ 1 ], +m[ 2 ] - 1, +m[ 3 ] );
	// Date.UTC rolls 2026-02-30 over to March: a real date reads back the same.
	return new Date( ms ).toISOString().slice( 0, 10 ) === date
		? ms / 86_400_000
		: null;
}

const dateSchema = ( name: string ) =>
	z
		.string( `${ name } is required` )
		.refine(
			( d ) => dayNumber( d ) !== null,
			`${ name } must be a date YYYY-MM-DD`
		);

const reportFields = {
	from: dateSchema( 'from' ),
	to: dateSchema( 'to' ),
	timeZone: z
		.string()
		.max( 64 )
		.refine( isKnownTimeZone, 'unknown time zone' )
		.default( 'UTC' ),
	pageUrl: z
		.string()
		.max(
			LIMITS.pageUrl,
			`pageUrl is limited to ${ LIMITS.pageUrl } characters`
		)
		.optional(),
};

type RangeFields = { from: string; to: string };
function checkRange( q: RangeFields, ctx: z.RefinementCtx ): void {
	const from = dayNumber( q.from );
	const to = dayNumber( q.to );
	if ( from === null || to === null ) {
		return;
	}
	if ( to < from ) {
		ctx.addIssue( {
			code: 'custom',
			path: [ 'to' ],
			message: 'must be on or after from',
		} );
	} else if ( to - from + 1 > REPORT_MAX_DAYS ) {
		ctx.addIssue( {
			code: 'custom',
			path: [ 'range' ],
			message: `at most ${ REPORT_MAX_DAYS } days`,
		} );
	}
}

/** `GET /v1/reports`: from/to inclusive local dates of `timeZone` (default UTC), at most 366 days. */
export const reportQuery = z.object( reportFields ).superRefine( checkRange );
export type ReportQuery = z.output< typeof reportQuery >;

/** `GET /v1/reports/export`: the same range plus which table. */
export const reportExportQuery = z
	.object( {
		...reportFields,
		table: z.enum( REPORT_EXPORT_TABLES, {
			message: `table must be one of ${ REPORT_EXPORT_TABLES.join(
				', '
			) }`,
		} ),
	} )
	.superRefine( checkRange );
export type ReportExportQuery = z.output< typeof reportExportQuery >;
