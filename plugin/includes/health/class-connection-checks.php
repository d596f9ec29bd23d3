<?php
/**
 * The connection checks a site owner can trust: the one entry point of Site Health,
 * Settings and the command line.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Health;

use HandoffChat\Bridge\Bridge_Client;
use HandoffChat\Bridge\Connection_Test;
use HandoffChat\Capabilities;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Each check answers one result: `test` (its id), `status` (Site Health's: good,
 * recommended, critical), `label` (what was found), `cause` (why, with the addresses and
 * errors) and `action` (what to do; '' when good). Texts are translated.
 *
 * - config: the settings, with the cheap address rules (mixed content, loopback bridge);
 * - bridge: WordPress → bridge (Connection_Test: reachable, site id, secret);
 * - websocket: a real TCP (or TLS) connection and Pusher handshake to the realtime address
 *   the widget is given (the bridge's public config, the same the widget reads);
 * - notify: bridge → WordPress, a `ping` the bridge sends to the notify endpoint, which must
 *   come back with the token sent;
 * - browser: the last check run from an administrator's browser (admin/src/connection-check).
 */
final class Connection_Checks {

	public const GOOD        = 'good';
	public const RECOMMENDED = 'recommended';
	public const CRITICAL    = 'critical';

	/** The checks run() runs, in order: those of the server (the browser's is run by a browser). */
	public const SERVER_CHECKS = array( 'config', 'bridge', 'websocket', 'notify' );

	/** Seconds for each network step of a check. */
	private const TIMEOUT = 5;

	/**
	 * Dependencies.
	 *
	 * @param Bridge_Client   $client Signed calls to the bridge.
	 * @param WebSocket_Probe $probe  The WebSocket handshake.
	 */
	public function __construct(
		private readonly Bridge_Client $client = new Bridge_Client(),
		private readonly WebSocket_Probe $probe = new WebSocket_Probe()
	) {}

	/**
	 * Every server check, in order (the command line's `wp handoff-chat test`).
	 *
	 * @param \WP_User|null $user Whose advisor token the bridge check signs; null: the current user,
	 *                            or with nobody logged in (WP-CLI) the first user who manages the plugin.
	 * @return list<array{test: string, status: string, label: string, cause: string, action: string}>
	 */
	public function run( ?\WP_User $user = null ): array {
		$results = array();
		foreach ( self::SERVER_CHECKS as $test ) {
			$results[] = $this->check( $test, $user );
		}
		return $results;
	}

	/**
	 * One check by its id.
	 *
	 * @param string        $test One of SERVER_CHECKS, or 'browser'.
	 * @param \WP_User|null $user For the bridge check; null: the current user.
	 * @return array{test: string, status: string, label: string, cause: string, action: string}
	 * @throws \InvalidArgumentException For an unknown check id.
	 */
	public function check( string $test, ?\WP_User $user = null ): array {
		if ( 'config' === $test ) {
			return $this->config();
		}
		if ( 'browser' === $test ) {
			return $this->browser();
		}
		if ( ! Settings::is_configured() ) {
			return self::result( $test, self::RECOMMENDED, __( 'Handoff Chat is not connected to a bridge yet', 'handoff-chat' ), __( 'This check needs the bridge URL, site id and site secret.', 'handoff-chat' ), __( 'Connect the site under Conversations → Settings.', 'handoff-chat' ) );
		}
		switch ( $test ) {
			case 'bridge':
				return $this->bridge( $user ?? self::acting_user() );
			case 'websocket':
				return $this->websocket();
			case 'notify':
				return $this->notify();
		}
		throw new \InvalidArgumentException( 'Unknown check: ' . esc_html( $test ) );
	}

