<?php
/**
 * Tests of Advisor_Profile: what WordPress tells the bridge about an advisor.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Advisors;

use HandoffChat\Advisors\Advisor_Profile;
use HandoffChat\Bridge\Token_Signer;
use HandoffChat\Capabilities;
use HandoffChat\Tests\TestCase;

require_once __DIR__ . '/ImageFixture.php';

/** The fields WordPress syncs for an advisor, and the avatar shared with the advisor token. */
final class AdvisorProfileTest extends TestCase {

	/**
	 * Images added to the media library for this test.
	 *
	 * @var Image_Fixture
	 */
	private Image_Fixture $images;

	protected function setUp(): void {
		parent::setUp();
		$this->images = new Image_Fixture();
	}

	protected function tearDown(): void {
		$this->images->remove();
		parent::tearDown();
	}

	public function test_without_a_picked_image_the_avatar_is_gravatar(): void {
		$user = $this->create_user( Capabilities::ROLE, array( 'display_name' => 'Gil Gravatar' ) );

		$this->assertSame( get_avatar_url( $user->ID ), Advisor_Profile::avatar_url( $user ) );
		$this->assertStringContainsString( 'gravatar.com/avatar/', (string) Advisor_Profile::avatar_url( $user ) );
		$this->assertSame(
			array(
				'id'          => (string) $user->ID,
				'displayName' => 'Gil Gravatar',
				'email'       => $user->user_email,
				'avatar'      => get_avatar_url( $user->ID ),
			),
			Advisor_Profile::synced( $user )
		);
	}

	public function test_a_picked_image_wins_at_a_small_size(): void {
		$user  = $this->create_user( Capabilities::ROLE );
		$image = $this->images->image();

		$this->assertTrue( Advisor_Profile::set_avatar_id( $user->ID, $image ) );
		$this->assertSame( $image, (int) get_user_meta( $user->ID, Advisor_Profile::AVATAR_META, true ) );

		$thumbnail = wp_get_attachment_image_url( $image, 'thumbnail' );
		$this->assertIsString( $thumbnail );
		$this->assertNotSame( wp_get_attachment_url( $image ), $thumbnail, 'The small size, not the original.' );
		$this->assertSame( $thumbnail, Advisor_Profile::avatar_url( $user ) );
		$this->assertSame( $thumbnail, Advisor_Profile::synced( $user )['avatar'] );
	}

	public function test_the_advisor_token_carries_the_same_avatar(): void {
		$user   = $this->create_user( Capabilities::ROLE, array( 'display_name' => 'Tia Token' ) );
		$signer = new Token_Signer( self::SITE_ID, self::SECRET );

		$claims = self::decode_jwt( $signer->sign_advisor_token( $user )['token'] )['payload'];
		$this->assertSame( get_avatar_url( $user->ID ), $claims['avatar'] );
		$this->assertSame( 'Tia Token', $claims['name'] );

		$image = $this->images->image();
		Advisor_Profile::set_avatar_id( $user->ID, $image );
		$claims = self::decode_jwt( $signer->sign_advisor_token( $user )['token'] )['payload'];
		$this->assertSame( wp_get_attachment_image_url( $image, 'thumbnail' ), $claims['avatar'] );
		$this->assertSame( Advisor_Profile::avatar_url( $user ), $claims['avatar'] );
	}

	public function test_a_deleted_image_falls_back_to_gravatar(): void {
		$user  = $this->create_user( Capabilities::ROLE );
		$image = $this->images->image();
		Advisor_Profile::set_avatar_id( $user->ID, $image );
		wp_delete_attachment( $image, true );

		$this->assertNull( Advisor_Profile::avatar_id( $user->ID ) );
		$this->assertSame( get_avatar_url( $user->ID ), Advisor_Profile::avatar_url( $user ) );
	}

	public function test_only_images_of_the_media_library_can_be_picked(): void {
		$user = $this->create_user( Capabilities::ROLE );
		$post = wp_insert_post(
			array(
				'post_title'  => 'A post',
				'post_status' => 'draft',
			)
		);

		$this->assertFalse( Advisor_Profile::set_avatar_id( $user->ID, $this->images->text() ) );
		$this->assertFalse( Advisor_Profile::set_avatar_id( $user->ID, $post ) );
		$this->assertFalse( Advisor_Profile::set_avatar_id( $user->ID, 999999 ) );
		$this->assertFalse( Advisor_Profile::set_avatar_id( $user->ID, 0 ) );
		$this->assertSame( '', get_user_meta( $user->ID, Advisor_Profile::AVATAR_META, true ) );
		wp_delete_post( $post, true );

		Advisor_Profile::set_avatar_id( $user->ID, $this->images->image() );
		$this->assertTrue( Advisor_Profile::set_avatar_id( $user->ID, null ) );
		$this->assertSame( '', get_user_meta( $user->ID, Advisor_Profile::AVATAR_META, true ) );
	}

	public function test_an_avatar_the_bridge_would_refuse_is_null(): void {
		$user   = $this->create_user( Capabilities::ROLE );
		$filter = static fn () => 'data:image/png;base64,AAAA';
		add_filter( 'get_avatar_url', $filter );
		try {
			$this->assertNull( Advisor_Profile::avatar_url( $user ) );
			$this->assertNull( Advisor_Profile::synced( $user )['avatar'] );
			$this->assertArrayNotHasKey( 'avatar', self::decode_jwt( ( new Token_Signer( self::SITE_ID, self::SECRET ) )->sign_advisor_token( $user )['token'] )['payload'] );
		} finally {
			remove_filter( 'get_avatar_url', $filter );
		}
	}

	public function test_the_name_and_email_fit_the_contract(): void {
		$user = $this->create_user( Capabilities::ROLE, array( 'display_name' => str_repeat( 'é', 250 ) ) );
		$this->assertSame( 200, mb_strlen( Advisor_Profile::display_name( $user ) ) );

		// An empty display name: the login, never an empty string.
		$user->display_name = '   ';
		$this->assertSame( $user->user_login, Advisor_Profile::display_name( $user ) );

		$user->user_email = '';
		$this->assertNull( Advisor_Profile::synced( $user )['email'] );
	}

	public function test_the_single_user_body_says_whether_they_can_answer(): void {
		$advisor    = $this->create_user( Capabilities::ROLE );
		$subscriber = $this->create_user( 'subscriber' );

		$this->assertSame( array( 'displayName', 'email', 'avatar', 'canAnswer' ), array_keys( Advisor_Profile::single( $advisor ) ) );
		$this->assertTrue( Advisor_Profile::single( $advisor )['canAnswer'] );
		$this->assertFalse( Advisor_Profile::single( $subscriber )['canAnswer'] );
		$this->assertFalse( Advisor_Profile::single( $advisor, false )['canAnswer'] );
	}
}
