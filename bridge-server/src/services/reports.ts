/**
 * Reports for site managers (docs/api.md "Reports"): figures over the conversations created
 * in a range of local days, read from each conversation's milestones (migration 20261205O,
 * kept by the unit of work) through the (site_id, created_at, id) index — never by scanning
 * messages, except advisors' visible messages of the range's conversations (a partial index).
 *
 * Time zones: SQL groups by UTC hour (quarter-hour for zones with half-hour offsets) with
 * plain string functions that sqlite3 and PostgreSQL share; JavaScript turns each bucket into
 * its local day, weekday and hour (report-calendar.ts). Durations are whole seconds computed
 * in SQL and grouped by value, so the median and p90 (nearest rank) come from a histogram.
 */
import {
	dayNumber,
	type DurationStats,
	type ReportAdvisor,
	type ReportDay,
	type ReportExportQuery,
	type ReportExportTable,
	type ReportPage,
	type ReportQuery,
	type ReportResponse,
} from '@handoff-chat/contracts';
import type { Knex } from 'knex';
import type { Db } from '../db';
import type { AccessPolicy } from './access';
import type { AdvisorPrincipal } from './advisor-view';
import { csvLine } from './csv';
import {
	dayDate,
	LocalClock,
	needsQuarterHours,
	startOfLocalDay,
} from './report-calendar';

/** The conversations of a report: created in [fromIso, toIso) on a site, maybe on one page. */
interface Range {
	siteId: string;
	from: string;
	to: string;
	timeZone: string;
	pageUrl: string | null;
	fromIso: string;
	toIso: string;
	firstDay: number;
	lastDay: number;
}

/** value → how many, for nearest-rank percentiles without keeping every duration. */
type Histogram = Map< number, number >;

const add = ( h: Histogram, value: number, n: number ) =>
	h.set( value, ( h.get( value ) ?? 0 ) + n );

/** Median and p90 by the nearest-rank method: the smallest value with at least ⌈p·N⌉ at or below it. */
export function durationStats( h: Histogram ): DurationStats {
	const values = [ ...h.keys() ].sort( ( a, b ) => a - b );
	const count = values.reduce( ( s, v ) => s + h.get( v )!, 0 );
	const rank = ( p: number ) => {
		const want = Math.ceil( p * count );
		let seen = 0;
		for ( const v of values ) {
			seen += h.get( v )!;
			if ( seen >= want ) {
				return v;
			}
		}
		return null;
	};
	return count
		? { count, medianSeconds: rank( 0.5 ), p90Seconds: rank( 0.9 ) }
		: { count: 0, medianSeconds: null, p90Seconds: null };
}

const round2 = ( x: number ) => Math.round( x * 100 ) / 100;
const average = ( sum: number, n: number ) => ( n ? round2( sum / n ) : null );

/** Rows of one CSV export: a header line then data lines, produced page by page. */
export interface ReportCsv {
	filename: string;
	lines: AsyncIterable< string >;
}

const EXPORT_PAGE = 1000;

export class ReportsService {
	constructor(
		/** The read connections (sqlite3's read-only pool): reports never block writers. */
		private readonly db: Db,
		private readonly access: AccessPolicy
	) {}

	private get pg(): boolean {
		return this.db.client.config.client === 'pg';
	}

	/** Whole seconds from timestamp column `from` to `to` (ISO 8601 strings). */
	private seconds( from: string, to: string ): string {
		return this.pg
			? `CAST(ROUND(EXTRACT(EPOCH FROM (CAST(${ to } AS timestamptz) - CAST(${ from } AS timestamptz)))) AS INTEGER)`
			: `CAST(ROUND((julianday(${ to }) - julianday(${ from })) * 86400) AS INTEGER)`;
	}

	private range( siteId: string, q: ReportQuery ): Range {
		const firstDay = dayNumber( q.from )!;
		const lastDay = dayNumber( q.to )!;
		return {
			siteId,
			from: q.from,
			to: q.to,
			timeZone: q.timeZone,
			pageUrl: q.pageUrl ?? null,
			fromIso: new Date(
				startOfLocalDay( q.timeZone, firstDay )
			).toISOString(),
			toIso: new Date(
				startOfLocalDay( q.timeZone, lastDay + 1 )
			).toISOString(),
			firstDay,
			lastDay,
		};
	}

