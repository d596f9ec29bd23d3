<?php
/**
 * What the multisite tests share.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Multisite;

use HandoffChat\Tests\Bridge\Fake_Bridge;
use HandoffChat\Tests\TestCase;

require_once dirname( __DIR__ ) . '/bridge/FakeBridge.php';

/**
 * The network run.mjs made: the main site (configured as in the single-site tests) and
 * two sites, each connected to its own bridge site. One fake bridge per site.
 */
abstract class Network_Case extends TestCase {

	/** As in run.mjs. */
	protected const SITES = array(
		'shop' => array(
			'bridgeUrl' => 'http://127.0.0.1:19',
			'siteId'    => 'network_shop',
			'secret'    => 'ShopSecret0123456789abcdefghijklmnopqrstu',
		),
		'blog' => array(
			'bridgeUrl' => 'http://127.0.0.1:29',
			'siteId'    => 'network_blog',
			'secret'    => 'BlogSecret0123456789abcdefghijklmnopqrstu',
		),
	);

	/**
	 * One fake bridge per site: 'main', 'shop', 'blog'.
	 *
	 * @var array<string, Fake_Bridge>
	 */
	protected array $bridges = array();

	protected function setUp(): void {
		$this->assertTrue( is_multisite(), 'Run these tests with node plugin/tests/multisite/run.mjs.' );
		parent::setUp();
		$this->bridges['main'] = new Fake_Bridge( self::BRIDGE_URL, true );
		foreach ( self::SITES as $slug => $site ) {
			$this->bridges[ $slug ] = new Fake_Bridge( $site['bridgeUrl'], true );
			$this->bridges[ $slug ]->match( 'PUT', '#^/v1/advisors(/\d+)?$#', array( 200, array( 'advisors' => array() ) ) );
		}
		$this->bridges['main']->match( 'PUT', '#^/v1/advisors(/\d+)?$#', array( 200, array( 'advisors' => array() ) ) );
	}

	protected function tearDown(): void {
		foreach ( $this->bridges as $bridge ) {
			$bridge->remove();
		}
		parent::tearDown();
	}

	protected static function site( string $slug ): int {
		$site = get_site_by_path( (string) DOMAIN_CURRENT_SITE, '/' . $slug . '/' );
		self::assertInstanceOf( \WP_Site::class, $site, "No site /$slug/ on the network." );
		return (int) $site->blog_id;
	}

	/**
	 * What one site's bridge received.
	 *
	 * @param string $slug The site: 'main', 'shop' or 'blog'.
	 * @return list<array{path: string, body: array, raw: string, headers: array}>
	 */
	protected function received( string $slug ): array {
		$out = array();
		foreach ( $this->bridges[ $slug ]->requests as $sent ) {
			$out[] = array(
				'path'    => $sent['path'],
				'body'    => json_decode( $sent['body'], true ),
				'raw'     => $sent['body'],
				'headers' => $sent['headers'],
			);
		}
		return $out;
	}

	/**
	 * Signed for that site with that site's secret (Request_Signer).
	 *
	 * @param string $slug     The site: 'main', 'shop' or 'blog'.
	 * @param array  $received One request, as received() lists it.
	 * @param string $method   The HTTP method signed.
	 */
	protected function assert_signed_for( string $slug, array $received, string $method = 'PUT' ): void {
		$site_id = 'main' === $slug ? self::SITE_ID : self::SITES[ $slug ]['siteId'];
		$secret  = 'main' === $slug ? self::SECRET : self::SITES[ $slug ]['secret'];
		$this->assertSame( $site_id, $received['headers']['X-Handoff-Site'] );
		$this->assertSame(
			hash_hmac( 'sha256', $method . "\n" . $received['path'] . "\n" . $received['headers']['X-Handoff-Timestamp'] . "\n" . hash( 'sha256', $received['raw'] ), $secret ),
			$received['headers']['X-Handoff-Signature']
		);
	}
}
