<?php
/**
 * The part of WP-CLI's static API the plugin's command uses, recording what it prints.
 *
 * @package HandoffChat
 */

// phpcs:disable Generic.Files.OneObjectStructurePerFile.MultipleFound, WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedClassFound -- WP-CLI's own class name, stood in for, and its exit.

/**
 * WP_CLI::error() exits the process; here it throws this instead.
 */
class WP_CLI_Stand_In_Exit extends \RuntimeException {}

if ( ! class_exists( 'WP_CLI' ) ) {
	/**
	 * Records line(), success(), warning() and error() as "kind: message".
	 */
	class WP_CLI {

		/**
		 * What was printed, each line as "kind: message".
		 *
		 * @var list<string>
		 */
		public static array $out = array();

		/**
		 * Prints a line.
		 *
		 * @param string $message Text.
		 */
		public static function line( string $message = '' ): void {
			self::$out[] = 'line: ' . $message;
		}

		/**
		 * Prints "Success: …".
		 *
		 * @param string $message Text.
		 */
		public static function success( string $message ): void {
			self::$out[] = 'success: ' . $message;
		}

		/**
		 * Prints "Warning: …".
		 *
		 * @param string $message Text.
		 */
		public static function warning( string $message ): void {
			self::$out[] = 'warning: ' . $message;
		}

		/**
		 * Prints "Error: …" and exits (unless $exit is false).
		 *
		 * @param string $message Text.
		 * @param bool   $exit    Whether to exit.
		 * @throws WP_CLI_Stand_In_Exit When exiting.
		 */
		public static function error( string $message, bool $exit = true ): void {
			self::$out[] = 'error: ' . $message;
			if ( $exit ) {
				throw new WP_CLI_Stand_In_Exit( $message );
			}
		}
	}
}
