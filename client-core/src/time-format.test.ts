import {
	formatClock,
	formatMessageTime,
	toBcp47,
	type ClockSettings,
} from './time-format';

const at = ( hhmmss: string ) => new Date( `2025-03-12T${ hhmmss }Z` );
const UTC = { timeZone: 'UTC' };

describe( 'formatClock: WordPress time formats', () => {
	// Format × time → what WordPress's date_i18n() prints for an English site.
	it.each( [
		[ 'g:i a', '00:05:09', '12:05 am' ],
		[ 'g:i a', '01:57:00', '1:57 am' ],
		[ 'g:i a', '12:30:00', '12:30 pm' ],
		[ 'g:i a', '13:57:42', '1:57 pm' ],
		[ 'g:i A', '01:57:00', '1:57 AM' ],
		[ 'g:i A', '23:59:59', '11:59 PM' ],
		[ 'h:i:s A', '01:57:08', '01:57:08 AM' ],
		[ 'H:i', '00:05:09', '00:05' ],
		[ 'H:i', '01:57:00', '01:57' ],
		[ 'H:i', '13:57:42', '13:57' ],
		[ 'G:i', '01:57:00', '1:57' ],
		[ 'G\\hi', '09:05:00', '9h05' ],
		[ 'G \\h i \\m\\i\\n', '13:57:00', '13 h 57 min' ],
		[ 'H.i', '13:57:00', '13.57' ],
		// A trailing backslash escapes nothing.
		[ 'H:i\\', '13:57:00', '13:57' ],
	] )( '%s at %s → %s', ( timeFormat, time, expected ) => {
		expect(
			formatClock( at( time ), { ...UTC, timeFormat, locale: 'en_US' } )
		).toBe( expected );
	} );

	// The same instants for readers in other languages: numbers follow the format, am/pm
	// the reader's language.
	it.each( [
		[ 'H:i', 'fr_FR', '13:57:00', '13:57' ],
		[ 'G \\h i', 'fr-FR', '13:57:00', '13 h 57' ],
		[ 'g:i a', 'en_GB', '13:57:00', '1:57 pm' ],
		[ 'g:i A', 'de_DE', '01:57:00', '1:57 AM' ],
		[ 'g:i a', 'ar', '13:57:00', '1:57 م' ],
	] )( '%s in %s at %s → %s', ( timeFormat, locale, time, expected ) => {
		expect(
			formatClock( at( time ), { ...UTC, timeFormat, locale } )
		).toBe( expected );
	} );

	it( 'reads the time in the given time zone', () => {
		expect(
			formatClock( at( '23:30:00' ), {
				timeFormat: 'H:i',
				timeZone: 'Europe/Paris',
			} )
		).toBe( '00:30' );
		expect(
			formatClock( at( '23:30:00' ), {
				timeFormat: 'g:i a',
				timeZone: 'America/New_York',
				locale: 'en_US',
			} )
		).toBe( '7:30 pm' ); // EDT since 9 March
	} );

	it.each( [
		[ 'no format', {} ],
		[ 'an empty format', { timeFormat: '' } ],
		// T (time zone) and j (day) are not time tokens this module knows.
		[ 'an unknown token', { timeFormat: 'g:i a T' } ],
		[ 'a date token', { timeFormat: 'j H:i' } ],
	] as Array< [ string, ClockSettings ] > )(
		'falls back to the locale’s own hours and minutes for %s',
		( _, settings ) => {
			expect(
				formatClock( at( '13:57:00' ), {
					...UTC,
					...settings,
					locale: 'fr-FR',
				} )
			).toBe( '13:57' );
			expect(
				formatClock( at( '13:57:00' ), {
					...UTC,
					...settings,
					locale: 'en-US',
				} )
			).toMatch( /^1:57\sPM$/ ); // ICU may put a narrow space there
		}
	);
} );

describe( 'formatMessageTime', () => {
	const now = at( '18:00:00' );
	it( 'is the clock today and adds the day otherwise', () => {
		const s = { ...UTC, timeFormat: 'H:i', locale: 'fr_FR' };
		expect( formatMessageTime( '2025-03-12T13:57:00Z', now, s ) ).toBe(
			'13:57'
		);
		expect( formatMessageTime( '2025-03-10T13:57:00Z', now, s ) ).toBe(
			'10 mars, 13:57'
		);
		expect(
			formatMessageTime( '2025-03-10T13:57:00Z', now, {
				...UTC,
				timeFormat: 'g:i a',
				locale: 'en_US',
			} )
		).toBe( 'Mar 10, 1:57 pm' );
	} );

	it( 'is empty for an unreadable date', () => {
		expect( formatMessageTime( 'nope', now, UTC ) ).toBe( '' );
	} );
} );

describe( 'toBcp47', () => {
	it( 'turns WordPress locales into tags Intl knows, or nothing', () => {
		expect( toBcp47( 'fr_FR' ) ).toBe( 'fr-FR' );
		expect( toBcp47( 'en' ) ).toBe( 'en' );
		expect( toBcp47( '' ) ).toBeUndefined();
		expect( toBcp47( 'not a locale!' ) ).toBeUndefined();
	} );
} );
