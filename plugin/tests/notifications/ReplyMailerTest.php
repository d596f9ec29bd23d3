<?php
/**
 * Tests of the advisors' replies emailed to visitors.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Notifications;

use HandoffChat\Notifications\Reply_Mailer;
use HandoffChat\Settings;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/MailCatcher.php';

/** Who gets the email of an advisor's reply, in which language, and the link back to the chat. */
final class ReplyMailerTest extends TestCase {

	private const TOKEN = 'hcr1.eyJzIjoic2l0ZSJ9.c2lnbmF0dXJl';

	/**
	 * The emails wp_mail() was asked to send.
	 *
	 * @var Mail_Catcher
	 */
	private Mail_Catcher $mail;

	protected function setUp(): void {
		parent::setUp();
		$this->mail = new Mail_Catcher();
	}

	protected function tearDown(): void {
		$this->mail->remove();
		parent::tearDown();
	}

	private static function notification( array $overrides = array() ): array {
		return $overrides + array(
			'type'           => 'email-reply',
			'conversationId' => 'c_0123456789abcdef0123456789abcdef',
			'messageId'      => 'm_0123456789abcdef0123456789abcdef',
			'to'             => 'lea@example.fr',
			'locale'         => null,
			'advisorName'    => 'Anna',
			'text'           => "Yes, we ship to Lyon.\nIn two days.",
			'imageUrl'       => null,
			'pageUrl'        => home_url( '/contact/' ),
			'pageTitle'      => 'Contact',
			'resumeToken'    => self::TOKEN,
			'siteName'       => 'Bridge name',
		);
	}

	/**
	 * Runs `$fn` with fr_FR installed (this site has no French language pack), as the demo's
	 * mu-plugin and the e2e stack declare the plugin's own languages.
	 *
	 * @param callable $fn What to run.
	 */
	private static function with_french( callable $fn ): void {
		$french   = static fn ( array $languages ) => array_merge( $languages, array( 'fr_FR' ) );
		$original = $GLOBALS['wp_locale_switcher'];
		add_filter( 'get_available_languages', $french );
		$switcher = new \WP_Locale_Switcher();
		$switcher->init();
		$GLOBALS['wp_locale_switcher'] = $switcher;
		try {
			$fn();
		} finally {
			remove_filter( 'get_available_languages', $french );
			remove_filter( 'locale', array( $switcher, 'filter_locale' ) );
			remove_filter( 'determine_locale', array( $switcher, 'filter_locale' ) );
			$GLOBALS['wp_locale_switcher'] = $original;
		}
	}

	public function test_the_visitor_gets_the_reply_with_a_link_back_to_the_conversation(): void {
		$result = ( new Reply_Mailer() )->send( self::notification() );

		$this->assertSame(
			array(
				'sent'   => 1,
				'failed' => 0,
			),
			$result
		);
		$this->assertSame( array( 'lea@example.fr' ), $this->mail->recipients() );
		$mail = $this->mail->mails[0];
		$site = wp_specialchars_decode( get_option( 'blogname' ), ENT_QUOTES );
		$this->assertSame( $site . ' replied to your message', $mail['subject'] );
		$this->assertSame( 'en_US', $mail['locale'] );
		$this->assertStringContainsString( "Anna replied to your message on {$site}:\n\n> Yes, we ship to Lyon.\n> In two days.\n", $mail['message'] );
		// The page the chat started on, with the token in the fragment (never sent to the server).
		$this->assertStringContainsString( "Continue the conversation in the chat:\n" . home_url( '/contact/' ) . '#handoff-chat-resume=' . self::TOKEN . "\n", $mail['message'] );
		$this->assertStringContainsString( 'Replies to this email are not read: continue in the chat.', $mail['message'] );
		$this->assertContains( 'Content-Type: text/plain; charset=UTF-8', $mail['headers'] );
		foreach ( $mail['headers'] as $header ) {
			$this->assertStringStartsNotWith( 'Reply-To', $header );
		}
	}

