/**
 * The panel's own gettext, on Tannin as inside `@wordpress/i18n`: the widget puts no
 * `wp-i18n` script (5 KB gzipped, with `wp-hooks`) on the site's pages. Its translations are
 * the JSON file WordPress would print for the view script, fetched next to this chunk
 * (launcher.ts `loadPanelChunk`) and handed to setLocaleData() before the panel draws.
 *
 * Plain local bindings, so a call is built as `__( … )` with its translators comment right
 * before it, as WP-CLI's make-pot reads the built file.
 */
// @wordpress/i18n's own engine and printf, without its hooks and global registry.
import Tannin from 'tannin';
import formatPrintf from '@tannin/sprintf';

/** The widget's only text domain: every call names it, as the i18n lint rules ask. */
const DOMAIN = 'handoff-chat';

/** English until translations arrive: one form for 1, another for the rest. */
const ENGLISH = { plural_forms: ( n: number ) => ( n === 1 ? 0 : 1 ) };

type LocaleData = Record< string, any >;

let tannin = new Tannin( { [ DOMAIN ]: { '': ENGLISH } } );

/**
 * Takes a translation file (Jed 1.x, as `wp i18n make-json` writes it); anything else
 * leaves the English source strings.
 * @param json The parsed file: `{ locale_data: { messages | handoff-chat: … } }`.
 */
export function setLocaleData( json: unknown ): void {
	const all = (
		json as { locale_data?: Record< string, LocaleData > } | null
	 )?.locale_data;
	const data = all?.[ DOMAIN ] ?? all?.messages;
	if ( data && typeof data === 'object' ) {
		tannin = new Tannin( {
			[ DOMAIN ]: { ...data, '': { ...ENGLISH, ...data[ '' ] } },
		} );
	}
}

export const __ = ( text: string, _domain: string ): string =>
	tannin.dcnpgettext( DOMAIN, undefined, text );

export const _n = (
	single: string,
	plural: string,
	count: number,
	_domain: string
): string => tannin.dcnpgettext( DOMAIN, undefined, single, plural, count );

/**
 * printf, as `@wordpress/i18n`'s: a broken translation shows its format rather than throwing.
 * @param format The format.
 * @param args   Its values.
 */
export function sprintf( format: string, ...args: unknown[] ): string {
	try {
		// The array form: the values are not typed against the format here.
		return ( formatPrintf as ( f: string, a: unknown[] ) => string )(
			format,
			args
		);
	} catch {
		return format;
	}
}