	/**
	 * The range's conversations `c` (by the (site_id, created_at, id) index); `pages`: ignore
	 * the page filter; `after`: only those after this one in (created_at, id) order.
	 */
	private conversations(
		r: Range,
		opts: { pages?: boolean; after?: { at: string; id: string } } = {}
	): Knex.QueryBuilder {
		const { after } = opts;
		const q = this.db( 'conversations as c' )
			.where( 'c.site_id', r.siteId )
			// One lower bound, the page's: with the range's too, sqlite seeks to the range's
			// start and filters up to the page (every page reading all those before it).
			.where( 'c.created_at', '>=', after ? after.at : r.fromIso )
			.where( 'c.created_at', '<', r.toIso );
		if ( r.pageUrl !== null && ! opts.pages ) {
			q.where( 'c.page_url', r.pageUrl );
		}
		if ( after ) {
			// A row value for the ties on created_at.
			q.whereRaw( '(c.created_at, c.id) > (?, ?)', [
				after.at,
				after.id,
			] );
		}
		return q;
	}

	async report(
		p: AdvisorPrincipal,
		query: ReportQuery
	): Promise< ReportResponse > {
		await this.access.require( p, 'view_reports' );
		return this.compute( this.range( p.siteId, query ) );
	}

	private async compute( r: Range ): Promise< ReportResponse > {
		const quarters = needsQuarterHours(
			r.timeZone,
			Date.parse( r.fromIso ),
			Date.parse( r.toIso )
		);
		const [ buckets, firsts, resolutions, sent, rated, pages ] =
			await Promise.all( [
				this.conversations( r )
					.select(
						this.db.raw( 'substr(c.created_at, 1, 13) AS h' ),
						this.db.raw(
							quarters
								? 'CAST(substr(c.created_at, 15, 2) AS INTEGER) / 15 AS q'
								: '0 AS q'
						),
						this.db.raw( 'COUNT(*) AS n' ),
						this.db.raw( 'COUNT(c.escalated_at) AS escalated' ),
						this.db.raw( 'COUNT(c.closed_at) AS closed' ),
						this.db.raw( 'COUNT(c.rating_score) AS rated' ),
						this.db.raw( 'SUM(c.rating_score) AS score' )
					)
					.groupByRaw( quarters ? '1, 2' : '1' ),
				this.conversations( r )
					.whereNotNull( 'c.first_response_at' )
					.select(
						this.db.raw(
							`${ this.seconds(
								'c.escalated_at',
								'c.first_response_at'
							) } AS s`
						),
						'c.first_response_advisor_id as a',
						this.db.raw( 'COUNT(*) AS n' )
					)
					.groupByRaw( '1, 2' ),
				this.conversations( r )
					.whereNotNull( 'c.closed_at' )
					.select(
						this.db.raw(
							`${ this.seconds(
								'c.created_at',
								'c.closed_at'
							) } AS s`
						),
						this.db.raw( 'COUNT(*) AS n' )
					)
					.groupByRaw( '1' ),
				// The conditions of the messages_advisor_visible partial index, as literals: a
				// planner cannot match a bound parameter against the index's WHERE.
				this.conversations( r )
					.join( 'messages as m', 'm.conversation_id', 'c.id' )
					.whereRaw(
						"m.author_type = 'advisor' AND m.kind <> 'note'"
					)
					.select( 'm.author_id as a' )
					.select(
						this.db.raw(
							'COUNT(DISTINCT m.conversation_id) AS handled'
						),
						this.db.raw( 'COUNT(*) AS messages' )
					)
					.groupBy( 'm.author_id' ),
				this.conversations( r )
					.whereNotNull( 'c.rating_score' )
					.whereNotNull( 'c.rating_advisor_id' )
					.select( 'c.rating_advisor_id as a' )
					.select(
						this.db.raw( 'COUNT(*) AS n' ),
						this.db.raw( 'SUM(c.rating_score) AS score' )
					)
					.groupBy( 'c.rating_advisor_id' ),
				this.conversations( r, { pages: true } )
					.whereNotNull( 'c.page_url' )
					.select(
						'c.page_url',
						this.db.raw( 'MAX(c.page_title) AS title' ),
						this.db.raw( 'COUNT(*) AS n' )
					)
					.groupBy( 'c.page_url' )
					.orderByRaw( '3 DESC, 1' )
					.limit( 50 ),
			] );

		const clock = new LocalClock( r.timeZone );
		const days = new Map< string, ReportDay >();
		for ( let d = r.firstDay; d <= r.lastDay; d++ ) {
			const date = dayDate( d );
			days.set( date, {
				date,
				conversations: 0,
				botOnly: 0,
				escalated: 0,
			} );
		}
		const busiestHours = Array.from( { length: 7 }, () =>
			new Array< number >( 24 ).fill( 0 )
		);
		const totals = {
			conversations: 0,
			botOnly: 0,
			escalated: 0,
			closed: 0,
			rated: 0,
			averageRating: null as number | null,
		};
		let scoreSum = 0;
		for ( const b of buckets as any[] ) {
			const at =
				Date.parse( `${ b.h }:00:00.000Z` ) + Number( b.q ) * 900_000;
			const local = clock.at( at );
			const n = Number( b.n );
			const escalated = Number( b.escalated );
			const day = days.get( local.date );
			// Always found: the range's bounds are its first and last local midnights.
			if ( day ) {
				day.conversations += n;
				day.escalated += escalated;
				day.botOnly += n - escalated;
			}
			busiestHours[ local.weekday ][ local.hour ] += n;
			totals.conversations += n;
			totals.escalated += escalated;
			totals.closed += Number( b.closed );
			totals.rated += Number( b.rated );
			scoreSum += Number( b.score ?? 0 );
		}
		totals.botOnly = totals.conversations - totals.escalated;
		totals.averageRating = average( scoreSum, totals.rated );

		const firstResponse: Histogram = new Map();
		const perAdvisor = new Map<
			string,
			{
				handled: number;
				messages: number;
				firsts: Histogram;
				ratings: number;
				score: number;
			}
		>();
		const advisor = ( id: string ) => {
			let a = perAdvisor.get( id );
			if ( ! a ) {
				a = {
					handled: 0,
					messages: 0,
					firsts: new Map(),
					ratings: 0,
					score: 0,
				};
				perAdvisor.set( id, a );
			}
			return a;
		};
		for ( const f of firsts as any[] ) {
			const s = Number( f.s );
			const n = Number( f.n );
			add( firstResponse, s, n );
			if ( f.a ) {
				add( advisor( f.a ).firsts, s, n );
			}
		}
		const resolution: Histogram = new Map();
		for ( const x of resolutions as any[] ) {
			add( resolution, Number( x.s ), Number( x.n ) );
		}
		for ( const m of sent as any[] ) {
			if ( m.a ) {
				const a = advisor( m.a );
				a.handled = Number( m.handled );
				a.messages = Number( m.messages );
			}
		}
		for ( const x of rated as any[] ) {
			const a = advisor( x.a );
			a.ratings = Number( x.n );
			a.score = Number( x.score );
		}
		const ids = [ ...perAdvisor.keys() ];
		const people = new Map<
			string,
			{ name: string; avatar: string | null }
		>(
			(
				await this.db( 'advisors' )
					.where( 'site_id', r.siteId )
					.whereIn( 'id', ids.length ? ids : [ '' ] )
					.select( 'id', 'name', 'avatar' )
			).map( ( a: any ) => [
				a.id,
				{ name: a.name, avatar: a.avatar ?? null },
			] )
		);
		const advisors: ReportAdvisor[] = ids
			.map( ( id ) => {
				const a = perAdvisor.get( id )!;
				return {
					advisorId: id,
					// An advisor the bridge no longer knows keeps their id.
					name: people.get( id )?.name ?? id,
					avatar: people.get( id )?.avatar ?? null,
					handled: a.handled,
					messages: a.messages,
					firstResponse: durationStats( a.firsts ),
					ratings: {
						count: a.ratings,
						average: average( a.score, a.ratings ),
					},
				};
			} )
			.sort(
				( x, y ) =>
					y.handled - x.handled ||
					x.name.localeCompare( y.name ) ||
					x.advisorId.localeCompare( y.advisorId )
			);

		return {
			range: {
				from: r.from,
				to: r.to,
				timeZone: r.timeZone,
				pageUrl: r.pageUrl,
			},
			totals,
			days: [ ...days.values() ],
			firstResponse: durationStats( firstResponse ),
			resolution: durationStats( resolution ),
			advisors,
			busiestHours,
			pages: ( pages as any[] ).map( ( x ): ReportPage => ( {
				pageUrl: x.page_url,
				pageTitle: x.title ?? null,
				conversations: Number( x.n ),
			} ) ),
		};
	}

