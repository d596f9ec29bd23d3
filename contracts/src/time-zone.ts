/**
 * Wall clocks of IANA time zones, from Intl (the zone rules, daylight-saving changes included):
 * one place for the opening hours (opening-hours.ts) and the reports' local days and hours
 * (bridge-server/src/services/report-calendar.ts).
 */

const WEEKDAYS = [ 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun' ];

// Building a formatter is the costly part: one per zone, kept.
const formatters = new Map< string, Intl.DateTimeFormat >();
function formatter( timeZone: string ): Intl.DateTimeFormat {
	let f = formatters.get( timeZone );
	if ( ! f ) {
		f = new Intl.DateTimeFormat( 'en-US', {
			timeZone,
			hourCycle: 'h23',
			weekday: 'short',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		} );
		formatters.set( timeZone, f );
	}
	return f;
}

/** Whether `name` is an IANA time zone this runtime knows (what `Intl` accepts). */
export function isKnownTimeZone( name: string ): boolean {
	try {
		formatter( name );
		return true;
	} catch {
		return false;
	}
}

export interface LocalTime {
	/** YYYY-MM-DD */
	date: string;
	/** 0 = Monday … 6 = Sunday */
	weekday: number;
	hour: number;
	minute: number;
	/** The local wall-clock time read as if it were UTC, in ms (minus the instant: the offset). */
	wall: number;
}

/** What the clocks of `timeZone` show at the instant `utcMs`. */
export function localTime( timeZone: string, utcMs: number ): LocalTime {
	const p: Record< string, string > = {};
	for ( const part of formatter( timeZone ).formatToParts( utcMs ) ) {
		p[ part.type ] = part.value;
	}
	const [ y, mo, d, h, mi, s ] = [
		p.year,
		p.month,
		p.day,
		p.hour,
		p.minute,
		p.second,
	].map( Number );
	// Some engines still write midnight as 24 under h23.
	const hour = h % 24;
	return {
		date: `${ p.year }-${ p.month }-${ p.day }`,
		weekday: WEEKDAYS.indexOf( p.weekday ),
		hour,
		minute: mi,
		wall: Date.UTC( y, mo - 1, d, hour, mi, s ),
	};
}
