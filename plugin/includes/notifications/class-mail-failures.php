<?php
/**
 * Failed notification emails, shown to administrators instead of retried in silence.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Notifications;

use HandoffChat\Admin\Admin_Page;
use HandoffChat\Capabilities;

defined( 'ABSPATH' ) || exit;

/**
 * Every email of the plugin goes through send(); `wp_mail_failed` (on_failure()) is kept only
 * while one of them is under way, and the error is recorded with when. Administrators
 * then see a notice on the plugin's screens and the Dashboard with the error and a "Send a
 * test email" button; a successful send (that test, or any later email) clears it. A user
 * may dismiss the notice of a run of failures; a failure after a successful send shows again.
 */
final class Mail_Failures {

	public const OPTION         = 'handoff_chat_mail_failure';
	public const TEST_ACTION    = 'handoff_chat_test_email';
	public const DISMISS_ACTION = 'handoff_chat_dismiss_mail_failure';

	/** User meta: the run of failures the user dismissed (its `run`). */
	public const DISMISSED_META = 'handoff_chat_mail_failure_dismissed';

	/** Transient prefix (+ user id): the outcome of the user's test email, shown once. */
	private const RESULT_PREFIX = 'handoff_chat_test_email_';

	/**
	 * The error of the plugin's send under way (on_failure() keeps it), or null.
	 *
	 * @var \WP_Error|null
	 */
	private static ?\WP_Error $error = null;

	/**
	 * Whether one of the plugin's sends is under way: other plugins' failures are not ours.
	 *
	 * @var bool
	 */
	private static bool $sending = false;

	/**
	 * Wp_mail(), recording its failure with WordPress's error message.
	 *
	 * @param string|string[] $to          Recipients.
	 * @param string          $subject     Subject.
	 * @param string          $message     Body.
	 * @param string|string[] $headers     Headers.
	 * @param string|string[] $attachments Attachments.
	 * @return bool Whether WordPress handed the email over.
	 */
	public static function send( $to, string $subject, string $message, $headers = array(), $attachments = array() ): bool {
		self::$error   = null;
		self::$sending = true;
		try {
			$sent = wp_mail( $to, $subject, $message, $headers, $attachments );
		} finally {
			self::$sending = false;
		}
		if ( $sent ) {
			self::clear();
		} else {
			self::record( null !== self::$error ? self::$error->get_error_message() : '' );
		}
		self::$error = null;
		return (bool) $sent;
	}

	/**
	 * Action wp_mail_failed: keeps the error when the failing email is one of the plugin's.
	 *
	 * @param mixed $error WordPress's WP_Error (PHPMailer's message).
	 * @return void
	 */
	public function on_failure( $error ): void {
		if ( self::$sending && $error instanceof \WP_Error ) {
			self::$error = $error;
		}
	}

	/**
	 * Records a failure. Failures until the next successful send are one run: its first time
	 * (`since`) and its id (`run`, what a dismissal hides) are kept, its last error and time are updated,
	 * so the bridge's retries of the same escalation do not bring back a dismissed notice.
	 *
	 * @param string $message WordPress's error ('' when it gave none).
	 * @return void
	 */
	public static function record( string $message ): void {
		$previous = self::last();
		$now      = time();
		update_option(
			self::OPTION,
			array(
				'message' => '' !== $message ? sanitize_text_field( $message ) : __( 'wp_mail() failed without an error message (a plugin may have stopped the email).', 'handoff-chat' ),
				'at'      => $now,
				'since'   => null !== $previous ? $previous['since'] : $now,
				'count'   => null !== $previous ? $previous['count'] + 1 : 1,
				// Names the run, for dismissals (two runs may start within the same second).
				'run'     => null !== $previous ? $previous['run'] : wp_generate_password( 12, false ),
			),
			false
		);
	}

	/**
	 * Forgets the failure: email works again.
	 *
	 * @return void
	 */
	public static function clear(): void {
		if ( false !== get_option( self::OPTION ) ) {
			delete_option( self::OPTION );
		}
	}

	/**
	 * The last failure (its error and time), with the first one's time since the last
	 * successful send and how many failed since; or null.
	 *
	 * @return array{message: string, at: int, since: int, count: int, run: string}|null
	 */
	public static function last(): ?array {
		$failure = get_option( self::OPTION );
		if ( ! is_array( $failure ) || ! isset( $failure['message'], $failure['at'] ) ) {
			return null;
		}
		return array(
			'message' => (string) $failure['message'],
			'at'      => (int) $failure['at'],
			'since'   => (int) ( $failure['since'] ?? $failure['at'] ),
			'count'   => max( 1, (int) ( $failure['count'] ?? 1 ) ),
			'run'     => (string) ( $failure['run'] ?? $failure['at'] ),
		);
	}

	/**
	 * Uninstall: forgets everything.
	 *
	 * @return void
	 */
	public static function delete_all(): void {
		delete_option( self::OPTION );
		delete_metadata( 'user', 0, self::DISMISSED_META, '', true );
	}

