<?php
/**
 * What the connection checks remember between requests.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Three options, none autoloaded: the last check run from an administrator's browser, the
 * last `ping` the bridge delivered to the notify endpoint, and the bridge's version as its
 * last answer gave it.
 */
final class Check_Store {

	public const BROWSER_OPTION = 'handoff_chat_browser_check';
	public const PING_OPTION    = 'handoff_chat_notify_ping';
	public const VERSION_OPTION = 'handoff_chat_bridge_version';

	/** Results kept from a browser check. */
	private const MAX_RESULTS = 20;

	/**
	 * Keeps the results of a browser check (texts as the administrator saw them).
	 *
	 * @param array  $results List of { id, ok, label, cause, action } from the browser.
	 * @param string $realtime The WebSocket address the browser tried (e.g. wss://chat.example.com:443).
	 * @param int    $user_id Who ran it.
	 * @return array The stored record.
	 */
	public static function save_browser_check( array $results, string $realtime, int $user_id ): array {
		$clean = array();
		foreach ( array_slice( $results, 0, self::MAX_RESULTS ) as $row ) {
			if ( ! is_array( $row ) ) {
				continue;
			}
			$clean[] = array(
				'id'     => sanitize_key( (string) ( $row['id'] ?? '' ) ),
				'ok'     => true === ( $row['ok'] ?? null ),
				'label'  => sanitize_text_field( (string) ( $row['label'] ?? '' ) ),
				'cause'  => sanitize_text_field( (string) ( $row['cause'] ?? '' ) ),
				'action' => sanitize_text_field( (string) ( $row['action'] ?? '' ) ),
			);
		}
		$record = array(
			'at'       => time(),
			'user'     => $user_id,
			'ok'       => array() !== $clean && ! in_array( false, array_column( $clean, 'ok' ), true ),
			'realtime' => sanitize_text_field( $realtime ),
			'results'  => $clean,
		);
		update_option( self::BROWSER_OPTION, $record, false );
		return $record;
	}

	/**
	 * The last browser check, or null.
	 *
	 * @return array{at: int, user: int, ok: bool, realtime: string, results: list<array{id: string, ok: bool, label: string, cause: string, action: string}>}|null
	 */
	public static function browser_check(): ?array {
		$record = get_option( self::BROWSER_OPTION );
		return is_array( $record ) && isset( $record['at'], $record['results'] ) ? $record : null;
	}

	/**
	 * The notify endpoint received a ping: remember its token.
	 *
	 * @param string $token The token the bridge echoed.
	 * @return void
	 */
	public static function record_ping( string $token ): void {
		update_option(
			self::PING_OPTION,
			array(
				'token' => $token,
				'at'    => time(),
			),
			false
		);
	}

	/**
	 * The token of the last ping received, read from the database: it was written by
	 * another request (the bridge's call) while this one waited.
	 *
	 * @return string
	 */
	public static function last_ping_token(): string {
		wp_cache_delete( self::PING_OPTION, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
		$ping = get_option( self::PING_OPTION );
		return is_array( $ping ) && isset( $ping['token'] ) ? (string) $ping['token'] : '';
	}

	/**
	 * Remembers the bridge's version.
	 *
	 * @param string $version As the bridge gave it.
	 * @return void
	 */
	public static function save_bridge_version( string $version ): void {
		update_option( self::VERSION_OPTION, sanitize_text_field( $version ), false );
	}

	/**
	 * The bridge's version as last seen, or ''.
	 *
	 * @return string
	 */
	public static function bridge_version(): string {
		return (string) get_option( self::VERSION_OPTION, '' );
	}

	/**
	 * Uninstall: forgets everything.
	 *
	 * @return void
	 */
	public static function delete_all(): void {
		delete_option( self::BROWSER_OPTION );
		delete_option( self::PING_OPTION );
		delete_option( self::VERSION_OPTION );
	}
}
