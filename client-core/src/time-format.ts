/**
 * Message times as WordPress writes them: the site's `time_format` option (PHP date tokens)
 * in the reader's language. The widget and the inbox both format through here, so a visitor
 * and an advisor read the same clock ("1:57 am", "13:57", "13 h 57") by construction. Small on
 * purpose (no moment, no @wordpress/date): the widget's chat panel ships it.
 */

export interface ClockSettings {
	/**
	 * WordPress's `time_format` option, e.g. `g:i a`, `H:i`, `G \h i`. Tokens `g G h H i s a A`
	 * and backslash-escaped characters; any other letter (a timezone, a date token…) or an
	 * empty format: the locale's own hours and minutes.
	 */
	timeFormat?: string;
	/** BCP 47 tag (`fr-FR`) or a WordPress locale (`fr_FR`); absent or unknown: the browser's. */
	locale?: string;
	/** IANA time zone; absent: the reader's own (tests pin one). */
	timeZone?: string;
}

type Token = { literal: string } | { token: string };

const TOKENS = new Set( [ 'g', 'G', 'h', 'H', 'i', 's', 'a', 'A' ] );
const parsed = new Map< string, Token[] | null >();
const formatters = new Map< string, Intl.DateTimeFormat >();

/** `fr_FR` → `fr-FR`; a tag Intl rejects → undefined (the browser's). */
export function toBcp47( locale: string | undefined ): string | undefined {
	if ( ! locale ) {
		return undefined;
	}
	const tag = locale.replace( /_/g, '-' );
	try {
		return Intl.DateTimeFormat.supportedLocalesOf( [ tag ] ).length
			? tag
			: undefined;
	} catch {
		return undefined;
	}
}

/** The format's pieces, or null when it has a letter this module does not know. */
function parse( format: string ): Token[] | null {
	let tokens = parsed.get( format );
	if ( tokens !== undefined ) {
		return tokens;
	}
	tokens = [];
	for ( let i = 0; i < format.length; i++ ) {
		const ch = format[ i ];
		if ( ch === '\\' ) {
			i++;
			if ( i < format.length ) {
				tokens.push( { literal: format[ i ] } );
			}
		} else if ( TOKENS.has( ch ) ) {
			tokens.push( { token: ch } );
		} else if ( /[A-Za-z]/.test( ch ) ) {
			tokens = null;
			break;
		} else {
			tokens.push( { literal: ch } );
		}
	}
	parsed.set( format, tokens );
	return tokens;
}

function formatter(
	locale: string | undefined,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	const key = JSON.stringify( [ locale ?? '', options ] );
	let f = formatters.get( key );
	if ( ! f ) {
		try {
			f = new Intl.DateTimeFormat( locale, options );
		} catch {
			// An unknown time zone: the reader's own.
			f = new Intl.DateTimeFormat( locale, {
				...options,
				timeZone: undefined,
			} );
		}
		formatters.set( key, f );
	}
	return f;
}

const part = ( f: Intl.DateTimeFormat, d: Date, type: string ) =>
	f.formatToParts( d ).find( ( p ) => p.type === type )?.value ?? '';

const pad = ( n: number ) => String( n ).padStart( 2, '0' );

/** The time of `date` per `settings.timeFormat`, e.g. "1:57 am" for `g:i a`. */
export function formatClock(
	date: Date,
	settings: ClockSettings = {}
): string {
	const locale = toBcp47( settings.locale );
	const { timeZone } = settings;
	const tokens = settings.timeFormat ? parse( settings.timeFormat ) : null;
	if ( ! tokens ) {
		return formatter( locale, {
			hour: 'numeric',
			minute: '2-digit',
			timeZone,
		} ).format( date );
	}
	const clock = formatter( 'en-US', {
		hourCycle: 'h23',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		timeZone,
	} );
	const hours = Number( part( clock, date, 'hour' ) ) % 24;
	const minutes = Number( part( clock, date, 'minute' ) );
	const seconds = Number( part( clock, date, 'second' ) );
	const twelve = hours % 12 || 12;
	let out = '';
	for ( const t of tokens ) {
		if ( 'literal' in t ) {
			out += t.literal;
			continue;
		}
		switch ( t.token ) {
			case 'g':
				out += String( twelve );
				break;
			case 'h':
				out += pad( twelve );
				break;
			case 'G':
				out += String( hours );
				break;
			case 'H':
				out += pad( hours );
				break;
			case 'i':
				out += pad( minutes );
				break;
			case 's':
				out += pad( seconds );
				break;
			default: {
				// am/pm in the reader's language, as WordPress's translated meridiem.
				const period =
					part(
						formatter( locale, {
							hour: 'numeric',
							hour12: true,
							timeZone,
						} ),
						date,
						'dayPeriod'
					) || ( hours < 12 ? 'AM' : 'PM' );
				out +=
					t.token === 'a'
						? period.toLocaleLowerCase( locale )
						: period.toLocaleUpperCase( locale );
			}
		}
	}
	return out;
}

/**
 * What a message shows under it: its time today, "12 Mar, 1:57 am" another day; '' for an
 * unreadable date.
 * @param iso      ISO 8601 date of the message.
 * @param now      What "today" is.
 * @param settings WordPress's time format and the reader's locale.
 */
export function formatMessageTime(
	iso: string,
	now: Date,
	settings: ClockSettings = {}
): string {
	const d = new Date( iso );
	if ( Number.isNaN( d.getTime() ) ) {
		return '';
	}
	const clock = formatClock( d, settings );
	const day = formatter( 'en-CA', {
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		timeZone: settings.timeZone,
	} );
	if ( day.format( d ) === day.format( now ) ) {
		return clock;
	}
	const date = formatter( toBcp47( settings.locale ), {
		day: 'numeric',
		month: 'short',
		timeZone: settings.timeZone,
	} ).format( d );
	return `${ date }, ${ clock }`;
}