	public function test_a_page_on_another_host_is_replaced_by_the_home_page(): void {
		( new Reply_Mailer() )->send( self::notification( array( 'pageUrl' => 'https://elsewhere.example/phish/' ) ) );
		$message = $this->mail->mails[0]['message'];
		$this->assertStringContainsString( "\n" . home_url( '/' ) . '#handoff-chat-resume=' . self::TOKEN . "\n", $message );
		$this->assertStringNotContainsString( 'elsewhere.example', $message );

		$this->assertSame( home_url( '/' ) . '#handoff-chat-resume=' . self::TOKEN, Reply_Mailer::resume_link( null, self::TOKEN ) );
		$this->assertSame( home_url( '/' ) . '#handoff-chat-resume=' . self::TOKEN, Reply_Mailer::resume_link( 'javascript:alert(1)', self::TOKEN ) );
		// The page's own fragment gives way to the resume one.
		$this->assertSame( home_url( '/a/?p=1' ) . '#handoff-chat-resume=' . self::TOKEN, Reply_Mailer::resume_link( home_url( '/a/?p=1#top' ), self::TOKEN ) );
	}

	public function test_an_image_reply_is_its_link(): void {
		( new Reply_Mailer() )->send(
			self::notification(
				array(
					'text'     => 'Our van',
					'imageUrl' => 'https://bridge.example/v1/uploads/0123456789abcdef0123456789abcdef',
				)
			)
		);
		$this->assertStringContainsString( "Image: Our van\nhttps://bridge.example/v1/uploads/0123456789abcdef0123456789abcdef\n", $this->mail->mails[0]['message'] );

		// Root-relative (a bridge without PUBLIC_URL): resolved against this site's bridge URL.
		$this->configure();
		( new Reply_Mailer() )->send(
			self::notification(
				array(
					'text'     => '',
					'imageUrl' => '/v1/uploads/0123456789abcdef0123456789abcdef',
				)
			)
		);
		$this->assertStringContainsString( "Image:\n" . Settings::get_bridge_url() . "/v1/uploads/0123456789abcdef0123456789abcdef\n", $this->mail->mails[1]['message'] );
	}

	public function test_the_email_is_written_in_the_visitors_language_when_installed(): void {
		self::with_french(
			function () {
				( new Reply_Mailer() )->send( self::notification( array( 'locale' => 'fr_FR' ) ) );
				// A bare language picks the installed locale of that language.
				( new Reply_Mailer() )->send( self::notification( array( 'locale' => 'fr' ) ) );
				// Not installed: the site's language.
				( new Reply_Mailer() )->send( self::notification( array( 'locale' => 'de_DE' ) ) );
			}
		);
		$this->assertSame( array( 'fr_FR', 'fr_FR', 'en_US' ), array_column( $this->mail->mails, 'locale' ) );
		$this->assertSame( 'en_US', determine_locale(), 'The locale is restored after sending.' );

		// French with the plugin's compiled translations (npm run build:i18n).
		$mo = new \MO();
		$this->assertTrue( $mo->import_from_file( HANDOFF_CHAT_DIR . 'languages/handoff-chat-fr_FR.mo' ) );
		$site = wp_specialchars_decode( get_option( 'blogname' ), ENT_QUOTES );
		$fr   = $this->mail->mails[0];
		foreach ( array( 'Continue the conversation in the chat:', 'Replies to this email are not read: continue in the chat.' ) as $line ) {
			$this->assertNotSame( $line, $mo->translate( $line ), "“{$line}” has a French translation." );
			$this->assertStringContainsString( $mo->translate( $line ) . "\n", $fr['message'] );
		}
		$this->assertSame( sprintf( $mo->translate( '%s replied to your message' ), $site ), $fr['subject'] );
		$this->assertStringContainsString( 'Replies to this email are not read', $this->mail->mails[2]['message'] );
	}

	public function test_visitor_text_cannot_fake_the_layout(): void {
		( new Reply_Mailer() )->send(
			self::notification(
				array(
					'advisorName' => "Anna\nBcc: x@example.com",
					'text'        => "Hi\u{202E}gnp.exe\x07",
				)
			)
		);
		$message = $this->mail->mails[0]['message'];
		$this->assertStringContainsString( 'Anna Bcc: x@example.com replied', $message );
		$this->assertStringContainsString( "> Hignp.exe\n", $message );
		$this->assertStringNotContainsString( "\u{202E}", $message );
	}

	public function test_a_failed_send_is_reported_for_the_bridge_to_retry(): void {
		$this->mail->result = false;
		$this->assertSame(
			array(
				'sent'   => 0,
				'failed' => 1,
			),
			( new Reply_Mailer() )->send( self::notification() )
		);
	}
}
