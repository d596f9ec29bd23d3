import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import metadata from './block.json';
import Edit, { type WidgetAttributes } from './edit';

// jsdom has no ResizeObserver; the real @wordpress/components controls observe their size.
beforeAll( () => {
	window.ResizeObserver ??= class {
		observe() {}
		unobserve() {}
		disconnect() {}
	};
} );

// The editor's data stores are not needed to check what the block shows and sets.
jest.mock( '@wordpress/block-editor', () => ( {
	useBlockProps: ( props: Record< string, unknown > = {} ) => props,
	InspectorControls: ( { children }: { children: React.ReactNode } ) => (
		<div>{ children }</div>
	),
} ) );

const defaults = Object.fromEntries(
	Object.entries( metadata.attributes ).map( ( [ name, a ] ) => [
		name,
		a.default,
	] )
) as WidgetAttributes;

function renderEdit( attributes: Partial< WidgetAttributes > = {} ) {
	const setAttributes = jest.fn();
	const props = {
		attributes: { ...defaults, ...attributes },
		setAttributes,
		clientId: 'x',
		isSelected: true,
		className: '',
		name: metadata.name,
	} as unknown as Parameters< typeof Edit >[ 0 ];
	render( <Edit { ...props } /> );
	return setAttributes;
}

describe( 'widget block editor', () => {
	it( 'declares the attributes the front end relies on', () => {
		expect( metadata.name ).toBe( 'handoff-chat/widget' );
		expect( defaults ).toEqual( {
			mode: 'live',
			title: '',
			position: 'right',
		} );
		expect( metadata.supports ).toEqual( {
			html: false,
			multiple: false,
			reusable: false,
		} );
	} );

	it( 'shows a visible placeholder saying where the launcher will appear', () => {
		renderEdit( { position: 'left' } );
		expect( screen.getByText( 'Handoff Chat' ) ).toBeVisible();
		// The Placeholder also speaks its instructions through a live region: look at its own copy.
		expect(
			screen.getByText( /bottom left corner of this page/, {
				selector: '.components-placeholder__instructions',
			} )
		).toBeVisible();
	} );

	it( 'sets mode, title and position from the sidebar', () => {
		const setAttributes = renderEdit();
		fireEvent.change( screen.getByLabelText( 'Mode' ), {
			target: { value: 'bot' },
		} );
		expect( setAttributes ).toHaveBeenCalledWith( { mode: 'bot' } );
		fireEvent.change( screen.getByLabelText( 'Panel title' ), {
			target: { value: 'Ask Camille' },
		} );
		expect( setAttributes ).toHaveBeenCalledWith( {
			title: 'Ask Camille',
		} );
		fireEvent.change( screen.getByLabelText( 'Position' ), {
			target: { value: 'left' },
		} );
		expect( setAttributes ).toHaveBeenCalledWith( { position: 'left' } );
	} );
} );
