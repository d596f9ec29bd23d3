<?php
/**
 * Conversations → Settings: the connection to the bridge.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Admin;

use HandoffChat\Bridge\Connection;
use HandoffChat\Bridge\Connection_Test;
use HandoffChat\Capabilities;
use HandoffChat\Health\Checks_Controller;
use HandoffChat\Health\Connection_Checks;
use HandoffChat\Notifications\Mail_Failures;
use HandoffChat\Plugin;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * A Settings API form (options.php does nonce, capability and saving) plus a
 * "Test connection" button. The secret is write-only: it is never printed back.
 */
final class Settings_Page {

	public const SLUG        = 'handoff-chat-settings';
	public const GROUP       = 'handoff_chat';
	public const SECTION     = 'handoff_chat_bridge';
	public const TEST_ACTION = 'handoff_chat_test_connection';

	/** This screen's URL. */
	public static function url(): string {
		return admin_url( 'admin.php?page=' . self::SLUG );
	}

	/** Conversations → Settings, for site managers (admin_menu). */
	public function add_menu(): void {
		add_submenu_page(
			Admin_Page::SLUG,
			__( 'Handoff Chat settings', 'handoff-chat' ),
			__( 'Settings', 'handoff-chat' ),
			Capabilities::MANAGE,
			self::SLUG,
			array( $this, 'render' )
		);
	}

	/** Options, their sanitizers and the form's fields (admin_init). */
	public function register_settings(): void {
		$options = array(
			Settings::OPTION_BRIDGE_URL  => array( Settings::class, 'sanitize_bridge_url' ),
			Settings::OPTION_SITE_ID     => array( Settings::class, 'sanitize_site_id' ),
			Settings::OPTION_SITE_SECRET => array( Settings::class, 'sanitize_site_secret' ),
		);
		foreach ( $options as $option => $sanitize ) {
			register_setting(
				self::GROUP,
				$option,
				array(
					'type'              => 'string',
					'sanitize_callback' => $sanitize,
					'default'           => '',
					// Never in /wp/v2/settings: that would expose the secret to any administrator's script.
					'show_in_rest'      => false,
				)
			);
		}

		add_settings_section(
			self::SECTION,
			__( 'Bridge connection', 'handoff-chat' ),
			array( $this, 'render_section_intro' ),
			self::SLUG
		);
		$fields = array(
			Settings::OPTION_BRIDGE_URL  => __( 'Bridge URL', 'handoff-chat' ),
			Settings::OPTION_SITE_ID     => __( 'Site id', 'handoff-chat' ),
			Settings::OPTION_SITE_SECRET => __( 'Site secret', 'handoff-chat' ),
		);
		foreach ( $fields as $option => $label ) {
			add_settings_field(
				$option,
				$label,
				array( $this, 'render_field' ),
				self::SLUG,
				self::SECTION,
				array(
					'option'    => $option,
					'label_for' => $option,
				)
			);
		}
	}

	/**
	 * A "Settings" link next to "Deactivate" on the Plugins screen (plugin_action_links_*).
	 *
	 * @param string[] $links The plugin's action links.
	 */
	public function add_action_link( array $links ): array {
		if ( Capabilities::can_manage() ) {
			array_unshift(
				$links,
				sprintf( '<a href="%s">%s</a>', esc_url( self::url() ), esc_html__( 'Settings', 'handoff-chat' ) )
			);
		}
		return $links;
	}

	/** Where the values come from. */
	public function render_section_intro(): void {
		echo '<p>' . esc_html__( 'For connections kept in wp-config.php, or a bridge this server cannot send a code to: the bridge URL, and the site id and secret from the bridge\'s "sites:create --json" command. A connection code fills these for you.', 'handoff-chat' ) . '</p>';
	}

