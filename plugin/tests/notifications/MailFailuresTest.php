<?php
/**
 * Tests of failed escalation emails: the record, the notice and the test email.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Notifications;

use HandoffChat\Notifications\Mail_Failures;
use HandoffChat\Notifications\Notifier;
use HandoffChat\Plugin;
use HandoffChat\Tests\Health\Pusher_Server;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/MailCatcher.php';
require_once dirname( __DIR__ ) . '/health/PusherServer.php';
require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
require_once ABSPATH . 'wp-admin/includes/screen.php';

/**
 * A notification email that fails (a real PHPMailer failure: SMTP to a closed port) is
 * recorded with WordPress's error; administrators see it on the Dashboard and the plugin's
 * screens with a "Send a test email" button; a successful send makes it go away.
 */
final class MailFailuresTest extends TestCase {

	/**
	 * An administrator, who receives the escalation emails.
	 *
	 * @var \WP_User
	 */
	private \WP_User $admin;

	/**
	 * A closed port the broken SMTP server points at.
	 *
	 * @var int
	 */
	private int $smtp_port = 0;

	protected function setUp(): void {
		parent::setUp();
		Mail_Failures::delete_all();
		$this->admin = $this->create_user( 'administrator' );
		add_filter( 'wp_redirect', array( $this, 'stop_redirect' ) );
		add_filter( 'wp_die_handler', array( $this, 'die_handler' ) );
	}

	protected function tearDown(): void {
		remove_action( 'phpmailer_init', array( $this, 'broken_smtp' ) );
		remove_filter( 'wp_redirect', array( $this, 'stop_redirect' ) );
		remove_filter( 'wp_die_handler', array( $this, 'die_handler' ) );
		unset( $GLOBALS['current_screen'] );
		$_REQUEST = array();
		$_POST    = array();
		Mail_Failures::delete_all();
		parent::tearDown();
	}

	/**
	 * Action phpmailer_init: an SMTP server that is not there.
	 *
	 * @param \PHPMailer\PHPMailer\PHPMailer $phpmailer WordPress's mailer.
	 */
	public function broken_smtp( $phpmailer ): void {
		$phpmailer->isSMTP();
		$phpmailer->Host    = '127.0.0.1'; // phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase
		$phpmailer->Port    = $this->smtp_port; // phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase
		$phpmailer->Timeout = 2; // phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase
	}

	/**
	 * Filter wp_redirect: the handlers end with a redirect, then exit; stop before.
	 *
	 * @param string $location Where they redirect.
	 * @throws \RuntimeException Always, carrying the location.
	 */
	public function stop_redirect( string $location ): string {
		throw new \RuntimeException( 'redirect:' . $location );
	}

	/** Filter wp_die_handler: refusals become exceptions. */
	public function die_handler(): callable {
		return static function ( $message, $title = '', $args = array() ) {
			throw new \RuntimeException( 'die:' . ( is_array( $args ) ? ( $args['response'] ?? '' ) : '' ) );
		};
	}

	private function break_mail(): void {
		$this->smtp_port = Pusher_Server::closed_port();
		add_action( 'phpmailer_init', array( $this, 'broken_smtp' ) );
	}

	private function escalate(): array {
		return ( new Notifier() )->notify_escalation(
			array(
				'type'              => 'escalated',
				'conversationId'    => 'c_mail',
				'assignedAdvisorId' => (string) $this->admin->ID,
				'visitorName'       => 'Jeanne',
				'preview'           => 'Hello',
			)
		);
	}

	private function notices( string $screen = 'dashboard' ): string {
		\WP_Screen::get( $screen )->set_current_screen();
		ob_start();
		Plugin::instance()->mail_failures->render_notices();
		return (string) ob_get_clean();
	}

	public function test_a_failed_escalation_email_is_recorded_with_wordpress_error(): void {
		$this->break_mail();
		$this->assertSame(
			array(
				'sent'   => 0,
				'failed' => 1,
			),
			$this->escalate()
		);
		$failure = Mail_Failures::last();
		$this->assertNotNull( $failure );
		$this->assertStringContainsString( 'SMTP', $failure['message'] );
		$this->assertLessThanOrEqual( time(), $failure['at'] );
		// Only the plugin's own sends are watched: someone else's failure is not recorded.
		Mail_Failures::clear();
		wp_mail( 'someone@example.com', 'Other plugin', 'Body' );
		$this->assertNull( Mail_Failures::last() );
	}

