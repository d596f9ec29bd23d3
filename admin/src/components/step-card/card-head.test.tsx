import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CardActions, ProblemCount } from './card-head';

function renderActions( index: number, count: number ) {
	const onMove = jest.fn();
	const duplicate = jest.fn();
	const remove = jest.fn();
	render(
		<CardActions
			index={ index }
			count={ count }
			onMove={ onMove }
			upLabel="Move step up"
			downLabel="Move step down"
			menuLabel="Step actions"
			actions={ [
				{ label: 'Duplicate', onClick: duplicate },
				{
					label: 'Delete step',
					onClick: remove,
					isDestructive: true,
					disabled: true,
					info: 'Not now.',
				},
			] }
		/>
	);
	return { onMove, duplicate, remove };
}

describe( 'CardActions', () => {
	it( 'moves by one, and not past either end', () => {
		const { onMove } = renderActions( 1, 3 );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Move step up' } )
		);
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Move step down' } )
		);
		expect( onMove.mock.calls ).toEqual( [ [ 0 ], [ 2 ] ] );
	} );

	it( 'disables up on the first card and down on the last, keeping them focusable', () => {
		renderActions( 0, 1 );
		for ( const name of [ 'Move step up', 'Move step down' ] ) {
			const button = screen.getByRole( 'button', { name } );
			expect( button ).toHaveAttribute( 'aria-disabled', 'true' );
			expect( button ).not.toHaveAttribute( 'disabled' );
		}
	} );

	it( 'runs a menu action and closes the menu; a disabled one says why', async () => {
		const { duplicate, remove } = renderActions( 0, 2 );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Step actions' } )
		);
		const blocked = await screen.findByRole( 'menuitem', {
			name: /Delete step/,
		} );
		expect( blocked ).toHaveTextContent( 'Not now.' );
		fireEvent.click( blocked );
		expect( remove ).not.toHaveBeenCalled();

		fireEvent.click(
			screen.getByRole( 'menuitem', { name: 'Duplicate' } )
		);
		expect( duplicate ).toHaveBeenCalledTimes( 1 );
		await waitFor( () =>
			expect( screen.queryByRole( 'menu' ) ).not.toBeInTheDocument()
		);
	} );
} );

describe( 'ProblemCount', () => {
	it( 'counts problems and shows nothing without any', () => {
		const { container, rerender } = render(
			<ProblemCount count={ 0 } className="x" />
		);
		expect( container ).toBeEmptyDOMElement();
		rerender( <ProblemCount count={ 1 } className="x" /> );
		expect( container ).toHaveTextContent( '1 problem' );
		rerender( <ProblemCount count={ 3 } className="x" /> );
		expect( container ).toHaveTextContent( '3 problems' );
	} );
} );
