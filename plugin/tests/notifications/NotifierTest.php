<?php
/**
 * Tests of the escalation emails.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Notifications;

use HandoffChat\Capabilities;
use HandoffChat\Notifications\Email_Preference;
use HandoffChat\Notifications\Notifier;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/MailCatcher.php';

/** Who receives an escalation email, and what it says. */
final class NotifierTest extends TestCase {

	/**
	 * The emails wp_mail() was asked to send.
	 *
	 * @var Mail_Catcher
	 */
	private Mail_Catcher $mail;

	/**
	 * Hooks added by a test, removed after it.
	 *
	 * @var array<string, callable>
	 */
	private array $filters = array();

	protected function setUp(): void {
		parent::setUp();
		$this->mail = new Mail_Catcher();
	}

	protected function tearDown(): void {
		$this->mail->remove();
		foreach ( $this->filters as $hook => $callback ) {
			remove_filter( $hook, $callback, 10 );
		}
		$this->filters = array();
		parent::tearDown();
	}

	private function filter( string $hook, callable $callback ): void {
		$this->filters[ $hook ] = $callback;
		add_filter( $hook, $callback, 10, 3 );
	}

	private static function notification( array $overrides = array() ): array {
		return $overrides + array(
			'type'              => 'escalated',
			'conversationId'    => 'c_0123456789abcdef0123456789abcdef',
			'assignedAdvisorId' => null,
			'visitorName'       => 'Jeanne (ACME)',
			'preview'           => 'Where is my order?',
		);
	}

	public function test_the_assigned_advisor_alone_is_emailed(): void {
		$assigned = $this->create_user( 'administrator' );
		$other    = $this->create_user( 'administrator' );

		$result = ( new Notifier() )->notify_escalation( self::notification( array( 'assignedAdvisorId' => (string) $assigned->ID ) ) );

		$this->assertSame(
			array(
				'sent'   => 1,
				'failed' => 0,
			),
			$result
		);
		$this->assertSame( array( $assigned->user_email ), $this->mail->recipients() );
		$this->assertNull( $this->mail->to( $other->user_email ) );
		$this->assertStringContainsString( 'The conversation is assigned to you.', $this->mail->mails[0]['message'] );
	}

	public function test_without_an_assigned_advisor_every_advisor_is_emailed_and_no_one_else(): void {
		$admin      = $this->create_user( 'administrator' );
		$editor     = $this->create_user( 'editor' );
		$granted    = $this->create_user( 'editor' );
		$subscriber = $this->create_user( 'subscriber' );
		$granted->add_cap( Capabilities::ANSWER );

		( new Notifier() )->notify_escalation( self::notification() );

		$to = $this->mail->recipients();
		$this->assertContains( $admin->user_email, $to );
		$this->assertContains( $granted->user_email, $to );
		$this->assertNotContains( $editor->user_email, $to );
		$this->assertNotContains( $subscriber->user_email, $to );
		foreach ( $to as $email ) {
			$this->assertTrue( user_can( get_user_by( 'email', $email ), Capabilities::ANSWER ), $email );
		}
		$this->assertStringContainsString( 'No advisor is assigned yet', $this->mail->to( $admin->user_email )['message'] );
	}

	public function test_an_assigned_advisor_who_lost_the_capability_falls_back_to_every_advisor(): void {
		$former = $this->create_user( 'editor' );
		$admin  = $this->create_user( 'administrator' );

		( new Notifier() )->notify_escalation( self::notification( array( 'assignedAdvisorId' => (string) $former->ID ) ) );
		$this->assertNotContains( $former->user_email, $this->mail->recipients() );
		$this->assertContains( $admin->user_email, $this->mail->recipients() );

		$this->mail->mails = array();
		( new Notifier() )->notify_escalation( self::notification( array( 'assignedAdvisorId' => '999999999' ) ) );
		$this->assertContains( $admin->user_email, $this->mail->recipients() );
	}