	/**
	 * The settings and the bridge URL's address (no network).
	 *
	 * @return array{test: string, status: string, label: string, cause: string, action: string}
	 */
	public function config(): array {
		if ( ! Settings::is_configured() ) {
			return self::result( 'config', self::CRITICAL, __( 'Handoff Chat is not connected to a bridge', 'handoff-chat' ), __( 'The bridge URL, site id or site secret is missing: the chat widget is not shown to visitors.', 'handoff-chat' ), __( 'Enter them under Conversations → Settings.', 'handoff-chat' ) );
		}
		$url  = Settings::get_bridge_url();
		$host = (string) wp_parse_url( $url, PHP_URL_HOST );
		if ( Address::site_is_https() && 'http' === wp_parse_url( $url, PHP_URL_SCHEME ) ) {
			return self::result(
				'config',
				self::CRITICAL,
				__( 'The bridge URL is not HTTPS (mixed content)', 'handoff-chat' ),
				/* translators: %s: the bridge URL, e.g. http://chat.example.com */
				sprintf( __( 'Your site is served over HTTPS but the bridge URL is %s: browsers block such calls from HTTPS pages, so visitors cannot chat.', 'handoff-chat' ), $url ),
				__( 'Serve the bridge over HTTPS (see the README\'s reverse-proxy examples) and save its https:// address.', 'handoff-chat' )
			);
		}
		if ( Address::site_is_public() && Address::PUBLIC !== Address::reach( $host ) ) {
			return self::unreachable_address( 'config', __( 'The bridge URL is not a public address', 'handoff-chat' ), $host );
		}
		return self::result(
			'config',
			self::GOOD,
			__( 'Handoff Chat is connected to a bridge', 'handoff-chat' ),
			/* translators: 1: the bridge URL; 2: the site id. */
			sprintf( __( 'Bridge URL %1$s, site id %2$s.', 'handoff-chat' ), $url, Settings::get_site_id() )
		);
	}

	/**
	 * WordPress → bridge: reachable, site id known, secret accepted.
	 *
	 * @param \WP_User $user Whose advisor token is signed for the last read.
	 * @return array{test: string, status: string, label: string, cause: string, action: string}
	 */
	public function bridge( \WP_User $user ): array {
		foreach ( ( new Connection_Test( $this->client ) )->run( $user ) as $row ) {
			if ( ! $row['ok'] ) {
				return self::result(
					'bridge',
					self::CRITICAL,
					__( 'WordPress cannot use the bridge', 'handoff-chat' ),
					/* translators: 1: the step that failed, e.g. "Bridge reachable"; 2: what happened, e.g. "cURL error 7: Failed to connect"; 3: the bridge URL. */
					sprintf( __( '%1$s: failed (%2$s) at %3$s.', 'handoff-chat' ), $row['label'], $row['detail'], Settings::get_bridge_url() ),
					__( 'Check that the bridge is running and that the bridge URL, site id and site secret under Settings are those the bridge gave.', 'handoff-chat' )
				);
			}
		}
		return self::result(
			'bridge',
			self::GOOD,
			__( 'WordPress reaches the bridge', 'handoff-chat' ),
			/* translators: %s: the bridge URL. */
			sprintf( __( 'The bridge at %s answers, knows this site id and accepts tokens signed with its secret.', 'handoff-chat' ), Settings::get_bridge_url() )
		);
	}