	public function test_administrators_see_the_notice_on_the_dashboard_and_the_plugin_screens(): void {
		Mail_Failures::record( 'SMTP Error: Could not connect to SMTP host. <b>' );
		wp_set_current_user( $this->admin->ID );
		$html = $this->notices( 'dashboard' );
		$this->assertStringContainsString( 'Handoff Chat could not send an email to advisors.', $html );
		$this->assertStringContainsString( '<code>SMTP Error: Could not connect to SMTP host.</code>', $html );
		$this->assertStringContainsString( 'Send a test email to ' . $this->admin->user_email, $html );
		$this->assertStringContainsString( wp_create_nonce( Mail_Failures::TEST_ACTION ), $html );
		$this->assertStringContainsString( 'handoff-chat-mail-failure', $this->notices( 'toplevel_page_handoff-chat' ) );
		$this->assertStringNotContainsString( 'handoff-chat-mail-failure', $this->notices( 'edit-post' ) );

		wp_set_current_user( $this->create_user( 'editor' )->ID );
		$this->assertSame( '', $this->notices( 'dashboard' ) );
	}

	public function test_a_successful_test_email_clears_the_notice(): void {
		Mail_Failures::record( 'SMTP Error' );
		wp_set_current_user( $this->admin->ID );
		$mail = new Mail_Catcher();
		try {
			$result = Plugin::instance()->mail_failures->send_test( $this->admin );
		} finally {
			$mail->remove();
		}
		$this->assertTrue( $result['ok'] );
		$this->assertSame( array( $this->admin->user_email ), $mail->recipients() );
		$this->assertStringContainsString( 'Handoff Chat test email', $mail->mails[0]['subject'] );
		$this->assertNull( Mail_Failures::last() );
		$this->assertStringNotContainsString( 'handoff-chat-mail-failure', $this->notices() );
	}

	public function test_a_failing_test_email_says_why_and_the_notice_stays(): void {
		$this->break_mail();
		$result = Plugin::instance()->mail_failures->send_test( $this->admin );
		$this->assertFalse( $result['ok'] );
		$this->assertStringContainsString( 'The test email could not be sent: ', $result['message'] );
		$this->assertStringContainsString( 'SMTP', $result['message'] );
		wp_set_current_user( $this->admin->ID );
		$this->assertStringContainsString( 'handoff-chat-mail-failure', $this->notices() );
	}

	public function test_the_test_email_handler_checks_capability_and_nonce_then_shows_the_result(): void {
		wp_set_current_user( $this->create_user( 'editor' )->ID );
		try {
			Plugin::instance()->mail_failures->handle_test_email();
			$this->fail( 'An editor may not send the test email.' );
		} catch ( \RuntimeException $e ) {
			$this->assertSame( 'die:403', $e->getMessage() );
		}

		wp_set_current_user( $this->admin->ID );
		try {
			Plugin::instance()->mail_failures->handle_test_email();
			$this->fail( 'No nonce, no email.' );
		} catch ( \RuntimeException $e ) {
			$this->assertStringStartsWith( 'die:', $e->getMessage() );
		}

		$_REQUEST['_wpnonce'] = wp_create_nonce( Mail_Failures::TEST_ACTION );
		$mail                 = new Mail_Catcher();
		try {
			Plugin::instance()->mail_failures->handle_test_email();
			$this->fail( 'The handler redirects.' );
		} catch ( \RuntimeException $e ) {
			$this->assertStringStartsWith( 'redirect:', $e->getMessage() );
		} finally {
			$mail->remove();
		}
		$this->assertCount( 1, $mail->mails );
		$html = $this->notices( 'toplevel_page_handoff-chat' );
		$this->assertStringContainsString( 'Test email sent to ' . $this->admin->user_email, $html );
		// Shown once.
		$this->assertStringNotContainsString( 'Test email sent', $this->notices( 'toplevel_page_handoff-chat' ) );
	}

	public function test_dismissing_hides_this_run_of_failures_for_this_user_until_one_after_a_success(): void {
		Mail_Failures::record( 'First failure' );
		wp_set_current_user( $this->admin->ID );
		$_REQUEST['_wpnonce'] = wp_create_nonce( Mail_Failures::DISMISS_ACTION );
		try {
			Plugin::instance()->mail_failures->handle_dismiss();
			$this->fail( 'The handler redirects.' );
		} catch ( \RuntimeException $e ) {
			$this->assertStringStartsWith( 'redirect:', $e->getMessage() );
		}
		$this->assertSame( '', $this->notices() );

		// The bridge retries the same escalation: the same run, still dismissed; the last error is kept.
		Mail_Failures::record( 'Second failure' );
		$this->assertSame( 2, Mail_Failures::last()['count'] );
		$this->assertSame( 'Second failure', Mail_Failures::last()['message'] );
		$this->assertSame( '', $this->notices() );

		// Another administrator still sees it, with the count.
		wp_set_current_user( $this->create_user( 'administrator' )->ID );
		$html = $this->notices();
		$this->assertStringContainsString( 'Second failure', $html );
		$this->assertStringContainsString( '2 emails failed since', $html );

		// Email works again, then fails: a new run, shown again to the one who dismissed the first.
		wp_set_current_user( $this->admin->ID );
		Mail_Failures::clear();
		Mail_Failures::record( 'Third failure' );
		$this->assertStringContainsString( 'Third failure', $this->notices() );
	}
}