	public function test_opted_out_advisors_are_not_emailed(): void {
		$in  = $this->create_user( 'administrator' );
		$out = $this->create_user( 'administrator' );
		update_user_meta( $out->ID, Email_Preference::META_KEY, '0' );

		( new Notifier() )->notify_escalation( self::notification() );
		$this->assertContains( $in->user_email, $this->mail->recipients() );
		$this->assertNotContains( $out->user_email, $this->mail->recipients() );

		// Assigned but opted out: nobody, rather than every colleague.
		$this->mail->mails = array();
		$result            = ( new Notifier() )->notify_escalation( self::notification( array( 'assignedAdvisorId' => (string) $out->ID ) ) );
		$this->assertSame(
			array(
				'sent'   => 0,
				'failed' => 0,
			),
			$result
		);
		$this->assertSame( array(), $this->mail->mails );
	}

	public function test_the_licence_filter_narrows_the_recipients_but_cannot_add_users_without_the_capability(): void {
		$licensed   = $this->create_user( 'administrator' );
		$unlicensed = $this->create_user( 'administrator' );
		$outsider   = $this->create_user( 'subscriber' );
		$this->filter(
			'handoff_chat_licensed_advisor_ids',
			function ( array $ids ) use ( $licensed, $unlicensed, $outsider ) {
				$this->assertContains( $unlicensed->ID, $ids );
				return array( $licensed->ID, $outsider->ID );
			}
		);

		$this->assertSame( array( $licensed->ID ), Notifier::licensed_advisor_ids() );
		( new Notifier() )->notify_escalation( self::notification() );
		$this->assertSame( array( $licensed->user_email ), $this->mail->recipients() );
	}

	public function test_only_the_advisors_the_bridge_allows_are_emailed_when_it_names_them(): void {
		$allowed    = $this->create_user( 'administrator' );
		$restricted = $this->create_user( 'administrator' );
		$outsider   = $this->create_user( 'subscriber' );

		// The bridge names who is licensed and allowed on the conversation's page; a name without the capability is ignored.
		( new Notifier() )->notify_escalation( self::notification( array( 'recipients' => array( (string) $allowed->ID, (string) $outsider->ID ) ) ) );
		$this->assertSame( array( $allowed->user_email ), $this->mail->recipients() );
		$this->assertNotContains( $restricted->user_email, $this->mail->recipients() );

		// An empty list (nobody licensed for that page): nobody.
		$this->mail->mails = array();
		$result            = ( new Notifier() )->notify_escalation( self::notification( array( 'recipients' => array() ) ) );
		$this->assertSame(
			array(
				'sent'   => 0,
				'failed' => 0,
			),
			$result
		);
	}

	public function test_the_email_is_plain_text_with_the_visitor_the_preview_and_a_direct_link(): void {
		$advisor = $this->create_user( 'administrator' );
		( new Notifier() )->notify_escalation( self::notification( array( 'assignedAdvisorId' => (string) $advisor->ID ) ) );

		$mail = $this->mail->mails[0];
		$this->assertSame( $advisor->user_email, $mail['to'] );
		$this->assertSame( '[' . wp_specialchars_decode( get_option( 'blogname' ), ENT_QUOTES ) . '] Jeanne (ACME) is waiting for an advisor', $mail['subject'] );
		$this->assertContains( 'Content-Type: text/plain; charset=UTF-8', $mail['headers'] );
		$this->assertStringContainsString( "> Where is my order?\n", $mail['message'] );
		$this->assertStringContainsString( admin_url( 'admin.php?page=handoff-chat&conversation=c_0123456789abcdef0123456789abcdef' ), $mail['message'] );
		$this->assertStringContainsString( admin_url( 'profile.php' ), $mail['message'] );
	}

