import {
	DEFAULT_HOURS,
	isOpenAt,
	nextOpeningAt,
	openingHoursSchema,
	WEEKDAYS,
	type OpeningHours,
} from './opening-hours';
import { settingsBody } from './settings';
import {
	normaliseLocale,
	replyByEmailBody,
	startConversationBody,
} from './api';

const at = ( iso: string ) => new Date( iso );

/** No opening hours on any day. */
const CLOSED_WEEK = Object.fromEntries(
	WEEKDAYS.map( ( d ) => [ d, [] ] )
) as unknown as OpeningHours[ 'weekly' ];

const hours = ( over: Partial< OpeningHours > ): OpeningHours => ( {
	...DEFAULT_HOURS,
	enabled: true,
	...over,
} );

const paris = hours( { timeZone: 'Europe/Paris' } );

describe( 'isOpenAt', () => {
	it( 'is always open when hours are disabled', () => {
		const closed = hours( {
			enabled: false,
			weekly: CLOSED_WEEK,
		} );
		expect( isOpenAt( closed, at( '2026-12-05T03:00:00Z' ) ) ).toBe( true );
		expect(
			nextOpeningAt( closed, at( '2026-12-05T03:00:00Z' ) )
		).toBeNull();
	} );

	it( 'reads the weekly ranges in the time zone, from inclusive, to exclusive', () => {
		// Monday 7 December 2026; Paris is UTC+1 in winter.
		expect( isOpenAt( paris, at( '2026-12-07T07:59:59Z' ) ) ).toBe( false );
		expect( isOpenAt( paris, at( '2026-12-07T08:00:00Z' ) ) ).toBe( true );
		expect( isOpenAt( paris, at( '2026-12-07T16:59:00Z' ) ) ).toBe( true );
		expect( isOpenAt( paris, at( '2026-12-07T17:00:00Z' ) ) ).toBe( false );
		// Saturday: closed.
		expect( isOpenAt( paris, at( '2026-12-05T10:00:00Z' ) ) ).toBe( false );
		// The same instant is Monday 09:30 in Paris but Sunday 22:30 in Los Angeles.
		const la = hours( { timeZone: 'America/Los_Angeles' } );
		expect( isOpenAt( paris, at( '2026-12-07T08:30:00Z' ) ) ).toBe( true );
		expect( isOpenAt( la, at( '2026-12-07T08:30:00Z' ) ) ).toBe( false );
	} );

	it( 'follows Europe/Paris across both daylight-saving changes', () => {
		// Summer (UTC+2): Monday 30 March 2026, the day after the March change.
		expect( isOpenAt( paris, at( '2026-03-30T06:59:00Z' ) ) ).toBe( false );
		expect( isOpenAt( paris, at( '2026-03-30T07:00:00Z' ) ) ).toBe( true );
		expect( isOpenAt( paris, at( '2026-03-30T15:59:00Z' ) ) ).toBe( true );
		expect( isOpenAt( paris, at( '2026-03-30T16:00:00Z' ) ) ).toBe( false );
		// Winter again (UTC+1): Monday 26 October 2026, the day after the October change.
		expect( isOpenAt( paris, at( '2026-10-26T07:59:00Z' ) ) ).toBe( false );
		expect( isOpenAt( paris, at( '2026-10-26T08:00:00Z' ) ) ).toBe( true );
		expect( isOpenAt( paris, at( '2026-10-26T16:59:00Z' ) ) ).toBe( true );
		expect( isOpenAt( paris, at( '2026-10-26T17:00:00Z' ) ) ).toBe( false );
	} );

	it( 'handles a zone with a :30 offset (Asia/Kolkata, UTC+5:30)', () => {
		const kolkata = hours( { timeZone: 'Asia/Kolkata' } );
		// Monday 7 December 2026 09:00 in Kolkata is 03:30 UTC.
		expect( isOpenAt( kolkata, at( '2026-12-07T03:29:00Z' ) ) ).toBe(
			false
		);
		expect( isOpenAt( kolkata, at( '2026-12-07T03:30:00Z' ) ) ).toBe(
			true
		);
		expect( isOpenAt( kolkata, at( '2026-12-07T12:29:00Z' ) ) ).toBe(
			true
		);
		expect( isOpenAt( kolkata, at( '2026-12-07T12:30:00Z' ) ) ).toBe(
			false
		);
	} );

	it( 'lets an exception replace the weekday, closed or with its own ranges', () => {
		const h = hours( {
			timeZone: 'Europe/Paris',
			exceptions: [
				{ date: '2026-12-25', ranges: [], label: 'Christmas' },
				{
					date: '2026-12-26',
					ranges: [ { from: '10:00', to: '12:00' } ],
				},
			],
		} );
		// Friday 25 December: closed all day.
		expect( isOpenAt( h, at( '2026-12-25T10:00:00Z' ) ) ).toBe( false );
		// Saturday 26 December: open 10:00–12:00 Paris.
		expect( isOpenAt( h, at( '2026-12-26T09:00:00Z' ) ) ).toBe( true );
		expect( isOpenAt( h, at( '2026-12-26T11:00:00Z' ) ) ).toBe( false );
	} );

	it( 'reads a range to 24:00 as open until midnight', () => {
		const h = hours( {
			timeZone: 'UTC',
			weekly: {
				...DEFAULT_HOURS.weekly,
				mon: [ { from: '20:00', to: '24:00' } ],
			},
		} );
		expect( isOpenAt( h, at( '2026-12-07T23:59:59Z' ) ) ).toBe( true );
		// Tuesday 00:00: its own ranges (09:00–18:00).
		expect( isOpenAt( h, at( '2026-12-08T00:00:00Z' ) ) ).toBe( false );
	} );
} );

