<?php
/**
 * Tests of Conversations → Settings.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Admin;

use HandoffChat\Admin\Connection_Section;
use HandoffChat\Admin\Settings_Page;
use HandoffChat\Admin\Site_Wide_Settings;
use HandoffChat\Blocks\Site_Wide_Widget;
use HandoffChat\Plugin;
use HandoffChat\Settings;
use HandoffChat\Tests\TestCase;

/** The settings form: the secret never printed, constants shown read-only, the test results. */
final class SettingsPageTest extends TestCase {

	private function render_page(): string {
		$GLOBALS['title'] = 'Handoff Chat settings';
		$page             = Plugin::instance()->settings_page;
		$page->register_settings();
		Plugin::instance()->site_wide_settings->register_settings();
		ob_start();
		$page->render();
		return (string) ob_get_clean();
	}

	public function test_the_form_never_prints_the_secret(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$html = $this->render_page();

		$this->assertStringNotContainsString( self::SECRET, $html );
		$this->assertStringContainsString( 'name="' . Settings::OPTION_SITE_SECRET . '" value=""', $html );
		$this->assertStringContainsString( '•••• saved — leave empty to keep', $html );
		// The other two are shown, escaped, for editing.
		$this->assertStringContainsString( 'value="' . esc_attr( self::BRIDGE_URL ) . '"', $html );
		$this->assertStringContainsString( 'value="' . self::SITE_ID . '"', $html );
		// A Settings API form: options.php, its option group and nonce.
		$this->assertStringContainsString( "name='option_page' value='" . Settings_Page::GROUP . "'", $html );
		$this->assertStringContainsString( 'name="_wpnonce"', $html );
		// Configured: the connection test is offered.
		$this->assertStringContainsString( 'value="' . Settings_Page::TEST_ACTION . '"', $html );
	}

	/**
	 * "Chat on every page" is a form of its own, in view: not inside the manual connection's
	 * disclosure, and in its own option group, so saving it posts no empty connection field.
	 */
	public function test_the_site_wide_form_is_its_own_form_outside_the_manual_connection(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$html = $this->render_page();

		$details = substr( $html, strpos( $html, '<details' ), strpos( $html, '</details>' ) - strpos( $html, '<details' ) );
		$this->assertStringNotContainsString( Site_Wide_Widget::OPTION, $details );
		$this->assertStringContainsString( Settings::OPTION_BRIDGE_URL, $details );
		$this->assertMatchesRegularExpression(
			"#<form action=\"[^\"]*options\.php\" method=\"post\">\\s*<input type='hidden' name='option_page' value='" . Site_Wide_Settings::GROUP . "' />(?:(?!</form>).)*name=\"" . Site_Wide_Widget::OPTION . '\[enabled\]"#s',
			$html
		);
		global $new_allowed_options;
		$this->assertSame( array( Site_Wide_Widget::OPTION ), array_values( array_unique( $new_allowed_options[ Site_Wide_Settings::GROUP ] ) ) );
		$this->assertNotContains( Site_Wide_Widget::OPTION, $new_allowed_options[ Settings_Page::GROUP ] );
	}

	public function test_without_a_saved_secret_there_is_no_saved_placeholder_nor_test_button(): void {
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$html = $this->render_page();

		$this->assertStringNotContainsString( 'saved — leave empty', $html );
		$this->assertStringNotContainsString( Settings_Page::TEST_ACTION, $html );
	}

	public function test_connected_it_shows_the_bridge_and_site_id_and_offers_rotate_update_and_reconnect(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$html = $this->render_page();

		$this->assertStringContainsString( '<code class="handoff-chat-bridge-url">' . esc_html( self::BRIDGE_URL ) . '</code>', $html );
		$this->assertStringContainsString( '<code class="handoff-chat-site-id">' . self::SITE_ID . '</code>', $html );
		foreach ( array( Connection_Section::ROTATE_ACTION, Connection_Section::SITE_URL_ACTION, Connection_Section::CONNECT_ACTION ) as $action ) {
			$this->assertStringContainsString( 'name="action" value="' . $action . '"', $html );
			$this->assertStringContainsString( 'name="_wpnonce" value="' . wp_create_nonce( $action ) . '"', $html );
		}
		$this->assertStringContainsString( 'Reconnect with a new code', $html );
		// The manual fields are behind a closed disclosure.
		$this->assertMatchesRegularExpression( '#<details class="handoff-chat-manual-connection" style="margin:1.5em 0">\s*<summary>Advanced: enter the connection manually</summary>#', $html );
		$this->assertStringNotContainsString( self::SECRET, $html );
	}

	public function test_not_connected_the_code_form_comes_first_and_nothing_else_is_offered(): void {
		self::set_option_raw( Settings::OPTION_SITE_SECRET, '' );
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$html = $this->render_page();

		$this->assertStringContainsString( '>Connect with a code</h3>', $html );
		$this->assertStringContainsString( 'name="' . Connection_Section::CODE_FIELD . '"', $html );
		$this->assertLessThan( strpos( $html, '<details' ), strpos( $html, Connection_Section::CODE_FIELD ) );
		$this->assertStringNotContainsString( Connection_Section::ROTATE_ACTION, $html );
		$this->assertStringNotContainsString( 'handoff-chat-site-id', $html );
	}