	/** `GET /v1/reports/export`: one table as CSV lines; checked for `manage` before any line. */
	async csv(
		p: AdvisorPrincipal,
		query: ReportExportQuery
	): Promise< ReportCsv > {
		await this.access.require( p, 'view_reports' );
		const r = this.range( p.siteId, query );
		return {
			filename: `handoff-report-${ query.table }-${ r.from }-${ r.to }.csv`,
			lines: this.lines( r, query.table ),
		};
	}

	private async *lines(
		r: Range,
		table: ReportExportTable
	): AsyncGenerator< string > {
		if ( table === 'days' ) {
			const report = await this.compute( r );
			yield csvLine( [
				'date',
				'conversations',
				'bot_only',
				'escalated',
			] );
			for ( const d of report.days ) {
				yield csvLine( [
					d.date,
					d.conversations,
					d.botOnly,
					d.escalated,
				] );
			}
			return;
		}
		if ( table === 'advisors' ) {
			const report = await this.compute( r );
			yield csvLine( [
				'advisor_id',
				'name',
				'handled',
				'messages',
				'first_responses',
				'first_response_median_seconds',
				'first_response_p90_seconds',
				'ratings',
				'average_rating',
			] );
			for ( const a of report.advisors ) {
				yield csvLine( [
					a.advisorId,
					a.name,
					a.handled,
					a.messages,
					a.firstResponse.count,
					a.firstResponse.medianSeconds,
					a.firstResponse.p90Seconds,
					a.ratings.count,
					a.ratings.average,
				] );
			}
			return;
		}
		yield* this.conversationLines( r );
	}

