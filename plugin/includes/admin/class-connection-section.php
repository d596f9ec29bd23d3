<?php
/**
 * Conversations → Settings → Connection: connect with a code, rotate the secret, update
 * the site's address.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Admin;

use HandoffChat\Bridge\Connection;
use HandoffChat\Capabilities;
use HandoffChat\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The primary way to connect: paste the code the bridge printed, press Connect. Each
 * button is its own admin-post.php form (capability and nonce checked), whose outcome is
 * shown once as a notice on the way back. The secret is never printed: only the bridge
 * URL and the site id are shown.
 */
final class Connection_Section {

	public const CONNECT_ACTION  = 'handoff_chat_connect';
	public const ROTATE_ACTION   = 'handoff_chat_rotate_secret';
	public const SITE_URL_ACTION = 'handoff_chat_update_site_url';
	public const CODE_FIELD      = 'handoff_chat_connection_code';

	/**
	 * The section.
	 *
	 * @param Connection $connection The service Settings and WP-CLI share.
	 */
	public function __construct( private readonly Connection $connection = new Connection() ) {}

	/**
	 * Prints the section: the last outcome, what is connected, the buttons and the code form.
	 *
	 * @return void
	 */
	public function render(): void {
		$connected = Settings::is_configured();
		$locked    = Connection::is_locked();
		echo '<div class="handoff-chat-connection">';
		echo '<h2>' . esc_html__( 'Connection', 'handoff-chat' ) . '</h2>';
		$this->render_notice();

		if ( $connected ) {
			?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><?php esc_html_e( 'Bridge', 'handoff-chat' ); ?></th>
					<td><code class="handoff-chat-bridge-url"><?php echo esc_html( Settings::get_bridge_url() ); ?></code></td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Site id', 'handoff-chat' ); ?></th>
					<td><code class="handoff-chat-site-id"><?php echo esc_html( Settings::get_site_id() ); ?></code></td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'This site\'s address', 'handoff-chat' ); ?></th>
					<td>
						<code><?php echo esc_html( untrailingslashit( home_url() ) ); ?></code>
						<p class="description"><?php esc_html_e( 'Escalation emails link to it. It is sent to the bridge when you connect; send it again after moving the site.', 'handoff-chat' ); ?></p>
					</td>
				</tr>
			</table>
			<p class="handoff-chat-connection-actions">
				<?php
				$this->render_button( self::SITE_URL_ACTION, __( 'Update site address', 'handoff-chat' ) );
				if ( ! $locked ) {
					$this->render_button( self::ROTATE_ACTION, __( 'Rotate secret', 'handoff-chat' ) );
				}
				?>
			</p>
			<?php
		}

