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
