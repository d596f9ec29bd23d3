/**
 * Per-site opening hours: weekly ranges in an IANA time zone, with dated exceptions. Pure:
 * the zone's offsets come from `Intl.DateTimeFormat`, so daylight-saving changes (and zones
 * with :30 or :45 offsets) are the runtime's, never a fixed offset of ours.
 */
import { z } from 'zod';
import { isKnownTimeZone, localTime } from './time-zone';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** 'HH:MM' 24 h, local to the hours' time zone; `to` > `from`; `to` may be '24:00'. */
export interface TimeRange {
	from: string;
	to: string;
}

/** A local date whose ranges replace that weekday's; `ranges: []` = closed all day. */
export interface HoursException {
	/** 'YYYY-MM-DD', local to the hours' time zone. */
	date: string;
	ranges: TimeRange[];
	label?: string;
}

export interface OpeningHours {
	/** False (default): always open, only presence and "away" decide. */
	enabled: boolean;
	/** IANA name (e.g. 'Europe/Paris'). */
	timeZone: string;
	/** ≤ 4 non-overlapping ranges a day; [] = closed that day. */
	weekly: Record< Weekday, TimeRange[] >;
	/** ≤ 100, unique dates. */
	exceptions: HoursException[];
}

/** Monday first, as the admin screen lists them. */
export const WEEKDAYS: readonly Weekday[] = [
	'mon',
	'tue',
	'wed',
	'thu',
	'fri',
	'sat',
	'sun',
];

/** `Date#getUTCDay()` order. */
const BY_JS_DAY: readonly Weekday[] = [
	'sun',
	'mon',
	'tue',
	'wed',
	'thu',
	'fri',
	'sat',
];

const officeDay = (): TimeRange[] => [ { from: '09:00', to: '18:00' } ];

export const DEFAULT_HOURS: OpeningHours = {
	enabled: false,
	timeZone: 'UTC',
	weekly: {
		mon: officeDay(),
		tue: officeDay(),
		wed: officeDay(),
		thu: officeDay(),
		fri: officeDay(),
		sat: [],
		sun: [],
	},
	exceptions: [],
};

export const HOURS_LIMITS = {
	rangesPerDay: 4,
	exceptions: 100,
	label: 100,
	/** How far ahead `nextOpeningAt` looks, in days. */
	lookAheadDays: 14,
} as const;

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Minutes since local midnight of 'HH:MM' ('24:00' → 1440); NaN when malformed. */
function minutesOf( hhmm: string ): number {
	const m = /^(\d{2}):(\d{2})$/.exec( hhmm );
	if ( ! m ) {
		return NaN;
	}
	const h = Number( m[ 1 ] );
	const min = Number( m[ 2 ] );
	if ( ( h === 24 && min === 0 ) || ( h < 24 && min < 60 ) ) {
		return h * 60 + min;
	}
	return NaN;
}

/** The wall-clock time in `timeZone` at instant `ms`, as if it were UTC (ms). */
const wallClock = ( timeZone: string, ms: number ): number =>
	localTime( timeZone, ms ).wall;

const offsetAt = ( timeZone: string, ms: number ): number =>
	wallClock( timeZone, Math.floor( ms / 1000 ) * 1000 ) -
	Math.floor( ms / 1000 ) * 1000;

/**
 * The first instant whose wall clock in `timeZone` reads `wall` or later (ms). A time skipped
 * by a spring-forward change maps to the change itself; a repeated one to its first pass.
 */
function instantOfWallClock( timeZone: string, wall: number ): number {
	const before = wall - offsetAt( timeZone, wall - DAY );
	const after = wall - offsetAt( timeZone, wall + DAY );
	const fits = [ before, after ].filter(
		( t ) => wallClock( timeZone, t ) === wall
	);
	if ( fits.length ) {
		return Math.min( ...fits );
	}
	// In a gap: the change lies between the two guesses; find its minute.
	let lo = Math.min( before, after );
	let hi = Math.max( before, after );
	while ( hi - lo > MINUTE ) {
		const mid = lo + Math.floor( ( hi - lo ) / 2 / MINUTE ) * MINUTE;
		if ( wallClock( timeZone, mid ) >= wall ) {
			hi = mid;
		} else {
			lo = mid;
		}
	}
	return hi;
}

const isoDate = ( wallMs: number ): string =>
	new Date( wallMs ).toISOString().slice( 0, 10 );

/** The ranges of a local date: its exception's, else its weekday's. */
function rangesOn( hours: OpeningHours, wallMidnight: number ): TimeRange[] {
	const date = isoDate( wallMidnight );
	const exception = hours.exceptions.find( ( e ) => e.date === date );
	if ( exception ) {
		return exception.ranges;
	}
	return (
		hours.weekly[ BY_JS_DAY[ new Date( wallMidnight ).getUTCDay() ] ] ?? []
	);
}

