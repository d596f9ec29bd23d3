import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { LIMITS } from '@handoff-chat/contracts';
import ReplyBox, { MAX_REPLY_LENGTH } from '.';

function setup() {
	const onSend = jest.fn();
	render( <ReplyBox id="reply" onSend={ onSend } /> );
	const box = screen.getByRole( 'textbox', { name: 'Reply' } );
	return { onSend, box };
}

describe( 'ReplyBox', () => {
	it( 'sends on Enter and clears the box', () => {
		const { onSend, box } = setup();
		fireEvent.change( box, { target: { value: 'Hello there' } } );
		fireEvent.keyDown( box, { key: 'Enter' } );
		expect( onSend ).toHaveBeenCalledWith( 'Hello there' );
		expect( box ).toHaveValue( '' );
	} );

	it( 'does not send on Shift+Enter (a new line) nor while an input method composes', () => {
		const { onSend, box } = setup();
		fireEvent.change( box, { target: { value: 'Line one' } } );
		fireEvent.keyDown( box, { key: 'Enter', shiftKey: true } );
		fireEvent.keyDown( box, { key: 'Enter', isComposing: true } );
		expect( onSend ).not.toHaveBeenCalled();
		expect( box ).toHaveValue( 'Line one' );
	} );

	it( 'sends with the Send button, never an empty reply', () => {
		const { onSend, box } = setup();
		const send = screen.getByRole( 'button', { name: 'Send' } );
		fireEvent.change( box, { target: { value: '   ' } } );
		expect( send ).toBeDisabled();
		fireEvent.keyDown( box, { key: 'Enter' } );
		expect( onSend ).not.toHaveBeenCalled();
		fireEvent.change( box, { target: { value: 'Ok' } } );
		fireEvent.click( send );
		expect( onSend ).toHaveBeenCalledWith( 'Ok' );
	} );

	it( 'keeps to the bridge’s length limit', () => {
		expect( MAX_REPLY_LENGTH ).toBe( LIMITS.messageText );
		const { onSend, box } = setup();
		fireEvent.change( box, {
			target: { value: 'x'.repeat( MAX_REPLY_LENGTH + 3 ) },
		} );
		expect(
			screen.getByText( '3 characters too long.' )
		).toBeInTheDocument();
		fireEvent.keyDown( box, { key: 'Enter' } );
		expect( onSend ).not.toHaveBeenCalled();
	} );
} );

