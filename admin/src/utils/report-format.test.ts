import {
	addDays,
	daysBetween,
	formatDuration,
	formatRating,
	formatShare,
	isDay,
	lastDays,
	todayIn,
	weekdayNames,
} from './report-format';

describe( 'report formats', () => {
	it( 'writes durations as a person says them', () => {
		expect( formatDuration( null ) ).toBe( '—' );
		expect( formatDuration( 0 ) ).toBe( '0 s' );
		expect( formatDuration( 44.6 ) ).toBe( '45 s' );
		expect( formatDuration( 60 ) ).toBe( '1 min' );
		expect( formatDuration( 150 ) ).toBe( '2 min 30 s' );
		expect( formatDuration( 3599 ) ).toBe( '59 min 59 s' );
		expect( formatDuration( 3600 ) ).toBe( '1 h' );
		expect( formatDuration( 3900 + 12 ) ).toBe( '1 h 5 min' );
		// Rounded to the minute: 23 h 59 min 40 s is a day.
		expect( formatDuration( 86380 ) ).toBe( '1 d' );
		expect( formatDuration( 3 * 86400 + 4 * 3600 + 100 ) ).toBe(
			'3 d 4 h'
		);
	} );

	it( 'writes shares and ratings, and a dash for nothing', () => {
		expect( formatShare( 2, 5 ) ).toBe( '40%' );
		expect( formatShare( 0, 0 ) ).toBe( '—' );
		expect( formatRating( 4.25 ) ).toBe( '4.3' );
		expect( formatRating( null ) ).toBe( '—' );
	} );

	it( 'counts days in the site’s time zone', () => {
		// 23:30 UTC on Dec 5 is already Dec 6 in Paris and still Dec 5 in New York.
		const now = Date.parse( '2026-12-05T23:30:00Z' );
		expect( todayIn( 'Europe/Paris', now ) ).toBe( '2026-12-06' );
		expect( todayIn( 'America/New_York', now ) ).toBe( '2026-12-05' );
		expect( lastDays( 7, 'Europe/Paris', now ) ).toEqual( {
			from: '2026-11-30',
			to: '2026-12-06',
		} );
		expect( addDays( '2026-03-01', -1 ) ).toBe( '2026-02-28' );
		expect( daysBetween( '2026-01-01', '2026-12-31' ) ).toBe( 365 );
		expect( isDay( '2026-02-28' ) ).toBe( true );
		expect( isDay( '2026-02-30' ) ).toBe( false );
		expect( isDay( '' ) ).toBe( false );
	} );

	it( 'names the weekdays Monday first', () => {
		expect( weekdayNames( 'long' ) ).toEqual( [
			'Monday',
			'Tuesday',
			'Wednesday',
			'Thursday',
			'Friday',
			'Saturday',
			'Sunday',
		] );
	} );
} );
