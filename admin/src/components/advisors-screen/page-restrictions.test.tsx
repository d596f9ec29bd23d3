import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { PageRestriction } from '@handoff-chat/contracts';
import { BridgeError } from '../../api';
import { stubApi } from '../../test-utils/fixtures';
import { renderWithServices } from '../../test-utils/render';
import PageRestrictions from './page-restrictions';

const SHOP = { id: 12, url: 'https://example.test/shop/', title: 'Shop' };
const CONTACT = {
	id: 14,
	url: 'https://example.test/contact/',
	title: 'Contact',
};

function setup(
	value: PageRestriction = { mode: 'all' },
	onSave = jest.fn().mockResolvedValue( undefined )
) {
	const api = stubApi( {
		searchPages: jest.fn( ( q?: string ) =>
			Promise.resolve( q ? [ CONTACT ] : [ SHOP, CONTACT ] )
		),
	} );
	renderWithServices(
		<PageRestrictions idPrefix="a12" value={ value } onSave={ onSave } />,
		{ api }
	);
	return { api, onSave };
}

const save = () =>
	fireEvent.click( screen.getByRole( 'button', { name: 'Save pages' } ) );

describe( 'PageRestrictions', () => {
	it( 'starts on All pages and asks nothing of WordPress until pages are chosen', () => {
		const { api } = setup();
		expect( screen.getByLabelText( 'All pages' ) ).toBeChecked();
		expect(
			screen.queryByRole( 'button', { name: 'Save pages' } )
		).not.toBeInTheDocument();
		expect( api.searchPages ).not.toHaveBeenCalled();
	} );

	it( 'picks pages of the site and URL prefixes, then saves them together', async () => {
		const { api, onSave } = setup();
		fireEvent.click( screen.getByLabelText( 'Chosen pages' ) );
		fireEvent.click(
			await screen.findByRole( 'checkbox', { name: 'Shop' } )
		);
		expect( api.searchPages ).toHaveBeenCalledWith( '' );
		const chosen = screen.getByRole( 'list', { name: 'Chosen pages' } );
		expect( within( chosen ).getByText( 'Shop' ) ).toBeInTheDocument();
		// A chosen page is no longer offered.
		expect(
			screen.queryByRole( 'checkbox', { name: 'Shop' } )
		).not.toBeInTheDocument();

		const prefix = screen.getByLabelText( 'Add a URL prefix' );
		fireEvent.change( prefix, { target: { value: 'shop/' } } );
		fireEvent.click( screen.getByRole( 'button', { name: 'Add' } ) );
		expect(
			screen.getByText(
				'A URL prefix is a path from the root of the site, starting with / (for example /shop/).'
			)
		).toBeInTheDocument();
		fireEvent.change( prefix, { target: { value: '/blog/' } } );
		fireEvent.keyDown( prefix, { key: 'Enter' } );
		expect(
			within(
				screen.getByRole( 'list', { name: 'URL prefixes' } )
			).getByText( '/blog/' )
		).toBeInTheDocument();

		save();
		await waitFor( () =>
			expect( onSave ).toHaveBeenCalledWith( {
				mode: 'some',
				pages: [ SHOP ],
				prefixes: [ '/blog/' ],
			} )
		);
	} );

	it( 'searches the site’s pages', async () => {
		const { api } = setup( {
			mode: 'some',
			pages: [],
			prefixes: [ '/shop/' ],
		} );
		await screen.findByRole( 'checkbox', { name: 'Shop' } );
		fireEvent.change(
			screen.getByRole( 'searchbox', {
				name: 'Search the site’s pages',
			} ),
			{ target: { value: 'cont' } }
		);
		// After the search's 300 ms debounce.
		await waitFor(
			() => expect( api.searchPages ).toHaveBeenLastCalledWith( 'cont' ),
			{ timeout: 3000 }
		);
		await waitFor( () =>
			expect(
				screen.queryByRole( 'checkbox', { name: 'Shop' } )
			).not.toBeInTheDocument()
		);
		expect(
			screen.getByRole( 'checkbox', { name: 'Contact' } )
		).toBeInTheDocument();
	} );

	it( 'does not send Chosen pages with nothing chosen', async () => {
		const { onSave } = setup();
		fireEvent.click( screen.getByLabelText( 'Chosen pages' ) );
		save();
		expect(
			await screen.findByText(
				'Choose at least one page or URL prefix, or allow all pages.'
			)
		).toBeInTheDocument();
		expect( onSave ).not.toHaveBeenCalled();
	} );

	it( 'shows the bridge’s validation message at the prefix it refused', async () => {
		const onSave = jest.fn().mockRejectedValue(
			new BridgeError(
				400,
				'bad_request',
				'pages.prefixes.1: URL prefixes are paths starting with /, e.g. /shop/',
				[
					{
						path: 'pages.prefixes.1',
						message:
							'URL prefixes are paths starting with /, e.g. /shop/',
					},
				]
			)
		);
		setup( { mode: 'some', pages: [ SHOP ], prefixes: [ '/a/' ] }, onSave );
		fireEvent.change( screen.getByLabelText( 'Add a URL prefix' ), {
			target: { value: '/b/' },
		} );
		fireEvent.click( screen.getByRole( 'button', { name: 'Add' } ) );
		save();
		const prefixes = screen.getByRole( 'list', { name: 'URL prefixes' } );
		const second = within( prefixes ).getAllByRole( 'listitem' )[ 1 ];
		expect(
			await within( second ).findByText(
				'URL prefixes are paths starting with /, e.g. /shop/'
			)
		).toBeInTheDocument();
	} );

	it( 'goes back to All pages', async () => {
		const { onSave } = setup( {
			mode: 'some',
			pages: [ SHOP ],
			prefixes: [],
		} );
		fireEvent.click( screen.getByLabelText( 'All pages' ) );
		save();
		await waitFor( () =>
			expect( onSave ).toHaveBeenCalledWith( { mode: 'all' } )
		);
	} );

	it( 'tries an address against the pages being chosen, with the bridge’s rule', async () => {
		setup( { mode: 'some', pages: [ SHOP ], prefixes: [ '/blog/' ] } );
		const field = screen.getByLabelText( 'Try an address' );
		fireEvent.change( field, {
			target: { value: 'https://example.test/blog/hello/' },
		} );
		expect(
			screen.getByText(
				'Conversations started on this page reach this advisor.'
			)
		).toBeInTheDocument();
		fireEvent.change( field, {
			target: { value: 'https://example.test/shop/shoes/' },
		} );
		expect(
			screen.getByText(
				'Conversations started on this page do not reach this advisor.'
			)
		).toBeInTheDocument();
	} );
} );
