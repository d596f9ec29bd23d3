<?php
/**
 * Tests of Customer_Shop_Controller: a known customer's WooCommerce orders and cart.
 *
 * @package HandoffChat
 */

namespace HandoffChat\Tests\Rest;

use HandoffChat\Capabilities;
use HandoffChat\Tests\TestCase;

/**
 * Through rest_do_request(), as the inbox calls it. WooCommerce cannot be installed offline here:
 * the active-WooCommerce cases run on a fixture of its documented functions
 * (tests/fixtures/woocommerce), loaded after the inactive case.
 */
final class CustomerShopControllerTest extends TestCase {

	private static function get( int $user_id ): \WP_REST_Response {
		return rest_do_request( new \WP_REST_Request( 'GET', "/handoff-chat/v1/customers/{$user_id}/shop" ) );
	}

	private function advisor(): \WP_User {
		$advisor = $this->create_user( 'editor' );
		$advisor->add_cap( Capabilities::ANSWER );
		return $advisor;
	}

	public function test_1_without_woocommerce_it_says_so_and_lists_nothing(): void {
		$this->assertFalse( function_exists( 'wc_get_orders' ), 'This case runs before the fixture is loaded.' );
		$customer = $this->create_user( 'subscriber' );
		wp_set_current_user( $this->advisor()->ID );
		$response = self::get( $customer->ID );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				'woocommerce' => false,
				'orders'      => array(),
				'cart'        => array(),
			),
			$response->get_data()
		);
	}

	public function test_2_an_advisor_sees_the_customers_latest_orders_and_cart(): void {
		require_once dirname( __DIR__ ) . '/fixtures/woocommerce/woocommerce-fixture.php';
		$customer = $this->create_user( 'subscriber' );
		$other    = $this->create_user( 'subscriber' );
		$orders   = array();
		for ( $i = 1; $i <= 7; $i++ ) {
			$orders[] = new \WC_Order(
				array(
					'id'          => 100 + $i,
					'number'      => 'A-' . $i,
					'status'      => 1 === $i ? 'completed' : 'processing',
					'total_html'  => '<span class="woocommerce-Price-amount amount">' . $i . '9,00&nbsp;<span class="woocommerce-Price-currencySymbol">&euro;</span></span>',
					'created'     => "2026-11-0{$i}T10:00:00+00:00",
					'items'       => $i,
					'customer_id' => $customer->ID,
				)
			);
		}
		$orders[]                           = new \WC_Order(
			array(
				'id'          => 999,
				'number'      => 'B-1',
				'status'      => 'processing',
				'total_html'  => '1,00 €',
				'created'     => '2026-12-01T10:00:00+00:00',
				'items'       => 1,
				'customer_id' => $other->ID,
			)
		);
		$GLOBALS['handoff_chat_wc_fixture'] = array(
			'orders'   => $orders,
			'products' => array(
				11 => 'Linen shirt',
				12 => 'Linen shirt – Blue, M',
			),
		);
		update_user_meta(
			$customer->ID,
			'_woocommerce_persistent_cart_' . get_current_blog_id(),
			array(
				'cart' => array(
					'k1' => array(
						'product_id'   => 11,
						'variation_id' => 12,
						'quantity'     => 2,
					),
					// A product deleted since: left out.
					'k2' => array(
						'product_id'   => 404,
						'variation_id' => 0,
						'quantity'     => 1,
					),
				),
			)
		);

		// Not for people who do not answer chats, nor for visitors.
		wp_set_current_user( $this->create_user( 'subscriber' )->ID );
		$this->assertSame( 403, self::get( $customer->ID )->get_status() );
		wp_set_current_user( 0 );
		$this->assertSame( 401, self::get( $customer->ID )->get_status() );

		wp_set_current_user( $this->advisor()->ID );
		$response = self::get( $customer->ID );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertTrue( $data['woocommerce'] );
		$this->assertSame( array( 'A-7', 'A-6', 'A-5', 'A-4', 'A-3' ), array_column( $data['orders'], 'number' ) );
		$this->assertSame(
			array(
				'id'        => 107,
				'number'    => 'A-7',
				'status'    => 'Processing',
				'total'     => "79,00\u{a0}€",
				'createdAt' => '2026-11-07T10:00:00+00:00',
				'items'     => 7,
				'url'       => admin_url( 'post.php?post=107&action=edit' ),
			),
			$data['orders'][0]
		);
		$query = end( $GLOBALS['handoff_chat_wc_fixture']['queries'] );
		$this->assertSame( array( $customer->ID, 5, 'date', 'DESC' ), array( $query['customer_id'], $query['limit'], $query['orderby'], $query['order'] ) );
		$this->assertSame(
			array(
				array(
					'name'     => 'Linen shirt – Blue, M',
					'quantity' => 2,
				),
			),
			$data['cart']
		);
		// Another customer's: only theirs.
		$this->assertSame( array( 'B-1' ), array_column( self::get( $other->ID )->get_data()['orders'], 'number' ) );
		$this->assertSame( array(), self::get( $other->ID )->get_data()['cart'] );
	}
}