	public function test_a_link_from_the_bridge_fills_the_code_in_and_nothing_else(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$code                                   = 'hc1_d1t78w3k78qjyrv8c5t2wsbrc5pq0v355shpyv9t70t38csfc9s6js37cm_abcdefgh12_0123456789abcdefghjkmnpqrs_bd5d';
		$_GET[ Connection_Section::CODE_FIELD ] = $code;
		try {
			$html = $this->render_page();
			$this->assertStringContainsString( 'value="' . $code . '"', $html );
			$this->assertStringContainsString( 'handoff-chat-linked-code', $html );
			// Nothing was exchanged: the connection is the one configured.
			$this->assertSame( self::SITE_ID, Settings::get_site_id() );

			$_GET[ Connection_Section::CODE_FIELD ] = '"><script>alert(1)</script>';
			$html                                   = $this->render_page();
			$this->assertStringNotContainsString( 'alert(1)', $html );
			$this->assertStringNotContainsString( 'handoff-chat-linked-code', $html );
		} finally {
			unset( $_GET[ Connection_Section::CODE_FIELD ] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- the test's own request.
		}
	}

	public function test_the_outcome_of_a_connection_is_shown_once_escaped(): void {
		$user = $this->create_user( 'administrator' );
		wp_set_current_user( $user->ID );
		set_transient(
			'handoff_chat_connection_' . $user->ID,
			array(
				'type'    => 'error',
				'message' => 'This connection code has expired. <b>',
			),
			60
		);
		$html = $this->render_page();
		$this->assertStringContainsString( '<div class="notice notice-error inline handoff-chat-connection-notice" role="alert"><p>This connection code has expired. &lt;b&gt;</p></div>', $html );
		$this->assertStringNotContainsString( 'has expired', $this->render_page() );
	}

	public function test_values_are_escaped(): void {
		self::set_option_raw( Settings::OPTION_SITE_ID, '"><script>alert(1)</script>' );
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$html = $this->render_page();

		$this->assertStringNotContainsString( '<script>alert(1)</script>', $html );
	}

	/**
	 * A field that wp-config.php sets is shown read-only and left out of the form; the
	 * others stay editable, each with its input type and hint.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_a_field_set_by_a_constant_is_read_only_and_the_others_editable(): void {
		define( 'HANDOFF_CHAT_BRIDGE_URL', 'https://from-constant.example.com' );
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$document = new \DOMDocument();
		$document->loadHTML( '<?xml encoding="utf-8"?>' . $this->render_page(), LIBXML_NOERROR );
		$url = $document->getElementById( Settings::OPTION_BRIDGE_URL );
		$id  = $document->getElementById( Settings::OPTION_SITE_ID );

		$this->assertSame( 'url', $url->getAttribute( 'type' ) );
		$this->assertSame( 'https://from-constant.example.com', $url->getAttribute( 'value' ) );
		$this->assertSame( 'https://chat.example.com', $url->getAttribute( 'placeholder' ) );
		$this->assertTrue( $url->hasAttribute( 'readonly' ) );
		$this->assertTrue( $url->hasAttribute( 'disabled' ) );
		$this->assertStringContainsString( 'HANDOFF_CHAT_BRIDGE_URL', $document->saveHTML() );

		$this->assertSame( 'text', $id->getAttribute( 'type' ) );
		$this->assertSame( '[A-Za-z0-9_]{4,40}', $id->getAttribute( 'pattern' ) );
		$this->assertSame( Settings::OPTION_SITE_ID, $id->getAttribute( 'name' ) );
		$this->assertFalse( $id->hasAttribute( 'readonly' ) );
		$this->assertFalse( $id->hasAttribute( 'disabled' ) );
	}

	/**
	 * The last connection test's results are shown once, each with its icon and status,
	 * the bridge's words escaped.
	 */
	public function test_the_connection_test_results_are_shown_once_and_escaped(): void {
		$user = $this->create_user( 'administrator' );
		wp_set_current_user( $user->ID );
		set_transient(
			'handoff_chat_test_' . $user->ID,
			array(
				array(
					'label'  => 'Bridge',
					'ok'     => true,
					'detail' => 'answers',
				),
				array(
					'label'  => 'Token',
					'ok'     => false,
					'detail' => '<b>refused</b>',
				),
			)
		);
		$html = $this->render_page();

		$this->assertStringContainsString( '<li><span class="dashicons dashicons-yes-alt" aria-hidden="true"></span> <strong>Bridge</strong>: OK — answers</li>', $html );
		$this->assertStringContainsString( '<li><span class="dashicons dashicons-warning" aria-hidden="true"></span> <strong>Token</strong>: failed — &lt;b&gt;refused&lt;/b&gt;</li>', $html );
		$this->assertStringNotContainsString( 'dashicons-yes-alt', $this->render_page() );
	}

	public function test_users_who_are_not_site_managers_get_nothing(): void {
		wp_set_current_user( $this->create_user( 'editor' )->ID );
		$this->assertSame( '', $this->render_page() );
	}

	public function test_settings_link_on_the_plugins_screen(): void {
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$links = apply_filters( 'plugin_action_links_' . plugin_basename( HANDOFF_CHAT_FILE ), array( 'deactivate' => '<a>Deactivate</a>' ) );

		$this->assertCount( 2, $links );
		$this->assertStringContainsString( esc_url( Settings_Page::url() ), $links[0] );
		$this->assertStringContainsString( '>Settings</a>', $links[0] );
	}
}
