/** CSV for spreadsheets, shared by transcripts and report exports (RFC 4180, CRLF lines). */

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return
 * first) gets a leading `'`; every cell is quoted, quotes doubled (RFC 4180).
 */
export function csvCell( value: string ): string {
	const safe = /^[=+\-@\t\r]/.test( value ) ? `'${ value }` : value;
	return `"${ safe.replace( /"/g, '""' ) }"`;
}

/** One CSV line: every cell quoted and neutralised; null is an empty cell. */
export const csvLine = ( cells: Array< string | number | null > ): string =>
	cells.map( ( c ) => csvCell( c === null ? '' : String( c ) ) ).join( ',' ) +
	'\r\n';