		if ( $locked ) {
			echo '<p>' . esc_html__( 'The connection is set by constants in wp-config.php; change it there.', 'handoff-chat' ) . '</p>';
			echo '</div>';
			return;
		}
		$linked = self::linked_code();
		?>
		<form action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" method="post" class="handoff-chat-connect-form">
			<input type="hidden" name="action" value="<?php echo esc_attr( self::CONNECT_ACTION ); ?>" />
			<?php wp_nonce_field( self::CONNECT_ACTION ); ?>
			<h3><?php echo $connected ? esc_html__( 'Reconnect with a new code', 'handoff-chat' ) : esc_html__( 'Connect with a code', 'handoff-chat' ); ?></h3>
			<p>
				<label for="<?php echo esc_attr( self::CODE_FIELD ); ?>">
					<?php
					printf(
						/* translators: 1: a bridge command, "handoff-bridge sites:create"; 2: another, "handoff-bridge sites:connect-code". */
						esc_html__( 'Paste the connection code printed on the bridge by %1$s or %2$s. It works once.', 'handoff-chat' ),
						'<code>handoff-bridge sites:create</code>',
						'<code>handoff-bridge sites:connect-code</code>'
					);
					?>
				</label>
			</p>
			<p>
				<input type="text" id="<?php echo esc_attr( self::CODE_FIELD ); ?>" name="<?php echo esc_attr( self::CODE_FIELD ); ?>" value="<?php echo esc_attr( $linked ); ?>" class="large-text code" autocomplete="off" spellcheck="false" required placeholder="hc1_…" />
			</p>
			<?php if ( '' !== $linked ) : ?>
				<p class="description handoff-chat-linked-code"><?php esc_html_e( 'The link you followed filled in this code. Press Connect if you expected it.', 'handoff-chat' ); ?></p>
			<?php endif; ?>
			<?php submit_button( __( 'Connect', 'handoff-chat' ), $connected ? 'secondary' : 'primary', 'submit', false ); ?>
		</form>
		</div>
		<?php
	}

	/**
	 * The code a link from the bridge's CLI carries (`…&handoff_chat_code=hc1_…`): it only
	 * fills the field, so following a link never connects anything by itself (Connect posts
	 * the form, with its nonce).
	 *
	 * @return string The code, or ''.
	 */
	private static function linked_code(): string {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read to fill a field; nothing changes.
		$code = isset( $_GET[ self::CODE_FIELD ] ) ? sanitize_text_field( wp_unslash( $_GET[ self::CODE_FIELD ] ) ) : '';
		return 1 === preg_match( '/^hc1_[0-9A-Za-z_]{20,400}$/D', $code ) ? $code : '';
	}

	/**
	 * A one-button form for an admin-post.php action.
	 *
	 * @param string $action The action, also the nonce's.
	 * @param string $label  The button.
	 * @return void
	 */
	private function render_button( string $action, string $label ): void {
		?>
		<form action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" method="post" style="display:inline-block;margin-right:8px">
			<input type="hidden" name="action" value="<?php echo esc_attr( $action ); ?>" />
			<?php
			wp_nonce_field( $action );
			submit_button( $label, 'secondary', 'submit', false );
			?>
		</form>
		<?php
	}

	/**
	 * Admin-post.php: exchanges the pasted code.
	 *
	 * @return void
	 */
	public function handle_connect(): void {
		$this->check( self::CONNECT_ACTION );
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- check() verified the nonce.
		$code   = isset( $_POST[ self::CODE_FIELD ] ) ? sanitize_text_field( wp_unslash( $_POST[ self::CODE_FIELD ] ) ) : '';
		$result = $this->connection->connect( $code );
		if ( is_wp_error( $result ) ) {
			$this->back( 'error', $result->get_error_message() );
		}
		$this->back(
			'success',
			sprintf(
				/* translators: 1: the bridge URL; 2: the site id on the bridge. */
				__( 'Connected to the bridge at %1$s as site %2$s. This site\'s address was sent to the bridge.', 'handoff-chat' ),
				$result['bridge_url'],
				$result['site_id']
			)
		);
	}

	/**
	 * Admin-post.php: asks the bridge for a new secret.
	 *
	 * @return void
	 */
	public function handle_rotate_secret(): void {
		$this->check( self::ROTATE_ACTION );
		$result = $this->connection->rotate_secret();
		if ( is_wp_error( $result ) ) {
			$this->back( 'error', $result->get_error_message() );
		}
		$this->back( 'success', __( 'The bridge issued a new secret and this site saved it. The previous secret no longer works: visitors who were chatting start a new session.', 'handoff-chat' ) );
	}

	/**
	 * Admin-post.php: sends home_url() to the bridge.
	 *
	 * @return void
	 */
	public function handle_update_site_url(): void {
		$this->check( self::SITE_URL_ACTION );
		$result = $this->connection->update_site_url();
		if ( is_wp_error( $result ) ) {
			$this->back( 'error', $result->get_error_message() );
		}
		$this->back(
			'success',
			sprintf(
				/* translators: %s: this site's address, such as https://example.com. */
				__( 'The bridge now has this site\'s address: %s', 'handoff-chat' ),
				(string) ( $result['url'] ?? '' )
			)
		);
	}

	/**
	 * Capability, then nonce.
	 *
	 * @param string $action The nonce action.
	 * @return void
	 */
	private function check( string $action ): void {
		if ( ! Capabilities::can_manage() ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'handoff-chat' ), 403 );
		}
		check_admin_referer( $action );
	}

	/**
	 * Keeps the outcome for the next view of the Settings screen and goes there.
	 *
	 * @param string $type    'success' or 'error'.
	 * @param string $message Plain text.
	 * @return never
	 */
	private function back( string $type, string $message ): never {
		set_transient(
			$this->notice_key(),
			array(
				'type'    => $type,
				'message' => $message,
			),
			MINUTE_IN_SECONDS
		);
		wp_safe_redirect( Settings_Page::url() );
		exit;
	}

	/**
	 * The outcome kept by back(), shown once.
	 *
	 * @return void
	 */
	private function render_notice(): void {
		$notice = get_transient( $this->notice_key() );
		if ( ! is_array( $notice ) ) {
			return;
		}
		delete_transient( $this->notice_key() );
		printf(
			'<div class="notice notice-%1$s inline handoff-chat-connection-notice" role="%2$s"><p>%3$s</p></div>',
			esc_attr( 'success' === $notice['type'] ? 'success' : 'error' ),
			esc_attr( 'success' === $notice['type'] ? 'status' : 'alert' ),
			esc_html( (string) $notice['message'] )
		);
	}

	/**
	 * Per administrator, so two of them never see each other's outcome.
	 *
	 * @return string
	 */
	private function notice_key(): string {
		return 'handoff_chat_connection_' . get_current_user_id();
	}
}