/** Within opening hours at `at` (always true when hours are disabled). */
export function isOpenAt( hours: OpeningHours, at: Date ): boolean {
	if ( ! hours.enabled ) {
		return true;
	}
	const wall = wallClock( hours.timeZone, at.getTime() );
	const midnight = Math.floor( wall / DAY ) * DAY;
	const minute = Math.floor( ( wall - midnight ) / MINUTE );
	return rangesOn( hours, midnight ).some(
		( r ) => minutesOf( r.from ) <= minute && minute < minutesOf( r.to )
	);
}

/**
 * When the hours next open after `at`, looking up to 14 local days ahead; null when open at
 * `at` (or hours are disabled) or when nothing opens in that window.
 */
export function nextOpeningAt( hours: OpeningHours, at: Date ): Date | null {
	if ( isOpenAt( hours, at ) ) {
		return null;
	}
	const now = at.getTime();
	const today = Math.floor( wallClock( hours.timeZone, now ) / DAY ) * DAY;
	for ( let day = 0; day <= HOURS_LIMITS.lookAheadDays; day++ ) {
		const midnight = today + day * DAY;
		const starts = rangesOn( hours, midnight )
			.map( ( r ) => minutesOf( r.from ) )
			.filter( ( m ) => ! Number.isNaN( m ) )
			.sort( ( a, b ) => a - b );
		for ( const start of starts ) {
			const t = instantOfWallClock(
				hours.timeZone,
				midnight + start * MINUTE
			);
			// A range wholly inside a skipped hour never opens.
			if ( t > now && isOpenAt( hours, new Date( t ) ) ) {
				return new Date( t );
			}
		}
	}
	return null;
}

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

const timeRangeSchema = z
	.object( {
		from: z.string().regex( HHMM, 'a time as HH:MM (00:00 to 23:59)' ),
		to: z
			.string()
			.regex(
				/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/,
				'a time as HH:MM (00:01 to 24:00)'
			),
	} )
	.strict()
	.refine( ( r ) => minutesOf( r.to ) > minutesOf( r.from ), {
		message: 'to must be after from',
	} );

const rangesSchema = z
	.array( timeRangeSchema )
	.max(
		HOURS_LIMITS.rangesPerDay,
		`at most ${ HOURS_LIMITS.rangesPerDay } ranges a day`
	)
	.superRefine( ( ranges, ctx ) => {
		const sorted = ranges
			.map( ( r, i ) => ( {
				i,
				from: minutesOf( r.from ),
				to: minutesOf( r.to ),
			} ) )
			.sort( ( a, b ) => a.from - b.from );
		for ( let k = 1; k < sorted.length; k++ ) {
			if ( sorted[ k ].from < sorted[ k - 1 ].to ) {
				ctx.addIssue( {
					code: 'custom',
					path: [ sorted[ k ].i ],
					message: 'ranges of a day must not overlap',
				} );
			}
		}
	} );

const isRealDate = ( s: string ): boolean =>
	/^\d{4}-\d{2}-\d{2}$/.test( s ) &&
	! Number.isNaN( Date.parse( `${ s }T00:00:00Z` ) ) &&
	new Date( `${ s }T00:00:00Z` ).toISOString().startsWith( s );

const exceptionSchema = z
	.object( {
		date: z.string().refine( isRealDate, 'a date as YYYY-MM-DD' ),
		ranges: rangesSchema,
		label: z
			.string()
			.trim()
			.max(
				HOURS_LIMITS.label,
				`label is limited to ${ HOURS_LIMITS.label } characters`
			)
			.optional(),
	} )
	.strict();

export const openingHoursSchema: z.ZodType< OpeningHours > = z
	.object( {
		enabled: z.boolean( 'enabled must be true or false' ),
		timeZone: z.string().refine( isKnownTimeZone, 'unknown time zone' ),
		weekly: z
			.object( {
				mon: rangesSchema,
				tue: rangesSchema,
				wed: rangesSchema,
				thu: rangesSchema,
				fri: rangesSchema,
				sat: rangesSchema,
				sun: rangesSchema,
			} )
			.strict(),
		exceptions: z
			.array( exceptionSchema )
			.max(
				HOURS_LIMITS.exceptions,
				`at most ${ HOURS_LIMITS.exceptions } exceptions`
			)
			.superRefine( ( list, ctx ) => {
				const seen = new Set< string >();
				list.forEach( ( e, i ) => {
					if ( seen.has( e.date ) ) {
						ctx.addIssue( {
							code: 'custom',
							path: [ i, 'date' ],
							message: `duplicate date ${ e.date }`,
						} );
					}
					seen.add( e.date );
				} );
			} ),
	} )
	.strict();
