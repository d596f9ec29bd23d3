/** Short, localised relative times ("2 minutes ago", "yesterday") for list items, and clock times. */
import {
	formatClock,
	formatMessageTime,
	toBcp47,
	type ClockSettings,
} from '@handoff-chat/client-core/time-format';

const UNITS: Array< [ Intl.RelativeTimeFormatUnit, number ] > = [
	[ 'year', 365 * 24 * 3600 ],
	[ 'month', 30 * 24 * 3600 ],
	[ 'week', 7 * 24 * 3600 ],
	[ 'day', 24 * 3600 ],
	[ 'hour', 3600 ],
	[ 'minute', 60 ],
];

const formatters = new Map< string, Intl.RelativeTimeFormat >();

function formatter( locale: string | undefined ): Intl.RelativeTimeFormat {
	const key = locale ?? '';
	let f = formatters.get( key );
	if ( ! f ) {
		try {
			f = new Intl.RelativeTimeFormat( locale, {
				numeric: 'auto',
				style: 'long',
			} );
		} catch {
			// An unknown locale tag from the page falls back to the browser's.
			f = new Intl.RelativeTimeFormat( undefined, {
				numeric: 'auto',
				style: 'long',
			} );
		}
		formatters.set( key, f );
	}
	return f;
}

/** The page's language as WordPress declares it on <html lang>, e.g. "fr-FR". */
export function pageLocale(): string | undefined {
	if ( typeof document === 'undefined' ) {
		return undefined;
	}
	return document.documentElement.lang || undefined;
}

/**
 * `iso` relative to `now` (ms). Anything under a minute, including slight clock skew
 * into the future, reads as "now".
 */
export function formatRelativeTime(
	iso: string,
	now: number,
	locale = pageLocale()
): string {
	const then = Date.parse( iso );
	if ( Number.isNaN( then ) ) {
		return '';
	}
	const seconds = Math.round( ( then - now ) / 1000 );
	const abs = Math.abs( seconds );
	const f = formatter( locale );
	if ( abs < 60 ) {
		return f.format( 0, 'second' );
	}
	for ( const [ unit, size ] of UNITS ) {
		if ( abs >= size ) {
			return f.format( Math.trunc( seconds / size ), unit );
		}
	}
	return f.format( 0, 'second' );
}

/** `iso` formatted for `locale`; '' when unreadable, the browser's own form when Intl refuses. */
function formatDate(
	iso: string,
	locale: string | undefined,
	options: Intl.DateTimeFormatOptions,
	fallback: ( d: Date ) => string
): string {
	const d = new Date( iso );
	if ( Number.isNaN( d.getTime() ) ) {
		return '';
	}
	try {
		return new Intl.DateTimeFormat( locale, options ).format( d );
	} catch {
		return fallback( d );
	}
}

/** WordPress's time format and the user's locale, set once from the initial state (index.tsx). */
let clock: ClockSettings = {};

export function setClockSettings( settings: ClockSettings ): void {
	clock = { ...settings };
}

const clockSettings = ( locale?: string ): ClockSettings => ( {
	...clock,
	locale: locale ?? ( clock.locale || pageLocale() ),
} );

/** Full local date and time, for tooltips and <time> titles; the time in WordPress's format. */
export const formatDateTime = ( iso: string, locale?: string ): string => {
	const settings = clockSettings( locale );
	const date = formatDate(
		iso,
		toBcp47( settings.locale ),
		{ dateStyle: 'medium', timeZone: settings.timeZone },
		( d ) => d.toLocaleDateString()
	);
	return date && `${ date }, ${ formatClock( new Date( iso ), settings ) }`;
};

/**
 * The time shown under each message — today its time, another day with the date — written
 * exactly as the widget writes it (client-core/time-format).
 */
export const formatClockTime = (
	iso: string,
	now: Date = new Date(),
	locale?: string
): string => formatMessageTime( iso, now, clockSettings( locale ) );
