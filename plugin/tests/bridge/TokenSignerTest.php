<?php
/**
 * Tests of Token_Signer: the advisor tokens the bridge verifies.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Bridge;

use HandoffChat\Bridge\Token_Signer;
use HandoffChat\Tests\TestCase;

/** The advisor token, checked as the bridge verifies it. */
final class TokenSignerTest extends TestCase {

	public function test_header_claims_and_signature_match_what_the_bridge_verifies(): void {
		$user   = $this->create_user( 'administrator', array( 'display_name' => 'Ana Advisor' ) );
		$now    = 1_800_000_000;
		$signed = ( new Token_Signer( self::SITE_ID, self::SECRET ) )->sign_advisor_token( $user, $now );
		$jwt    = self::decode_jwt( $signed['token'] );

		$this->assertSame(
			array(
				'alg' => 'HS256',
				'typ' => 'JWT',
			),
			$jwt['header']
		);
		$this->assertSame(
			array(
				'iss'    => 'wordpress',
				'aud'    => 'handoff-chat:advisor',
				'sub'    => (string) $user->ID,
				'site'   => self::SITE_ID,
				'name'   => 'Ana Advisor',
				'avatar' => get_avatar_url( $user->ID ),
				'manage' => true,
				'iat'    => $now,
				'exp'    => $now + 900,
			),
			$jwt['payload']
		);
		$this->assertSame( $now + 900, $signed['expires_at'] );
		$this->assertTrue( self::jwt_signature_valid( $signed['token'], self::SECRET ) );
		$this->assertFalse( self::jwt_signature_valid( $signed['token'], self::SECRET . 'x' ), 'Another secret must not verify.' );
	}

	public function test_only_site_managers_get_the_manage_claim(): void {
		$signer = new Token_Signer( self::SITE_ID, self::SECRET );
		$editor = $this->create_user( 'editor' );
		$editor->add_cap( 'handoff_chat_answer' );
		$claims = self::decode_jwt( $signer->sign_advisor_token( $editor )['token'] )['payload'];
		$this->assertArrayNotHasKey( 'manage', $claims );
		$admin = self::decode_jwt( $signer->sign_advisor_token( $this->create_user( 'administrator' ) )['token'] )['payload'];
		$this->assertTrue( $admin['manage'] );
	}

	public function test_expiry_is_fifteen_minutes_from_now(): void {
		$before = time();
		$signed = ( new Token_Signer( self::SITE_ID, self::SECRET ) )->sign_advisor_token( $this->create_user( 'administrator' ) );
		$claims = self::decode_jwt( $signed['token'] )['payload'];

		$this->assertGreaterThanOrEqual( $before, $claims['iat'] );
		$this->assertLessThanOrEqual( time(), $claims['iat'] );
		$this->assertSame( 900, $claims['exp'] - $claims['iat'] );
		$this->assertSame( 900, Token_Signer::TTL );
	}

	public function test_parts_are_base64url_without_padding(): void {
		$user   = $this->create_user( 'administrator', array( 'display_name' => 'Zoë Ünïcødé ~~~' ) );
		$signed = ( new Token_Signer( self::SITE_ID, self::SECRET ) )->sign_advisor_token( $user );

		foreach ( self::decode_jwt( $signed['token'] )['parts'] as $part ) {
			$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]+$/', $part );
		}
		$this->assertSame( 'Zoë Ünïcødé ~~~', self::decode_jwt( $signed['token'] )['payload']['name'] );
		// Standard base64 would give "Pz8+" and "Pz8/" and "YQ==".
		$this->assertSame( 'Pz8-', Token_Signer::base64url_encode( '??>' ) );
		$this->assertSame( 'Pz8_', Token_Signer::base64url_encode( '???' ) );
		$this->assertSame( 'YQ', Token_Signer::base64url_encode( 'a' ) );
	}

	public function test_a_tampered_token_fails_verification(): void {
		$signed = ( new Token_Signer( self::SITE_ID, self::SECRET ) )->sign_advisor_token( $this->create_user( 'administrator' ) );
		$jwt    = self::decode_jwt( $signed['token'] );

		// Someone turns the token into another user's.
		$payload        = $jwt['payload'];
		$payload['sub'] = '999999';
		$forged_payload = Token_Signer::base64url_encode( wp_json_encode( $payload ) );
		$forged         = $jwt['parts'][0] . '.' . $forged_payload . '.' . $jwt['parts'][2];
		$this->assertFalse( self::jwt_signature_valid( $forged, self::SECRET ) );

		// Or flips a bit of the signature.
		$signature = $jwt['parts'][2];
		$flipped   = $jwt['parts'][0] . '.' . $jwt['parts'][1] . '.' . ( 'A' === $signature[0] ? 'B' : 'A' ) . substr( $signature, 1 );
		$this->assertFalse( self::jwt_signature_valid( $flipped, self::SECRET ) );
	}
}
