import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import type { VisitorDetailsResponse } from '@handoff-chat/contracts';
import { conversation, stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import VisitorPanel from '../visitor-panel';

const details = (
	variables: VisitorDetailsResponse[ 'variables' ]
): VisitorDetailsResponse => ( {
	visitor: {
		id: 'v_c_1',
		firstSeenAt: '2025-01-01T09:00:00.000Z',
		lastSeenAt: '2025-01-02T09:00:00.000Z',
		sessions: 1,
		userAgent: null,
		online: true,
	},
	variables,
	variablesHidden: false,
} );

const variable = ( name: string, value: string ) => ( {
	name,
	value,
	updatedAt: '2025-01-01T10:00:00.000Z',
} );

const SHOP = {
	woocommerce: true,
	orders: [
		{
			id: 107,
			number: 'A-7',
			status: 'Processing',
			total: '79,00 €',
			createdAt: '2026-11-07T10:00:00+00:00',
			items: 2,
			url: 'https://shop.example/wp-admin/post.php?post=107&action=edit',
		},
	],
	cart: [ { name: 'Linen shirt – Blue, M', quantity: 2 } ],
};

const renderPanel = ( api: ReturnType< typeof stubApi > ) =>
	renderWithServices(
		<VisitorPanel
			id="panel"
			conversation={ conversation( 'c_1' ) }
			online
		/>,
		{ api }
	);

describe( 'a known customer’s WooCommerce orders and cart', () => {
	it( 'shows the latest orders and the cart of the user WordPress vouched for', async () => {
		const api = stubApi( {
			getVisitor: jest
				.fn()
				.mockResolvedValue(
					details( [
						variable( 'WP_USER_ID', '42' ),
						variable( 'WP_NAME', 'Camille' ),
					] )
				),
			getCustomerShop: jest.fn().mockResolvedValue( SHOP ),
		} );
		renderPanel( api );
		const order = await screen.findByRole( 'link', { name: 'Order #A-7' } );
		expect( api.getCustomerShop ).toHaveBeenCalledWith( '42' );
		expect( order ).toHaveAttribute( 'href', SHOP.orders[ 0 ].url );
		const line = order.closest( 'li' )!;
		expect( within( line ).getByText( 'Processing' ) ).toBeInTheDocument();
		expect( line ).toHaveTextContent( '79,00 € · 2 items' );
		expect(
			screen.getByText( '2 × Linen shirt – Blue, M' )
		).toBeInTheDocument();
	} );

	it( 'asks nothing for an anonymous visitor, and shows nothing without WooCommerce', async () => {
		const anonymous = stubApi( {
			getVisitor: jest
				.fn()
				.mockResolvedValue(
					details( [ variable( 'PRENOM', 'Léa' ) ] )
				),
		} );
		const { unmount } = renderPanel( anonymous );
		await screen.findByText( 'PRENOM' );
		expect( anonymous.getCustomerShop ).not.toHaveBeenCalled();
		unmount();

		const noShop = stubApi( {
			getVisitor: jest
				.fn()
				.mockResolvedValue(
					details( [ variable( 'WP_USER_ID', '42' ) ] )
				),
		} );
		const { container } = renderPanel( noShop );
		await screen.findByText( 'WP_USER_ID' );
		expect( noShop.getCustomerShop ).toHaveBeenCalledWith( '42' );
		// Answered: no spinner left after the variables.
		await waitFor( () =>
			expect(
				container.querySelector(
					'.handoff-chat-visitor-panel > .components-spinner'
				)
			).toBeNull()
		);
		expect( screen.queryByText( 'Recent orders' ) ).toBeNull();
		expect( screen.queryByText( 'Cart' ) ).toBeNull();
	} );
} );
