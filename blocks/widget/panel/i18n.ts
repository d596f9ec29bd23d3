/**
 * The i18n functions of the panel's views, as plain local bindings. Imported straight from
 * `@wordpress/i18n` (an external: `wp.i18n`), every call is built as `(0,x.__)( … )` and
 * its translators comment printed twice; through these bindings a call is `__( … )` with
 * its comment once, right before it (as WP-CLI's make-pot reads the built file), and the
 * chunk is smaller. Same functions: `wp.i18n`'s are bound to the default i18n instance
 * that `wp_set_script_translations()` fills.
 */
import * as i18n from '@wordpress/i18n';

export const { __, _n, sprintf } = i18n;
