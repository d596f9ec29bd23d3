<?php
/**
 * WP-CLI: `wp handoff-chat status|connect|test|rotate-secret|update-url`.
 *
 * @package HandoffChat
 */

namespace HandoffChat;

use HandoffChat\Bridge\Connection;
use HandoffChat\Health\Connection_Checks;

defined( 'ABSPATH' ) || exit;

// Registered only when WP-CLI runs (Plugin::hooks()). Each command calls the same services as
// Conversations → Settings and Site Health (Connection, Connection_Checks), so all say the same thing. The
// class docblock below is WP-CLI's help text.

/**
 * Connects this site to its Handoff Chat bridge and checks the connection.
 */
final class Cli_Command {

	/**
	 * The command.
	 *
	 * @param Connection|null $connection The connection service; null: the default one.
	 */
	public function __construct( private ?Connection $connection = null ) {
		$this->connection ??= new Connection();
	}

	/**
	 * Shows what this site is connected to, and what the bridge knows about it.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : table or json.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp handoff-chat status
	 *
	 * @param array<int, string>    $args       Positional arguments (none).
	 * @param array<string, string> $assoc_args --format.
	 * @return void
	 */
	public function status( array $args, array $assoc_args ): void {
		$status = $this->connection->status();
		$bridge = $status['bridge'];
		$row    = array(
			'connected'         => $status['configured'] ? 'yes' : 'no',
			'bridge_url'        => $status['bridge_url'],
			'site_id'           => $status['site_id'],
			'site_url'          => $status['home_url'],
			'set_by'            => $status['locked'] ? 'wp-config.php' : 'settings',
			'bridge'            => is_array( $bridge ) ? __( 'reachable, signature accepted', 'handoff-chat' ) : ( is_wp_error( $bridge ) ? $bridge->get_error_message() : '' ),
			'address_on_bridge' => is_array( $bridge ) ? (string) ( $bridge['url'] ?? '' ) : '',
		);
		if ( 'json' === ( $assoc_args['format'] ?? 'table' ) ) {
			\WP_CLI::line( (string) wp_json_encode( $row, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
		} else {
			foreach ( $row as $key => $value ) {
				\WP_CLI::line( str_pad( $key . ':', 20 ) . $value );
			}
		}
		if ( ! $status['configured'] ) {
			\WP_CLI::error( __( 'Not connected. Run: wp handoff-chat connect <code>', 'handoff-chat' ) );
		}
		if ( is_wp_error( $bridge ) ) {
			\WP_CLI::error( $bridge->get_error_message() );
		}
	}

	/**
	 * Connects this site with a one-time code printed by the bridge.
	 *
	 * The code comes from `handoff-bridge sites:create` or `sites:connect-code`. The site id
	 * and secret are stored; the secret is never shown.
	 *
	 * ## OPTIONS
	 *
	 * <code>
	 * : The connection code (hc1_…).
	 *
	 * ## EXAMPLES
	 *
	 *     wp handoff-chat connect hc1_…
	 *
	 * @param array<int, string>    $args       The code.
	 * @param array<string, string> $assoc_args None.
	 * @return void
	 */
	public function connect( array $args, array $assoc_args ): void {
		$result = $this->connection->connect( (string) ( $args[0] ?? '' ) );
		if ( is_wp_error( $result ) ) {
			\WP_CLI::error( $result->get_error_message() );
		}
		\WP_CLI::success(
			sprintf(
				/* translators: 1: the bridge URL; 2: the site id on the bridge. */
				__( 'Connected to the bridge at %1$s as site %2$s. This site\'s address was sent to the bridge.', 'handoff-chat' ),
				$result['bridge_url'],
				$result['site_id']
			)
		);
	}

	/**
	 * Runs the server's connection checks (those of Site Health): settings, WordPress → bridge,
	 * the realtime WebSocket, bridge → WordPress.
	 *
	 * The bridge check signs an advisor token for the current user (`--user=<id|login>`), or
	 * for the first user who manages Handoff Chat. Fails when a check is critical.
	 *
	 * ## EXAMPLES
	 *
	 *     wp handoff-chat test
	 *
	 * @param array<int, string>    $args       None.
	 * @param array<string, string> $assoc_args None.
	 * @return void
	 */
	public function test( array $args, array $assoc_args ): void {
		$marks    = array(
			Connection_Checks::GOOD        => '✔',
			Connection_Checks::RECOMMENDED => '!',
			Connection_Checks::CRITICAL    => '✘',
		);
		$critical = 0;
		foreach ( ( new Connection_Checks() )->run() as $row ) {
			$critical += Connection_Checks::CRITICAL === $row['status'] ? 1 : 0;
			\WP_CLI::line( sprintf( '%s %s', $marks[ $row['status'] ] ?? '?', $row['label'] ) );
			foreach ( array( $row['cause'], $row['action'] ) as $detail ) {
				if ( '' !== $detail ) {
					\WP_CLI::line( '  ' . $detail );
				}
			}
		}
		if ( $critical > 0 ) {
			\WP_CLI::error( __( 'The connection test failed.', 'handoff-chat' ) );
		}
		\WP_CLI::success( __( 'The connection works.', 'handoff-chat' ) );
	}

	/**
	 * Asks the bridge for a new site secret (signed with the current one) and stores it.
	 *
	 * @subcommand rotate-secret
	 *
	 * @param array<int, string>    $args       None.
	 * @param array<string, string> $assoc_args None.
	 * @return void
	 */
	public function rotate_secret( array $args, array $assoc_args ): void {
		$result = $this->connection->rotate_secret();
		if ( is_wp_error( $result ) ) {
			\WP_CLI::error( $result->get_error_message() );
		}
		\WP_CLI::success( __( 'The bridge issued a new secret and this site saved it. The previous secret no longer works: visitors who were chatting start a new session.', 'handoff-chat' ) );
	}

	/**
	 * Sends this site's address (home_url) to the bridge, for escalation emails' links.
	 *
	 * @subcommand update-url
	 *
	 * @param array<int, string>    $args       None.
	 * @param array<string, string> $assoc_args None.
	 * @return void
	 */
	public function update_url( array $args, array $assoc_args ): void {
		$result = $this->connection->update_site_url();
		if ( is_wp_error( $result ) ) {
			\WP_CLI::error( $result->get_error_message() );
		}
		\WP_CLI::success(
			sprintf(
				/* translators: %s: this site's address, such as https://example.com. */
				__( 'The bridge now has this site\'s address: %s', 'handoff-chat' ),
				(string) ( $result['url'] ?? '' )
			)
		);
	}
}