	/**
	 * Admin_notices: the failure (plugin screens and Dashboard) and the user's test result.
	 *
	 * @return void
	 */
	public function render_notices(): void {
		if ( ! Capabilities::can_manage() ) {
			return;
		}
		$user_id = get_current_user_id();
		$result  = get_transient( self::RESULT_PREFIX . $user_id );
		if ( is_array( $result ) ) {
			delete_transient( self::RESULT_PREFIX . $user_id );
			printf(
				'<div class="notice %1$s handoff-chat-test-email-result"><p>%2$s</p></div>',
				esc_attr( $result['ok'] ? 'notice-success' : 'notice-error' ),
				esc_html( $result['message'] )
			);
		}
		$failure = self::last();
		if ( null === $failure || ! self::on_our_screens() || (string) get_user_meta( $user_id, self::DISMISSED_META, true ) === $failure['run'] ) {
			return;
		}
		$when = wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $failure['at'] );
		?>
		<div class="notice notice-error handoff-chat-mail-failure">
			<p><strong><?php esc_html_e( 'Handoff Chat could not send an email to advisors.', 'handoff-chat' ); ?></strong>
			<?php
			printf(
				/* translators: 1: date and time; 2: the error WordPress reported. */
				esc_html__( 'On %1$s, WordPress reported: %2$s', 'handoff-chat' ),
				esc_html( $when ),
				'<code>' . esc_html( $failure['message'] ) . '</code>'
			);
			?>
			<?php
			if ( $failure['count'] > 1 ) {
				echo ' ';
				printf(
					/* translators: 1: number of emails; 2: date and time of the first failure. */
					esc_html( _n( '%1$d email failed since %2$s.', '%1$d emails failed since %2$s.', $failure['count'], 'handoff-chat' ) ),
					(int) $failure['count'],
					esc_html( wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $failure['since'] ) )
				);
			}
			?>
			</p>
			<p><?php esc_html_e( 'Advisors are not emailed when a visitor asks for a human until this is fixed. Check the site\'s email settings (many hosts need an SMTP plugin), then send yourself a test email.', 'handoff-chat' ); ?></p>
			<?php self::render_buttons( true ); ?>
		</div>
		<?php
	}

	/**
	 * The "Send a test email" form (and "Dismiss" in the notice).
	 *
	 * @param bool $dismiss Whether to add the Dismiss button.
	 * @return void
	 */
	public static function render_buttons( bool $dismiss = false ): void {
		$email = wp_get_current_user()->user_email;
		?>
		<form action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" method="post" class="handoff-chat-test-email">
			<?php wp_nonce_field( self::TEST_ACTION ); ?>
			<input type="hidden" name="action" value="<?php echo esc_attr( self::TEST_ACTION ); ?>" />
			<p>
				<?php
				/* translators: %s: the current user's email address. */
				submit_button( sprintf( __( 'Send a test email to %s', 'handoff-chat' ), $email ), 'secondary', 'submit', false, array( 'id' => $dismiss ? 'handoff-chat-test-email-notice' : 'handoff-chat-test-email' ) );
				if ( $dismiss ) {
					echo ' ';
					printf(
						'<a class="button-link" href="%1$s">%2$s</a>',
						esc_url( wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION ), self::DISMISS_ACTION ) ),
						esc_html__( 'Dismiss', 'handoff-chat' )
					);
				}
				?>
			</p>
		</form>
		<?php
	}

	/**
	 * Admin-post.php: sends the current user a test email, keeps the outcome for the next page.
	 *
	 * @return void
	 */
	public function handle_test_email(): void {
		if ( ! Capabilities::can_manage() ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'handoff-chat' ), 403 );
		}
		check_admin_referer( self::TEST_ACTION );
		set_transient( self::RESULT_PREFIX . get_current_user_id(), $this->send_test( wp_get_current_user() ), MINUTE_IN_SECONDS );
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url( 'admin.php?page=' . Admin_Page::SLUG ) );
		exit;
	}

	/**
	 * Sends one test email to a user.
	 *
	 * @param \WP_User $user The recipient.
	 * @return array{ok: bool, message: string} The outcome, translated.
	 */
	public function send_test( \WP_User $user ): array {
		$site = wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES );
		$sent = self::send(
			$user->user_email,
			/* translators: %s: site title. */
			sprintf( __( '[%s] Handoff Chat test email', 'handoff-chat' ), $site ),
			__( 'This is a test email from Handoff Chat. If you can read it, advisors will be emailed when a visitor asks for a human.', 'handoff-chat' ) . "\n",
			array( 'Content-Type: text/plain; charset=UTF-8' )
		);
		if ( $sent ) {
			return array(
				'ok'      => true,
				/* translators: %s: email address. */
				'message' => sprintf( __( 'Test email sent to %s. If it does not arrive, look in the spam folder, then check the site\'s email settings.', 'handoff-chat' ), $user->user_email ),
			);
		}
		$failure = self::last();
		return array(
			'ok'      => false,
			/* translators: %s: the error WordPress reported. */
			'message' => sprintf( __( 'The test email could not be sent: %s', 'handoff-chat' ), null !== $failure ? $failure['message'] : '' ),
		);
	}

	/**
	 * Admin-post.php: hides the notice of the current failure for this user.
	 *
	 * @return void
	 */
	public function handle_dismiss(): void {
		if ( ! Capabilities::can_manage() ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'handoff-chat' ), 403 );
		}
		check_admin_referer( self::DISMISS_ACTION );
		$failure = self::last();
		if ( null !== $failure ) {
			update_user_meta( get_current_user_id(), self::DISMISSED_META, $failure['run'] );
		}
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}

	/**
	 * The Dashboard and the plugin's own screens.
	 *
	 * @return bool
	 */
	private static function on_our_screens(): bool {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( null === $screen ) {
			return false;
		}
		return 'dashboard' === $screen->id || str_contains( (string) $screen->id, 'handoff-chat' );
	}
}
