<?php
/**
 * GET /wp-json/handoff-chat/v1/customers/:id/shop
 *
 * @package HandoffChat
 */

namespace HandoffChat\Rest;

use HandoffChat\Capabilities;

defined( 'ABSPATH' ) || exit;

/**
 * A known customer's WooCommerce data for the inbox's visitor panel: their five latest orders
 * and what waits in their cart. The user id is the `WP_USER_ID` variable WordPress vouched for
 * (known customers). Without WooCommerce: `{ woocommerce: false }`, and the panel shows nothing.
 * Read through WooCommerce's documented API only: wc_get_orders(), the WC_Order getters,
 * wc_get_order_status_name(), wc_get_product(), and the persistent cart WooCommerce keeps in the
 * user's meta (`_woocommerce_persistent_cart_{blog id}`) — WC()->cart is the current session's,
 * the advisor's own, not the customer's.
 */
final class Customer_Shop_Controller extends Controller {

	public const ROUTE = '/customers/(?P<id>[1-9][0-9]{0,19})/shop';

	/** Orders shown: the latest few are what an advisor asks about. */
	public const ORDERS = 5;

	/**
	 * Advisors: they answer the customer.
	 *
	 * @return true|\WP_Error 401 when logged out, 403 for users who do not answer chats.
	 */
	public function get_items_permissions_check() {
		return self::require_capability( Capabilities::ANSWER, __( 'Sorry, you are not allowed to see this customer’s orders.', 'handoff-chat' ) );
	}

	/**
	 * The customer's orders and cart.
	 *
	 * @param \WP_REST_Request $request The request.
	 * @return \WP_REST_Response `{ woocommerce, orders, cart }`.
	 */
	public function get_items( \WP_REST_Request $request ) {
		if ( ! function_exists( 'wc_get_orders' ) ) {
			return new \WP_REST_Response(
				array(
					'woocommerce' => false,
					'orders'      => array(),
					'cart'        => array(),
				),
				200
			);
		}
		$user_id = (int) $request['id'];
		$orders  = wc_get_orders(
			array(
				'customer_id' => $user_id,
				'limit'       => self::ORDERS,
				'orderby'     => 'date',
				'order'       => 'DESC',
				'type'        => 'shop_order',
			)
		);
		return new \WP_REST_Response(
			array(
				'woocommerce' => true,
				'orders'      => array_values( array_map( array( self::class, 'order' ), is_array( $orders ) ? $orders : array() ) ),
				'cart'        => self::cart( $user_id ),
			),
			200
		);
	}

	/**
	 * One order as the panel shows it.
	 *
	 * @param \WC_Order $order The order.
	 * @return array{id: int, number: string, status: string, total: string, createdAt: string|null, items: int, url: string}
	 */
	private static function order( $order ): array {
		$created = $order->get_date_created();
		return array(
			'id'        => (int) $order->get_id(),
			'number'    => (string) $order->get_order_number(),
			'status'    => (string) wc_get_order_status_name( $order->get_status() ),
			// The shop's own formatting (currency, separators), as text.
			'total'     => html_entity_decode( wp_strip_all_tags( (string) $order->get_formatted_order_total() ), ENT_QUOTES, 'UTF-8' ),
			'createdAt' => $created ? $created->format( DATE_ATOM ) : null,
			'items'     => (int) $order->get_item_count(),
			'url'       => (string) $order->get_edit_order_url(),
		);
	}

	/**
	 * The customer's saved cart (WooCommerce keeps a logged-in customer's cart in their meta).
	 *
	 * @param int $user_id The customer.
	 * @return array<int, array{name: string, quantity: int}>
	 */
	private static function cart( int $user_id ): array {
		$saved = get_user_meta( $user_id, '_woocommerce_persistent_cart_' . get_current_blog_id(), true );
		$items = is_array( $saved ) && isset( $saved['cart'] ) && is_array( $saved['cart'] ) ? $saved['cart'] : array();
		$out   = array();
		foreach ( $items as $item ) {
			$id      = (int) ( ! empty( $item['variation_id'] ) ? $item['variation_id'] : ( $item['product_id'] ?? 0 ) );
			$product = $id && function_exists( 'wc_get_product' ) ? wc_get_product( $id ) : null;
			if ( ! $product ) {
				continue;
			}
			$out[] = array(
				'name'     => (string) $product->get_name(),
				'quantity' => (int) ( $item['quantity'] ?? 1 ),
			);
		}
		return $out;
	}

	/** The answer's schema. */
	public function get_item_schema(): array {
		return self::object_schema(
			'handoff-chat-customer-shop',
			array(
				'woocommerce' => array(
					'type'        => 'boolean',
					'description' => __( 'Whether WooCommerce is active.', 'handoff-chat' ),
				),
				'orders'      => array(
					'type'        => 'array',
					'description' => __( 'The customer’s latest orders, newest first.', 'handoff-chat' ),
				),
				'cart'        => array(
					'type'        => 'array',
					'description' => __( 'What waits in the customer’s cart.', 'handoff-chat' ),
				),
			)
		);
	}
}
