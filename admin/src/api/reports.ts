/** Reports (managers): the figures of a date range, and their CSV exports. */
import type {
	ReportExportTable,
	ReportResponse,
} from '@handoff-chat/contracts';
import type { Transport } from './transport';

/** A range of local days (YYYY-MM-DD, both included) in a time zone, optionally one page. */
export interface ReportArgs {
	from: string;
	to: string;
	timeZone: string;
	/** Exact page URL; null or '' for every page. */
	pageUrl?: string | null;
}

/** The tables the bridge exports as CSV. */
export type ReportTable = ReportExportTable;

export interface ReportsApi {
	getReport: ( args: ReportArgs ) => Promise< ReportResponse >;
	downloadReport: (
		args: ReportArgs,
		table: ReportTable
	) => Promise< { blob: Blob; filename: string } >;
}

function queryOf( { from, to, timeZone, pageUrl }: ReportArgs ): string {
	const q = new URLSearchParams( { from, to, timeZone } );
	if ( pageUrl ) {
		q.set( 'pageUrl', pageUrl );
	}
	return q.toString();
}

export function reportsApi( { bridge, file }: Transport ): ReportsApi {
	return {
		getReport( args ) {
			return bridge< ReportResponse >(
				`/v1/reports?${ queryOf( args ) }`
			);
		},
		async downloadReport( args, table ) {
			const blob = await file(
				`/v1/reports/export?${ queryOf( args ) }&table=${ table }`
			);
			// Named here as the bridge names it: Content-Disposition is not exposed to another origin's script.
			return {
				blob,
				filename: `handoff-report-${ table }-${ args.from }-${ args.to }.csv`,
			};
		},
	};
}