	/**
	 * One field of the form; the secret's is write-only.
	 *
	 * @param array{option: string} $args The field's option name.
	 */
	public function render_field( array $args ): void {
		$option   = $args['option'];
		$constant = Settings::CONSTANTS[ $option ];
		$locked   = Settings::is_constant( $option );

		if ( Settings::OPTION_SITE_SECRET === $option ) {
			$this->render_secret_field( $locked, $constant );
			return;
		}

		$is_url = Settings::OPTION_BRIDGE_URL === $option;
		$value  = $is_url ? Settings::get_bridge_url() : Settings::get_site_id();
		printf(
			'<input type="%1$s" id="%2$s" name="%2$s" value="%3$s" class="regular-text code" %4$s="%5$s"%6$s%7$s />',
			esc_attr( $is_url ? 'url' : 'text' ),
			esc_attr( $option ),
			esc_attr( $value ),
			esc_attr( $is_url ? 'placeholder' : 'pattern' ),
			esc_attr( $is_url ? 'https://chat.example.com' : '[A-Za-z0-9_]{4,40}' ),
			wp_readonly( $locked, true, false ),
			disabled( $locked, true, false )
		);
		$this->render_locked_note( $locked, $constant );
	}

	/**
	 * The secret's field: never filled in, a placeholder tells whether one is saved.
	 *
	 * @param bool   $locked   Whether wp-config.php sets the secret.
	 * @param string $constant The constant that would set it.
	 */
	private function render_secret_field( bool $locked, string $constant ): void {
		if ( $locked ) {
			echo '<input type="password" id="' . esc_attr( Settings::OPTION_SITE_SECRET ) . '" value="" class="regular-text" readonly disabled placeholder="' . esc_attr__( 'Defined in wp-config.php', 'handoff-chat' ) . '" />';
			$this->render_locked_note( true, $constant );
			return;
		}
		$saved = '' !== Settings::get_site_secret();
		printf(
			'<input type="password" id="%1$s" name="%1$s" value="" class="regular-text code" autocomplete="new-password" spellcheck="false" placeholder="%2$s" />',
			esc_attr( Settings::OPTION_SITE_SECRET ),
			$saved ? esc_attr__( '•••• saved — leave empty to keep', 'handoff-chat' ) : ''
		);
		echo '<p class="description">' . esc_html__( '32 to 128 letters and digits. It signs advisor tokens and never leaves this server.', 'handoff-chat' ) . '</p>';
	}

	/**
	 * Names the wp-config.php constant that sets a field, when one does.
	 *
	 * @param bool   $locked   Whether the constant is defined.
	 * @param string $constant Its name.
	 */
	private function render_locked_note( bool $locked, string $constant ): void {
		if ( ! $locked ) {
			return;
		}
		echo '<p class="description">';
		printf(
			/* translators: %s: name of a PHP constant, such as HANDOFF_CHAT_BRIDGE_URL. */
			esc_html__( 'Set by the %s constant in wp-config.php.', 'handoff-chat' ),
			'<code>' . esc_html( $constant ) . '</code>'
		);
		echo '</p>';
	}

	/** The settings screen. */
	public function render(): void {
		if ( ! Capabilities::can_manage() ) {
			return;
		}
		?>
		<div class="wrap">
			<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>
			<?php
			// options.php redirects here with settings-updated; under a top-level menu other than
			// Settings, WordPress does not print the messages itself.
			settings_errors();
			Plugin::instance()->connection_section->render();
			$this->render_manual_connection();
			Plugin::instance()->site_wide_settings->render();
			Plugin::instance()->consent->render();
			$this->render_test_connection();
			$this->render_connection_checks();
			?>
		</div>
		<?php
	}

	/**
	 * The Settings API form of the three values, behind a disclosure: for wp-config.php
	 * constants and bridges WordPress cannot reach to exchange a code. Open when constants
	 * set it, or when the last save was refused, so what applies is in view.
	 *
	 * @return void
	 */
	private function render_manual_connection(): void {
		$open = Connection::is_locked() || array() !== get_settings_errors();
		?>
		<details class="handoff-chat-manual-connection" style="margin:1.5em 0"<?php echo $open ? ' open' : ''; ?>>
			<summary><?php esc_html_e( 'Advanced: enter the connection manually', 'handoff-chat' ); ?></summary>
			<form action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>" method="post">
				<?php
				settings_fields( self::GROUP );
				do_settings_sections( self::SLUG );
				submit_button();
				?>
			</form>
		</details>
		<?php
	}

