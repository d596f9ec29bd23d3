/**
 * A known customer's WooCommerce orders and cart, from WordPress
 * (`GET /handoff-chat/v1/customers/:id/shop`, plugin/includes/rest/class-customer-shop-controller.php).
 */
import type { Transport } from './transport';

export interface CustomerOrder {
	id: number;
	number: string;
	/** WooCommerce's translated status name. */
	status: string;
	/** The shop's own formatting, e.g. "79,00 €". */
	total: string;
	/** ISO 8601, or null. */
	createdAt: string | null;
	items: number;
	/** The order's edit screen. */
	url: string;
}

export interface CustomerShop {
	/** False without WooCommerce: nothing to show. */
	woocommerce: boolean;
	/** The latest orders, newest first. */
	orders: CustomerOrder[];
	cart: Array< { name: string; quantity: number } >;
}

export interface ShopApi {
	/** @param wpUserId The WordPress user WordPress vouched for (the `WP_USER_ID` variable). */
	getCustomerShop: ( wpUserId: string ) => Promise< CustomerShop >;
}

export function shopApi( { wordpress }: Transport ): ShopApi {
	return {
		getCustomerShop( wpUserId ) {
			return wordpress< CustomerShop >( {
				method: 'GET',
				path: `/handoff-chat/v1/customers/${ encodeURIComponent(
					wpUserId
				) }/shop`,
			} );
		},
	};
}
