<?php
/**
 * Router for `php -S` serving a WordPress tree: what Apache's .htaccess does on a host.
 * Existing files are served (PHP ones run) by the built-in server itself, folders such as
 * /wp-admin/ run their index.php, anything else goes to /index.php (pretty permalinks,
 * /wp-json/). Private files in the tree (database, logs, dotfiles) are never served.
 */

$root = rtrim( $_SERVER['DOCUMENT_ROOT'], '/' );
$path = '/' . ltrim( rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) ), '/' );

// The SQLite database, debug.log, server.log and .ht* files live inside the document root.
if (
	str_contains( $path, '/.' )
	|| str_contains( $path, "\0" )
	|| preg_match( '#\.(log|sqlite|sqlite3|db)$#i', $path )
	|| str_starts_with( $path, '/wp-content/database' )
	|| '/wp-config.php' === $path
) {
	http_response_code( 404 );
	exit;
}

$file   = $root . $path;
$script = '/index.php';

if ( is_dir( $file ) ) {
	// Relative links in wp-admin only work under the trailing-slash URL.
	if ( ! str_ends_with( $path, '/' ) ) {
		$query = isset( $_SERVER['QUERY_STRING'] ) && '' !== $_SERVER['QUERY_STRING'] ? '?' . $_SERVER['QUERY_STRING'] : '';
		header( 'Location: ' . $path . '/' . $query, true, 301 );
		exit;
	}
	if ( is_file( $file . 'index.php' ) ) {
		$script = $path . 'index.php';
	}
} elseif ( is_file( $file ) ) {
	// The built-in server runs .php files and serves static ones with the right type.
	return false;
}

// Required at the top level, not in a function: WordPress expects its files to run in global scope.
// $pagenow and friends come from PHP_SELF.
$_SERVER['SCRIPT_NAME']     = $script;
$_SERVER['PHP_SELF']        = $script;
$_SERVER['SCRIPT_FILENAME'] = $root . $script;
chdir( dirname( $root . $script ) );
// No variables of ours leak into WordPress's global scope.
unset( $root, $path, $file, $script, $query );
require $_SERVER['SCRIPT_FILENAME'];