	/** One line per conversation, in keyset pages of the range index: never all rows in memory. */
	private async *conversationLines( r: Range ): AsyncGenerator< string > {
		const clock = new LocalClock( r.timeZone );
		yield csvLine( [
			'id',
			'created_at',
			'created_local',
			'page_url',
			'page_title',
			'escalated',
			'first_response_seconds',
			'resolution_seconds',
			'assigned_advisor_id',
			'assigned_advisor',
			'rating',
		] );
		let after: { at: string; id: string } | null = null;
		for (;;) {
			const q = this.conversations( r, { after: after ?? undefined } )
				.leftJoin( 'advisors as a', function () {
					this.on( 'a.site_id', 'c.site_id' ).andOn(
						'a.id',
						'c.assigned_advisor_id'
					);
				} )
				.select(
					'c.id',
					'c.created_at',
					'c.page_url',
					'c.page_title',
					'c.escalated_at',
					'c.assigned_advisor_id',
					'a.name as advisor_name',
					'c.rating_score',
					this.db.raw(
						`${ this.seconds(
							'c.escalated_at',
							'c.first_response_at'
						) } AS first_response`
					),
					this.db.raw(
						`${ this.seconds( 'c.created_at', 'c.closed_at' ) } AS resolution`
					)
				)
				.orderBy( [ 'c.created_at', 'c.id' ] )
				.limit( EXPORT_PAGE );
			const rows: any[] = await q;
			for ( const c of rows ) {
				yield csvLine( [
					c.id,
					c.created_at,
					clock.at( Date.parse( c.created_at ) ).text,
					c.page_url,
					c.page_title,
					c.escalated_at ? 'yes' : 'no',
					c.first_response === null
						? null
						: Number( c.first_response ),
					c.resolution === null ? null : Number( c.resolution ),
					c.assigned_advisor_id,
					c.advisor_name ?? null,
					c.rating_score === null ? null : Number( c.rating_score ),
				] );
			}
			if ( rows.length < EXPORT_PAGE ) {
				return;
			}
			const last = rows[ rows.length - 1 ];
			after = { at: last.created_at, id: last.id };
		}
	}
}
