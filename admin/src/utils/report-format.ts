/**
 * What the Reports screen writes: durations as a person says them ("2 min 30 s"), shares,
 * ratings, and the local days of its date ranges (YYYY-MM-DD in the site's time zone).
 */
import { __, sprintf } from '@wordpress/i18n';
import { dayNumber } from '@handoff-chat/contracts';
import { pageLocale } from './relative-time';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// sprintf's typings read the arguments off a literal format; these formats are picked at run time.
const format = sprintf as ( f: string, ...args: number[] ) => string;

/**
 * Seconds in the two largest units that matter: "45 s", "2 min 30 s", "1 h 5 min", "3 d 4 h";
 * a zero second unit is left out ("2 min"). Null (nothing measured) is an em dash.
 */
export function formatDuration( seconds: number | null ): string {
	if ( seconds === null || ! Number.isFinite( seconds ) ) {
		return '—';
	}
	const s = Math.max( 0, Math.round( seconds ) );
	if ( s < MINUTE ) {
		/* translators: %d: a number of seconds. */
		return sprintf( __( '%d s', 'handoff-chat' ), s );
	}
	const pair = (
		big: number,
		small: number,
		one: string,
		both: string
	): string =>
		small === 0 ? format( one, big ) : format( both, big, small );
	if ( s < HOUR ) {
		return pair(
			Math.floor( s / MINUTE ),
			s % MINUTE,
			/* translators: %d: a number of minutes. */
			__( '%d min', 'handoff-chat' ),
			/* translators: 1: minutes, 2: seconds, e.g. "2 min 30 s". */
			__( '%1$d min %2$d s', 'handoff-chat' )
		);
	}
	// Minutes are rounded from here on: "1 h 5 min", never "1 h 5 min 12 s".
	const m = Math.round( s / MINUTE );
	if ( m < 24 * 60 ) {
		return pair(
			Math.floor( m / 60 ),
			m % 60,
			/* translators: %d: a number of hours. */
			__( '%d h', 'handoff-chat' ),
			/* translators: 1: hours, 2: minutes, e.g. "1 h 5 min". */
			__( '%1$d h %2$d min', 'handoff-chat' )
		);
	}
	const h = Math.round( s / HOUR );
	return pair(
		Math.floor( h / 24 ),
		h % 24,
		/* translators: %d: a number of days. */
		__( '%d d', 'handoff-chat' ),
		/* translators: 1: days, 2: hours, e.g. "3 d 4 h". */
		__( '%1$d d %2$d h', 'handoff-chat' )
	);
}

/** `part` of `whole` as a whole percentage in the page's language ("40%", "40 %"); '—' of nothing. */
export function formatShare( part: number, whole: number ): string {
	if ( ! whole ) {
		return '—';
	}
	return new Intl.NumberFormat( pageLocale(), {
		style: 'percent',
		maximumFractionDigits: 0,
	} ).format( part / whole );
}

/** An average rating out of 5 with one decimal ("4.5", "4,5"); '—' without ratings. */
export function formatRating( average: number | null ): string {
	if ( average === null ) {
		return '—';
	}
	return new Intl.NumberFormat( pageLocale(), {
		minimumFractionDigits: 1,
		maximumFractionDigits: 1,
	} ).format( average );
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn( timeZone: string, now = Date.now() ): string {
	const parts = new Intl.DateTimeFormat( 'en-US', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	} ).formatToParts( now );
	const get = ( type: string ) =>
		parts.find( ( p ) => p.type === type )?.value ?? '';
	return `${ get( 'year' ) }-${ get( 'month' ) }-${ get( 'day' ) }`;
}

/** A YYYY-MM-DD day moved by `days` (calendar days: no time zone involved). */
export function addDays( date: string, days: number ): string {
	const t = Date.parse( `${ date }T00:00:00Z` ) + days * DAY * 1000;
	return new Date( t ).toISOString().slice( 0, 10 );
}

/** How many days from..to covers, both included (valid dates: see isDay). */
export const daysBetween = ( from: string, to: string ): number =>
	( dayNumber( to ) ?? 0 ) - ( dayNumber( from ) ?? 0 ) + 1;

/** A real calendar date written YYYY-MM-DD. */
export const isDay = ( v: string ): boolean => dayNumber( v ) !== null;

/** The last `days` days up to today (in the site's time zone), today included. */
export function lastDays(
	days: number,
	timeZone: string,
	now = Date.now()
): { from: string; to: string } {
	const to = todayIn( timeZone, now );
	return { from: addDays( to, 1 - days ), to };
}

/** A day as the page's language writes it short ("Dec 5", "5 déc."): chart labels. */
export function formatDay( date: string ): string {
	return new Intl.DateTimeFormat( pageLocale(), {
		month: 'short',
		day: 'numeric',
		timeZone: 'UTC',
	} ).format( Date.parse( `${ date }T00:00:00Z` ) );
}

/** A day in full in the page's language ("Saturday, December 5, 2026"): tables. */
export function formatLongDay( date: string ): string {
	return new Intl.DateTimeFormat( pageLocale(), {
		weekday: 'long',
		year: 'numeric',
		month: 'long',
		day: 'numeric',
		timeZone: 'UTC',
	} ).format( Date.parse( `${ date }T00:00:00Z` ) );
}

/** Weekday names, Monday first (the bridge's busiest-hours rows), in the page's language. */
export function weekdayNames( style: 'short' | 'long' ): string[] {
	const f = new Intl.DateTimeFormat( pageLocale(), {
		weekday: style,
		timeZone: 'UTC',
	} );
	// 2024-01-01 was a Monday.
	return Array.from( { length: 7 }, ( _, i ) =>
		f.format( Date.UTC( 2024, 0, 1 + i ) )
	);
}

/** An hour of the day as the page's language writes it on a clock ("14:00", "2 PM"). */
export function formatHour( hour: number ): string {
	return new Intl.DateTimeFormat( pageLocale(), {
		hour: 'numeric',
		timeZone: 'UTC',
	} ).format( Date.UTC( 2024, 0, 1, hour ) );
}