	/** The last test's results, once, and the "Test connection" button. */
	private function render_test_connection(): void {
		?>
		<h2><?php esc_html_e( 'Test connection', 'handoff-chat' ); ?></h2>
		<?php
		$results = get_transient( $this->results_key() );
		if ( is_array( $results ) ) {
			delete_transient( $this->results_key() );
			echo '<ul class="handoff-chat-test-results">';
			foreach ( $results as $row ) {
				$icon   = $row['ok'] ? 'dashicons-yes-alt' : 'dashicons-warning';
				$status = $row['ok'] ? __( 'OK', 'handoff-chat' ) : __( 'failed', 'handoff-chat' );
				printf(
					'<li><span class="dashicons %1$s" aria-hidden="true"></span> <strong>%2$s</strong>: %3$s — %4$s</li>',
					esc_attr( $icon ),
					esc_html( $row['label'] ),
					esc_html( $status ),
					esc_html( $row['detail'] )
				);
			}
			echo '</ul>';
		}
		if ( ! Settings::is_configured() ) {
			echo '<p>' . esc_html__( 'Connect the site first.', 'handoff-chat' ) . '</p>';
			return;
		}
		?>
		<form action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" method="post">
			<input type="hidden" name="action" value="<?php echo esc_attr( self::TEST_ACTION ); ?>" />
			<?php wp_nonce_field( self::TEST_ACTION ); ?>
			<p><?php esc_html_e( 'Checks that the bridge answers, knows this site id and accepts tokens signed with the saved secret.', 'handoff-chat' ); ?></p>
			<?php submit_button( __( 'Test connection', 'handoff-chat' ), 'secondary', 'submit', false ); ?>
		</form>
		<?php
	}