describe( 'nextOpeningAt', () => {
	it( 'is null while open', () => {
		expect(
			nextOpeningAt( paris, at( '2026-12-07T09:00:00Z' ) )
		).toBeNull();
	} );

	it( 'finds the next range start: later today, or after a weekend', () => {
		// Monday 07:00 Paris → 09:00 Paris (08:00 UTC).
		expect(
			nextOpeningAt( paris, at( '2026-12-07T06:00:00Z' ) )?.toISOString()
		).toBe( '2026-12-07T08:00:00.000Z' );
		// Friday 19:00 Paris → Monday 09:00 Paris.
		expect(
			nextOpeningAt( paris, at( '2026-12-04T18:00:00Z' ) )?.toISOString()
		).toBe( '2026-12-07T08:00:00.000Z' );
		// A second range the same day.
		const split = hours( {
			timeZone: 'Europe/Paris',
			weekly: {
				...DEFAULT_HOURS.weekly,
				mon: [
					{ from: '14:00', to: '18:00' },
					{ from: '09:00', to: '12:00' },
				],
			},
		} );
		expect(
			nextOpeningAt( split, at( '2026-12-07T11:30:00Z' ) )?.toISOString()
		).toBe( '2026-12-07T13:00:00.000Z' );
	} );

	it( 'crosses the March change in Europe/Paris', () => {
		// Saturday 28 March 2026 19:00 (UTC+1) → Monday 30 March 09:00 (UTC+2).
		expect(
			nextOpeningAt( paris, at( '2026-03-28T18:00:00Z' ) )?.toISOString()
		).toBe( '2026-03-30T07:00:00.000Z' );
		// A range starting in the skipped hour (02:00–03:00 on Sunday 29 March) opens at 03:00 (01:00 UTC).
		const night = hours( {
			timeZone: 'Europe/Paris',
			weekly: {
				...DEFAULT_HOURS.weekly,
				sun: [ { from: '02:30', to: '06:00' } ],
			},
		} );
		expect(
			nextOpeningAt( night, at( '2026-03-28T20:00:00Z' ) )?.toISOString()
		).toBe( '2026-03-29T01:00:00.000Z' );
		expect( isOpenAt( night, at( '2026-03-29T01:00:00Z' ) ) ).toBe( true );
	} );

	it( 'crosses the October change in Europe/Paris', () => {
		// Saturday 24 October 2026 19:00 (UTC+2) → Monday 26 October 09:00 (UTC+1).
		expect(
			nextOpeningAt( paris, at( '2026-10-24T17:00:00Z' ) )?.toISOString()
		).toBe( '2026-10-26T08:00:00.000Z' );
		// A range from 02:30, a time that happens twice on Sunday 25 October: the first one (UTC+2).
		const night = hours( {
			timeZone: 'Europe/Paris',
			weekly: {
				...DEFAULT_HOURS.weekly,
				sun: [ { from: '02:30', to: '06:00' } ],
			},
		} );
		expect(
			nextOpeningAt( night, at( '2026-10-24T20:00:00Z' ) )?.toISOString()
		).toBe( '2026-10-25T00:30:00.000Z' );
	} );

	it( 'finds a :30 zone opening (Asia/Kolkata)', () => {
		const kolkata = hours( { timeZone: 'Asia/Kolkata' } );
		// Saturday 5 December 2026 12:00 Kolkata → Monday 09:00 Kolkata = 03:30 UTC.
		expect(
			nextOpeningAt(
				kolkata,
				at( '2026-12-05T06:30:00Z' )
			)?.toISOString()
		).toBe( '2026-12-07T03:30:00.000Z' );
	} );

	it( 'skips an exception closing a day, and is null when nothing opens within 14 days', () => {
		const h = hours( {
			timeZone: 'UTC',
			exceptions: [ { date: '2026-12-07', ranges: [] } ],
		} );
		expect(
			nextOpeningAt( h, at( '2026-12-05T12:00:00Z' ) )?.toISOString()
		).toBe( '2026-12-08T09:00:00.000Z' );
		const never = hours( {
			weekly: CLOSED_WEEK,
		} );
		expect( isOpenAt( never, at( '2026-12-07T10:00:00Z' ) ) ).toBe( false );
		expect(
			nextOpeningAt( never, at( '2026-12-07T10:00:00Z' ) )
		).toBeNull();
	} );
} );

