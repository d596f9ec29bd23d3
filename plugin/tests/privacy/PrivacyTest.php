<?php
/**
 * Privacy: the chat's paragraph in the privacy policy guide, and the widget's consent step.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Privacy;

use HandoffChat\Plugin;
use HandoffChat\Privacy\Consent;
use HandoffChat\Tests\TestCase;

/**
 * The policy text through WordPress's own wp_add_privacy_policy_content() (as admin_init
 * runs it), in the site's language; the consent settings as the widget receives them.
 */
final class PrivacyTest extends TestCase {

	/**
	 * Options before the test, put back after it.
	 *
	 * @var array<string, mixed>
	 */
	private array $saved = array();

	protected function setUp(): void {
		parent::setUp();
		foreach ( array( Consent::OPTION, 'wp_page_for_privacy_policy' ) as $option ) {
			$this->saved[ $option ] = get_option( $option );
		}
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-privacy-policy-content.php';
	}

	protected function tearDown(): void {
		foreach ( $this->saved as $option => $value ) {
			false === $value ? delete_option( $option ) : update_option( $option, $value );
		}
		self::policy_content()->setValue( null, array() );
		unset( $GLOBALS['current_screen'] );
		parent::tearDown();
	}

	/** Where WordPress keeps what plugins suggest (a private static of its class). */
	private static function policy_content(): \ReflectionProperty {
		$property = new \ReflectionProperty( \WP_Privacy_Policy_Content::class, 'policy_content' );
		$property->setAccessible( true );
		return $property;
	}

	/**
	 * What the plugin suggests, registered as WordPress registers it during admin_init.
	 *
	 * @return string The policy text WordPress holds for the plugin.
	 */
	private function suggested(): string {
		set_current_screen( 'options-privacy' );
		self::policy_content()->setValue( null, array() );
		// wp_add_privacy_policy_content() only accepts content during admin_init.
		$GLOBALS['wp_current_filter'][] = 'admin_init';
		try {
			Plugin::instance()->privacy_policy->add_content();
		} finally {
			array_pop( $GLOBALS['wp_current_filter'] );
		}
		$entries = array_values(
			array_filter(
				(array) self::policy_content()->getValue(),
				static fn ( $e ) => 'Handoff Chat' === $e['plugin_name']
			)
		);
		$this->assertCount( 1, $entries );
		return $entries[0]['policy_text'];
	}

	public function test_it_suggests_what_the_chat_stores_where_for_how_long_and_the_visitors_rights(): void {
		$this->assertSame( 10, has_action( 'admin_init', array( Plugin::instance()->privacy_policy, 'add_content' ) ) );
		$text = $this->suggested();
		$this->assertStringContainsString( '<strong class="privacy-policy-tutorial">Suggested text: </strong>', $text );
		$this->assertStringContainsString( 'we store the messages and images you send', $text );
		// Where: the bridge this site is connected to.
		$this->assertStringContainsString( 'stored on our chat server (127.0.0.1)', $text );
		$this->assertStringContainsString( 'local storage', $text );
		$this->assertStringContainsString( 'for as long as needed to answer you', $text );
		$this->assertStringContainsString( 'for a copy of your conversations, for their correction or for their deletion', $text );
	}

	public function test_the_suggestion_is_in_the_sites_language(): void {
		$mo = new \MO();
		$this->assertTrue( $mo->import_from_file( HANDOFF_CHAT_DIR . 'languages/handoff-chat-fr_FR.mo' ) );
		$french = static fn ( $translation, $text, $domain ) => 'handoff-chat' === $domain ? $mo->translate( $text ) : $translation;
		add_filter( 'gettext', $french, 10, 3 );
		try {
			$text = $this->suggested();
		} finally {
			remove_filter( 'gettext', $french, 10 );
		}
		$this->assertStringContainsString( 'Texte suggéré :', $text );
		$this->assertStringContainsString( 'nous conservons les messages et images que vous envoyez', $text );
	}

	public function test_the_consent_step_is_off_until_the_owner_turns_it_on_and_links_to_the_privacy_policy(): void {
		delete_option( Consent::OPTION );
		$this->assertNull( Consent::widget_config() );

		$page = wp_insert_post(
			array(
				'post_type'   => 'page',
				'post_status' => 'publish',
				'post_title'  => 'Privacy Policy',
			)
		);
		update_option( 'wp_page_for_privacy_policy', $page );
		try {
			update_option( Consent::OPTION, array( 'enabled' => '1' ) );
			$config = Consent::widget_config();
			$this->assertSame( Consent::default_text(), $config['text'] );
			$this->assertSame( get_permalink( $page ), $config['policyUrl'] );
			$this->assertSame( 'I agree', $config['agree'] );

			// The owner's own words, kept as text.
			update_option(
				Consent::OPTION,
				Consent::sanitize(
					array(
						'enabled' => '1',
						'text'    => " <b>Chat?</b>\n",
					)
				)
			);
			$this->assertSame( 'Chat?', Consent::widget_config()['text'] );
		} finally {
			wp_delete_post( $page, true );
		}
		// No privacy policy page: no link rather than a broken one.
		$this->assertSame( '', Consent::widget_config()['policyUrl'] );
	}
}