	/**
	 * The realtime address the widget gets: the bridge's public site config, read as the widget
	 * reads it, and what pusher-js makes of it on this site's pages (TLS on an HTTPS page).
	 *
	 * @return array{host: string, port: int, tls: bool, key: string, url: string, declared_tls: bool, hosted: bool}|\WP_Error
	 */
	public function realtime_address() {
		$response = wp_remote_get(
			Settings::get_bridge_url() . '/v1/sites/' . rawurlencode( Settings::get_site_id() ) . '/config',
			array(
				'timeout'     => self::TIMEOUT,
				'redirection' => 0,
				'headers'     => array( 'Accept' => 'application/json' ),
			)
		);
		if ( is_wp_error( $response ) ) {
			return $response;
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$config = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		$rt     = is_array( $config ) && isset( $config['realtime'] ) && is_array( $config['realtime'] ) ? $config['realtime'] : null;
		if ( 200 !== $status || null === $rt || ! isset( $rt['key'] ) ) {
			/* translators: %d: HTTP status code. */
			return new \WP_Error( 'handoff_chat_no_realtime_config', sprintf( __( 'the bridge\'s site configuration could not be read (HTTP %d)', 'handoff-chat' ), $status ) );
		}
		// pusher-js speaks TLS when told to, and always from an HTTPS page.
		$tls  = ! empty( $rt['forceTLS'] ) || Address::site_is_https();
		$host = (string) ( $rt['wsHost'] ?? '' );
		if ( '' === $host ) {
			// Hosted Pusher Channels, reached through its cluster.
			$host = 'ws-' . sanitize_key( (string) ( $rt['cluster'] ?? 'mt1' ) ) . '.pusher.com';
			$port = $tls ? 443 : 80;
		} else {
			$port = (int) ( $tls ? ( $rt['wssPort'] ?? 443 ) : ( $rt['wsPort'] ?? 80 ) );
		}
		return array(
			'host'         => $host,
			'port'         => $port,
			'tls'          => $tls,
			'key'          => (string) $rt['key'],
			'url'          => ( $tls ? 'wss://' : 'ws://' ) . ( str_contains( $host, ':' ) ? '[' . $host . ']' : $host ) . ':' . $port,
			'declared_tls' => ! empty( $rt['forceTLS'] ),
			'hosted'       => '' === (string) ( $rt['wsHost'] ?? '' ),
		);
	}

	/**
	 * A WebSocket handshake with the realtime server, from this server, at the address visitors get.
	 *
	 * @return array{test: string, status: string, label: string, cause: string, action: string}
	 */
	public function websocket(): array {
		$failed  = __( 'Visitors\' realtime connection (WebSocket) fails', 'handoff-chat' );
		$address = $this->realtime_address();
		if ( is_wp_error( $address ) ) {
			return self::result(
				'websocket',
				self::CRITICAL,
				$failed,
				/* translators: %s: why, e.g. "cURL error 7: Failed to connect". */
				sprintf( __( 'The WebSocket address could not be read from the bridge: %s.', 'handoff-chat' ), $address->get_error_message() ),
				__( 'Fix the bridge connection first (see the other Handoff Chat checks).', 'handoff-chat' )
			);
		}
		$url = $address['url'];
		if ( Address::site_is_public() && Address::PUBLIC !== Address::reach( $address['host'] ) ) {
			return self::unreachable_address( 'websocket', $failed, $address['host'] );
		}
		if ( Address::site_is_https() && ! $address['declared_tls'] && ! $address['hosted'] ) {
			return self::result(
				'websocket',
				self::CRITICAL,
				$failed,
				/* translators: %s: host name of the realtime server. */
				sprintf( __( 'Mixed content: the bridge names its WebSocket server (%s) without TLS, and pages on HTTPS may only open wss:// connections.', 'handoff-chat' ), $address['host'] ),
				__( 'Serve the WebSocket over TLS (a reverse proxy) and set REALTIME_PUBLIC_TLS=true and REALTIME_PUBLIC_PORT (usually 443) on the bridge.', 'handoff-chat' )
			);
		}
		$probe = $this->probe->handshake( $address['host'], $address['port'], $address['tls'], $address['key'], self::TIMEOUT );
		if ( $probe['ok'] ) {
			return self::result(
				'websocket',
				self::GOOD,
				__( 'The realtime WebSocket answers', 'handoff-chat' ),
				/* translators: %s: the WebSocket address, e.g. wss://chat.example.com:443 */
				sprintf( __( 'A WebSocket handshake with %s succeeded: the realtime server welcomed the connection.', 'handoff-chat' ), $url )
			);
		}
		$detail = $probe['detail'];
		switch ( $probe['code'] ) {
			case WebSocket_Probe::CONNECT_FAILED:
				/* translators: 1: the WebSocket address; 2: the network error, e.g. "Connection refused". */
				$cause  = sprintf( __( 'WebSocket port closed: nothing accepts connections at %1$s (%2$s).', 'handoff-chat' ), $url, $detail );
				$action = __( 'Start the bridge\'s realtime server, open this port in the firewall, or make REALTIME_PUBLIC_HOST and REALTIME_PUBLIC_PORT name the address visitors reach (README, configuration).', 'handoff-chat' );
				break;
			case WebSocket_Probe::TIMEOUT:
				/* translators: 1: the WebSocket address; 2: the network error. */
				$cause  = sprintf( __( 'WebSocket port blocked: %1$s did not answer in time (%2$s). A firewall probably drops the connections.', 'handoff-chat' ), $url, $detail );
				$action = __( 'Open this port to visitors in the server\'s firewall, or serve the WebSocket through the bridge\'s HTTPS address (reverse proxy).', 'handoff-chat' );
				break;
			case WebSocket_Probe::NOT_WEBSOCKET:
				/* translators: 1: the WebSocket address; 2: what answered, e.g. "HTTP/1.1 404 Not Found". */
				$cause  = sprintf( __( '%1$s answered, but not as a WebSocket server (%2$s).', 'handoff-chat' ), $url, $detail );
				$action = __( 'Make the reverse proxy forward WebSocket upgrades (Upgrade and Connection headers) on /app/ to the realtime server, and check the port and TLS settings.', 'handoff-chat' );
				break;
			case WebSocket_Probe::BAD_KEY:
				/* translators: 1: the WebSocket address; 2: the app key. */
				$cause  = sprintf( __( 'The WebSocket server at %1$s refused the app key "%2$s".', 'handoff-chat' ), $url, $address['key'] );
				$action = __( 'Give the bridge and its realtime server the same REALTIME_KEY.', 'handoff-chat' );
				break;
			default:
				/* translators: 1: the WebSocket address; 2: what the server said. */
				$cause  = sprintf( __( 'The WebSocket server at %1$s refused the connection (%2$s).', 'handoff-chat' ), $url, $detail );
				$action = __( 'Read the bridge\'s log for the reason.', 'handoff-chat' );
		}
		return self::result( 'websocket', self::CRITICAL, $failed, $cause, $action );
	}

	/**
	 * Bridge → WordPress: the bridge sends a `ping` with a fresh token to the notify endpoint,
	 * which records it; passes only when the token came back.
	 *
	 * @return array{test: string, status: string, label: string, cause: string, action: string}
	 */
	public function notify(): array {
		$failed = __( 'The bridge cannot reach WordPress (escalation emails)', 'handoff-chat' );
		$token  = wp_generate_password( 32, false );
		// Longer than the bridge's own 5 s wait for WordPress.
		$answer = $this->client->signed_request( 'POST', '/v1/sites/self/check-notify', array( 'token' => $token ), 3 * self::TIMEOUT );
		if ( is_wp_error( $answer ) ) {
			$data = $answer->get_error_data();
			if ( is_array( $data ) && 404 === ( $data['bridge_status'] ?? null ) ) {
				return self::result( 'notify', self::RECOMMENDED, __( 'The bridge cannot check its calls to WordPress', 'handoff-chat' ), __( 'This bridge is older than the check (no check-notify route).', 'handoff-chat' ), __( 'Update the bridge.', 'handoff-chat' ) );
			}
			return self::result( 'notify', self::CRITICAL, $failed, $answer->get_error_message(), __( 'Fix the bridge connection first (see the other Handoff Chat checks).', 'handoff-chat' ) );
		}
		if ( isset( $answer['bridgeVersion'] ) && is_string( $answer['bridgeVersion'] ) ) {
			Check_Store::save_bridge_version( $answer['bridgeVersion'] );
		}
		$url    = isset( $answer['url'] ) && is_string( $answer['url'] ) ? $answer['url'] : '';
		$status = isset( $answer['status'] ) && is_int( $answer['status'] ) ? $answer['status'] : 0;
		$error  = isset( $answer['error'] ) && is_string( $answer['error'] ) ? sanitize_text_field( $answer['error'] ) : '';
		$fix    = __( 'Give the bridge this site\'s address: re-connect the site from Settings, or set its URL with the bridge\'s command line.', 'handoff-chat' );

		if ( ! empty( $answer['delivered'] ) ) {
			if ( hash_equals( $token, Check_Store::last_ping_token() ) ) {
				return self::result(
					'notify',
					self::GOOD,
					__( 'The bridge reaches WordPress', 'handoff-chat' ),
					/* translators: %s: the URL the bridge called. */
					sprintf( __( 'The bridge called %s and this site received the call: escalation emails can be sent.', 'handoff-chat' ), $url )
				);
			}
			/* translators: %s: the URL the bridge called. */
			return self::result( 'notify', self::CRITICAL, $failed, sprintf( __( '%s acknowledged the bridge\'s call, but this site did not receive it: the address leads to another WordPress.', 'handoff-chat' ), $url ), $fix );
		}
		switch ( $answer['failure'] ?? '' ) {
			case 'no_url':
				/* translators: %s: this site's address. */
				return self::result( 'notify', self::CRITICAL, $failed, __( 'The bridge does not know this site\'s URL, so it cannot announce escalations.', 'handoff-chat' ), sprintf( __( 'Tell the bridge this site\'s address (%s): re-connect the site from Settings, or set its URL with the bridge\'s command line.', 'handoff-chat' ), home_url( '/' ) ) );
			case 'unreachable':
				return self::result(
					'notify',
					self::CRITICAL,
					$failed,
					/* translators: 1: the URL the bridge called; 2: the network error, e.g. "fetch failed: ECONNREFUSED". */
					sprintf( __( 'The bridge could not connect to %1$s (%2$s).', 'handoff-chat' ), $url, $error ),
					__( 'The bridge must reach this site: use an address the bridge\'s machine can resolve (not 127.0.0.1 if the bridge runs elsewhere), and let the bridge\'s IP address through the firewall.', 'handoff-chat' )
				);
			case 'signature_refused':
				return self::result(
					'notify',
					self::CRITICAL,
					$failed,
					/* translators: 1: the URL the bridge called; 2: HTTP status code. */
					sprintf( __( 'WordPress refused the bridge\'s signature at %1$s (HTTP %2$d).', 'handoff-chat' ), $url, $status ),
					__( 'The bridge holds another secret for this site id, or the two servers\' clocks differ by more than 5 minutes: re-connect the site, and set both clocks by NTP.', 'handoff-chat' )
				);
			default:
				/* translators: 1: the URL the bridge called; 2: HTTP status code. */
				return self::result( 'notify', self::CRITICAL, $failed, sprintf( __( '%1$s answered HTTP %2$d without Handoff Chat\'s reply: the URL the bridge has is not this site\'s, or the plugin is inactive there.', 'handoff-chat' ), $url, $status ), $fix );
		}
	}

	/**
	 * The last check run from an administrator's browser.
	 *
	 * @return array{test: string, status: string, label: string, cause: string, action: string}
	 */
	public function browser(): array {
		$last = Check_Store::browser_check();
		if ( null === $last ) {
			return self::result( 'browser', self::RECOMMENDED, __( 'The connection has not been checked from a browser yet', 'handoff-chat' ), __( 'Only a browser can tell whether visitors reach the bridge (HTTPS, CORS, WebSocket).', 'handoff-chat' ), __( 'Run "Check from this browser" under Conversations → Settings.', 'handoff-chat' ) );
		}
		$when = wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $last['at'] );
		if ( $last['ok'] ) {
			/* translators: %s: date and time of the check. */
			return self::result( 'browser', self::GOOD, __( 'Visitors\' browsers can connect', 'handoff-chat' ), sprintf( __( 'The last check from an administrator\'s browser (%s) passed: the bridge and its WebSocket answered.', 'handoff-chat' ), $when ) );
		}
		$causes  = array();
		$actions = array();
		foreach ( $last['results'] as $row ) {
			if ( ! $row['ok'] ) {
				$causes[]  = $row['label'] . ': ' . $row['cause'];
				$actions[] = $row['action'];
			}
		}
		return self::result(
			'browser',
			self::CRITICAL,
			__( 'Visitors\' browsers cannot connect', 'handoff-chat' ),
			/* translators: 1: date and time of the check; 2: what failed. */
			sprintf( __( 'The last check from an administrator\'s browser (%1$s) failed: %2$s', 'handoff-chat' ), $when, implode( ' ', $causes ) ),
			implode( ' ', array_unique( array_filter( $actions ) ) )
		);
	}