describe( 'openingHoursSchema', () => {
	const first = ( value: unknown ) => {
		const r = settingsBody.safeParse( { hours: value } );
		if ( r.success ) {
			return null;
		}
		const i = r.error.issues[ 0 ];
		return `${ i.path.join( '.' ) }: ${ i.message }`;
	};
	const weekly = ( mon: unknown ) => ( { ...DEFAULT_HOURS.weekly, mon } );

	it( 'accepts the defaults and a full week', () => {
		expect( openingHoursSchema.safeParse( DEFAULT_HOURS ).success ).toBe(
			true
		);
		expect(
			first( {
				...DEFAULT_HOURS,
				enabled: true,
				timeZone: 'Asia/Kolkata',
				weekly: weekly( [
					{ from: '00:00', to: '08:00' },
					{ from: '20:00', to: '24:00' },
				] ),
				exceptions: [
					{ date: '2026-12-25', ranges: [], label: ' Noël ' },
				],
			} )
		).toBeNull();
	} );

	it( 'refuses what cannot be hours, with messages naming the field', () => {
		expect( first( { ...DEFAULT_HOURS, timeZone: 'Mars/Olympus' } ) ).toBe(
			'hours.timeZone: unknown time zone'
		);
		expect(
			first( {
				...DEFAULT_HOURS,
				weekly: weekly( [ { from: '18:00', to: '09:00' } ] ),
			} )
		).toBe( 'hours.weekly.mon.0: to must be after from' );
		expect(
			first( {
				...DEFAULT_HOURS,
				weekly: weekly( [ { from: '9:00', to: '12:00' } ] ),
			} )
		).toBe( 'hours.weekly.mon.0.from: a time as HH:MM (00:00 to 23:59)' );
		expect(
			first( {
				...DEFAULT_HOURS,
				weekly: weekly( [
					{ from: '09:00', to: '12:00' },
					{ from: '11:00', to: '14:00' },
				] ),
			} )
		).toBe( 'hours.weekly.mon.1: ranges of a day must not overlap' );
		expect(
			first( {
				...DEFAULT_HOURS,
				weekly: weekly(
					[ '01', '03', '05', '07', '09' ].map( ( h ) => ( {
						from: `${ h }:00`,
						to: `${ h }:30`,
					} ) )
				),
			} )
		).toBe( 'hours.weekly.mon: at most 4 ranges a day' );
		expect(
			first( {
				...DEFAULT_HOURS,
				exceptions: [
					{ date: '2026-12-25', ranges: [] },
					{ date: '2026-12-25', ranges: [] },
				],
			} )
		).toBe( 'hours.exceptions.1.date: duplicate date 2026-12-25' );
		expect(
			first( {
				...DEFAULT_HOURS,
				exceptions: [ { date: '2026-02-30', ranges: [] } ],
			} )
		).toBe( 'hours.exceptions.0.date: a date as YYYY-MM-DD' );
		expect(
			first( { ...DEFAULT_HOURS, weekly: { mon: [] } } )
		).not.toBeNull();
	} );
} );

describe( 'conversation start: locale and offline form', () => {
	it( 'normalises a language tag to a WordPress locale, else refuses it', () => {
		expect( normaliseLocale( 'fr-FR' ) ).toBe( 'fr_FR' );
		expect( normaliseLocale( 'fr_fr' ) ).toBe( 'fr_FR' );
		expect( normaliseLocale( 'FR' ) ).toBe( 'fr' );
		expect( normaliseLocale( 'de-DE-formal' ) ).toBe( 'de_DE' );
		expect( normaliseLocale( 'es-419' ) ).toBe( 'es_419' );
		expect( normaliseLocale( 'français' ) ).toBeNull();
		expect( normaliseLocale( 'fr-FR-' + 'x'.repeat( 20 ) ) ).toBeNull();
		expect(
			startConversationBody.parse( { locale: 'pt-BR' } ).locale
		).toBe( 'pt_BR' );
		expect(
			startConversationBody.safeParse( { locale: '<script>' } ).success
		).toBe( false );
	} );

	it( 'checks the question and the email like the bot checks an email answer', () => {
		expect(
			startConversationBody.parse( {
				offline: { question: '  Price?  ', email: ' lea@example.fr ' },
			} ).offline
		).toEqual( { question: 'Price?', email: 'lea@example.fr' } );
		for ( const offline of [
			{ question: '  ', email: 'lea@example.fr' },
			{ question: 'Price?', email: 'lea@example' },
			{ question: 'x'.repeat( 4001 ), email: 'lea@example.fr' },
		] ) {
			expect(
				startConversationBody.safeParse( { offline } ).success
			).toBe( false );
		}
		expect( replyByEmailBody.safeParse( { email: 'nope' } ).success ).toBe(
			false
		);
	} );
} );
