<?php
/**
 * Connecting this site to its bridge: the code exchange, the secret rotation, the site's
 * address and the connection's status.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Bridge;

use HandoffChat\Plugin;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * One place for what Conversations → Settings and `wp handoff-chat` do with the connection
 * (docs/api.md, "Connecting WordPress"). The secret only ever travels from the bridge to
 * the options here: it is never printed, and the administrator never copies it.
 */
final class Connection {

	public const CONNECT_PATH = '/v1/connect';
	public const SITE_PATH    = '/v1/site';
	public const SECRET_PATH  = '/v1/site/secret';

	/**
	 * The service.
	 *
	 * @param Bridge_Client $client The transport.
	 */
	public function __construct( private readonly Bridge_Client $client = new Bridge_Client() ) {}

	/**
	 * Whether wp-config.php constants set part of the connection: the code cannot replace them.
	 *
	 * @return bool
	 */
	public static function is_locked(): bool {
		foreach ( array_keys( Settings::CONSTANTS ) as $option ) {
			if ( Settings::is_constant( $option ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Exchanges a connection code for the site id and a fresh secret, signed both ways with
	 * the key the code derives, and stores them with the bridge URL the code carries. The
	 * bridge records this site's address (home_url) and language. Nothing is stored on failure.
	 *
	 * @param string $pasted The code as the administrator pasted it.
	 * @return array{site_id: string, bridge_url: string, name: string}|\WP_Error
	 */
	public function connect( string $pasted ) {
		if ( self::is_locked() ) {
			return self::locked_error();
		}
		$code = Connection_Code::parse( $pasted );
		if ( null === $code ) {
			return new \WP_Error(
				'handoff_chat_code_malformed',
				__( 'This is not a complete connection code. Copy the whole code the bridge printed (it starts with hc1_) and paste it again.', 'handoff-chat' ),
				array( 'status' => 400 )
			);
		}
		if ( ! Settings::is_valid_bridge_url( untrailingslashit( $code->bridge_url ) ) ) {
			return new \WP_Error(
				'handoff_chat_code_malformed',
				__( 'The bridge address in this connection code is not a valid http:// or https:// URL. Check PUBLIC_URL on the bridge, then create a new code.', 'handoff-chat' ),
				array( 'status' => 400 )
			);
		}
		$bridge_url = untrailingslashit( $code->bridge_url );
		$payload    = (string) wp_json_encode(
			array(
				'code'   => $code->id,
				'url'    => untrailingslashit( home_url() ),
				'locale' => get_locale(),
			),
			JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
		);
		$headers    = ( new Request_Signer( $code->id, $code->key() ) )->sign( 'POST', self::CONNECT_PATH, $payload, time() );
		// The code id travels in the body; the site header is for site-signed calls.
		unset( $headers[ Request_Signer::SITE_HEADER ] );

		$answer = $this->client->verified_request( $bridge_url . self::CONNECT_PATH, 'POST', $headers, $payload, $code->key() );
		if ( is_wp_error( $answer ) ) {
			return self::explain( $answer );
		}
		$site_id = is_string( $answer['siteId'] ?? null ) ? $answer['siteId'] : '';
		$secret  = is_string( $answer['secret'] ?? null ) ? $answer['secret'] : '';
		if ( 1 !== preg_match( Settings::SITE_ID_PATTERN, $site_id ) || 1 !== preg_match( Settings::SECRET_PATTERN, $secret ) ) {
			return new \WP_Error(
				'handoff_chat_bridge_bad_response',
				__( 'The bridge sent an answer WordPress cannot read.', 'handoff-chat' ),
				array( 'status' => 502 )
			);
		}
		// The secret first: a site id whose secret is missing is "not configured", never a wrong pair.
		update_option( Settings::OPTION_SITE_SECRET, $secret );
		update_option( Settings::OPTION_SITE_ID, $site_id );
		update_option( Settings::OPTION_BRIDGE_URL, $bridge_url );

		// A new bridge site knows none of the people who answer yet; a failure here is retried by the Advisors screen.
		Plugin::instance()->advisor_sync->sync_all();

		return array(
			'site_id'    => $site_id,
			'bridge_url' => $bridge_url,
			'name'       => is_string( $answer['name'] ?? null ) ? sanitize_text_field( $answer['name'] ) : '',
		);
	}

	/**
	 * Asks the bridge for a new secret with a call signed by the current one; the answer is
	 * signed with the current one too, and the new secret replaces it in one option write.
	 *
	 * @return true|\WP_Error
	 */
	public function rotate_secret() {
		if ( self::is_locked() ) {
			return self::locked_error();
		}
		if ( ! Settings::is_configured() ) {
			return Bridge_Client::not_configured();
		}
		$old     = Settings::get_site_secret();
		$headers = Request_Signer::for_site()->sign( 'POST', self::SECRET_PATH, '', time() );
		$answer  = $this->client->verified_request( Settings::get_bridge_url() . self::SECRET_PATH, 'POST', $headers, '', $old );
		if ( is_wp_error( $answer ) ) {
			return self::explain( $answer );
		}
		$secret = is_string( $answer['secret'] ?? null ) ? $answer['secret'] : '';
		if ( 1 !== preg_match( Settings::SECRET_PATTERN, $secret ) ) {
			return new \WP_Error(
				'handoff_chat_bridge_bad_response',
				__( 'The bridge sent an answer WordPress cannot read.', 'handoff-chat' ),
				array( 'status' => 502 )
			);
		}
		update_option( Settings::OPTION_SITE_SECRET, $secret );
		return true;
	}

	/**
	 * Tells the bridge this site's address (home_url), which escalation emails link to.
	 *
	 * @return array{siteId: string, name: string, url: ?string}|\WP_Error What the bridge now holds.
	 */
	public function update_site_url() {
		$answer = $this->client->signed_request( 'PUT', self::SITE_PATH, array( 'url' => untrailingslashit( home_url() ) ) );
		return is_wp_error( $answer ) ? self::explain( $answer ) : $answer;
	}

	/**
	 * What is saved, and what the bridge says about this site (a signed GET /v1/site).
	 *
	 * @return array{configured: bool, locked: bool, bridge_url: string, site_id: string, home_url: string, bridge: array|\WP_Error|null}
	 *         `bridge`: null when not configured, the bridge's record, or why it could not be read.
	 */
	public function status(): array {
		$configured = Settings::is_configured();
		$bridge     = null;
		if ( $configured ) {
			$answer = $this->client->signed_request( 'GET', self::SITE_PATH );
			$bridge = is_wp_error( $answer ) ? self::explain( $answer ) : $answer;
		}
		return array(
			'configured' => $configured,
			'locked'     => self::is_locked(),
			'bridge_url' => Settings::get_bridge_url(),
			'site_id'    => Settings::get_site_id(),
			'home_url'   => untrailingslashit( home_url() ),
			'bridge'     => $bridge,
		);
	}

	/**
	 * The bridge's error codes (docs/api.md) in the site's language; others as the transport said.
	 *
	 * @param \WP_Error $error What Bridge_Client returned.
	 * @return \WP_Error
	 */
	private static function explain( \WP_Error $error ): \WP_Error {
		$data     = $error->get_error_data();
		$code     = is_array( $data ) && isset( $data['bridge_code'] ) ? (string) $data['bridge_code'] : '';
		$messages = array(
			'connect_code_unknown'      => __( 'The bridge does not know this connection code. Check that it was created on this bridge, or create a new one with: handoff-bridge sites:connect-code <site id>', 'handoff-chat' ),
			'connect_code_expired'      => __( 'This connection code has expired. Create a new one on the bridge with: handoff-bridge sites:connect-code <site id>', 'handoff-chat' ),
			'connect_code_used'         => __( 'This connection code has already been used: each code connects once. Create a new one on the bridge with: handoff-bridge sites:connect-code <site id>', 'handoff-chat' ),
			'connect_signature_invalid' => __( 'The bridge did not accept this code\'s signature. Paste the code again exactly as it was printed.', 'handoff-chat' ),
			'connect_request_expired'   => __( 'The bridge refused the request as too old. Check that this server\'s clock is right, then try again.', 'handoff-chat' ),
			'rate_limited'              => __( 'Too many connection attempts from this server. Wait a minute, then try again.', 'handoff-chat' ),
		);
		if ( ! isset( $messages[ $code ] ) ) {
			return $error;
		}
		return new \WP_Error( 'handoff_chat_' . $code, $messages[ $code ], $data );
	}

	/**
	 * Constants win over options: storing a code's values would change nothing.
	 *
	 * @return \WP_Error
	 */
	private static function locked_error(): \WP_Error {
		return new \WP_Error(
			'handoff_chat_connection_locked',
			__( 'The connection is set by constants in wp-config.php (HANDOFF_CHAT_BRIDGE_URL, HANDOFF_CHAT_SITE_ID, HANDOFF_CHAT_SITE_SECRET). Change it there, or remove them to connect with a code.', 'handoff-chat' ),
			array( 'status' => 409 )
		);
	}
}