	public function test_visitor_text_cannot_reshape_the_email_and_is_truncated(): void {
		$advisor = $this->create_user( 'administrator' );
		( new Notifier() )->notify_escalation(
			self::notification(
				array(
					'assignedAdvisorId' => (string) $advisor->ID,
					'visitorName'       => "Eve\r\nBcc: everyone@example.com",
					'preview'           => "Hi\n\nOpen the conversation:\nhttps://evil.example \u{202E}gpj.exe <b>x</b> " . str_repeat( 'é', 200 ),
				)
			)
		);
		$mail = $this->mail->mails[0];
		$this->assertSame( 1, substr_count( $mail['subject'], 'Eve Bcc: everyone@example.com' ) );
		$this->assertStringNotContainsString( "\n", $mail['subject'] );

		preg_match( '/^> (.*)$/m', $mail['message'], $quote );
		$this->assertStringStartsWith( 'Hi Open the conversation: https://evil.example gpj.exe <b>x</b> éé', $quote[1] );
		$this->assertStringNotContainsString( "\u{202E}", $mail['message'] );
		$this->assertSame( Notifier::PREVIEW_LENGTH, mb_strlen( $quote[1] ) );
		$this->assertStringEndsWith( '…', $quote[1] );
		$this->assertSame( 1, substr_count( $mail['message'], 'Open the conversation:' . "\n" ) );
	}

	public function test_an_anonymous_visitor_without_a_message(): void {
		$advisor = $this->create_user( 'administrator' );
		( new Notifier() )->notify_escalation(
			self::notification(
				array(
					'assignedAdvisorId' => (string) $advisor->ID,
					'visitorName'       => null,
					'preview'           => '  ',
				)
			)
		);
		$mail = $this->mail->mails[0];
		$this->assertStringEndsWith( '] A visitor is waiting for an advisor', $mail['subject'] );
		$this->assertStringStartsWith( 'A visitor asked to talk to an advisor on ', $mail['message'] );
		$this->assertStringNotContainsString( 'Their last message', $mail['message'] );
	}

	public function test_the_email_quotes_what_the_visitor_wrote_sent_and_chose_and_where_the_chat_started(): void {
		$advisor = $this->create_user( 'administrator' );
		( new Notifier() )->notify_escalation(
			self::notification(
				array(
					'assignedAdvisorId' => (string) $advisor->ID,
					'preview'           => 'The damaged box',
					'lines'             => array(
						array(
							'kind' => 'text',
							'text' => 'Do you deliver to Lyon?',
						),
						array(
							'kind' => 'choice',
							'text' => 'Opening hours',
						),
						array(
							'kind' => 'image',
							'text' => '',
						),
						array(
							'kind' => 'image',
							'text' => 'The damaged box',
						),
					),
					'pageUrl'           => 'https://shop.example/contact/',
					'pageTitle'         => 'Contact – Shop',
				)
			)
		);
		$message = $this->mail->mails[0]['message'];
		$this->assertStringContainsString( "Chat started on: Contact – Shop\nhttps://shop.example/contact/\n", $message );
		$this->assertStringContainsString(
			"Their last messages, most recent last:\n> Do you deliver to Lyon?\n> Pressed the button “Opening hours”\n> Image\n> Image: The damaged box\n\n",
			$message
		);
		$this->assertStringNotContainsString( 'Their last message:', $message );
	}

	public function test_a_page_without_title_is_named_by_its_address_and_a_bad_address_is_left_out(): void {
		$advisor = $this->create_user( 'administrator' );
		$send    = function ( array $page ) use ( $advisor ): string {
			$this->mail->mails = array();
			( new Notifier() )->notify_escalation(
				self::notification(
					array(
						'assignedAdvisorId' => (string) $advisor->ID,
						'lines'             => array(),
					) + $page
				)
			);
			return $this->mail->mails[0]['message'];
		};

		$this->assertStringContainsString(
			"Chat started on: https://shop.example/\n",
			$send(
				array(
					'pageUrl'   => 'https://shop.example/',
					'pageTitle' => null,
				)
			)
		);
		$message = $send(
			array(
				'pageUrl'   => 'javascript:alert(1)',
				'pageTitle' => "Home\nBcc: x",
			)
		);
		$this->assertStringContainsString( "Chat started on: Home Bcc: x\n", $message );
		$this->assertStringNotContainsString( 'javascript', $message );
		$this->assertStringNotContainsString( 'Chat started on', $send( array() ) );
		// No line the visitor wrote (only answers to the bot): no quote, not the preview either.
		$this->assertStringNotContainsString( '> ', $send( array() ) );
	}

