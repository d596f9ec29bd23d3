<?php
/**
 * An avatar without Gravatar: the initials given in the query on a coloured disc, as SVG.
 * Installed by scripts/wp/site.mjs as wp-content/mu-plugins/handoff-demo/avatar.php on
 * local sites (WordPress does not load files in mu-plugins' subfolders); the URLs come from
 * the `pre_get_avatar_data` filter of handoff-demo.php. Runs without loading WordPress.
 */

$handoff_initials = isset( $_GET['initials'] ) && is_string( $_GET['initials'] ) ? $_GET['initials'] : '';
// Two letters or digits at most; anything else is not an initial.
$handoff_initials = preg_match( '/^[\p{L}\p{N}]{1,2}$/u', $handoff_initials ) ? $handoff_initials : '?';
$handoff_hue      = isset( $_GET['hue'] ) && is_numeric( $_GET['hue'] ) ? ( (int) $_GET['hue'] ) % 360 : 210;

header( 'Content-Type: image/svg+xml; charset=utf-8' );
header( 'X-Content-Type-Options: nosniff' );
// The URL says everything the picture shows.
header( 'Cache-Control: public, max-age=31536000, immutable' );
printf(
	'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
	. '<circle cx="32" cy="32" r="32" fill="hsl(%d, 45%%, 38%%)"/>'
	. '<text x="32" y="32" dy=".35em" text-anchor="middle" fill="#fff" font-family="-apple-system, BlinkMacSystemFont, \'Segoe UI\', Roboto, sans-serif" font-size="26" font-weight="600">%s</text>'
	. '</svg>',
	(int) $handoff_hue,
	htmlspecialchars( $handoff_initials, ENT_QUOTES | ENT_XML1, 'UTF-8' )
);
