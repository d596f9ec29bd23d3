/**
 * Local calendar arithmetic for reports, in JavaScript so SQL stays portable: the store
 * groups conversations by UTC hour (or quarter-hour, for zones whose offset is not whole
 * hours) and these turn each bucket into a local day, weekday and hour of an IANA time zone
 * (DST included: a UTC hour is always one local hour). Intl does the zone rules, through
 * contracts' time-zone.ts (which the opening hours use too).
 */
import { localTime } from '@handoff-chat/contracts';

const DAY_MS = 86_400_000;
/** Minutes the zone is ahead of UTC at that instant (Paris in summer: 120). */
export const offsetMinutes = ( timeZone: string, utcMs: number ): number =>
	Math.round(
		( localTime( timeZone, Math.floor( utcMs / 1000 ) * 1000 ).wall -
			Math.floor( utcMs / 1000 ) * 1000 ) /
			60_000
	);

/** The instant the local day `day` (days since 1970-01-01) starts in the zone. */
export function startOfLocalDay( timeZone: string, day: number ): number {
	const target = day * DAY_MS;
	let t = target;
	// Twice: the offset at the guess may differ from the offset at the answer (DST).
	for ( let i = 0; i < 3; i++ ) {
		const miss = target - localTime( timeZone, t ).wall;
		if ( miss === 0 ) {
			break;
		}
		t += miss;
	}
	// Midnight skipped by a DST change (some zones spring forward at 00:00): the day starts
	// at the first instant whose local date is that day.
	while ( localTime( timeZone, t ).wall < target ) {
		t += 15 * 60_000;
	}
	return t;
}

/**
 * Whether hour buckets are too coarse: the zone's offset is not a whole number of hours at
 * some point of [fromMs, toMs) (India, Nepal, Lord Howe's half-hour DST…). Checked daily.
 */
export function needsQuarterHours(
	timeZone: string,
	fromMs: number,
	toMs: number
): boolean {
	for ( let t = fromMs; t <= toMs; t += DAY_MS / 2 ) {
		if ( offsetMinutes( timeZone, t ) % 60 !== 0 ) {
			return true;
		}
	}
	return offsetMinutes( timeZone, toMs ) % 60 !== 0;
}

/** YYYY-MM-DD of a day number. */
export const dayDate = ( day: number ): string =>
	new Date( day * DAY_MS ).toISOString().slice( 0, 10 );

/**
 * Local times of many instants of one zone: the offset is looked up once per UTC
 * quarter-hour (zone offsets only change on quarter-hour boundaries), the rest is arithmetic.
 */
export class LocalClock {
	private readonly offsets = new Map< number, number >();

	constructor( readonly timeZone: string ) {}

	at( utcMs: number ): {
		date: string;
		weekday: number;
		hour: number;
		/** YYYY-MM-DD HH:MM */
		text: string;
	} {
		const key = Math.floor( utcMs / 900_000 );
		let offset = this.offsets.get( key );
		if ( offset === undefined ) {
			offset = offsetMinutes( this.timeZone, key * 900_000 );
			this.offsets.set( key, offset );
		}
		const local = new Date( utcMs + offset * 60_000 );
		const iso = local.toISOString();
		return {
			date: iso.slice( 0, 10 ),
			// getUTCDay: 0 = Sunday; reports start weeks on Monday.
			weekday: ( local.getUTCDay() + 6 ) % 7,
			hour: local.getUTCHours(),
			text: `${ iso.slice( 0, 10 ) } ${ iso.slice( 11, 16 ) }`,
		};
	}
}