	/** Runs the checks, keeps the results for one page view, goes back to the form (admin-post.php). */
	public function handle_test_connection(): void {
		if ( ! Capabilities::can_manage() ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'handoff-chat' ), 403 );
		}
		check_admin_referer( self::TEST_ACTION );
		$results = Settings::is_configured()
			? ( new Connection_Test() )->run( wp_get_current_user() )
			: array();
		set_transient( $this->results_key(), $results, MINUTE_IN_SECONDS );
		wp_safe_redirect( self::url() );
		exit;
	}

	/** The transient holding the current user's last results. */
	private function results_key(): string {
		return 'handoff_chat_test_' . get_current_user_id();
	}

	/*
	 * Connection checks (issue 13): the browser check, the server checks and the test email.
	 * Kept together, apart from the form above.
	 */

	/** Script handle of "Check from this browser" (admin/src/connection-check). */
	public const CHECK_HANDLE = 'handoff-chat-connection-check';

	/** Its entry in the build (webpack.config.js). */
	public const CHECK_ENTRY = 'connection-check';

	/** The results list: one card per check, its colour its outcome (WordPress's admin colours). */
	public const CHECK_CSS = '.handoff-chat-checks ul{margin:0 0 1em;max-width:60em}'
		. '.handoff-chat-check{background:#fff;border:1px solid #c3c4c7;border-left:4px solid #00a32a;padding:8px 12px;margin:0 0 8px}'
		. '.handoff-chat-check.is-critical{border-left-color:#d63638}.handoff-chat-check.is-recommended{border-left-color:#dba617}'
		. '.handoff-chat-check .dashicons{color:#00a32a}.handoff-chat-check.is-critical .dashicons{color:#d63638}.handoff-chat-check.is-recommended .dashicons{color:#dba617}'
		. '.handoff-chat-check p{margin:4px 0 0 24px}.handoff-chat-check-action{font-style:italic}.handoff-chat-check-status{margin-left:8px}';

	/**
	 * Action admin_enqueue_scripts: the browser check's script, on this screen only.
	 *
	 * @param string $hook_suffix The screen's hook suffix.
	 * @return void
	 */
	public function enqueue_connection_check( $hook_suffix ): void {
		$build = new App_Build();
		if ( ! is_string( $hook_suffix ) || ! str_ends_with( $hook_suffix, '_page_' . self::SLUG ) || ! Capabilities::can_manage() || ! Settings::is_configured() || ! $build->has( self::CHECK_ENTRY ) ) {
			return;
		}
		$asset = $build->asset( self::CHECK_ENTRY );
		wp_enqueue_script(
			self::CHECK_HANDLE,
			$build->url( self::CHECK_ENTRY . '.js' ),
			$asset['dependencies'] ?? array(),
			$asset['version'] ?? HANDOFF_CHAT_VERSION,
			array( 'in_footer' => true )
		);
		wp_set_script_translations( self::CHECK_HANDLE, Plugin::TEXT_DOMAIN, HANDOFF_CHAT_DIR . 'languages' );
		// A style handle without a file: the few rules of the results list.
		wp_register_style( self::CHECK_HANDLE, false, array( 'dashicons' ), HANDOFF_CHAT_VERSION );
		wp_enqueue_style( self::CHECK_HANDLE );
		wp_add_inline_style( self::CHECK_HANDLE, self::CHECK_CSS );
		wp_add_inline_script(
			self::CHECK_HANDLE,
			'window.handoffChatConnectionCheck = ' . wp_json_encode( $this->connection_check_state(), JSON_HEX_TAG | JSON_UNESCAPED_SLASHES ) . ';',
			'before'
		);
	}

	/**
	 * What the browser check needs: the addresses the widget is given (render.php), no secret.
	 *
	 * @return array{bridgeUrl: string, siteId: string, siteUrl: string, restPath: string, serverChecks: string[]}
	 */
	public function connection_check_state(): array {
		return array(
			'bridgeUrl'    => esc_url_raw( Settings::get_bridge_url() ),
			'siteId'       => Settings::get_site_id(),
			'siteUrl'      => home_url( '/' ),
			'restPath'     => '/' . Plugin::REST_NAMESPACE . Checks_Controller::ROUTE,
			'serverChecks' => array_values( array_diff( Connection_Checks::SERVER_CHECKS, array( 'config' ) ) ),
		);
	}

	/**
	 * The "Connection checks" section: the browser check, then the email test.
	 *
	 * @return void
	 */
	private function render_connection_checks(): void {
		?>
		<h2 id="handoff-chat-checks-title"><?php esc_html_e( 'Connection checks', 'handoff-chat' ); ?></h2>
		<?php if ( ! Settings::is_configured() ) : ?>
			<p><?php esc_html_e( 'Connect the site first.', 'handoff-chat' ); ?></p>
		<?php else : ?>
			<div id="handoff-chat-checks" class="handoff-chat-checks">
				<p><?php esc_html_e( 'Checks what visitors\' browsers need, from this browser: the bridge over HTTPS (mixed content, CORS, public address) and its realtime WebSocket. Then checks, from this server, the bridge, the WebSocket port and the bridge\'s calls back to WordPress (escalation emails). Site Health shows the same checks.', 'handoff-chat' ); ?></p>
				<p>
					<button type="button" class="button handoff-chat-check-run"><?php esc_html_e( 'Check from this browser', 'handoff-chat' ); ?></button>
					<span class="handoff-chat-check-status" role="status" aria-live="polite"></span>
				</p>
				<h3 id="handoff-chat-check-browser-title" hidden><?php esc_html_e( 'From this browser', 'handoff-chat' ); ?></h3>
				<ul class="handoff-chat-check-browser" aria-labelledby="handoff-chat-check-browser-title"></ul>
				<h3 id="handoff-chat-check-server-title" hidden><?php esc_html_e( 'From this server', 'handoff-chat' ); ?></h3>
				<ul class="handoff-chat-check-server" aria-labelledby="handoff-chat-check-server-title"></ul>
			</div>
		<?php endif; ?>
		<h2><?php esc_html_e( 'Notification emails', 'handoff-chat' ); ?></h2>
		<p><?php esc_html_e( 'Advisors are emailed when a visitor asks for a human. Check that this site can send email:', 'handoff-chat' ); ?></p>
		<?php
		Mail_Failures::render_buttons();
	}
}
