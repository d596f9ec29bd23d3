/**
 * A known customer's WooCommerce orders and cart in the visitor panel (WordPress's
 * `GET /handoff-chat/v1/customers/:id/shop`). Shown only for a visitor WordPress vouched for
 * (`WP_USER_ID`) on a site with WooCommerce; a failure says so quietly, the chat goes on.
 */
import { Spinner } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { CustomerShop as Shop } from '../../api/shop';
import { errorMessage } from '../../api';
import { useServices } from '../../data/services';
import { formatDateTime } from '../../utils/relative-time';
import { safeHttpUrl } from '../../utils/safe-url';
import './index.scss';

export default function CustomerShop( { wpUserId }: { wpUserId: string } ) {
	const { api } = useServices();
	const [ shop, setShop ] = useState< Shop | null >( null );
	const [ problem, setProblem ] = useState< string | null >( null );

	useEffect( () => {
		let current = true;
		setShop( null );
		setProblem( null );
		api.getCustomerShop( wpUserId ).then(
			( s ) => current && setShop( s ),
			( e: unknown ) => current && setProblem( errorMessage( e ) )
		);
		return () => {
			current = false;
		};
	}, [ api, wpUserId ] );

	if ( problem ) {
		return <p className="handoff-chat-shop__error">{ problem }</p>;
	}
	if ( ! shop ) {
		return <Spinner />;
	}
	if ( ! shop.woocommerce ) {
		return null;
	}
	return (
		<section className="handoff-chat-shop">
			<h3>{ __( 'Recent orders', 'handoff-chat' ) }</h3>
			{ shop.orders.length ? (
				<ul className="handoff-chat-shop__orders">
					{ shop.orders.map( ( o ) => {
						const url = safeHttpUrl( o.url );
						const number = sprintf(
							/* translators: %s: an order number. */
							__( 'Order #%s', 'handoff-chat' ),
							o.number
						);
						return (
							<li key={ o.id }>
								{ url ? (
									<a href={ url }>{ number }</a>
								) : (
									number
								) }{ ' ' }
								<span className="handoff-chat-shop__status">
									{ o.status }
								</span>
								<br />
								{ o.total } ·{ ' ' }
								{ sprintf(
									/* translators: %d: how many items an order holds. */
									_n(
										'%d item',
										'%d items',
										o.items,
										'handoff-chat'
									),
									o.items
								) }
								{ o.createdAt &&
									` · ${ formatDateTime( o.createdAt ) }` }
							</li>
						);
					} ) }
				</ul>
			) : (
				<p>{ __( 'No orders yet.', 'handoff-chat' ) }</p>
			) }
			<h3>{ __( 'Cart', 'handoff-chat' ) }</h3>
			{ shop.cart.length ? (
				<ul className="handoff-chat-shop__cart">
					{ shop.cart.map( ( item, i ) => (
						<li key={ i }>
							{ sprintf(
								/* translators: 1: a quantity, 2: a product name. */
								__( '%1$d × %2$s', 'handoff-chat' ),
								item.quantity,
								item.name
							) }
						</li>
					) ) }
				</ul>
			) : (
				<p>{ __( 'The cart is empty.', 'handoff-chat' ) }</p>
			) }
		</section>
	);
}
