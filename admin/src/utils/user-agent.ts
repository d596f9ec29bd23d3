/** A readable summary of a browser's User-Agent, e.g. "Chrome on Android"; null when unknown. */
import { __, sprintf } from '@wordpress/i18n';

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: Array< [ RegExp, string ] > = [
	[ /Edg(e|A|iOS)?\//, 'Edge' ],
	[ /OPR\/|Opera/, 'Opera' ],
	[ /SamsungBrowser\//, 'Samsung Internet' ],
	[ /Firefox\/|FxiOS\//, 'Firefox' ],
	[ /CriOS\/|Chrome\/|Chromium\//, 'Chrome' ],
	[ /Safari\//, 'Safari' ],
];

const SYSTEMS: Array< [ RegExp, string ] > = [
	[ /Android/, 'Android' ],
	[ /iPhone|iPad|iPod/, 'iOS' ],
	[ /CrOS/, 'ChromeOS' ],
	[ /Windows/, 'Windows' ],
	[ /Mac OS X|Macintosh/, 'macOS' ],
	[ /Linux/, 'Linux' ],
];

const find = ( ua: string, table: Array< [ RegExp, string ] > ) =>
	table.find( ( [ re ] ) => re.test( ua ) )?.[ 1 ] ?? null;

export function describeUserAgent(
	ua: string | null | undefined
): string | null {
	if ( ! ua ) {
		return null;
	}
	const browser = find( ua, BROWSERS );
	const system = find( ua, SYSTEMS );
	if ( browser && system ) {
		return sprintf(
			/* translators: 1: a browser, e.g. Chrome; 2: an operating system, e.g. Android. */
			__( '%1$s on %2$s', 'handoff-chat' ),
			browser,
			system
		);
	}
	return browser ?? system;
}