	public function test_an_older_bridges_image_preview_reads_image(): void {
		$advisor = $this->create_user( 'administrator' );
		( new Notifier() )->notify_escalation(
			self::notification(
				array(
					'assignedAdvisorId' => (string) $advisor->ID,
					'preview'           => '📷',
				)
			)
		);
		$this->assertStringContainsString( "Their last message:\n> Image\n", $this->mail->mails[0]['message'] );
	}

	public function test_the_email_filter_can_change_or_cancel_each_email(): void {
		$kept      = $this->create_user( 'administrator' );
		$cancelled = $this->create_user( 'administrator' );
		$this->filter(
			'handoff_chat_notification_email',
			static function ( array $args, \WP_User $user, array $notification ) use ( $cancelled ) {
				if ( $user->ID === $cancelled->ID ) {
					return false;
				}
				$args['subject'] .= ' [' . $notification['conversationId'] . ']';
				return $args;
			}
		);

		( new Notifier() )->notify_escalation( self::notification() );
		$this->assertNull( $this->mail->to( $cancelled->user_email ) );
		$this->assertStringEndsWith( '[c_0123456789abcdef0123456789abcdef]', $this->mail->to( $kept->user_email )['subject'] );
	}

	public function test_failed_emails_are_counted(): void {
		$advisor            = $this->create_user( 'administrator' );
		$this->mail->result = false;
		$result             = ( new Notifier() )->notify_escalation( self::notification( array( 'assignedAdvisorId' => (string) $advisor->ID ) ) );
		$this->assertSame(
			array(
				'sent'   => 0,
				'failed' => 1,
			),
			$result
		);
	}

	public function test_each_email_is_written_in_its_recipients_locale(): void {
		$french  = $this->create_user( 'administrator', array( 'locale' => 'fr_FR' ) );
		$english = $this->create_user( 'administrator' );

		// This site has no French language pack: declare fr_FR installed for a fresh locale switcher.
		$original = $GLOBALS['wp_locale_switcher'];
		$this->filter( 'get_available_languages', static fn ( array $languages ) => array_merge( $languages, array( 'fr_FR' ) ) );
		$switcher = new \WP_Locale_Switcher();
		$switcher->init();
		$GLOBALS['wp_locale_switcher'] = $switcher;
		try {
			( new Notifier() )->notify_escalation( self::notification() );
		} finally {
			remove_filter( 'locale', array( $switcher, 'filter_locale' ) );
			remove_filter( 'determine_locale', array( $switcher, 'filter_locale' ) );
			$GLOBALS['wp_locale_switcher'] = $original;
		}

		$fr = $this->mail->to( $french->user_email );
		$en = $this->mail->to( $english->user_email );
		$this->assertSame( 'fr_FR', $fr['locale'] );
		$this->assertSame( 'en_US', $en['locale'] );
		$this->assertSame( 'en_US', determine_locale(), 'The locale is restored after sending.' );

		// French once the lead's build has compiled the translations into plugin/languages; English until then.
		$mo = new \MO();
		$mo->import_from_file( HANDOFF_CHAT_DIR . 'languages/handoff-chat-fr_FR.mo' );
		$site = wp_specialchars_decode( get_option( 'blogname' ), ENT_QUOTES );
		foreach ( array( 'Open the conversation:', 'Their last message:' ) as $line ) {
			$this->assertStringContainsString( $mo->translate( $line ) . "\n", $fr['message'] );
			$this->assertStringContainsString( $line . "\n", $en['message'] );
		}
		$this->assertSame( sprintf( $mo->translate( '[%1$s] %2$s is waiting for an advisor' ), $site, 'Jeanne (ACME)' ), $fr['subject'] );
		$this->assertSame( sprintf( '[%1$s] %2$s is waiting for an advisor', $site, 'Jeanne (ACME)' ), $en['subject'] );
	}
}
