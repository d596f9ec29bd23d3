<?php
/**
 * Tools → Site Health: the connection checks as tests, and a "Handoff Chat" info section.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Health;

use HandoffChat\Admin\Settings_Page;
use HandoffChat\Notifications\Mail_Failures;
use HandoffChat\Plugin;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Direct tests for what costs nothing (the settings, the last browser check); async tests,
 * run by Site Health through REST (Checks_Controller), for those that wait on the network:
 * the bridge, the WebSocket port, the notify round trip.
 */
final class Site_Health {

	/** Tests run on page load. */
	public const DIRECT = array( 'config', 'browser' );

	/** Tests Site Health runs through REST, one request each. */
	public const ASYNC = array( 'bridge', 'websocket', 'notify' );

	/**
	 * Dependencies.
	 *
	 * @param Connection_Checks $checks The checks.
	 */
	public function __construct( private readonly Connection_Checks $checks = new Connection_Checks() ) {}

	/**
	 * Filter site_status_tests.
	 *
	 * @param array $tests Site Health's tests, by `direct` and `async`.
	 * @return array
	 */
	public function add_tests( $tests ): array {
		$tests = is_array( $tests ) ? $tests : array();
		foreach ( self::DIRECT as $test ) {
			$tests['direct'][ 'handoff_chat_' . $test ] = array(
				'label' => self::title( $test ),
				'test'  => fn () => $this->run( $test ),
			);
		}
		foreach ( self::ASYNC as $test ) {
			$tests['async'][ 'handoff_chat_' . $test ] = array(
				'label'             => self::title( $test ),
				'test'              => rest_url( Plugin::REST_NAMESPACE . Checks_Controller::SITE_HEALTH_ROUTE . '/' . $test ),
				'has_rest'          => true,
				'async_direct_test' => fn () => $this->run( $test ),
			);
		}
		return $tests;
	}

	/**
	 * One check as Site Health shows it.
	 *
	 * @param string $test A check id.
	 * @return array{label: string, status: string, badge: array{label: string, color: string}, description: string, actions: string, test: string}
	 */
	public function run( string $test ): array {
		return self::format( $this->checks->check( $test ) );
	}

	/**
	 * A check's result in Site Health's shape.
	 *
	 * @param array{test: string, status: string, label: string, cause: string, action: string} $result The result.
	 * @return array{label: string, status: string, badge: array{label: string, color: string}, description: string, actions: string, test: string}
	 */
	public static function format( array $result ): array {
		$description = '<p>' . esc_html( $result['cause'] ) . '</p>';
		if ( '' !== $result['action'] ) {
			$description .= '<p>' . esc_html( $result['action'] ) . '</p>';
		}
		return array(
			'label'       => $result['label'],
			'status'      => $result['status'],
			'badge'       => array(
				'label' => __( 'Handoff Chat', 'handoff-chat' ),
				'color' => Connection_Checks::GOOD === $result['status'] ? 'blue' : ( Connection_Checks::CRITICAL === $result['status'] ? 'red' : 'orange' ),
			),
			'description' => $description,
			'actions'     => sprintf(
				'<p><a href="%1$s">%2$s</a></p>',
				esc_url( Settings_Page::url() . '#handoff-chat-checks' ),
				esc_html__( 'Handoff Chat settings and connection checks', 'handoff-chat' )
			),
			'test'        => 'handoff_chat_' . $result['test'],
		);
	}

	/**
	 * The name of a test, as Site Health lists it while it runs.
	 *
	 * @param string $test A check id.
	 * @return string
	 */
	private static function title( string $test ): string {
		$titles = array(
			'config'    => __( 'Handoff Chat settings', 'handoff-chat' ),
			'browser'   => __( 'Handoff Chat: visitors\' browsers reach the bridge', 'handoff-chat' ),
			'bridge'    => __( 'Handoff Chat: WordPress reaches the bridge', 'handoff-chat' ),
			'websocket' => __( 'Handoff Chat: the realtime WebSocket port answers', 'handoff-chat' ),
			'notify'    => __( 'Handoff Chat: the bridge reaches WordPress', 'handoff-chat' ),
		);
		return $titles[ $test ];
	}

	/**
	 * Filter debug_information: the "Handoff Chat" section of Site Health → Info. The site
	 * secret is never shown, only whether it is set.
	 *
	 * @param array $info Site Health's sections.
	 * @return array
	 */
	public function add_debug_information( $info ): array {
		$info       = is_array( $info ) ? $info : array();
		$not_set    = __( 'Not set', 'handoff-chat' );
		$configured = Settings::is_configured();

		$realtime = __( 'Unknown (not connected)', 'handoff-chat' );
		if ( $configured ) {
			$address  = $this->checks->realtime_address();
			$realtime = is_wp_error( $address )
				/* translators: %s: why the address could not be read. */
				? sprintf( __( 'Unknown: %s', 'handoff-chat' ), $address->get_error_message() )
				: $address['url'];
		}

		$browser      = Check_Store::browser_check();
		$browser_text = __( 'Never run', 'handoff-chat' );
		if ( null !== $browser ) {
			$result       = $this->checks->browser();
			$browser_text = $result['label'] . ' — ' . $result['cause'];
		}

		$failure      = Mail_Failures::last();
		$failure_text = null === $failure
			? __( 'None', 'handoff-chat' )
			: wp_date( 'Y-m-d H:i:s', $failure['at'] ) . ' — ' . $failure['message'];

		$version = Check_Store::bridge_version();

		$info['handoff-chat'] = array(
			'label'  => __( 'Handoff Chat', 'handoff-chat' ),
			'fields' => array(
				'plugin_version'   => array(
					'label' => __( 'Plugin version', 'handoff-chat' ),
					'value' => HANDOFF_CHAT_VERSION,
				),
				'bridge_url'       => array(
					'label' => __( 'Bridge URL', 'handoff-chat' ),
					'value' => '' !== Settings::get_bridge_url() ? Settings::get_bridge_url() : $not_set,
				),
				'site_id'          => array(
					'label' => __( 'Site id', 'handoff-chat' ),
					'value' => '' !== Settings::get_site_id() ? Settings::get_site_id() : $not_set,
				),
				'site_secret'      => array(
					'label' => __( 'Site secret', 'handoff-chat' ),
					'value' => '' !== Settings::get_site_secret() ? __( 'Set (never shown)', 'handoff-chat' ) : $not_set,
					'debug' => '' !== Settings::get_site_secret() ? 'set' : 'not set',
				),
				'bridge_version'   => array(
					'label' => __( 'Bridge version', 'handoff-chat' ),
					'value' => '' !== $version ? $version : __( 'Unknown (run the Status checks)', 'handoff-chat' ),
				),
				'realtime_address' => array(
					'label' => __( 'Realtime (WebSocket) address', 'handoff-chat' ),
					'value' => $realtime,
				),
				'browser_check'    => array(
					'label' => __( 'Last browser check', 'handoff-chat' ),
					'value' => $browser_text,
				),
				'email_failure'    => array(
					'label' => __( 'Last email failure', 'handoff-chat' ),
					'value' => $failure_text,
				),
			),
		);
		return $info;
	}
}