	/**
	 * Whose advisor token the bridge check signs: the current user, or with nobody logged in
	 * (WP-CLI, cron) the first user who manages the plugin.
	 *
	 * @return \WP_User
	 */
	private static function acting_user(): \WP_User {
		$user = wp_get_current_user();
		if ( $user->exists() ) {
			return $user;
		}
		$managers = get_users(
			array(
				'capability' => Capabilities::MANAGE,
				'number'     => 1,
				'orderby'    => 'ID',
			)
		);
		return $managers[0] ?? $user;
	}

	/**
	 * A loopback or private host given to visitors of a public site.
	 *
	 * @param string $test  Check id.
	 * @param string $label Its failing label.
	 * @param string $host  The host.
	 * @return array{test: string, status: string, label: string, cause: string, action: string}
	 */
	private static function unreachable_address( string $test, string $label, string $host ): array {
		$cause = Address::LOOPBACK === Address::reach( $host )
			/* translators: %s: a host name or IP address, e.g. 127.0.0.1 */
			? sprintf( __( '%s is the server\'s own loopback address: each visitor\'s browser would look for the bridge on their own computer.', 'handoff-chat' ), $host )
			/* translators: %s: a host name or IP address, e.g. 192.168.1.10 */
			: sprintf( __( '%s is a private-network address: visitors on the internet cannot reach it.', 'handoff-chat' ), $host );
		return self::result( $test, self::CRITICAL, $label, $cause, __( 'Give the bridge a public address (a domain name with HTTPS) and set it as the bridge URL and REALTIME_PUBLIC_HOST.', 'handoff-chat' ) );
	}

	/**
	 * One result.
	 *
	 * @param string $test   Check id.
	 * @param string $status GOOD, RECOMMENDED or CRITICAL.
	 * @param string $label  What was found.
	 * @param string $cause  Why.
	 * @param string $action What to do.
	 * @return array{test: string, status: string, label: string, cause: string, action: string}
	 */
	private static function result( string $test, string $status, string $label, string $cause, string $action = '' ): array {
		return array(
			'test'   => $test,
			'status' => $status,
			'label'  => $label,
			'cause'  => $cause,
			'action' => $action,
		);
	}
}