describe( 'ReplyBox extras', () => {
	const CANNED = [
		{ id: 'a', shortcut: 'hello', text: 'Hello! How can I help?' },
		{ id: 'b', shortcut: 'hours', text: 'We are open 9 to 18.' },
	];

	it( 'inserts a canned response with / then Enter, filtered as you type', () => {
		const onSend = jest.fn();
		render( <ReplyBox id="r" onSend={ onSend } canned={ CANNED } /> );
		const box = screen.getByRole( 'textbox', { name: 'Reply' } );
		fireEvent.change( box, { target: { value: '/', selectionStart: 1 } } );
		const list = screen.getByRole( 'listbox', {
			name: 'Canned responses',
		} );
		expect( list.querySelectorAll( '[role=option]' ) ).toHaveLength( 2 );
		fireEvent.change( box, {
			target: { value: '/hou', selectionStart: 4 },
		} );
		const options = screen.getAllByRole( 'option' );
		expect( options ).toHaveLength( 1 );
		expect( options[ 0 ] ).toHaveTextContent(
			'/hoursWe are open 9 to 18.'
		);
		expect( box ).toHaveAttribute(
			'aria-activedescendant',
			options[ 0 ].id
		);
		fireEvent.keyDown( box, { key: 'Enter' } );
		expect( box ).toHaveValue( 'We are open 9 to 18.' );
		expect( onSend ).not.toHaveBeenCalled();
		expect( screen.queryByRole( 'listbox' ) ).toBeNull();
		// Enter now sends.
		fireEvent.keyDown( box, { key: 'Enter' } );
		expect( onSend ).toHaveBeenCalledWith( 'We are open 9 to 18.' );
	} );

	it( 'moves in the list with the arrows and closes it with Escape', () => {
		render( <ReplyBox id="r" onSend={ jest.fn() } canned={ CANNED } /> );
		const box = screen.getByRole( 'textbox', { name: 'Reply' } );
		fireEvent.change( box, {
			target: { value: 'Hi /h', selectionStart: 5 },
		} );
		fireEvent.keyDown( box, { key: 'ArrowDown' } );
		expect( screen.getAllByRole( 'option' )[ 1 ] ).toHaveAttribute(
			'aria-selected',
			'true'
		);
		fireEvent.keyDown( box, { key: 'Escape' } );
		expect( screen.queryByRole( 'listbox' ) ).toBeNull();
		expect( box ).toHaveValue( 'Hi /h' );
	} );

	it( 'checks images before sending them: type and size, from the button or a paste', () => {
		const onSendImage = jest.fn();
		const { container } = render(
			<ReplyBox id="r" onSend={ jest.fn() } onSendImage={ onSendImage } />
		);
		const input = container.querySelector(
			'input[type=file]'
		) as HTMLInputElement;
		expect( input ).toHaveAttribute(
			'accept',
			'image/png,image/jpeg,image/gif,image/webp'
		);
		const svg = new File( [ '<svg/>' ], 'x.svg', {
			type: 'image/svg+xml',
		} );
		fireEvent.change( input, { target: { files: [ svg ] } } );
		expect( screen.getByRole( 'alert' ) ).toHaveTextContent(
			'Only PNG, JPEG, GIF and WebP images can be sent.'
		);
		const big = new File( [ 'x' ], 'big.png', { type: 'image/png' } );
		Object.defineProperty( big, 'size', { value: 6 * 1024 * 1024 } );
		fireEvent.change( input, { target: { files: [ big ] } } );
		expect( screen.getByRole( 'alert' ) ).toHaveTextContent(
			'limit is 5 MB'
		);
		expect( screen.getByRole( 'button', { name: 'Send' } ) ).toBeDisabled();

		const png = new File( [ 'png' ], 'map.png', { type: 'image/png' } );
		const box = screen.getByRole( 'textbox', { name: 'Reply' } );
		fireEvent.paste( box, { clipboardData: { files: [ png ] } } );
		expect( screen.queryByRole( 'alert' ) ).toBeNull();
		expect( screen.getByText( 'map.png' ) ).toBeInTheDocument();
		// The caption is optional.
		fireEvent.click( screen.getByRole( 'button', { name: 'Send' } ) );
		expect( onSendImage ).toHaveBeenCalledWith( png, '' );
		expect( screen.queryByText( 'map.png' ) ).toBeNull();
	} );

	it( 'takes a dropped image', () => {
		const onSendImage = jest.fn();
		const { container } = render(
			<ReplyBox id="r" onSend={ jest.fn() } onSendImage={ onSendImage } />
		);
		const gif = new File( [ 'gif' ], 'wave.gif', { type: 'image/gif' } );
		const form = container.querySelector( 'form' ) as HTMLFormElement;
		fireEvent.dragOver( form, {
			dataTransfer: { types: [ 'Files' ], files: [ gif ] },
		} );
		expect( form ).toHaveClass( 'is-dragging' );
		fireEvent.drop( form, {
			dataTransfer: { types: [ 'Files' ], files: [ gif ] },
		} );
		fireEvent.change( screen.getByRole( 'textbox', { name: 'Reply' } ), {
			target: { value: 'Here you go' },
		} );
		fireEvent.keyDown( screen.getByRole( 'textbox', { name: 'Reply' } ), {
			key: 'Enter',
		} );
		expect( onSendImage ).toHaveBeenCalledWith( gif, 'Here you go' );
	} );
} );
