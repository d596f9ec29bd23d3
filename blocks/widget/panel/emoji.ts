/**
 * Its own module so that the launcher, on every page, imports no gettext with it (dom.ts does).
 *
 * WordPress's emoji script (wp-emoji.js, twemoji) leaves alone the elements carrying this
 * class. It checks the class only on the elements *below* the node it parses, and its
 * MutationObserver parses every node the panel inserts (a message row, the panel itself):
 * the class on the widget's root alone would not keep a new row's emoji as text. Hence on
 * every element built in dom.ts, so that whatever the panel inserts, the text under it is skipped.
 */
export const EXCLUDE_EMOJI = 'wp-exclude-emoji';
